"""Colour-vision-deficiency check: roles that must be told apart, simulated for protan, deutan, tritan.

coloraide simulates each deficiency (full severity) and measures CIEDE2000 between the simulated
colours. Below MIN_DELTA_E the pair is flagged: the UI must not rely on colour alone (WCAG 1.4.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coloraide import Color

Deficiency = Literal["protanopia", "deuteranopia", "tritanopia"]
FILTERS: dict[Deficiency, str] = {"protanopia": "protan", "deuteranopia": "deutan", "tritanopia": "tritan"}

MIN_DELTA_E = 10.0
"""CIEDE2000 below which two UI colours are easily confused at a glance (a JND is about 2.3)."""

MUST_DIFFER: tuple[tuple[str, str], ...] = (
    ("primary", "accent"),
    ("primary", "error"),
    ("success", "error"),
    ("success", "warning"),
    ("warning", "error"),
    ("info", "error"),
)


@dataclass(frozen=True)
class CvdResult:
    deficiency: Deficiency
    first: str
    second: str
    delta_e: float
    distinguishable: bool


def simulate(hex_color: str, deficiency: Deficiency) -> Color:
    return Color(hex_color).filter(FILTERS[deficiency], in_place=True).fit("srgb")


def cvd_delta_e(first: str, second: str, deficiency: Deficiency) -> float:
    return float(simulate(first, deficiency).delta_e(simulate(second, deficiency), method="2000"))


def check_roles(colors: dict[str, str]) -> list[CvdResult]:
    results: list[CvdResult] = []
    for deficiency in FILTERS:
        for first, second in MUST_DIFFER:
            delta = cvd_delta_e(colors[first], colors[second], deficiency)
            results.append(CvdResult(deficiency, first, second, delta, delta >= MIN_DELTA_E))
    return results
