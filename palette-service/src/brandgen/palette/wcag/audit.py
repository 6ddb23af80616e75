"""Check every text/background and UI pair of a theme against WCAG 2.2, repairing what fails.

Pairs are checked in dependency order: role colours against the page first (repairing the role),
then text on those roles (repairing the text colour), so a pair reported as passing was measured
on the final colours. The `brand` token is never repaired: when it cannot carry text the audit
says so and names the theme's accessible primary instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from brandgen.palette.wcag.contrast import AA, AAA, ContrastKind, apca_lc, contrast_ratio
from brandgen.palette.wcag.repair import repair_foreground

# (foreground, background, kind), in the order repairs must happen.
PAIRS: tuple[tuple[str, str, ContrastKind], ...] = (
    ("primary", "background", "text"),  # links and primary text on the page
    ("secondary", "background", "ui"),
    ("accent", "background", "ui"),
    ("success", "background", "ui"),
    ("warning", "background", "ui"),
    ("info", "background", "ui"),
    ("error", "background", "text"),  # error messages are text
    ("outline", "background", "ui"),  # input borders (1.4.11)
    ("on_background", "background", "text"),
    ("on_surface", "surface", "text"),
    ("on_surface_variant", "surface_variant", "text"),
    ("on_primary", "primary", "text"),
    ("on_primary_container", "primary_container", "text"),
    ("on_secondary", "secondary", "text"),
    ("on_accent", "accent", "text"),
    ("on_success", "success", "text"),
    ("on_warning", "warning", "text"),
    ("on_error", "error", "text"),
    ("on_info", "info", "text"),
    ("on_brand", "brand", "text"),
    ("brand", "background", "large_text"),  # reported, never repaired: the brand colour is kept
)
NEVER_REPAIRED = frozenset({"brand"})


@dataclass
class PairResult:
    foreground: str
    background: str
    kind: ContrastKind
    foreground_hex: str
    background_hex: str
    ratio: float
    required: float
    aa: bool
    aaa: bool
    apca_lc: float
    repaired: bool


@dataclass
class ThemeAudit:
    tokens: dict[str, str]
    results: list[PairResult] = field(default_factory=list)
    repaired_tokens: dict[str, tuple[str, str]] = field(default_factory=dict)  # token -> (before, after)


def audit_theme(draft: dict[str, str], hues: Mapping[str, float] | None = None) -> ThemeAudit:
    """Check and repair `draft`; `hues` (token -> degrees) are the hues repairs keep: each token's
    role hue, which the draft's 8-bit tokens only approximate."""
    tokens = dict(draft)
    hues = hues or {}
    repaired: dict[str, tuple[str, str]] = {}
    for foreground, background, kind in PAIRS:
        if foreground in NEVER_REPAIRED:
            continue
        before = tokens[foreground]
        after = repair_foreground(before, tokens[background], AA[kind], hue=hues.get(foreground))
        if after != before:
            tokens[foreground] = after
            repaired[foreground] = (repaired.get(foreground, (before, before))[0], after)
    audit = ThemeAudit(tokens=tokens, repaired_tokens=repaired)
    for foreground, background, kind in PAIRS:  # measured again on the final colours
        fg, bg = tokens[foreground], tokens[background]
        ratio = contrast_ratio(fg, bg)
        audit.results.append(
            PairResult(
                foreground=foreground,
                background=background,
                kind=kind,
                foreground_hex=fg,
                background_hex=bg,
                ratio=ratio,
                required=AA[kind],
                aa=ratio >= AA[kind],
                aaa=ratio >= AAA[kind],
                apca_lc=apca_lc(fg, bg),
                repaired=foreground in repaired,
            )
        )
    return audit
