"""Rationale benchmarks: the template backend writing one job's rationale in every supported language."""

from __future__ import annotations

import statistics
import time

from brandgen.rationale.facts import BrandFacts, gather_facts
from brandgen.rationale.markdown import document_markdown
from brandgen.rationale.templates.render import TemplateWriter
from brandgen.shared.contracts import (
    ColorAssociation,
    ContrastCheck,
    FontChoice,
    FontPairing,
    PaletteOutput,
)
from brandgen.shared.models import SUPPORTED_LANGUAGES, BrandRequest

RUNS = 30


def _facts() -> BrandFacts:
    def check(fg: str, bg: str, fg_hex: str, bg_hex: str, ratio: float) -> ContrastCheck:
        return ContrastCheck(theme="light", foreground=fg, background=bg, foreground_hex=fg_hex,
                             background_hex=bg_hex, kind="text", ratio=ratio, required=4.5, aa=ratio >= 4.5,
                             aaa=ratio >= 7)  # fmt: skip

    palette = PaletteOutput(
        seed_color="#1a56db",
        seed_source="graph",
        industry="technology",
        industry_match="exact",
        style="modern",
        moods=["innovation", "trust", "clarity"],
        roles={
            "primary": "#1a56db",
            "secondary": "#0e7490",
            "accent": "#f59e0b",
            "neutral": "#64748b",
            "success": "#15803d",
            "warning": "#b45309",
            "error": "#b91c1c",
            "info": "#0369a1",
        },
        scales={},
        themes={"light": {"primary": "#1a56db", "on_primary": "#ffffff"}},
        contrast=[
            check("on_primary", "primary", "#ffffff", "#1a56db", 6.2351),
            check("on_surface", "surface", "#0f172a", "#f8fafc", 17.06),
            check("on_accent", "accent", "#ffffff", "#f59e0b", 2.15),
        ],
        fonts=FontPairing(
            heading=FontChoice(family="Inter", licence="OFL-1.1", character="geometric", category="sans-serif"),
            body=FontChoice(family="Source Serif 4", licence="OFL-1.1", character="transitional", category="serif"),
            reason="Geometric sans over a transitional serif.",
        ),
        associations=[ColorAssociation(family="blue", hex="#1a56db", meaning="trust", source="ref", weight=0.9)],
    )
    request = BrandRequest(company_name="Acme Robotics", industry="technology", style="modern")
    return gather_facts(request, palette, None)


def bench() -> list[tuple[str, float, str]]:
    started = time.perf_counter()
    writer = TemplateWriter.load()
    load_ms = (time.perf_counter() - started) * 1000
    facts = _facts()
    timings: list[float] = []
    for _ in range(RUNS + 1):
        started = time.perf_counter()
        for language in SUPPORTED_LANGUAGES:
            document_markdown(writer.write(facts, language), writer.title(facts, language))
        timings.append((time.perf_counter() - started) * 1000)
    first, rest = timings[0], timings[1:]
    return [
        ("rationale_template_all_languages_first_job", first, "ms"),
        ("rationale_template_all_languages_median", statistics.median(rest), "ms"),
        ("rationale_template_all_languages_max", max(rest), "ms"),
        ("rationale_template_startup", load_ms, "ms"),
    ]


if __name__ == "__main__":
    for name, value, unit in bench():
        print(f"{name}: {value:.2f} {unit}")
