"""Helpers shared by the logo tests (importable: pyproject.toml puts this folder on pytest's pythonpath)."""

from __future__ import annotations

import io
import json
from typing import Any

import numpy as np
from PIL import Image

from brandgen.logo.stage import stage
from brandgen.shared.contracts import LogoOutput
from brandgen.shared.models import BrandRequest, JobMetadata
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.testing import make_job, run_stage


def png_pixels(data: bytes) -> np.ndarray:
    return np.array(Image.open(io.BytesIO(data)).convert("RGBA"))


async def run_logo(request: BrandRequest, store: FileAssetStore, **kwargs) -> tuple[LogoOutput, dict[str, bytes]]:
    """Run the real stage; return its output and every stored file by job-relative name."""
    job = make_job(request, metadata=kwargs.pop("metadata", None) or JobMetadata())
    output = await run_stage(stage, job, store, **kwargs)
    assert isinstance(output, LogoOutput)
    assets = store.for_job(job.job_id)
    files = {name: await assets.get(name) for name in await assets.list()}
    return output, files


def manifest_of(files: dict[str, bytes], output: LogoOutput) -> dict[str, Any]:
    assert output.provenance is not None
    manifest = json.loads(files[output.provenance])
    assert isinstance(manifest, dict), "the provenance manifest is a JSON object"
    return manifest
