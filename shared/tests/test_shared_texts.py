"""Request text rules: `problem` skips the per-character check for printable ASCII, which is only
right while no printable ASCII character is refused and every other ASCII character is."""

from __future__ import annotations

from brandgen.shared import texts


def test_printable_ascii_is_exactly_the_ascii_no_rule_refuses() -> None:
    for code in range(128):
        char = chr(code)
        assert (texts.refused(char) is None) == char.isprintable(), repr(char)


def test_a_refused_character_in_otherwise_ascii_text_is_still_named_with_its_position() -> None:
    assert texts.problem("Acme\tCo") == (
        "contains a control character, U+0009, at character 5; "
        "remove it (the kit prints request text on one line, in visible characters only)"
    )
    assert texts.problem("Acme\x7f") is not None
    assert texts.problem("Acme Robotics", require="name_letter") is None
    assert (
        texts.problem("   ") == "must contain at least one visible character (not only spaces or invisible characters)"
    )
