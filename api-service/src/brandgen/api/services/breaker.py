"""A small circuit breaker around the broker and Redis calls of the request path.

After `failures` failures in a row the breaker opens: calls fail at once (503) for `reset`
seconds instead of each waiting for a dead backend; then one trial call decides whether it closes.
Every call is also bounded by `timeout`, so a black-holed backend costs a request at most that.
(Written here rather than taken from a library: the maintained ones are synchronous or tied to
another event loop, and the state machine is a dozen lines.)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from brandgen.shared.errors import TransientError

T = TypeVar("T")


class CircuitOpenError(TransientError):
    def __init__(self, name: str, retry_after: float) -> None:
        super().__init__(f"the {name} is unavailable (circuit open); try again in {retry_after:.0f} s")
        self.retry_after = retry_after


class CircuitBreaker:
    def __init__(self, name: str, *, failures: int, reset: float, timeout: float) -> None:
        self.name, self.failures, self.reset, self.timeout = name, failures, reset, timeout
        self._failed = 0
        self._opened_at: float | None = None

    @property
    def open(self) -> bool:
        return self._opened_at is not None and time.monotonic() - self._opened_at < self.reset

    def check(self) -> None:
        """Fail fast while open; after `reset` seconds let a trial call through."""
        if self._opened_at is None:
            return
        waited = time.monotonic() - self._opened_at
        if waited < self.reset:
            raise CircuitOpenError(self.name, self.reset - waited)

    def success(self) -> None:
        self._failed, self._opened_at = 0, None

    def failure(self) -> None:
        self._failed += 1
        if self._failed >= self.failures or self._opened_at is not None:
            self._opened_at = time.monotonic()  # a failed trial re-opens for another period

    async def call(self, action: Callable[[], Awaitable[T]]) -> T:
        self.check()
        try:
            async with asyncio.timeout(self.timeout):
                result = await action()
        except TimeoutError as error:
            self.failure()
            raise TransientError(f"the {self.name} did not answer within {self.timeout:g} s") from error
        except TransientError:
            self.failure()
            raise
        self.success()
        return result
