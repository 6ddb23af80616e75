"""How many event streams each API key has open in this process, so one key cannot hold them all.

An open stream costs a task, a socket and, while it waits, a Redis subscription; a key at its
`BRANDGEN_MAX_EVENT_STREAMS_PER_KEY` is answered 429 until one of its streams ends. The count
is per process (a replica's streams cost that replica), kept in memory so a crashed process
leaves nothing behind to expire.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sse_starlette import EventSourceResponse
from starlette.types import Receive, Scope, Send


class StreamSlot:
    """One open stream of one key; released once, however the stream ends."""

    def __init__(self, slots: StreamSlots, key: str) -> None:
        self._slots, self._key, self._released = slots, key, False

    def release(self) -> None:
        if not self._released:
            self._released = True
            self._slots._release(self._key)


class StreamSlots:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._open: Counter[str] = Counter()

    def acquire(self, key: str) -> StreamSlot | None:
        """A slot for one more stream of `key`, or None when it has `limit` open."""
        if self._open[key] >= self.limit:
            return None
        self._open[key] += 1
        return StreamSlot(self, key)

    def open(self, key: str) -> int:
        return self._open[key]

    def _release(self, key: str) -> None:
        self._open[key] -= 1
        if self._open[key] <= 0:
            del self._open[key]


class CountedEventSourceResponse(EventSourceResponse):
    """An SSE response that gives its slot back when it is done: after the last event, on a
    client disconnect, on an error, or if it never got to send anything."""

    def __init__(self, *args: Any, slot: StreamSlot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slot = slot

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.slot.release()
