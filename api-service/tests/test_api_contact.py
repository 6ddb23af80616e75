"""Contact details and paper size on `POST /v1/brand-kits` (issue 20): kept as typed, or 422 naming the field."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("contact", "field"),
    [
        ({"email": "not-an-address"}, "contact.email"),
        ({"website": "javascript:alert(1)"}, "contact.website"),
        ({"phone": "call me"}, "contact.phone"),
        ({"name": "x" * 101}, "contact.name"),
        ({"fax": "+1 555 0100"}, "contact.fax"),
    ],
)
def test_bad_contact_is_422_naming_the_nested_field(api, brand, contact, field) -> None:
    with api.client() as client:
        response = client.post("/v1/brand-kits", json=brand | {"contact": contact})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["field"] == field


def test_contact_in_any_script_is_kept_as_typed(api, brand) -> None:
    contact = {
        "name": "<b>山田</b> أحمد",
        "title": "Founder & CEO",
        "email": "hello@acme.example",
        "phone": "+44 20 7946 0958",
        "website": "acme.example",
        "address": "1 Rue de l'Église, 75001 Paris",
    }
    with api.client() as client:
        response = client.post("/v1/brand-kits", json=brand | {"contact": contact, "paper": "us"})
        assert response.status_code == 202, response.text
        job = client.get(f"/v1/jobs/{response.json()['job_id']}").json()
    assert job["request"]["contact"] == contact | {"website": "https://acme.example"}
    assert job["request"]["paper"] == "us"
