"""Everything the document needs from the job: the request, earlier outputs, and their files."""

from __future__ import annotations

import asyncio
import io
import logging
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from brandgen.pdf.records import Deliverable
from brandgen.shared.contracts import LogoOutput, PaletteOutput, RationaleOutput
from brandgen.shared.errors import StageError
from brandgen.shared.models import BrandRequest
from brandgen.shared.stage import StageContext

log = logging.getLogger(__name__)


@dataclass
class BrandInputs:
    request: BrandRequest
    logo: LogoOutput
    palette: PaletteOutput
    rationale: RationaleOutput
    files: dict[str, bytes] = field(default_factory=dict)
    """The logo files the document draws (`keys_to_read`)."""
    logo_archive: dict[str, bytes] = field(default_factory=dict)
    """The rest of the logo kit, from its archive: the kit zip holds them, nothing draws them."""
    created_at: datetime | None = None
    deliverables: list[Deliverable] = field(default_factory=list)
    """Business card, letterhead, signature, social images: made before the guidelines, which show them."""

    def file(self, key: str | None) -> bytes | None:
        return self.files.get(key) if key else None

    def deliverable(self, kind: str) -> Deliverable | None:
        return next((item for item in self.deliverables if item.kind == kind), None)


def keys_to_read(logo: LogoOutput) -> list[str]:
    """Asset keys the document draws: every lockup SVG, the favicon PNGs and the social avatar."""
    keys = {files.svg for treatments in logo.lockups.values() for files in treatments.values()}
    keys.update(key for key in logo.favicons.values() if key.endswith(".png"))
    if logo.social_avatar:
        keys.add(logo.social_avatar)
    return sorted(keys)


async def load_inputs(ctx: StageContext) -> BrandInputs:
    logo = ctx.output("logo", LogoOutput)
    palette = ctx.output("palette", PaletteOutput)
    rationale = ctx.output("rationale", RationaleOutput)
    keys = keys_to_read(logo)
    archived = await _read_archive(ctx, logo.archive)

    async def read(key: str) -> bytes:
        if key in archived:
            return archived[key]
        try:
            return await ctx.assets.get(key)
        except KeyError:
            raise StageError("missing_asset", f"the logo stage recorded {key!r}, but the file is absent") from None

    contents = await asyncio.gather(*(read(key) for key in keys))
    return BrandInputs(
        request=ctx.request,
        logo=logo,
        palette=palette,
        rationale=rationale,
        files=dict(zip(keys, contents, strict=True)),
        logo_archive={name: data for name, data in archived.items() if name not in keys},
        created_at=ctx.job.metadata.created_at,
    )


async def _read_archive(ctx: StageContext, key: str | None) -> dict[str, bytes]:
    """The logo kit's files from its archive (one read); none when the logo stage made no archive
    (a job from before it did) or the archive is unreadable: the files are then read one by one."""
    if not key:
        return {}
    try:
        data = await ctx.assets.get(key)
        return await asyncio.to_thread(_unpack, data)
    except (KeyError, zipfile.BadZipFile) as error:
        log.warning("logo archive %s not used: %s", key, error)
        return {}


def _unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
