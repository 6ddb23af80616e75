"""Long blocking work in a thread that stops when the run waiting for it is cancelled.

`asyncio.to_thread` cannot stop its thread: a stage cancelled at its job's deadline (or by a
drain, or a closed channel) returns at once, but the thread goes on to the end, holding a GPU
for a result nobody reads. Work that runs in steps (diffusion steps, pages) takes a
`ThreadControl` instead, calls `checkpoint(fraction)` between steps, and so stops within one
step of the cancellation; the fractions it reports reach the caller's progress callback, from
the event loop's side, so no progress lands after the call has returned.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")

PROGRESS_EVERY = 0.25
"""Seconds between progress reports of work in a thread (the store takes ten a second at most)."""


class WorkStopped(Exception):  # noqa: N818 - the work did not fail, it was told to stop
    """Raised inside the thread at a checkpoint after the run waiting for it was cancelled."""


class ThreadControl:
    """What work in a thread sees of the run waiting for it: a stop flag and a progress slot."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self.fraction = 0.0

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()

    def checkpoint(self, fraction: float | None = None) -> None:
        """Record progress (0..1), then raise `WorkStopped` if the waiting run was cancelled."""
        if fraction is not None:
            self.fraction = fraction
        if self._stop.is_set():
            raise WorkStopped


async def run_in_thread(
    work: Callable[..., T],
    *args: Any,
    on_progress: Callable[[float], Awaitable[None]] | None = None,
    every: float = PROGRESS_EVERY,
) -> T:
    """Run `work(*args, control)` in a thread; cancelling this call tells the work to stop.

    While it runs, `on_progress` hears the latest fraction the work reported, at most every
    `every` seconds and only when it changed.
    """
    control = ThreadControl()
    thread = asyncio.ensure_future(asyncio.to_thread(work, *args, control))
    reported = control.fraction
    try:
        while True:
            done, _ = await asyncio.wait({thread}, timeout=every if on_progress else None)
            if done:
                return thread.result()
            if on_progress is not None and control.fraction != reported:
                reported = control.fraction
                await on_progress(reported)
    except BaseException:
        # Cancelled (or the progress callback failed): the thread stops at its next checkpoint.
        # Its result, or its WorkStopped, has nobody to go to.
        control.stop()
        thread.cancel()
        thread.add_done_callback(_drop_result)  # in case it ended just now with an error
        raise


def _drop_result(thread: asyncio.Future[Any]) -> None:
    if not thread.cancelled():
        thread.exception()  # retrieved, so asyncio does not log it as never retrieved
