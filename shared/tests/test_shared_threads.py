"""Work in a thread stops when the run waiting for it is cancelled, and reports its progress."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from brandgen.shared.threads import ThreadControl, WorkStopped, run_in_thread


class Steps:
    """Blocking work of `count` steps of `pause` seconds, a checkpoint after each."""

    def __init__(self, count: int, pause: float) -> None:
        self.count, self.pause = count, pause
        self.done = 0
        self.ended = threading.Event()
        self.outcome: str | None = None

    def __call__(self, label: str, control: ThreadControl) -> str:
        try:
            for step in range(self.count):
                time.sleep(self.pause)
                self.done = step + 1
                control.checkpoint(self.done / self.count)
            self.outcome = "finished"
            return f"{label}: {self.done} steps"
        except WorkStopped:
            self.outcome = "stopped"
            raise
        finally:
            self.ended.set()


async def test_returns_the_result_and_reports_progress_while_it_runs() -> None:
    work = Steps(count=10, pause=0.03)
    heard: list[float] = []

    async def progress(fraction: float) -> None:
        heard.append(fraction)

    result = await run_in_thread(work, "kit", on_progress=progress, every=0.05)

    assert result == "kit: 10 steps"
    assert len(heard) >= 2  # the work took several reporting intervals
    assert heard == sorted(set(heard))  # each report new and larger than the last
    assert all(0 < fraction <= 1 for fraction in heard)


async def test_cancelling_the_call_stops_the_thread_at_its_next_checkpoint() -> None:
    work = Steps(count=500, pause=0.01)  # five seconds if nothing stops it
    call = asyncio.ensure_future(run_in_thread(work, "kit"))
    while work.done < 3:
        await asyncio.sleep(0.01)
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call

    assert await asyncio.to_thread(work.ended.wait, 2.0), "the thread ran on after its caller was cancelled"
    assert work.outcome == "stopped"
    assert work.done < 50


async def test_a_deadline_stops_the_thread_too() -> None:
    work = Steps(count=500, pause=0.01)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.1):
            await run_in_thread(work, "kit")
    assert await asyncio.to_thread(work.ended.wait, 2.0)
    assert work.outcome == "stopped"


async def test_an_error_in_the_work_reaches_the_caller() -> None:
    def broken(control: ThreadControl) -> None:
        control.checkpoint(0.5)
        raise ValueError("the model file is corrupt")

    with pytest.raises(ValueError, match="corrupt"):
        await run_in_thread(broken, on_progress=lambda _: asyncio.sleep(0), every=0.01)


async def test_a_failing_progress_callback_stops_the_work_and_raises() -> None:
    work = Steps(count=500, pause=0.01)

    async def progress(fraction: float) -> None:
        raise RuntimeError("progress store down")

    with pytest.raises(RuntimeError, match="progress store down"):
        await run_in_thread(work, "kit", on_progress=progress, every=0.02)
    assert await asyncio.to_thread(work.ended.wait, 2.0)
    assert work.outcome == "stopped"
