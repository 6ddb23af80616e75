"""Brand typefaces made embeddable: find, convert when needed, register with ReportLab.

ReportLab embeds only TrueType-outline fonts (`glyf`). Many brand faces on Debian are CFF `.otf`
files (Inter, EB Garamond, League Spartan ...), so a CFF face is converted once to TrueType outlines
with fontTools (cubic -> quadratic curves, the fontTools `otf2ttf` recipe) and cached on disk. When
conversion is off or fails, the nearest installed TrueType family of the same category stands in,
and the substitution is recorded so the typography page can say so.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont as FontFile
from fontTools.ttLib import newTable
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from brandgen.shared.fonts import FC_BOLD, FC_REGULAR, FontFace, find_face, font_licence, installed_faces

log = logging.getLogger(__name__)

# Converting a 65k-glyph CJK collection would take a minute; CJK text uses a TrueType fallback instead.
MAX_GLYPHS_TO_CONVERT = 6000
# Accepted error of the cubic -> quadratic approximation, in font units (1/1000 em for most faces).
CU2QU_MAX_ERR = 1.0

CATEGORY_STAND_INS: dict[str, tuple[str, ...]] = {
    "monospace": ("DejaVu Sans Mono", "Cousine"),
    "sans-serif": ("Noto Sans", "DejaVu Sans"),
    "serif": ("Noto Serif", "DejaVu Serif"),
}
"""TrueType families that stand in for a category when a brand face cannot be embedded.
Matched in this order by substring, so "sans-serif" is found before "serif"."""

FALLBACK_FAMILIES: tuple[str, ...] = (
    "Noto Sans",
    "Noto Sans Arabic",  # before DejaVu Sans, whose Arabic is less refined
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Thai",
    "DejaVu Sans",
    "NanumGothic",  # TrueType Hangul (Debian fonts-nanum); Noto Sans CJK is CFF, Droid has 3 syllables
    "Droid Sans Fallback",  # TrueType CJK (Debian fonts-droid-fallback); Noto Sans CJK is CFF
    "Noto Sans Symbols",
    "Noto Sans Symbols2",
)
"""Families tried, in order, for characters the brand faces lack."""

HANGUL_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3130, 0x318F),  # Hangul Compatibility Jamo
    (0xA960, 0xA97F),  # Hangul Jamo Extended-A
    (0xAC00, 0xD7AF),  # Hangul Syllables
    (0xD7B0, 0xD7FF),  # Hangul Jamo Extended-B
)
FALLBACK_SCOPES: dict[str, tuple[tuple[int, int], ...]] = {"NanumGothic": HANGUL_BLOCKS}
"""Fallbacks used only for some blocks: NanumGothic also has kana and Han, in Korean forms that
Japanese and Chinese text must not borrow (Droid Sans Fallback draws those)."""


@dataclass(frozen=True)
class EmbeddableFamily:
    """A family registered with ReportLab under `name` (regular) with a bold member."""

    name: str
    family: str
    regular: Path
    bold: Path
    cmap: frozenset[int]
    licence: str
    converted: bool = False
    requested: str | None = None
    note: str | None = None

    @property
    def bold_name(self) -> str:
        return f"{self.name}-Bold"

    def covers(self, char: str) -> bool:
        return ord(char) in self.cmap


@lru_cache(maxsize=256)
def _font_facts(path: Path, index: int) -> tuple[bool, int, frozenset[int]]:
    """(has TrueType outlines, glyph count, code points) of one face."""
    with FontFile(path, fontNumber=index, lazy=True) as font:
        return "glyf" in font, len(font.getGlyphOrder()), frozenset(font.getBestCmap() or {})


def convert_cff_to_truetype(source: Path, index: int, target: Path) -> None:
    """Write `source` (CFF outlines) to `target` with quadratic TrueType outlines."""
    font = FontFile(source, fontNumber=index)
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType clockwise: reverse while converting.
        glyph_set[name].draw(Cu2QuPen(pen, CU2QU_MAX_ERR, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    for table in ("CFF ", "CFF2", "VORG"):
        if table in font:
            del font[table]
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    font.sfntVersion = "\x00\x01\x00\x00"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    font.save(partial)
    partial.replace(target)  # concurrent workers never read half a file


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "", text) or "Font"


class TypefaceBook:
    """Registers faces with ReportLab once per process and hands out embeddable families."""

    def __init__(self, cache_dir: Path, *, convert_cff: bool = True) -> None:
        self.cache_dir = cache_dir
        self.convert_cff = convert_cff
        self._lock = threading.Lock()
        self._families: dict[tuple[str, bool], EmbeddableFamily | None] = {}
        self._covering: dict[str, EmbeddableFamily | None] = {}
        self._fallbacks: tuple[EmbeddableFamily, ...] | None = None
        self._registered: set[str] = set()

    def _truetype_file(self, face: FontFace) -> tuple[Path, bool] | None:
        """A TrueType-outline file for `face` (the face itself or its cached conversion)."""
        truetype, glyphs, _ = _font_facts(face.path, face.index)
        if truetype:
            return face.path, False
        if not self.convert_cff or glyphs > MAX_GLYPHS_TO_CONVERT:
            return None
        stat = face.path.stat()
        digest = hashlib.sha256(f"{face.path}:{face.index}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
        target = self.cache_dir / f"{face.path.stem}-{face.index}-{digest[:12]}.ttf"
        if not target.is_file():
            try:
                convert_cff_to_truetype(face.path, face.index, target)
            except Exception:  # a malformed font must not fail the job: a stand-in is used instead
                log.warning("could not convert %s to TrueType outlines", face.path, exc_info=True)
                return None
        return target, True

    def _register(self, name: str, path: Path, index: int) -> None:
        if name not in self._registered:
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
            self._registered.add(name)

    def _load(self, family: str) -> EmbeddableFamily | None:
        regular_face = find_face(family, weight=FC_REGULAR)
        if regular_face is None or regular_face.family.lower() != family.lower():
            return None
        bold_face = find_face(family, weight=FC_BOLD) or regular_face
        regular = self._truetype_file(regular_face)
        if regular is None:
            return None
        bold = self._truetype_file(bold_face)
        if bold is None:  # a bold that cannot be embedded: the regular face does both jobs
            bold, bold_face = regular, regular_face
        regular_index = 0 if regular[1] else regular_face.index
        bold_index = 0 if bold[1] else bold_face.index
        name = f"BG-{_safe(regular_face.family)}"
        self._register(name, regular[0], regular_index)
        self._register(f"{name}-Bold", bold[0], bold_index)
        pdfmetrics.registerFontFamily(name, normal=name, bold=f"{name}-Bold", italic=name, boldItalic=f"{name}-Bold")
        return EmbeddableFamily(
            name=name,
            family=regular_face.family,
            regular=regular[0],
            bold=bold[0],
            cmap=_font_facts(regular_face.path, regular_face.index)[2],
            licence=font_licence(regular_face.path, regular_face.index),
            converted=regular[1],
        )

    def family(self, family: str) -> EmbeddableFamily | None:
        """`family` made embeddable, or None when it is not installed or cannot be embedded."""
        key = (family.lower(), self.convert_cff)
        with self._lock:
            if key not in self._families:
                self._families[key] = self._load(family)
            return self._families[key]

    def brand_family(self, family: str, category: str) -> EmbeddableFamily:
        """The brand's `family`, or a TrueType family of the same category standing in for it."""
        found = self.family(family)
        if found is not None:
            if found.converted:
                note = f"{found.family} is embedded with its CFF outlines converted to TrueType."
                return _with(found, requested=family, note=note)
            return _with(found, requested=family)
        normalised = category.lower()
        key = next((k for k in CATEGORY_STAND_INS if k in normalised), "sans-serif")
        for stand_in in (*CATEGORY_STAND_INS[key], *FALLBACK_FAMILIES):
            substitute = self.family(stand_in)
            if substitute is not None:
                note = (
                    f"{family} could not be embedded in this PDF (not installed, or CFF outlines ReportLab "
                    f"cannot embed); {substitute.family}, a {key} TrueType family, stands in for it."
                )
                return _with(substitute, requested=family, note=note)
        raise LookupError("no TrueType font is installed; install fonts-noto-core and fonts-dejavu-core")

    def family_covering(self, char: str) -> EmbeddableFamily | None:
        """An installed TrueType family with a glyph for `char`, for scripts FALLBACK_FAMILIES lack
        (Ethiopic, Cherokee, ...): Noto Sans families first, regular faces, then any other."""
        with self._lock:
            if char in self._covering:
                return self._covering[char]
        found: EmbeddableFamily | None = None
        for face in sorted(installed_faces(), key=_fallback_preference):
            truetype, _, cmap = _font_facts(face.path, face.index)
            if truetype and ord(char) in cmap and (family := self.family(face.family)) and family.covers(char):
                found = _scoped(family)
                break
        with self._lock:
            self._covering[char] = found
        return found

    def fallbacks(self) -> list[EmbeddableFamily]:
        """Installed fallback families, best first, for characters the brand faces lack.

        Made once per book: scoping a CJK family's cmap to its blocks costs 15 ms, every document."""
        if self._fallbacks is None:
            found = (self.family(name) for name in FALLBACK_FAMILIES)
            self._fallbacks = tuple(_scoped(family) for family in found if family is not None)
        return list(self._fallbacks)


def _fallback_preference(face: FontFace) -> tuple[bool, bool, bool, str, str]:
    return (
        not face.family.startswith("Noto Sans"),
        face.weight != FC_REGULAR,
        face.italic,
        face.family,
        str(face.path),
    )


def _scoped(family: EmbeddableFamily) -> EmbeddableFamily:
    """`family` covering only the blocks FALLBACK_SCOPES allows it (all it has, when unscoped)."""
    blocks = FALLBACK_SCOPES.get(family.family)
    if blocks is None:
        return family
    cmap = frozenset(code for code in family.cmap if any(low <= code <= high for low, high in blocks))
    return replace(family, cmap=cmap)


def _with(family: EmbeddableFamily, **changes: str | None) -> EmbeddableFamily:
    return replace(family, **changes)  # type: ignore[arg-type]


@dataclass
class BrandTypefaces:
    """The faces one document uses: heading, body, wordmark, and the fallback chain after them."""

    heading: EmbeddableFamily
    body: EmbeddableFamily
    fallbacks: list[EmbeddableFamily] = field(default_factory=list)
    book: TypefaceBook | None = None

    def cover(self, text: str) -> None:
        """Add fallbacks for the characters of `text` (user text) that no face of the chain has."""
        if self.book is None:
            return
        for char in sorted(set(text)):  # sorted: the same fallbacks in the same order every run
            if char.isspace() or any(family.covers(char) for family in self.chain(self.body)):
                continue
            found = self.book.family_covering(char)
            if found is not None:
                self.fallbacks.append(found)

    def chain(self, first: EmbeddableFamily) -> list[EmbeddableFamily]:
        seen: set[str] = set()
        ordered: list[EmbeddableFamily] = []
        for family in (first, self.body, *self.fallbacks):
            if family.name not in seen:
                seen.add(family.name)
                ordered.append(family)
        return ordered

    @property
    def notes(self) -> list[str]:
        return sorted({family.note for family in (self.heading, self.body) if family.note})
