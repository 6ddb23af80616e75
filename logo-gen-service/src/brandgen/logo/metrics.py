"""Logo-specific metrics. Stage duration and outcomes per variant are the shared runtime's
(brandgen_stage_duration_seconds, brandgen_stage_runs_total); these add what only this stage knows."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

LOGO_CANDIDATES = Counter("brandgen_logo_candidates_total", "Logo candidates generated.", ["backend", "variant"])
LOGO_PHASE_SECONDS = Histogram(
    "brandgen_logo_phase_seconds",
    "Time of each logo phase (generate, score, postprocess, store).",
    ["backend", "variant", "phase"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120),
)
LOGO_OOM_RETRIES = Counter(
    "brandgen_logo_oom_retries_total", "SDXL batches retried smaller after CUDA out-of-memory.", ["variant"]
)


def variant_label(variant: str | None) -> str:
    return variant or "default"
