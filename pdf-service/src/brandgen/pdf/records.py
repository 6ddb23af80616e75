"""The record of one file this stage makes besides the guidelines: what the manifest says about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Unit = Literal["px", "mm", "pt"]


@dataclass(frozen=True)
class Deliverable:
    """One file of the kit made by this stage, as the manifest lists it."""

    key: str
    data: bytes
    kind: str
    media_type: str
    width: float | None = None
    height: float | None = None
    unit: Unit | None = None
    pages: int | None = None
    extra: dict[str, object] = field(default_factory=dict)
    thumbnail: bytes | None = field(default=None, repr=False)
    """A small raster the guidelines show (not a kit file)."""

    def entry(self) -> dict[str, object]:
        """Manifest fields besides name, bytes and hash: kind, media type, pixel or page size."""
        found: dict[str, object] = {"kind": self.kind, "media_type": self.media_type}
        if self.width is not None and self.height is not None and self.unit is not None:
            found["size"] = {"width": self.width, "height": self.height, "unit": self.unit}
        if self.pages is not None:
            found["pages"] = self.pages
        return {**found, **self.extra}
