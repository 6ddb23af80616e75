"""Settings of the PDF stage (environment variables `BRANDGEN_PDF_*`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field

from brandgen.shared.settings import BrandgenSettings


def _user_cache() -> Path:
    # The user's cache (XDG), not the working directory: a worker may run anywhere, read-only too.
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


class PdfSettings(BrandgenSettings):
    pdf_page_size: Literal["A4", "LETTER"] = Field(default="A4", description="Paper size of the guidelines.")
    pdf_font_cache_dir: Path = Field(
        default_factory=lambda: _user_cache() / "brandgen" / "font-cache",
        description="Where CFF (.otf) brand faces converted to TrueType outlines are kept between runs.",
    )
    pdf_convert_cff_fonts: bool = Field(
        default=True,
        description="Convert CFF-outline brand faces to TrueType so ReportLab can embed them; "
        "when off, the nearest TrueType family of the same category stands in.",
    )
