"""`make bench`: one table, every figure measured in this run on this machine.

Run: .venv/bin/python -m tests.bench.run [--only SECTION ...]   (RabbitMQ and Redis up: `make services`)

Sections: brand-kit latency on the embedded default (one process, memory backends) and through the
fleet (separate processes, RabbitMQ + Redis + moto S3 + FalkorDB, polled over HTTP); kits per minute
with 10 concurrent clients following server-sent events; queue overhead per job (end to end minus
the stages' own durations, from the job record); CPU seconds and peak memory per service; cost per
kit; then each service's own benchmark in a subprocess of its own. A failing part prints its error
in its row; the rest still run.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from brandgen.shared.jobs import submit_job, wait_for_job
from brandgen.shared.models import BrandRequest, JobRecord, JobStatus
from brandgen.shared.revisions import RevisionChanges, plan_revision, submit_revision
from brandgen.shared.services import Services, build_services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import discover_stages
from brandgen.shared.worker import start_workers
from tests.fleet import STAGES, Fleet, FleetConfig, running_fleet
from tests.fleet_client import ApiClient

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LATENCY_KITS = int(os.environ.get("BRANDGEN_BENCH_KITS", "8"))
LOAD_KITS = int(os.environ.get("BRANDGEN_BENCH_LOAD_KITS", "30"))
CLIENTS = 10
# Stated prices (AWS on-demand, us-east-1): c7i.large, 2 vCPU, $0.0893/h -> per vCPU-second; g5.xlarge
# (one A10G), $1.006/h -> per GPU-second, charged only when the logo stage runs SDXL.
VCPU_HOUR_USD = 0.0893 / 2
GPU_HOUR_USD = 1.006
SUB_BENCHMARKS = {
    "api": "api-service/bench/bench_api.py",
    "pdf": "pdf-service/bench/bench_pdf.py",
    "palette": "palette-service/bench/bench_palette.py",
    "rationale": "rationale-service/bench/bench_rationale.py",
    "logo": "logo-gen-service/bench/bench_logo.py",
    "quality": "logo-gen-service/bench/bench_quality.py",  # marks that fit, industry matches, shared sentences
    "runtime": "shared/bench/bench_runtime.py",
}
SUB_TIMEOUT_S = 300  # the runtime part runs Celery and Dramatiq workers too

Row = tuple[str, str, str]  # metric, value, note
REQUEST = {"company_name": "Acme Robotics", "industry": "technology", "style": "modern"}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- embedded default -------------------------------------------------------------------------


async def embedded_latency(scratch: Path) -> list[Row]:
    """Kits one after another in one process, stages warm (as `brandgen serve --embedded` runs them)."""
    stages = discover_stages()
    settings = BrandgenSettings(
        broker_url="memory://", state_url="memory://", storage_url=f"file://{scratch}", pipeline=list(stages)
    )
    services = build_services(settings)
    workers = await start_workers(services, stages)
    try:
        times: list[float] = []
        for index in range(LATENCY_KITS + 1):
            started = time.perf_counter()
            record = await submit_job(services, BrandRequest.model_validate(REQUEST))
            record = await wait_for_job(services.store, record.job_id, 120)
            assert record.status == JobStatus.succeeded, record.error
            if index:  # the first kit warms caches and fonts
                times.append(time.perf_counter() - started)
        revisions = await revision_latency(services, record)
    finally:
        await asyncio.gather(*(worker.stop() for worker in workers))
        await services.close()
    return [
        ("embedded default: kit latency p50", f"{statistics.median(times):.2f} s", f"{len(times)} kits in a row"),
        ("embedded default: kit latency p95", f"{percentile(times, 0.95):.2f} s", "aim: p50 < 2 s"),
        *revisions,
    ]


async def revision_latency(services: Services, parent: JobRecord) -> list[Row]:
    """From a revision request to its result: colour-only (logo reused) and another candidate (logo drawn)."""
    colours = ["#2e7d32", "#aa3300", "#6a1b9a", "#00838f", "#c62828", "#283593", "#ef6c00", "#37474f"]
    figures: dict[str, list[float]] = {"colour-only": [], "candidate": []}
    cpu: dict[str, list[float]] = {"colour-only": [], "candidate": []}
    other = next(c["id"] for c in parent.outputs["logo"]["candidates"] if c["id"] != parent.outputs["logo"]["chosen"])
    for index in range(LATENCY_KITS):
        for kind, change in (
            ("colour-only", {"primary_color": colours[index % len(colours)]}),
            ("candidate", {"candidate": other, "primary_color": colours[index % len(colours)]}),
        ):
            if kind == "candidate" and index >= 3:
                continue  # a whole kit but the graph lookup: three are enough
            started, cpu_started = time.perf_counter(), time.process_time()
            plan = plan_revision(parent, RevisionChanges.model_validate(change), fonts=())
            record = await submit_revision(services, plan)
            record = await wait_for_job(services.store, record.job_id, 120)
            assert record.status == JobStatus.succeeded, record.error
            figures[kind].append(time.perf_counter() - started)
            cpu[kind].append(time.process_time() - cpu_started)  # what the load of other processes leaves out
    colour, candidate = figures["colour-only"], figures["candidate"]
    return [
        (
            "embedded default: colour-only revision p50",
            f"{statistics.median(colour):.2f} s",
            f"{len(colour)} revisions, logo reused, CPU {statistics.median(cpu['colour-only']):.2f} s; aim < 1 s",
        ),
        ("embedded default: colour-only revision p95", f"{percentile(colour, 0.95):.2f} s", "request to result"),
        (
            "embedded default: candidate revision p50",
            f"{statistics.median(candidate):.2f} s",
            f"{len(candidate)} revisions, logo drawn again, CPU {statistics.median(cpu['candidate']):.2f} s",
        ),
    ]


# --- the fleet ------------------------------------------------------------------------------------


def overhead_ms(view: dict[str, Any]) -> float:
    """Job creation to its last stage's end, minus the time spent inside stage functions."""
    created = datetime.fromisoformat(view["created_at"])
    finished = datetime.fromisoformat(view["stages"][STAGES[-1]]["finished_at"])
    inside: float = sum(view["stages"][stage]["duration_ms"] for stage in STAGES)
    return (finished - created).total_seconds() * 1000 - inside


async def one_kit(api: ApiClient, company: str, *, follow: bool = False) -> tuple[float, dict[str, Any]]:
    """Submit a kit and wait for it: polling every 20 ms (latency to the moment it is seen), or
    following its server-sent events (`follow`), as clients waiting in numbers should."""
    started = time.perf_counter()
    job_id = await api.submit(company)
    view = (await api.follow(job_id))[0] if follow else await api.wait(job_id, timeout=180, interval=0.02)
    assert view["status"] == "succeeded", view["error"]
    return time.perf_counter() - started, view


async def fleet_figures(fleet: Fleet) -> list[Row]:
    rows: list[Row] = []
    api = ApiClient(fleet.api_url, fleet.api_key)
    try:
        await one_kit(api, "Warm Up")
        latencies, overheads = [], []
        for index in range(LATENCY_KITS):
            elapsed, view = await one_kit(api, f"Latency {index}")
            latencies.append(elapsed)
            overheads.append(overhead_ms(view))
        rows += [
            ("fleet: kit latency p50", f"{statistics.median(latencies):.2f} s", "submit to poll seeing succeeded"),
            ("fleet: kit latency p95", f"{percentile(latencies, 0.95):.2f} s", "aim: p50 < 3 s"),
            (
                "fleet: queue overhead per job p50",
                f"{statistics.median(overheads):.0f} ms",
                f"p95 {percentile(overheads, 0.95):.0f} ms; e2e minus stage durations; aim < 150 ms",
            ),
        ]

        before, own_before = fleet.stats(), time.process_time()
        queue: asyncio.Queue[int] = asyncio.Queue()
        for index in range(LOAD_KITS):
            queue.put_nowait(index)
        load_overheads: list[float] = []

        async def client() -> None:
            while not queue.empty():
                index = queue.get_nowait()
                # Ten clients polling every 20 ms would spend on the API the CPU the workers need.
                _, view = await one_kit(api, f"Load {index}", follow=True)
                load_overheads.append(overhead_ms(view))

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        elapsed = time.perf_counter() - started
        after, own_cpu = fleet.stats(), time.process_time() - own_before
        rows.append(
            (
                f"fleet: kits per minute, {CLIENTS} clients",
                f"{LOAD_KITS / elapsed * 60:.0f}",
                f"{LOAD_KITS} kits in {elapsed:.1f} s, clients following events; aim >= 60",
            )
        )
        rows.append(
            ("fleet: queue overhead under load p50", f"{statistics.median(load_overheads):.0f} ms", "waiting included")
        )
        cpu = {name: after[name].cpu_seconds - before[name].cpu_seconds for name in after if name in before}
        cpu_per_kit = sum(cpu.values()) / LOAD_KITS
        for name in sorted(cpu):
            rows.append((f"fleet: CPU per kit, {name}", f"{cpu[name] / LOAD_KITS:.3f} s", "during the load run"))
        rows.append(("fleet: CPU per kit, all services", f"{cpu_per_kit:.3f} s", "moto S3 not counted (test stand-in)"))
        rows.append(
            (
                "fleet: CPU per kit, this process",
                f"{own_cpu / LOAD_KITS:.3f} s",
                "the moto S3 stand-in and the load clients, on the same cores",
            )
        )
        for name, stats in sorted(after.items()):
            rows.append((f"peak memory (RSS), {name}", f"{stats.peak_rss_bytes / 2**20:.0f} MiB", "VmHWM"))
        gpu_seconds = 0.0  # procedural logo backend; SDXL would add its GPU time here
        cost = cpu_per_kit * VCPU_HOUR_USD / 3600 + gpu_seconds * GPU_HOUR_USD / 3600
        rows.append(
            (
                "cost per kit (procedural logo)",
                f"${cost:.6f}",
                f"{cpu_per_kit:.2f} vCPU-s at c7i.large $0.0893/h (2 vCPU); GPU 0 s; aim < $2.00",
            )
        )
        sdxl_gpu_seconds = float(os.environ.get("BRANDGEN_BENCH_SDXL_GPU_SECONDS", "0") or 0)
        if sdxl_gpu_seconds:
            sdxl_cost = cost + sdxl_gpu_seconds * GPU_HOUR_USD / 3600
            rows.append(
                (
                    "cost per kit (SDXL logo)",
                    f"${sdxl_cost:.4f}",
                    f"+{sdxl_gpu_seconds:.1f} GPU-s at g5.xlarge $1.006/h (measured elsewhere, given in env)",
                )
            )
    finally:
        await api.close()
    return rows


# --- each service's own benchmark -----------------------------------------------------------------

_CHILD = """
import json, runpy, sys
module = runpy.run_path(sys.argv[1])
print("BENCH-RESULT " + json.dumps(module["bench"]()))
"""


def sub_benchmark(name: str, path: str) -> list[Row]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ROOT / path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SUB_TIMEOUT_S,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH-RESULT ")]
    if done.returncode != 0 or not lines:
        error = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [(f"{name}: benchmark", "ERROR", error[:160])]
    return [(f"{name}: {metric}", number(value), unit) for metric, value, unit in json.loads(lines[0][13:])]


def number(value: object) -> str:
    if not isinstance(value, int | float):
        return str(value)
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if abs(value) >= 1 else f"{value:.3g}"


# --- the run ----------------------------------------------------------------------------------------


def guarded(label: str, part: Callable[[], list[Row]]) -> list[Row]:
    started = time.perf_counter()
    try:
        rows = part()
    except subprocess.TimeoutExpired:
        rows = [(label, "ERROR", f"timed out after {SUB_TIMEOUT_S} s")]
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        rows = [(label, "ERROR", f"{type(error).__name__}: {error}"[:160])]
    print(f"  {label}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return rows


def print_table(rows: list[Row]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    print(f"{'metric':<{widths[0]}}  {'value':>{widths[1]}}  note")
    print("-" * (widths[0] + widths[1] + 40))
    for metric, value, note in rows:
        print(f"{metric:<{widths[0]}}  {value:>{widths[1]}}  {note}")


def main() -> None:
    import argparse
    import tempfile

    sections = ["embedded", "fleet", *SUB_BENCHMARKS]
    parser = argparse.ArgumentParser(description="Every figure of the benchmark table, measured in one run.")
    parser.add_argument(
        "--only",
        action="append",
        choices=sections,
        help="measure only this section (repeatable); e.g. `--only fleet` for an A/B of two checkouts",
    )
    chosen = set(parser.parse_args().only or sections)

    started = time.perf_counter()
    print("measuring (about 4 minutes) ...", file=sys.stderr, flush=True)
    rows: list[Row] = []
    if "embedded" in chosen:
        with tempfile.TemporaryDirectory(prefix="brandgen-bench-") as scratch:
            rows += guarded("embedded default", lambda: asyncio.run(embedded_latency(Path(scratch))))

    def through_fleet() -> list[Row]:
        with running_fleet(FleetConfig(prefix="bench" + FleetConfig().prefix)) as fleet:
            return asyncio.run(fleet_figures(fleet))

    if "fleet" in chosen:
        rows += guarded("fleet", through_fleet)
    for name, path in SUB_BENCHMARKS.items():
        if name in chosen:
            rows += guarded(name, lambda name=name, path=path: sub_benchmark(name, path))  # type: ignore[misc]

    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )
    print()
    print(f"Brand Generator benchmark, {datetime.now().isoformat(timespec='minutes')}, {machine}")
    print(
        f"prices: c7i.large ${VCPU_HOUR_USD * 2:.4f}/h for 2 vCPU; g5.xlarge (A10G) ${GPU_HOUR_USD}/h; "
        "AWS on-demand us-east-1"
    )
    print()
    print_table(rows)
    print(f"\n(measured in {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
