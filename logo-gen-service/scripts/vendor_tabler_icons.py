"""Vendor Tabler Icons (MIT) from its npm package into the logo package as one compressed JSON file.

The logo stage never fetches icons at run time: it reads `brandgen/logo/icons/data/tabler.json.gz`,
made by this script from the published npm tarball, and ships the set's LICENSE next to it.

    npm pack @tabler/icons@3.51.0            # or any later version
    .venv/bin/python logo-gen-service/scripts/vendor_tabler_icons.py tabler-icons-3.51.0.tgz

Kept: every outline icon with its category and tags, and its filled twin where the set has one.
Left out: the `Brand` category (other companies' trademarks) and the `-off` variants (a slashed icon).
"""

from __future__ import annotations

import gzip
import json
import sys
import tarfile
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src/brandgen/logo/icons/data"


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    extracted = archive.extractfile(f"package/{name}")
    if extracted is None:
        raise SystemExit(f"{name} is missing from the package")
    return extracted.read()


def vendor(tarball: Path) -> Path:
    with tarfile.open(tarball) as archive:
        meta = json.loads(_member(archive, "package.json"))
        catalogue = json.loads(_member(archive, "icons.json"))
        outline = json.loads(_member(archive, "tabler-nodes-outline.json"))
        filled = json.loads(_member(archive, "tabler-nodes-filled.json"))
        licence = _member(archive, "LICENSE").decode()
    icons = {}
    for name, entry in sorted(catalogue.items()):
        if entry.get("category") == "Brand" or name.endswith("-off") or name not in outline:
            continue
        record = {
            "c": entry.get("category", ""),
            "t": sorted({str(tag).lower() for tag in entry.get("tags", [])}),
            "o": [attrs["d"] for tag, attrs in outline[name] if tag == "path"],
        }
        if name in filled:
            record["f"] = [attrs["d"] for tag, attrs in filled[name] if tag == "path"]
        icons[name] = record
    attribution = next(line.strip() for line in licence.splitlines() if line.startswith("Copyright"))
    document = {
        "set": "tabler",
        "version": meta["version"],
        "licence": meta.get("license", "MIT"),
        "attribution": f"Tabler Icons, {attribution}, MIT License",
        "source": f"npm {meta['name']}@{meta['version']}",
        "viewbox": 24,
        "stroke_width": 2,
        "icons": icons,
    }
    DATA.mkdir(parents=True, exist_ok=True)
    target = DATA / "tabler.json.gz"
    with gzip.GzipFile(target, "wb", mtime=0) as out:  # mtime 0: the same input gives the same bytes
        out.write(json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode())
    (DATA / "TABLER-LICENSE.txt").write_text(licence, encoding="utf-8")
    return target


if __name__ == "__main__":
    written = vendor(Path(sys.argv[1]))
    print(f"{written}: {written.stat().st_size} bytes")
