"""Find installed font files by family, weight and script, via fontconfig.

The logo stage draws with these files, the PDF stage embeds them, and the palette stage only
recommends families that are installed, so every service agrees on what a family name means.
Fonts come from Debian packages (see infrastructure/scripts/system-deps.sh); all are open-licence.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.unicodedata import script, script_name


@dataclass(frozen=True)
class FontFace:
    family: str
    style: str
    weight: int  # fontconfig weight: 80 regular, 200 bold
    path: Path
    index: int  # face index inside a .ttc collection
    langs: frozenset[str]

    @property
    def bold(self) -> bool:
        return self.weight >= 180

    @property
    def italic(self) -> bool:
        return "italic" in self.style.lower() or "oblique" in self.style.lower()


FC_REGULAR = 80
FC_BOLD = 200


@lru_cache(maxsize=1)
def installed_faces() -> tuple[FontFace, ...]:
    """Every scalable face fontconfig knows (TrueType/OpenType/collections)."""
    if not shutil.which("fc-list"):
        return ()
    listing = subprocess.run(
        ["fc-list", "--format", "%{family[0]}\t%{style[0]}\t%{weight}\t%{file}\t%{index}\t%{lang}\n"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    faces: list[FontFace] = []
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) != 6 or not parts[3].lower().endswith((".ttf", ".otf", ".ttc")):
            continue
        family, style, weight, file, index, langs = parts
        try:
            weight_value, face_index = int(float(weight or 80)), int(index or 0)
        except ValueError:
            continue
        faces.append(FontFace(family, style, weight_value, Path(file), face_index, frozenset(langs.split("|"))))
    return tuple(sorted(faces, key=lambda face: (face.family, face.weight, face.style, str(face.path))))


def families() -> list[str]:
    return sorted({face.family for face in installed_faces()})


@lru_cache(maxsize=1)
def _faces_by_family() -> dict[str, tuple[FontFace, ...]]:
    """Installed faces by lower-case family name: a logo's text asks for a face a few hundred times."""
    grouped: dict[str, list[FontFace]] = {}
    for face in installed_faces():
        grouped.setdefault(face.family.lower(), []).append(face)
    return {family: tuple(faces) for family, faces in grouped.items()}


def has_family(family: str) -> bool:
    return family.lower() in _faces_by_family()


def find_face(family: str, *, weight: int = FC_REGULAR, italic: bool = False) -> FontFace | None:
    """The installed face of `family` nearest to the weight asked for (upright unless `italic`)."""
    of_family = _faces_by_family().get(family.lower(), ())
    candidates = [face for face in of_family if face.italic == italic] or list(of_family)
    if not candidates:
        return None
    return min(candidates, key=lambda face: (abs(face.weight - weight), face.path.suffix == ".ttc", str(face.path)))


_SCRIPT_FALLBACKS: dict[str, tuple[str, ...]] = {
    # language -> families to try, best first
    "ja": ("Noto Sans CJK JP", "Noto Serif CJK JP"),
    "zh": ("Noto Sans CJK SC", "Noto Sans CJK TC"),
    "ko": ("Noto Sans CJK KR",),
    "ar": ("Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans"),
    "he": ("Noto Sans Hebrew", "DejaVu Sans"),
    "th": ("Noto Sans Thai",),
    "hi": ("Noto Sans Devanagari",),
    "ru": ("Noto Sans", "DejaVu Sans"),
    "el": ("Noto Sans", "DejaVu Sans"),
}
UNIVERSAL_FALLBACKS = ("Noto Sans", "DejaVu Sans", "Noto Sans CJK JP", "Noto Sans Arabic", "Noto Sans Symbols2")


@lru_cache(maxsize=256)
def _cmap(path: Path, index: int) -> frozenset[int]:
    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def covers(face: FontFace, text: str) -> bool:
    """True when the face has a glyph for every non-space character of `text`."""
    cmap = _cmap(face.path, face.index)
    return all(ord(char) in cmap for char in text if not char.isspace())


def face_for_text(text: str, preferred: list[str], *, weight: int = FC_REGULAR) -> FontFace:
    """The first preferred family that covers `text`, else a fallback that does (never tofu)."""
    tried: list[str] = []
    for family in [*preferred, *(f for fams in _SCRIPT_FALLBACKS.values() for f in fams), *UNIVERSAL_FALLBACKS]:
        if family in tried:
            continue
        tried.append(family)
        face = find_face(family, weight=weight)
        if face and covers(face, text):
            return face
    raise LookupError(f"no installed font covers {text!r}; install fonts-noto-core and fonts-noto-cjk")


@lru_cache(maxsize=256)
def _has_truetype_outlines(path: Path, index: int) -> bool:
    with TTFont(path, fontNumber=index, lazy=True) as font:
        return "glyf" in font


@lru_cache(maxsize=1)
def truetype_coverage() -> frozenset[int]:
    """Every code point some installed face with TrueType outlines has a glyph for.

    TrueType coverage is what both outputs can use: the logo stage outlines any installed face,
    but ReportLab embeds only TrueType outlines (CFF faces are converted only when small).
    """
    covered: set[int] = set()
    for face in installed_faces():
        if _has_truetype_outlines(face.path, face.index):
            covered |= _cmap(face.path, face.index)
    return frozenset(covered)


# Letters, marks and digits must be drawn; symbols and emoji no font has are left out of drawings.
_MUST_DRAW = ("L", "M", "N")


def unsupported_scripts(text: str) -> list[str]:
    """Unicode script names (sorted, e.g. ["Tangut"]) of the letters in `text` no installed font can draw.

    A name in such a script cannot be shown in the logo or the PDF, so the API refuses it naming
    the script rather than accept it and print a partial name.
    """
    covered = truetype_coverage()
    scripts: set[str] = set()
    for char in unicodedata.normalize("NFC", text):
        if unicodedata.category(char)[0] in _MUST_DRAW and ord(char) not in covered:
            scripts.add(script_name(script(char)))
    return sorted(scripts)


@lru_cache(maxsize=128)
def font_licence(path: Path, index: int = 0) -> str:
    """The licence a font declares in its name table (ID 13 description, ID 14 URL)."""
    with TTFont(path, fontNumber=index, lazy=True) as font:
        names = font["name"]
        description = names.getDebugName(13) or ""
        url = names.getDebugName(14) or ""
    text = f"{description} {url}".lower()
    if "open font license" in text or "scripts.sil.org/ofl" in text or "openfontlicense" in text:
        return "OFL-1.1"
    if "apache" in text:
        return "Apache-2.0"
    if "ubuntu font" in text:
        return "Ubuntu Font Licence 1.0"
    if "gpl" in text and "font exception" in text:
        return "GPL-2.0-or-later WITH Font-exception-2.0"
    if "bitstream" in text or "dejavu" in text:
        return "Bitstream-Vera"
    if "mit" in text.split():
        return "MIT"
    return description.strip()[:80] or "unknown"
