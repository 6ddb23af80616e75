"""The kit's font pairing: the style's suitable pairings, picked by industry, in faces that draw the name.

Pure computation over the graph's answer and the installed fonts (fontconfig + cmap), no network.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from fontTools.unicodedata import script

from brandgen.palette.bkg.repository import PairingRecord
from brandgen.shared.contracts import FontChoice, FontPairing
from brandgen.shared.fonts import covers, find_face, has_family

# A pairing is "suitable" for the style when the graph weighs it at least this share of the best one;
# within that set the industry decides, so two companies of one style do not all get the same pair.
SUITABLE_SHARE = 0.5


@dataclass(frozen=True)
class NotoScript:
    """Noto families (Debian fonts-noto-core / fonts-noto-cjk) for a script the Latin faces lack."""

    name: str
    sans: str
    serif: str | None


_NOTO: dict[str, NotoScript] = {
    "ja": NotoScript("Japanese", "Noto Sans CJK JP", "Noto Serif CJK JP"),
    "zh": NotoScript("Chinese", "Noto Sans CJK SC", "Noto Serif CJK SC"),
    "ko": NotoScript("Korean", "Noto Sans CJK KR", "Noto Serif CJK KR"),
    "ar": NotoScript("Arabic", "Noto Sans Arabic", "Noto Naskh Arabic"),
    "he": NotoScript("Hebrew", "Noto Sans Hebrew", "Noto Serif Hebrew"),
    "hi": NotoScript("Devanagari", "Noto Sans Devanagari", "Noto Serif Devanagari"),
    "th": NotoScript("Thai", "Noto Sans Thai", "Noto Serif Thai"),
}
# Unicode script code of a letter -> the key above. Han alone is read as Chinese unless kana or
# the languages say Japanese (see `needed_script`).
_BY_SCRIPT = {
    "Hira": "ja",
    "Kana": "ja",
    "Hang": "ko",
    "Hani": "zh",
    "Arab": "ar",
    "Hebr": "he",
    "Deva": "hi",
    "Thai": "th",
}


def needed_script(company_name: str, languages: Sequence[str]) -> str | None:
    """The key of the non-Latin script the name (first) or the requested languages need, if any."""
    found = {
        _BY_SCRIPT[code] for char in unicodedata.normalize("NFC", company_name) if (code := script(char)) in _BY_SCRIPT
    }
    if "ja" in found or ("zh" in found and "ja" in languages and "zh" not in languages):
        return "ja"  # kana, or Han in a name for a Japanese audience
    for key in ("ko", "zh", "ar", "he", "hi", "th"):
        if key in found:
            return key
    return next((lang for lang in languages if lang in _NOTO), None)


def _stable_unit(text: str) -> float:
    """A number in [0, 1) fixed by `text` (sha256, not `hash`, so it holds across processes)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") / 2**64


def pick_pairing(pairings: Sequence[PairingRecord], industry: str) -> PairingRecord | None:
    """A weighted pick among the style's installed, suitable pairings, fixed by the industry."""
    installed = [p for p in pairings if has_family(p.heading.family) and has_family(p.body.family)]
    if not installed:
        return None
    best = max(p.weight for p in installed)
    # Sorted here too, so the pick does not depend on the order a graph backend returns rows in.
    suitable = sorted(
        [p for p in installed if p.weight >= best * SUITABLE_SHARE] or installed, key=lambda p: (-p.weight, p.id)
    )
    total = sum(max(p.weight, 0.0) for p in suitable)
    if total <= 0:
        return suitable[0]
    point = _stable_unit(industry) * total
    for pairing in suitable:
        point -= max(pairing.weight, 0.0)
        if point < 0:
            return pairing
    return suitable[-1]


def _noto_choice(family: str, category: str, character: str) -> FontChoice:
    return FontChoice(family=family, licence="OFL-1.1", category=category, character=character)


def _draws(family: str, text: str) -> bool:
    face = find_face(family)
    return face is not None and covers(face, text)


def script_pairing(latin: PairingRecord, key: str, company_name: str) -> FontPairing | None:
    """Noto faces for `key`'s script, serif for a serif heading where Noto has one; None if not installed."""
    noto = _NOTO[key]
    letters = "".join(c for c in company_name if script(c) not in ("Zyyy", "Zinh", "Zzzz"))
    sample = letters or {"ja": "日本語", "zh": "中文", "ko": "한국어", "ar": "عربي", "he": "עברית"}.get(key, "")
    if not _draws(noto.sans, sample):
        return None
    serif = noto.serif if noto.serif and has_family(noto.serif) and _draws(noto.serif, sample) else None
    heading_serif = latin.heading.category == "serif" and serif is not None
    heading_family = serif if heading_serif and serif else noto.sans
    return FontPairing(
        heading=_noto_choice(
            heading_family,
            "serif" if heading_serif else "sans-serif",
            f"Noto {'serif' if heading_serif else 'sans'} drawn for {noto.name}",
        ),
        body=_noto_choice(noto.sans, "sans-serif", f"Noto sans drawn for {noto.name}"),
        reason=(
            f"The name needs {noto.name} letters, which {latin.heading.family} and {latin.body.family} "
            f"lack: Noto faces made for {noto.name} keep the {latin.heading.category} heading "
            "and a legible text face."
        ),
    )


def choose_fonts(
    pairings: Sequence[PairingRecord],
    fallback: PairingRecord,
    *,
    industry: str = "",
    company_name: str = "",
    languages: Sequence[str] = (),
) -> FontPairing:
    """The pairing the kit recommends: by style (graph weights), industry (stable pick), script of the name."""
    chosen = pick_pairing(pairings, industry) or fallback
    key = needed_script(company_name, languages)
    if key is not None:
        scripted = script_pairing(chosen, key, company_name)
        if scripted is not None:
            return scripted
    return FontPairing(
        heading=FontChoice(**chosen.heading.model_dump()),
        body=FontChoice(**chosen.body.model_dump()),
        reason=chosen.reason,
    )


__all__ = ["choose_fonts", "needed_script", "pick_pairing"]
