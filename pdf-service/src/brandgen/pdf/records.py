"""The record of one file this stage makes besides the guidelines: what the manifest says about it."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Literal

Unit = Literal["px", "mm", "pt"]


@dataclass(frozen=True)
class Deliverable:
    """One file of the kit made by this stage, as the manifest lists it."""

    key: str
    content: bytes | Future[bytes]
    """The file, or the future of a raster still being made in the background (see `rasterise`)."""
    kind: str
    media_type: str
    width: float | None = None
    height: float | None = None
    unit: Unit | None = None
    pages: int | None = None
    extra: dict[str, object] = field(default_factory=dict)
    thumbnail: bytes | None = field(default=None, repr=False)
    """A small raster the guidelines show (not a kit file)."""

    @property
    def data(self) -> bytes:
        """The file's bytes; waits for a background raster (not on an event loop: see `ready`)."""
        return self.content if isinstance(self.content, bytes) else self.content.result()

    async def ready(self) -> bytes:
        """The file's bytes, awaiting a background raster without blocking the event loop."""
        return self.content if isinstance(self.content, bytes) else await asyncio.wrap_future(self.content)

    def entry(self) -> dict[str, object]:
        """Manifest fields besides name, bytes and hash: kind, media type, pixel or page size."""
        found: dict[str, object] = {"kind": self.kind, "media_type": self.media_type}
        if self.width is not None and self.height is not None and self.unit is not None:
            found["size"] = {"width": self.width, "height": self.height, "unit": self.unit}
        if self.pages is not None:
            found["pages"] = self.pages
        return {**found, **self.extra}
