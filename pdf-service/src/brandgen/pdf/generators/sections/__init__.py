"""One module per part of the guidelines; each returns the flowables of its pages."""

from brandgen.pdf.generators.sections.applications import application_pages
from brandgen.pdf.generators.sections.colour import colour_pages
from brandgen.pdf.generators.sections.cover import contents, cover
from brandgen.pdf.generators.sections.logo import logo_pages
from brandgen.pdf.generators.sections.rationale import rationale_pages
from brandgen.pdf.generators.sections.typography import typography_pages

__all__ = [
    "application_pages",
    "colour_pages",
    "contents",
    "cover",
    "logo_pages",
    "rationale_pages",
    "typography_pages",
]
