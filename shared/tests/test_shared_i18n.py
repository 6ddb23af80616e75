"""The shared gettext catalogue mechanism: .po files compiled in memory, fuzzy entries never shown,
and the completeness check every service's catalogue tests rely on."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from brandgen.shared.i18n import MessageCatalogs, catalogue_problems, format_ratio


def _write(directory: Path, language: str, catalog: Catalog) -> None:
    path = directory / language / "LC_MESSAGES" / "demo.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_catalogues_compile_from_po_and_skip_fuzzy_entries(tmp_path: Path) -> None:
    catalog = Catalog(locale="de", domain="demo")
    catalog.add("Core palette", "Kernpalette")
    catalog.add("Contrast", "Kontrast?", flags=["fuzzy"])
    _write(tmp_path, "de", catalog)
    catalogs = MessageCatalogs(tmp_path, "demo")

    german = catalogs.translations("de")
    assert german.gettext("Core palette") == "Kernpalette"
    assert german.gettext("Contrast") == "Contrast"  # a guess is not shown
    assert catalogs.translations("en").gettext("Core palette") == "Core palette"
    assert "en" not in catalogs.translated_languages()
    assert {"de", "ja", "zh"} <= set(catalogs.translated_languages())


def test_catalogue_problems_names_every_kind_of_gap() -> None:
    catalog = Catalog(locale="de", domain="demo")
    catalog.add("Done", "Fertig")
    catalog.add("Missing", "")
    catalog.add("Guessed", "Geraten", flags=["fuzzy"])
    catalog.add("Licence: {licence}", "Lizenz: {lizenz}")
    catalog.add("%(count)s pairs", "%(anzahl)s Paare", flags=["python-format"])
    catalog.add(("%(n)s colour", "%(n)s colours"), ("%(n)s Farbe", ""), flags=["python-format"])

    problems = catalogue_problems(catalog)

    joined = "\n".join(problems)
    for gap in ("'Missing'", "'Guessed'", "'Licence: {licence}'", "'%(count)s pairs'", "'%(n)s colour'"):
        assert gap in joined, f"{gap} not reported: {problems}"
    assert "'Done'" not in joined
    assert len(problems) == 5


def test_a_complete_catalogue_has_no_problems() -> None:
    catalog = Catalog(locale="ja", domain="demo")
    catalog.add("Licence: {licence}", "ライセンス：{licence}")
    catalog.add(("%(n)s colour", "%(n)s colours"), ("%(n)s 色",), flags=["python-format"])
    assert catalogue_problems(catalog) == []


def test_contrast_ratios_are_truncated_never_shown_above_what_they_are() -> None:
    assert format_ratio(4.4999, "en") == "4.49:1"  # fails AA; rounding would show 4.50:1
    assert format_ratio(4.5, "de") == "4,50:1"
    assert format_ratio(21.0, "ja") == "21.00:1"
    assert format_ratio(4.35, "en") == "4.35:1"  # not 4.34: 4.35 * 100 is 434.99999999999994 in binary
    assert format_ratio(8.2, "fr") == "8,20:1"
