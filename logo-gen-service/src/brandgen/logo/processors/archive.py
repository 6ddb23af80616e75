"""The logo kit in one archive: a download of its own, and one read for the pdf stage instead of ~65."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

ARCHIVE_KEY = "logo/files.zip"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date zip can hold: same bytes for the same files
_STORED = (".png", ".ico", ".jpg", ".jpeg", ".webp")
"""Already compressed: deflating them again costs CPU and saves nothing."""


def logo_archive(files: Mapping[str, bytes]) -> bytes:
    """Every file of the logo kit, by its asset name, in a deterministic zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(_STORED) else zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name], compresslevel=6)
    return buffer.getvalue()
