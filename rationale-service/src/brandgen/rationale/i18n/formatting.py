"""Locale-aware numbers and lists (Babel/CLDR): 4.52:1 in English, 4,52:1 in German."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from babel.lists import format_list
from babel.numbers import format_decimal


def ratio(value: float, language: str) -> str:
    """A WCAG contrast ratio, two decimals, truncated rather than rounded up.

    WCAG thresholds are strict (4.499 fails 4.5), so a ratio must never be shown higher than it is.
    """
    truncated = int(value * 100) / 100
    return f"{format_decimal(truncated, format='0.00', locale=language)}:1"


def decimal(value: float, language: str, digits: int = 1) -> str:
    return format_decimal(round(value, digits), format="0." + "0" * digits, locale=language)


def listing(items: Sequence[str], language: str, style: Literal["standard", "or"] = "standard") -> str:
    return str(format_list(list(items), style=style, locale=language)) if items else ""
