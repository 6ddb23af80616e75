"""The icon sets shipped inside the logo package (never fetched at run time).

Tabler Icons (MIT, about 4,300 icons after leaving out other companies' brand logos and slashed `-off`
variants), vendored from its npm package by `scripts/vendor_tabler_icons.py` as one gzip JSON file,
with the set's LICENSE beside it.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from brandgen.shared.contracts import MarkIcon

SETS = ("tabler",)

# Categories whose icons are interface furniture or type (arrows, letters, laundry care symbols), not
# things a company would recognise itself in; they are never offered as marks. (System stays: it holds
# clock, scale and gavel as well as the menu icons, and matching is by the company's words anyway.)
NOT_MARKS = frozenset(["Arrows", "Letters", "Numbers", "Text", "Version control", "Extensions", "Logic", "Laundry"])


@dataclass(frozen=True)
class Icon:
    set: str
    name: str
    category: str
    tags: tuple[str, ...]
    outline: tuple[str, ...]  # stroked path data (24 x 24 box, stroke width 2)
    filled: tuple[str, ...] | None  # the set's solid twin, if it has one
    licence: str
    attribution: str

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.name.split("-"))

    def info(self) -> MarkIcon:
        return MarkIcon(
            set=self.set, name=self.name, licence=self.licence, tags=list(self.tags), attribution=self.attribution
        )


@dataclass(frozen=True)
class IconSet:
    name: str
    version: str
    licence: str
    attribution: str
    source: str
    icons: dict[str, Icon]

    def licence_text(self) -> str:
        return _resource(f"{self.name.upper()}-LICENSE.txt").decode("utf-8")


def _resource(name: str) -> bytes:
    return resources.files("brandgen.logo.icons").joinpath("data", name).read_bytes()


@lru_cache(maxsize=len(SETS))
def icon_set(name: str = "tabler") -> IconSet:
    document = json.loads(gzip.decompress(_resource(f"{name}.json.gz")))
    licence, attribution = document["licence"], document["attribution"]
    icons = {
        icon_name: Icon(
            set=document["set"],
            name=icon_name,
            category=record["c"],
            tags=tuple(record["t"]),
            outline=tuple(record["o"]),
            filled=tuple(record["f"]) if "f" in record else None,
            licence=licence,
            attribution=attribution,
        )
        for icon_name, record in document["icons"].items()
    }
    return IconSet(name, document["version"], licence, attribution, document["source"], icons)


def mark_icons(name: str = "tabler") -> list[Icon]:
    """The icons that may become a mark."""
    return [icon for icon in icon_set(name).icons.values() if icon.category not in NOT_MARKS]
