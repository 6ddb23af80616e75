"""Locale-aware numbers and lists (Babel/CLDR): 4.52:1 in English, 4,52:1 in German."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from babel.lists import format_list
from babel.numbers import format_decimal

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[!-~]")  # printable ASCII: letters, digits, `code`, #hex, **bold**


def ratio(value: float, language: str) -> str:
    """A WCAG contrast ratio, two decimals, truncated rather than rounded up.

    WCAG thresholds are strict (4.499 fails 4.5), so a ratio must never be shown higher than it is.
    """
    truncated = int(value * 100) / 100
    return f"{format_decimal(truncated, format='0.00', locale=language)}:1"


def decimal(value: float, language: str, digits: int = 1) -> str:
    return format_decimal(round(value, digits), format="0." + "0" * digits, locale=language)


def listing(items: Sequence[str], language: str, style: Literal["standard", "or"] = "standard") -> str:
    if not items:
        return ""
    if language.split("_")[0] != "zh":
        return str(format_list(list(items), style=style, locale=language))
    # Chinese sets a space between Han characters and Latin text, numbers or code (as the catalogue
    # does); CLDR's joining words 和/或 have none: `#1a56db` 和 `#f59e0b`, but 创新、信任和清晰.
    slots = [f"\x00{index}\x00" for index in range(len(items))]
    pattern = str(format_list(slots, style=style, locale=language))
    for slot, item in zip(slots, items, strict=True):
        before, _, after = pattern.partition(slot)
        if _HAN.match(before[-1:]) and _LATIN.match(item[:1]):
            item = " " + item
        if _HAN.match(after[:1]) and _LATIN.match(item[-1:]):
            item += " "
        pattern = before + item + after
    return pattern
