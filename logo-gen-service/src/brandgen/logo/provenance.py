"""The per-job provenance manifest: how each file came to be, and under which licences."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from brandgen.logo.icons.library import icon_set
from brandgen.logo.models.design import LogoDesign
from brandgen.shared.contracts import FontUse


@lru_cache(maxsize=32)
def _version(package: str) -> str | None:
    """Installed version of `package`: looked up once per process (each lookup scans the
    installed distributions and parses a METADATA file: 3 % of the logo worker's CPU)."""
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
    icons: list[dict[str, Any]] | None = None,
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
        "icons": icons or [],
        "software": {name: _version(name) for name in packages},
    }
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


def icon_sources(designs: Sequence[LogoDesign]) -> list[dict[str, Any]]:
    """Each icon a candidate draws, with its set's version, licence, attribution and licence file."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for design in designs:
        icon = design.mark.icon
        if icon is None:
            continue
        source = icon_set(icon.set)
        found[(icon.set, icon.name)] = {
            **icon.model_dump(),
            "version": source.version,
            "source": source.source,
            "licence_file": f"logo/licences/{icon.set}-icons-LICENSE.txt",
            "candidates": [d.id for d in designs if d.mark.icon and d.mark.icon.name == icon.name],
        }
    return list(found.values())
