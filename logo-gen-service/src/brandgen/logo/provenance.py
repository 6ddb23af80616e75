"""The per-job provenance manifest: how each file came to be, and under which licences."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from brandgen.shared.contracts import FontUse


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def manifest(
    *,
    job_id: str,
    backend: str,
    variant: str | None,
    seed: int,
    candidates: list[dict[str, Any]],
    fonts: list[FontUse],
    generator: dict[str, Any],
) -> bytes:
    packages = ["brandgen-logo", "fonttools", "uharfbuzz", "skia-pathops", "cairosvg", "vtracer"]
    if backend == "sdxl":
        packages += ["torch", "diffusers", "transformers", "peft"]
    document = {
        "job_id": job_id,
        "stage": "logo",
        "created_at": datetime.now(UTC).isoformat(),
        "backend": backend,
        "variant": variant,
        "seed": seed,
        "generator": generator,
        "candidates": candidates,
        "fonts": [font.model_dump() for font in fonts],
        "software": {name: _version(name) for name in packages},
    }
    return json.dumps(document, indent=2, ensure_ascii=False).encode()
