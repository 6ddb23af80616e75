"""Rendered job views kept as bytes until the job's revision changes, and ETag matching.

A poll of an unchanged job then costs one small Redis read (the record's revision) and a dict
lookup: no record parsing, no view building, no JSON serialising, and with `If-None-Match` no
body at all. The revision is bumped by every write to the record (compare-and-set in the store),
so a cached view whose revision equals the stored one is exactly what rebuilding would give;
anything that can change the view without a write has its own deadline (`valid_until`): an
unfinished job's timeout (the poll itself fails it) and presigned download URLs' expiry.

One cache per process (each uvicorn worker fills its own); bounded in entries and in bytes,
least recently used out first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

DEFAULT_MAX_ENTRIES = 4096
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class RenderedView:
    revision: int
    owner: str | None
    etag: str
    body: bytes
    valid_until: float
    """Unix time after which the view must be rebuilt although the revision is the same."""


class ViewCache:
    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._views: OrderedDict[Hashable, RenderedView] = OrderedDict()
        self.total_bytes = 0

    def __len__(self) -> int:
        return len(self._views)

    def get(self, key: Hashable) -> RenderedView | None:
        view = self._views.get(key)
        if view is not None:
            self._views.move_to_end(key)
        return view

    def put(self, key: Hashable, view: RenderedView) -> None:
        self._drop(key)
        if len(view.body) > self.max_bytes:
            return  # would evict everything else and still not fit
        self._views[key] = view
        self.total_bytes += len(view.body)
        while len(self._views) > self.max_entries or self.total_bytes > self.max_bytes:
            self._drop(next(iter(self._views)))

    def _drop(self, key: Hashable) -> None:
        old = self._views.pop(key, None)
        if old is not None:
            self.total_bytes -= len(old.body)


def etag_matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 13.1.2: `*`, or any listed tag equal to ours by weak comparison (W/ ignored)."""
    header = if_none_match.strip()
    if header == "*":
        return True
    wanted = etag.removeprefix("W/")
    for candidate in header.split(","):
        tag = candidate.strip().removeprefix("W/")
        if len(tag) >= 2 and tag.startswith('"') and tag.endswith('"') and tag == wanted:
            return True
    return False
