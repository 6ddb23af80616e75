"""Locale-aware numbers and lists (Babel/CLDR); contrast ratios: `brandgen.shared.i18n.format_ratio`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from babel.lists import format_list
from babel.numbers import format_decimal

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[!-~]")  # printable ASCII: letters, digits, `code`, #hex, **bold**


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
