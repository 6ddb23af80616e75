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


def manifest(files: Mapping[str, bytes], about: dict[str, Any]) -> bytes:
    """JSON listing each file's name, size, SHA-256 and media type, sorted by name."""
    entries = [
        {
            "name": name,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "content_type": guess_content_type(name),
        }
        for name, data in sorted(files.items())
    ]
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
            archive.writestr(info, data, compresslevel=6 if info.compress_type == zipfile.ZIP_DEFLATED else None)
    return buffer.getvalue()
