"""The brand's font files, as installed, with their licence texts: what a designer needs to set type.

Every family the kit uses is open-licence (the catalogue lists only such families; see
shared/fonts.py). The files shipped are the installed originals (not the TrueType conversions the
PDF embeds), in the four styles word processors pair: regular, bold, italic, bold italic. The
licence text is the Debian package's copyright file (holders and licence), found with dpkg, plus
the full licence where that file only names it; without dpkg the font's own copyright notice and a
bundled licence text stand in.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from importlib import resources
from pathlib import Path

from fontTools.ttLib import TTFont

from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.records import Deliverable
from brandgen.shared.fonts import FC_BOLD, FC_REGULAR, FontFace, find_face, font_licence

STYLES: tuple[tuple[str, int, bool], ...] = (
    ("regular", FC_REGULAR, False),
    ("bold", FC_BOLD, False),
    ("italic", FC_REGULAR, True),
    ("bold-italic", FC_BOLD, True),
)
MEDIA_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".ttc": "font/collection"}
FULL_TEXT_MARKERS = {"OFL-1.1": "SIL OPEN FONT LICENSE", "Apache-2.0": "TERMS AND CONDITIONS FOR USE"}
"""A phrase of each licence's full text: a copyright file without it only names the licence."""
SYSTEM_LICENCES = {"Apache-2.0": Path("/usr/share/common-licenses/Apache-2.0")}
BUNDLED_LICENCES = {"OFL-1.1": "OFL-1.1.txt"}


def _folder(family: str) -> str:
    return "".join(char if char.isalnum() else "-" for char in family).strip("-") or "font"


def _faces(family: str) -> list[tuple[str, FontFace]]:
    """The family's installed face for each style, each file once (a family without italics repeats none)."""
    found: list[tuple[str, FontFace]] = []
    seen: set[tuple[Path, int]] = set()
    for style, weight, italic in STYLES:
        face = find_face(family, weight=weight, italic=italic)
        if face is None or face.family.lower() != family.lower() or face.italic != italic:
            continue
        if (face.path, face.index) not in seen:
            seen.add((face.path, face.index))
            found.append((style, face))
    return found


@lru_cache(maxsize=64)
def _debian_copyright(path: Path) -> str | None:
    """The copyright file of the Debian package that installed `path`, when dpkg knows it."""
    dpkg = shutil.which("dpkg-query")
    if dpkg is None:
        return None
    try:
        answer = subprocess.run(  # noqa: S603 (fixed program, a path fontconfig gave)
            [dpkg, "-S", str(path.resolve())], capture_output=True, text=True, check=False, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    package = answer.stdout.split(":", 1)[0].strip() if answer.returncode == 0 else ""
    copyright_file = Path("/usr/share/doc") / package / "copyright"
    if not package or not copyright_file.is_file():
        return None
    return copyright_file.read_text(encoding="utf-8", errors="replace")


def _notice(face: FontFace) -> str:
    """The copyright notice the font carries in its name table (ID 0)."""
    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        return (font["name"].getDebugName(0) or "").strip()


def _full_text(licence: str) -> str | None:
    system = SYSTEM_LICENCES.get(licence)
    if system is not None and system.is_file():
        return system.read_text(encoding="utf-8", errors="replace")
    bundled = BUNDLED_LICENCES.get(licence)
    if bundled is not None:
        return resources.files("brandgen.pdf.deliverables").joinpath("licences", bundled).read_text(encoding="utf-8")
    return None


def licence_text(family: str, face: FontFace) -> tuple[str, str]:
    """(licence id, the text to ship beside the family's files)."""
    licence = font_licence(face.path, face.index)
    parts = [f"{family}: font software licensed under {licence}.", ""]
    notice = _notice(face)
    if notice:
        parts += [notice, ""]
    copyright_text = _debian_copyright(face.path)
    if copyright_text:
        parts += ["Copyright and licence, as the Debian package installing this font states them:", "", copyright_text]
    marker = FULL_TEXT_MARKERS.get(licence)
    if marker is None or marker not in (copyright_text or ""):
        full = _full_text(licence)
        if full:
            parts += ["", f"Full text of {licence}:", "", full]
    return licence, "\n".join(parts).rstrip() + "\n"


def render_fonts(ctx: DocContext) -> list[Deliverable]:
    """Each family the kit is set in (heading, body: the stand-in where the brand face is not installed)."""
    found: list[Deliverable] = []
    roles: dict[str, list[str]] = {}
    for role, embedded in (("heading", ctx.faces.heading), ("body", ctx.faces.body)):
        roles.setdefault(embedded.family, []).append(role)
    for family, family_roles in roles.items():
        faces = _faces(family)
        if not faces:
            continue
        folder = f"deliverables/fonts/{_folder(family)}"
        for style, face in faces:
            suffix = face.path.suffix.lower()
            extra: dict[str, object] = {"family": family, "style": style, "roles": family_roles}
            key = f"{folder}/{face.path.name}"
            found.append(
                Deliverable(key, face.path.read_bytes(), "font", MEDIA_TYPES.get(suffix, "font/sfnt"), extra=extra)
            )
        licence, text = licence_text(family, faces[0][1])
        found.append(
            Deliverable(
                f"{folder}/LICENCE.txt",
                text.encode(),
                "font_licence",
                "text/plain",
                extra={"family": family, "licence": licence},
            )
        )
    return found
