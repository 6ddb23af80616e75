"""Realistic upstream outputs for the pdf stage: logo SVG/PNG files, palette exports, rationale Markdown.

The logo, palette and rationale stages are separate services; `build_outputs` writes the files their
outputs name and builds their real contract models, so the pdf stage is exercised exactly as the
pipeline feeds it (the fixtures in conftest.py store them in a real FileAssetStore).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from PIL import Image, ImageDraw

from brandgen.shared.contracts import (
    CvdCheck,
    FontChoice,
    FontPairing,
    FontUse,
    LockupFiles,
    LogoCandidate,
    LogoOutput,
    PaletteOutput,
    RationaleDocument,
    RationaleOutput,
    RationaleSection,
)
from brandgen.shared.models import BrandRequest, JobRecord
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.testkit import contrast_check

PRIMARY = "#1a56db"
SECONDARY = "#0e9f6e"
ACCENT = "#ff8a00"
TONES = ("50", "100", "200", "300", "400", "500", "600", "700", "800", "900", "950")

SECTION_TITLES = {
    "en": ["Concept", "Colour", "Typography", "Accessibility", "Usage"],
    "es": ["Concepto", "Color", "Tipografía", "Accesibilidad", "Uso"],
    "ja": ["コンセプト", "カラー", "タイポグラフィ", "アクセシビリティ", "使い方"],
}
SECTION_IDS = ["concept", "color", "typography", "accessibility", "usage"]


def _mix(hex_code: str, other: str, share: float) -> str:
    a = [int(hex_code[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def tonal_scale(hex_code: str) -> dict[str, str]:
    shares = (-0.92, -0.8, -0.6, -0.4, -0.2, 0.0, 0.2, 0.4, 0.55, 0.7, 0.82)
    return {
        tone: _mix(hex_code, "#ffffff", -s) if s < 0 else _mix(hex_code, "#000000", s)
        for tone, s in zip(TONES, shares, strict=True)
    }


def icon_svg(fill: str, ring: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
        f'<circle cx="50" cy="50" r="46" fill="{fill}"/>'
        f'<path d="M30 70 L50 25 L70 70 Z" fill="{ring}"/>'
        "</svg>"
    )


def wordmark_svg(fill: str) -> str:
    # Letterforms as paths, as the logo stage writes them (text converted to outlines).
    bars = "".join(f'<rect x="{10 + i * 34}" y="20" width="24" height="60" rx="4" fill="{fill}"/>' for i in range(8))
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100" width="300" height="100">{bars}</svg>'


def combination_svg(fill: str, ring: str, text: str) -> str:
    bars = "".join(f'<rect x="{120 + i * 30}" y="35" width="20" height="30" fill="{text}"/>' for i in range(8))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100" width="400" height="100">'
        f'<g transform="translate(5,5) scale(0.9)"><circle cx="50" cy="50" r="46" fill="{fill}"/>'
        f'<path d="M30 70 L50 25 L70 70 Z" fill="{ring}"/></g>{bars}</svg>'
    )


def png(size: int, colour: str) -> bytes:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((0, 0, size - 1, size - 1), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class BrandFixture:
    store: FileAssetStore
    job: JobRecord
    request: BrandRequest
    logo: LogoOutput
    palette: PaletteOutput
    rationale: RationaleOutput


def build_outputs(request: BrandRequest) -> tuple[dict[str, bytes], LogoOutput, PaletteOutput, RationaleOutput]:
    files: dict[str, bytes] = {}
    treatments = {
        "full_color": (PRIMARY, "#ffffff", "#1b1b1f"),
        "monochrome": ("#1b1b1f", "#ffffff", "#1b1b1f"),
        "inverse": ("#ffffff", PRIMARY, "#ffffff"),
    }
    lockups: dict[str, dict[str, LockupFiles]] = {}
    for lockup in ("icon", "wordmark", "combination"):
        lockups[lockup] = {}
        for treatment, (fill, ring, text) in treatments.items():
            svg = {
                "icon": icon_svg(fill, ring),
                "wordmark": wordmark_svg(text),
                "combination": combination_svg(fill, ring, text),
            }[lockup]
            key = f"logo/{lockup}-{treatment}.svg"
            files[key] = svg.encode()
            files[f"logo/{lockup}-{treatment}-512.png"] = png(512, fill)
            lockups[lockup][treatment] = LockupFiles(svg=key, png={"512": f"logo/{lockup}-{treatment}-512.png"})
    favicons = {}
    for size in (16, 32, 48, 180):
        key = f"logo/favicon-{size}.png" if size != 180 else "logo/apple-touch-icon.png"
        files[key] = png(size, PRIMARY)
        favicons[str(size) if size != 180 else "apple-touch-icon"] = key
    ico = io.BytesIO()
    Image.open(io.BytesIO(png(48, PRIMARY))).save(ico, "ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    files["logo/favicon.ico"] = ico.getvalue()
    favicons["favicon.ico"] = "logo/favicon.ico"
    files["logo/social-avatar.png"] = png(400, PRIMARY)
    files["logo/candidate-c1.svg"] = icon_svg(PRIMARY, "#ffffff").encode()
    files["logo/candidate-c1.png"] = png(512, PRIMARY)
    logo = LogoOutput(
        backend="procedural",
        candidates=[
            LogoCandidate(
                id="c1",
                concept="geometric",
                description="A rising triangle inside a circle.",
                svg="logo/candidate-c1.svg",
                png="logo/candidate-c1.png",
                seed=7,
            )
        ],
        chosen="c1",
        lockups=lockups,  # type: ignore[arg-type]
        favicons=favicons,
        social_avatar="logo/social-avatar.png",
        dominant_colors=[PRIMARY, "#ffffff"],
        fonts=[FontUse(family="Inter", role="wordmark", licence="OFL-1.1", source="fonts-inter")],
        concept="A rising triangle in a circle: steady progress inside a trusted whole.",
    )

    roles = {
        "primary": PRIMARY,
        "secondary": SECONDARY,
        "accent": ACCENT,
        "neutral": "#6b7280",
        "neutral_variant": "#64748b",
        "success": "#16a34a",
        "warning": "#ca8a04",
        "error": "#dc2626",
        "info": "#0284c7",
    }
    scales = {
        role: tonal_scale(hex_code)
        for role, hex_code in roles.items()
        if role in ("primary", "secondary", "accent", "neutral")
    }
    themes = {
        "light": {"primary": PRIMARY, "on_primary": "#ffffff", "surface": "#fbfbff", "on_surface": "#1b1b1f"},
        "dark": {"primary": "#a4c1ff", "on_primary": "#002a77", "surface": "#121318", "on_surface": "#e4e2e6"},
    }
    contrast = [
        contrast_check("light", "on_primary", "primary", "#ffffff", PRIMARY, 6.49),
        contrast_check("dark", "on_surface", "surface", "#e4e2e6", "#121318", 14.9),
    ]
    for name, body in (
        ("palette/palette.css", ":root {\n" + "".join(f"  --{r}: {h};\n" for r, h in roles.items()) + "}\n"),
        ("palette/tailwind.config.js", "module.exports = " + json.dumps({"theme": {"colors": roles}}) + ";\n"),
        ("palette/tokens.json", json.dumps({r: {"$type": "color", "$value": h} for r, h in roles.items()})),
    ):
        files[name] = body.encode()
    palette = PaletteOutput(
        seed_color=PRIMARY,
        seed_source="requested" if request.primary_color else "graph",
        industry="technology",
        industry_match="exact",
        style="modern",
        moods=["trustworthy", "innovative"],
        roles=roles,  # type: ignore[arg-type]
        scales=scales,
        themes=themes,  # type: ignore[arg-type]
        contrast=contrast,
        cvd=[CvdCheck(deficiency="deuteranopia", first="success", second="error", delta_e=18.2, distinguishable=True)],
        fonts=FontPairing(
            heading=FontChoice(family="Inter", licence="OFL-1.1", character="neo-grotesque", category="sans-serif"),
            body=FontChoice(family="Lato", licence="OFL-1.1", character="humanist", category="sans-serif"),
            reason="A precise grotesque for headings over a warm humanist body face.",
        ),
        exports={
            "css": "palette/palette.css",
            "tailwind": "palette/tailwind.config.js",
            "tokens": "palette/tokens.json",
        },
    )

    documents = {}
    markdown = {}
    for language in request.languages:
        titles = SECTION_TITLES.get(language, SECTION_TITLES["en"])
        sections = [
            RationaleSection(
                id=section_id,  # type: ignore[arg-type]
                title=title,
                body=f"**{request.company_name}** — {title}.\n\n- one <point> & another\n- second point\n\n"
                "A longer paragraph that explains why the choice fits the industry and the style, "
                "so that the page wraps over more than one line in the body face.",
            )
            for section_id, title in zip(SECTION_IDS, titles, strict=True)
        ]
        documents[language] = RationaleDocument(language=language, sections=sections)
        key = f"rationale/rationale-{language}.md"
        files[key] = "\n\n".join(f"## {s.title}\n\n{s.body}" for s in sections).encode()
        markdown[language] = key
    rationale = RationaleOutput(backend="template", documents=documents, markdown=markdown)
    return files, logo, palette, rationale
