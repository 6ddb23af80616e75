"""The contact lines the stationery prints: the request's, or clearly marked placeholders."""

from __future__ import annotations

import re
from dataclasses import dataclass

from brandgen.shared.models import BrandRequest

PLACEHOLDERS = {
    "name": "[Your name]",
    "title": "[Job title]",
    "email": "[name@your-domain.com]",
    "phone": "[+00 000 000 000]",
    "website": "[your-domain.com]",
    "address": "[Street, City, Postcode]",
}
"""Shown, in square brackets, when the request has no contact: nobody mistakes them for real details."""


@dataclass(frozen=True)
class ContactLines:
    name: str | None
    title: str | None
    email: str | None
    phone: str | None
    website: str | None
    """Shown without the scheme (`acme.example`), as cards print it."""
    website_url: str | None
    """The full URL, for links."""
    address: str | None
    placeholder: bool
    """True when these are placeholders, not the request's details."""

    def lines(self) -> list[str]:
        """Email, phone, website and address: the lines under the name, those that are given."""
        return [line for line in (self.email, self.phone, self.website, self.address) if line]


def _display_url(url: str) -> str:
    return re.sub(r"^https?://", "", url, flags=re.IGNORECASE).rstrip("/")


def contact_lines(request: BrandRequest) -> ContactLines:
    """The request's contact; placeholders for every field when it gave none at all.

    A partial contact prints what was given and nothing else: an invented phone number next to a
    real email would be worse than no phone number.
    """
    contact = request.contact
    if contact is None or contact.is_empty():
        return ContactLines(**{**PLACEHOLDERS, "website_url": None}, placeholder=True)
    return ContactLines(
        name=contact.name,
        title=contact.title,
        email=contact.email,
        phone=contact.phone,
        website=_display_url(contact.website) if contact.website else None,
        website_url=contact.website,
        address=contact.address,
        placeholder=False,
    )
