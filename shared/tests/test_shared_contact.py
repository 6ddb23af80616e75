"""Contact details on the request (issue 20): any script in the text, a syntax for email, phone, web."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from brandgen.shared.cli import app
from brandgen.shared.models import BrandRequest

BASE = {"company_name": "Acme", "industry": "tech", "style": "modern"}


def _request(**contact: str) -> BrandRequest:
    return BrandRequest.model_validate({**BASE, "contact": contact})


@pytest.mark.parametrize(
    "name",
    ["<b>Zoë</b> & <script>alert(1)</script>", "أحمد الكاتب", "שרה לוי", "山田 太郎", "Ñ" * 100],
)
def test_names_in_any_script_and_markup_are_kept_as_typed(name: str) -> None:
    assert _request(name=name).contact.name == name  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("name", "A" * 101, "at most 100"),
        ("title", "line\nbreak", "control character"),
        ("address", "x" * 201, "at most 200"),
        ("email", "not-an-address", "email address"),
        ("email", "a@b", "email address"),
        ("email", "two words@example.com", "email address"),
        ("phone", "call me", "phone number"),
        ("phone", "+1", "phone number"),
        ("website", "javascript:alert(1)", "web address"),
        ("website", "https://exa mple.com", "web address"),
    ],
)
def test_bad_contact_fields_are_refused_with_the_field_named(field: str, value: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _request(**{field: value})
    problem = caught.value.errors()[0]
    assert problem["loc"] == ("contact", field)
    assert words in problem["msg"]


def test_valid_contact_is_normalised() -> None:
    contact = _request(email="zoë@exämple.de", phone="+44 (20) 7946-0958", website="acme.example/about").contact
    assert contact is not None
    assert contact.email == "zoë@exämple.de"
    assert contact.website == "https://acme.example/about"  # a bare domain is read as https
    assert _request(website="HTTP://acme.example").contact.website == "HTTP://acme.example"  # type: ignore[union-attr]


def test_contact_and_paper_are_optional_and_paper_is_checked() -> None:
    request = BrandRequest.model_validate(BASE)
    assert request.contact is None
    assert request.paper == "a4"
    with pytest.raises(ValidationError) as caught:
        BrandRequest.model_validate({**BASE, "paper": "letter"})
    assert caught.value.errors()[0]["loc"] == ("paper",)


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("email", "hello@acme.example", "hello@acme"),
        ("phone", "+1 (555) 010-0199", "555 CALL NOW"),
        ("website", "https://acme.example/a?b=c", "ftp://acme.example"),
    ],
)
def test_the_schema_pattern_says_what_the_model_accepts(field: str, good: str, bad: str) -> None:
    schema = BrandRequest.model_json_schema()["$defs"]["Contact"]["properties"][field]
    syntax = next(rule["allOf"][1]["pattern"] for rule in schema["anyOf"] if "allOf" in rule)
    assert re.search(syntax, good)
    assert not re.search(syntax, bad)
    _request(**{field: good})
    with pytest.raises(ValidationError):
        _request(**{field: bad})


@pytest.mark.parametrize(
    ("flag", "value", "shown"),
    [
        ("--contact-email", "nope", "--contact-email"),
        ("--contact-phone", "phone me", "--contact-phone"),
        ("--website", "javascript:alert(1)", "--website"),
        ("--contact-name", "N" * 101, "--contact-name"),
    ],
)
def test_cli_names_the_flag_of_a_bad_contact_field(flag: str, value: str, shown: str, tmp_path) -> None:
    args = ["generate", "--company", "Acme", "--industry", "tech", "--style", "modern", "--out", str(tmp_path)]
    result = CliRunner().invoke(app, [*args, flag, value])
    assert result.exit_code == 2
    assert f"error: {shown}:" in result.output
