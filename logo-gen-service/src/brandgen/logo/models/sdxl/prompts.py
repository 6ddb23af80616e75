"""Prompts for logo generation, built from industry and style (no torch here)."""

from __future__ import annotations

from brandgen.logo.utils.typefaces import style_key
from brandgen.shared.models import BrandRequest

_STYLE_WORDS = {
    "modern": "modern, clean geometric shapes, balanced negative space",
    "minimal": "minimalist, single simple shape, lots of white space",
    "playful": "playful, rounded friendly shapes, cheerful",
    "friendly": "friendly, soft rounded shapes, approachable",
    "luxury": "luxury, elegant, refined thin lines, premium",
    "elegant": "elegant, refined, graceful curves",
    "classic": "classic, timeless, heraldic, balanced",
    "vintage": "vintage badge, retro, hand-crafted feel",
    "bold": "bold, strong heavy shapes, high contrast",
    "tech": "futuristic, technical, precise geometric, circuit-like",
    "corporate": "corporate, professional, trustworthy, simple",
    "organic": "organic, natural forms, leaves and flowing lines",
}
NEGATIVE = (
    "photo, photorealistic, 3d render, gradient background, shadow, texture, noise, blurry, watermark, "
    "signature, misspelled text, extra letters, cluttered, low quality, jpeg artifacts"
)


def logo_prompt(request: BrandRequest, colour: str) -> str:
    """The most telling words first: SDXL's CLIP encoders read 77 tokens and drop the rest, so what
    makes a usable logo (flat, the style, the colour, a plain white background for clean tracing)
    comes before the free text (company name, description), which may run long."""
    style = _STYLE_WORDS[style_key(request.style)]
    about = f", {request.description}" if request.description else ""
    return (
        f"logo, flat vector logo for a {request.industry} company, {style}, brand colour {colour}, "
        "simple flat colours, centered on a plain white background, professional graphic design, svg style, "
        f'called "{request.company_name}"{about}'
    )
