"""One module per part of the guidelines; each returns the flowables of its pages."""

from brandgen.pdf.templates.applications import application_pages
from brandgen.pdf.templates.colour import colour_pages
from brandgen.pdf.templates.cover import contents, cover
from brandgen.pdf.templates.logo import logo_pages
from brandgen.pdf.templates.rationale import rationale_pages
from brandgen.pdf.templates.typography import typography_pages

__all__ = [
    "application_pages",
    "colour_pages",
    "contents",
    "cover",
    "logo_pages",
    "rationale_pages",
    "typography_pages",
]
