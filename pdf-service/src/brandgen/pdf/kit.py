"""The downloadable kit: a deterministic zip of every job file plus a manifest with sizes and hashes.

Deflated entries are kept per process by content (`DEFLATED_CACHE_BYTES`): the font files, which
were two thirds of the zip's time, and the logo's files are the same in every revision of a kit,
and `deflate_ahead` deflates the files a job has at hand in the background while its guidelines render.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from brandgen.pdf.lru import Lru
from brandgen.shared.storage import guess_content_type

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date zip can hold: same bytes for the same files
ALREADY_COMPRESSED = (".png", ".ico", ".jpg", ".jpeg", ".webp", ".zip", ".gz", ".woff2")
FAST_DEFLATE = (".ttf", ".otf", ".ttc")
"""Font files (megabytes): zlib level 1 makes them 5% bigger than level 6 in under half the CPU."""
DEFLATED_CACHE_BYTES = 48 * 2**20
"""Deflated entries kept, by their size: a kit's fonts deflate to about 1.5 MB."""


KINDS: tuple[tuple[str, str], ...] = (
    ("pdf/brand-guidelines.pdf", "guidelines_pdf"),
    ("logo/favicon", "favicon"),
    ("logo/apple-touch-icon", "favicon"),
    ("logo/social-avatar", "social_avatar"),
    ("logo/candidate-", "logo_candidate"),
    ("logo/provenance", "provenance"),
    ("palette/", "palette_export"),
    ("rationale/", "rationale"),
)
"""The `kind` of files other stages made, by name prefix; this stage's own files say theirs."""


def file_kind(name: str) -> str:
    for prefix, kind in KINDS:
        if name.startswith(prefix):
            return kind
    if name.startswith("logo/"):
        return {".svg": "logo_svg", ".png": "logo_png", ".pdf": "logo_pdf", ".eps": "logo_eps"}.get(
            name[name.rfind(".") :], "logo_file"
        )
    return "file"


def _png_size(data: bytes) -> dict[str, object] | None:
    # A PNG's width and height are big-endian at bytes 16..24: the IHDR chunk always comes first.
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return None
    return {"width": int.from_bytes(data[16:20], "big"), "height": int.from_bytes(data[20:24], "big"), "unit": "px"}


def manifest(
    files: Mapping[str, bytes], about: dict[str, Any], details: Mapping[str, Mapping[str, object]] | None = None
) -> bytes:
    """JSON listing each file's name, size, SHA-256, media type, kind and pixel or page size, by name.

    `details` adds what the stage knows of its own files (kind, page size, placeholders ...).
    """
    details = details or {}
    entries = []
    for name, data in sorted(files.items()):
        media_type = guess_content_type(name)
        entry: dict[str, object] = {
            "name": name,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "content_type": media_type,
            "media_type": media_type,
            "kind": file_kind(name),
        }
        size = _png_size(data)
        if size:
            entry["size"] = size
        entry.update(details.get(name, {}))
        entries.append(entry)
    document = {**about, "files": entries, "total_bytes": sum(len(data) for data in files.values())}
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False).encode() + b"\n"


def _level(name: str) -> int | None:
    """zlib level of the entry `name`; None: stored as it is (already compressed)."""
    lowered = name.lower()
    if lowered.endswith(ALREADY_COMPRESSED):
        return None
    return 1 if lowered.endswith(FAST_DEFLATE) else 6


DEFLATED: Lru[tuple[bytes, int], bytes] = Lru(DEFLATED_CACHE_BYTES, weigh=len)
"""Raw deflate streams by (SHA-256 of the data, zlib level)."""


def deflated(data: bytes, level: int) -> bytes:
    """`data` as zipfile deflates it at `level` (one compress call, then flush: the same bytes)."""

    def deflate() -> bytes:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush()

    return DEFLATED.made((hashlib.sha256(data).digest(), level), deflate)


def deflate_ahead(files: Iterable[tuple[str, bytes]]) -> None:
    """Deflate `files` into the cache now (in the background), so `kit_zip` finds them done."""
    for name, data in files:
        level = _level(name)
        if level is not None:
            deflated(data, level)


class _Deflated:
    """A compressor for zipfile that hands over a stream deflated before (see `kit_zip`)."""

    def __init__(self, stream: bytes) -> None:
        self.stream = stream

    def compress(self, data: bytes) -> bytes:
        stream, self.stream = self.stream, b""
        return stream

    def flush(self) -> bytes:
        return b""


def kit_zip(files: Mapping[str, bytes]) -> bytes:
    """A zip with fixed timestamps and permissions and sorted entries: identical input, identical bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, so the permissions above are read
            level = _level(name)
            info.compress_type = zipfile.ZIP_STORED if level is None else zipfile.ZIP_DEFLATED
            info.file_size = len(data)  # as writestr sets it: whether the entry needs zip64 depends on it
            with archive.open(info, "w") as entry:
                # zipfile has no public way to write data deflated before; its entry writer takes the
                # stream from its compressor (and still computes the CRC and sizes from `data`).
                if level is not None and hasattr(entry, "_compressor"):
                    entry._compressor = _Deflated(deflated(data, level))
                entry.write(data)
    return buffer.getvalue()
