"""aiormq's write buffer of 10 frames against `WRITE_BUFFER_FRAMES`, alternated in one process.

Rates over RabbitMQ on a shared machine drift with its load within minutes, more than the
difference measured here, so the two settings take turns in one process (the order flips every
pair) and the report is the median of the pairs' ratios. Each run is `bench_runtime.py`'s relay:
the runtime with Redis state and `AmqpBroker` alone.

Run: .venv/bin/python shared/bench/bench_write_buffer.py   (BENCH_PAIRS, 8; about 2 minutes)
"""

from __future__ import annotations

import gc
import os
import runpy
import statistics
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import aiormq

from brandgen.shared import broker
from brandgen.shared.worker import run_event_loop

PAIRS = int(os.environ.get("BENCH_PAIRS", "8"))
AIORMQ_DEFAULT = 10
bench_runtime = runpy.run_path(str(Path(__file__).with_name("bench_runtime.py")))


def use(frames: int) -> None:
    # `AmqpBroker.connect` raises the class attribute to WRITE_BUFFER_FRAMES (`widen_write_buffer`): lower both.
    aiormq.Connection.FRAME_BUFFER_SIZE = frames
    broker.WRITE_BUFFER_FRAMES = frames


def compare(name: str, relay: Callable[[], Coroutine[Any, Any, Any]], widened: int) -> None:
    runs: dict[int, list[Any]] = {AIORMQ_DEFAULT: [], widened: []}
    for pair in range(PAIRS):
        for frames in (AIORMQ_DEFAULT, widened) if pair % 2 == 0 else (widened, AIORMQ_DEFAULT):
            use(frames)
            runs[frames].append(run_event_loop(relay()))
    for frames, rates in runs.items():
        print(
            f"{name}, a buffer of {frames:>4} frames: {statistics.median(r.per_second for r in rates):6.0f} msg/s, "
            f"{statistics.median(r.cpu_us for r in rates):4.0f} us CPU a message"
        )
    pairs = list(zip(runs[widened], runs[AIORMQ_DEFAULT], strict=True))
    cpu = statistics.median(new.cpu_us / old.cpu_us for new, old in pairs)
    rate = statistics.median(new.per_second / old.per_second for new, old in pairs)
    print(f"{name}: {widened} over {AIORMQ_DEFAULT} frames, median of {PAIRS} pairs: CPU x{cpu:.3f}, rate x{rate:.3f}")


if __name__ == "__main__":
    gc.collect()
    gc.freeze()  # as `bench_runtime.bench` and worker processes do
    widened = broker.WRITE_BUFFER_FRAMES
    compare("runtime + Redis state", bench_runtime["runtime_rate"], widened)
    compare("AmqpBroker alone", bench_runtime["broker_rate"], widened)
