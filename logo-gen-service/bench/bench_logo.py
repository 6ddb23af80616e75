"""CPU benchmark of the procedural backend: 4 candidates (each checked for contrast on a render and
scored) plus every lockup, treatment, size and icon of the chosen one.

Run: .venv/bin/python logo-gen-service/bench/bench_logo.py
"""

from __future__ import annotations

import statistics
import time

from brandgen.logo.models.procedural import design_candidates
from brandgen.logo.processors.kit import build_kit
from brandgen.logo.processors.scoring import choose, score_candidates
from brandgen.shared.models import BrandRequest

WIDTHS = [256, 512, 1024]


def _once(request: BrandRequest, seed: int) -> tuple[float, int]:
    started = time.perf_counter()
    designs = design_candidates(request, 4, seed)
    scores = score_candidates(designs)
    kit = build_kit(designs, choose(designs, scores), widths=WIDTHS, tagline=request.tagline, scores=scores)
    return time.perf_counter() - started, len(kit.files)


def bench() -> list[tuple[str, float, str]]:
    latin = BrandRequest(
        company_name="Acme Robotics",
        industry="technology",
        style="modern",
        primary_color="#1a73e8",
        tagline="Robots that help",
    )
    arabic = BrandRequest(company_name="شركة النور", industry="energy", style="classic")
    _once(latin, 0)  # warm font caches, as a running worker has them
    _once(arabic, 0)
    latin_times = [_once(latin, seed)[0] for seed in range(1, 6)]
    arabic_times = [_once(arabic, seed)[0] for seed in range(1, 4)]
    files = _once(latin, 99)[1]
    return [
        ("procedural kit, 4 candidates + all variants/sizes (Latin), median", statistics.median(latin_times), "s"),
        ("procedural kit (Latin), worst of 5", max(latin_times), "s"),
        ("procedural kit (Arabic), median", statistics.median(arabic_times), "s"),
        ("files per kit", float(files), "files"),
    ]


if __name__ == "__main__":
    for name, value, unit in bench():
        print(f"{name}: {value:.3f} {unit}")
