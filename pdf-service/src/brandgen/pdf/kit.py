"""The downloadable kit: a deterministic zip of every job file plus a manifest with sizes and hashes."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any

from brandgen.shared.storage import guess_content_type

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date zip can hold: same bytes for the same files
ALREADY_COMPRESSED = (".png", ".ico", ".jpg", ".jpeg", ".webp", ".zip", ".gz", ".woff2")
FAST_DEFLATE = (".ttf", ".otf", ".ttc")
"""Font files (megabytes): zlib level 1 makes them 5% bigger than level 6 in under half the CPU."""


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


def kit_zip(files: Mapping[str, bytes]) -> bytes:
    """A zip with fixed timestamps and permissions and sorted entries: identical input, identical bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, so the permissions above are read
            if name.lower().endswith(ALREADY_COMPRESSED):
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            level = 1 if name.lower().endswith(FAST_DEFLATE) else 6
            archive.writestr(info, data, compresslevel=level if info.compress_type == zipfile.ZIP_DEFLATED else None)
    return buffer.getvalue()
