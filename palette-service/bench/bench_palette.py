"""Palette benchmarks: palette computation per job (graph query excluded), exports, graph queries.

Run: .venv/bin/python palette-service/bench/bench_palette.py
"""

from __future__ import annotations

import random
import statistics
import time

from brandgen.palette.bkg.cache import QueryCache
from brandgen.palette.bkg.dataset import load_dataset
from brandgen.palette.bkg.embedded import EmbeddedFalkorDB
from brandgen.palette.bkg.falkordb_adapter import FalkorDBGraphClient
from brandgen.palette.bkg.matching import Match
from brandgen.palette.bkg.repository import BrandGraphRepository, JobContext
from brandgen.palette.exports.ase import render_ase
from brandgen.palette.exports.css import render_css
from brandgen.palette.exports.report import render_contrast_report
from brandgen.palette.exports.tailwind import render_tailwind
from brandgen.palette.exports.tokens import render_tokens
from brandgen.palette.palette import PaletteInputs, build_palette
from brandgen.palette.wcag.contrast import apca_lc, contrast_ratio, relative_luminance

JOBS = 40


def _clear_colour_caches() -> None:
    # Each job starts cold, as a fresh seed colour would in production.
    for cached in (contrast_ratio, relative_luminance, apca_lc):
        cached.cache_clear()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def bench() -> list[tuple[str, float, str]]:
    rng = random.Random(7)
    dataset = load_dataset()
    server = EmbeddedFalkorDB().start()
    try:
        repository = BrandGraphRepository(FalkorDBGraphClient(server.host, server.port, "bench"), QueryCache())
        started = time.perf_counter()
        repository.seed(dataset)
        seed_ms = (time.perf_counter() - started) * 1000
        pairs = [(rng.choice(dataset.industries).id, rng.choice(dataset.styles).id) for _ in range(JOBS)]
        query_ms: list[float] = []
        contexts: list[JobContext] = []
        for industry, style in pairs:
            repository.cache.local.clear()
            repository.catalogue()  # re-read, so the timing below is the job query alone
            started = time.perf_counter()
            contexts.append(repository.job_context(industry, style))
            query_ms.append((time.perf_counter() - started) * 1000)
        for industry, style in pairs:  # fill the cache (the loop above cleared it per job)
            repository.job_context(industry, style)
        started = time.perf_counter()
        for industry, style in pairs:
            repository.job_context(industry, style)
        cached_us = (time.perf_counter() - started) / len(pairs) * 1e6
    finally:
        server.stop()

    build_palette(
        PaletteInputs("#1565c0", [], Match("x", "exact"), Match("y", "exact"), "x", "y"), contexts[0]
    )  # warm-up
    palette_ms: list[float] = []
    export_ms: list[float] = []
    for index, context in enumerate(contexts):
        seed = None if index % 4 == 0 else f"#{rng.randrange(0x1000000):06x}"
        inputs = PaletteInputs(seed, [], Match(context.industry, "exact"), Match(context.style, "exact"), "x", "y")
        _clear_colour_caches()
        started = time.perf_counter()
        palette = build_palette(inputs, context)
        palette_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        for render in (render_css, render_tailwind, render_tokens, render_contrast_report):
            render(palette)
        render_ase(palette)
        export_ms.append((time.perf_counter() - started) * 1000)
    return [
        ("palette_build_median", statistics.median(palette_ms), "ms"),
        ("palette_build_p95", _percentile(palette_ms, 0.95), "ms"),
        ("palette_exports_median", statistics.median(export_ms), "ms"),
        ("graph_job_query_median", statistics.median(query_ms), "ms"),
        ("graph_job_query_cached", cached_us, "us"),
        ("graph_seed", seed_ms, "ms"),
    ]


if __name__ == "__main__":
    for name, value, unit in bench():
        print(f"{name:28s} {value:10.2f} {unit}")
