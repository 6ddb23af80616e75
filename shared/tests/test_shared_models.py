from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from brandgen.shared.models import SUPPORTED_LANGUAGES, BrandRequest, JobMessage, JobMetadata


def test_bad_colour_names_the_field_and_the_accepted_form() -> None:
    with pytest.raises(ValidationError) as caught:
        BrandRequest(company_name="Acme", industry="tech", style="modern", primary_color="blue")
    problem = caught.value.errors()[0]
    assert problem["loc"] == ("primary_color",)
    assert "#rrggbb" in problem["msg"]


def test_colour_is_normalised_to_lower_case() -> None:
    request = BrandRequest(company_name="Acme", industry="tech", style="modern", primary_color="#1A73E8")
    assert request.primary_color == "#1a73e8"


@pytest.mark.parametrize(("typed", "meant"), [("#abc", "#aabbcc"), ("1a73e8", "#1a73e8"), ("ABC", "#aabbcc")])
def test_short_and_bare_hex_colours_are_read_as_rrggbb(typed: str, meant: str) -> None:
    assert (
        BrandRequest(company_name="Acme", industry="tech", style="modern", primary_color=typed).primary_color == meant
    )


@pytest.mark.parametrize("typed", ["#12345", "#abcd", "##abc", "#ggg", "blue"])
def test_other_hex_lengths_are_still_refused(typed: str) -> None:
    with pytest.raises(ValidationError):
        BrandRequest(company_name="Acme", industry="tech", style="modern", primary_color=typed)


def test_unsupported_language_lists_the_supported_ones() -> None:
    with pytest.raises(ValidationError) as caught:
        BrandRequest(company_name="Acme", industry="tech", style="modern", languages=["en", "xx"])
    message = caught.value.errors()[0]["msg"]
    for code in SUPPORTED_LANGUAGES:
        assert code in message


@pytest.mark.parametrize("name", ["東京ロボット", "شركة النور", "Café Ñandú", "A" * 100])
def test_company_names_in_any_script_up_to_100_characters(name: str) -> None:
    assert BrandRequest(company_name=name, industry="tech", style="modern").company_name == name


@pytest.mark.parametrize("name", ["", "   ", "A" * 101])
def test_blank_or_long_company_names_are_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        BrandRequest(company_name=name, industry="tech", style="modern")


def test_unknown_fields_are_errors_not_silently_dropped() -> None:
    with pytest.raises(ValidationError) as caught:
        BrandRequest.model_validate({"company_name": "A", "industry": "t", "style": "s", "colour": "#000000"})
    assert caught.value.errors()[0]["loc"] == ("colour",)


def test_envelope_has_exactly_the_specified_shape() -> None:
    message = JobMessage(
        job_id="abc123",
        payload=BrandRequest(company_name="Acme", industry="tech", style="modern", primary_color="#112233"),
        metadata=JobMetadata(priority=7, timeout=120),
        stage="logo",
    )
    wire = json.loads(message.model_dump_json())
    assert set(wire) == {"job_id", "type", "payload", "metadata", "stage", "attempt"}
    assert wire["type"] == "brand_generation"
    assert {"industry", "style", "company_name", "primary_color"} <= set(wire["payload"])
    assert {"created_at", "priority", "timeout"} <= set(wire["metadata"])
    assert JobMessage.model_validate_json(message.model_dump_json()) == message
