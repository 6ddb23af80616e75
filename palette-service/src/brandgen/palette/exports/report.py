"""The full accessibility report as JSON: every pair, CVD checks, notes and the standards used."""

from __future__ import annotations

import json

from brandgen.palette.wcag.contrast import AA, AAA
from brandgen.palette.wcag.cvd import MIN_DELTA_E
from brandgen.shared.contracts import PaletteOutput


def render_contrast_report(palette: PaletteOutput) -> str:
    report = {
        "standard": "WCAG 2.2: 1.4.3 contrast (minimum), 1.4.6 contrast (enhanced), 1.4.11 non-text contrast",
        "thresholds": {"AA": AA, "AAA": AAA},
        "ratios": "unrounded; a pair passes only when ratio >= required",
        "apca": "APCA-W3 0.0.98G-4g Lc, advisory only",
        "cvd_method": f"coloraide simulation at full severity; CIEDE2000 >= {MIN_DELTA_E} counts as distinguishable",
        "seed_color": palette.seed_color,
        "summary": {
            "pairs": len(palette.contrast),
            "aa": sum(check.aa for check in palette.contrast),
            "aaa": sum(check.aaa for check in palette.contrast),
            "repaired": sum(check.repaired for check in palette.contrast),
            "cvd_flagged": sum(not check.distinguishable for check in palette.cvd),
        },
        "contrast": [check.model_dump() for check in palette.contrast],
        "cvd": [check.model_dump() for check in palette.cvd],
        "notes": palette.notes,
    }
    return json.dumps(report, indent=2) + "\n"
