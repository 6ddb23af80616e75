"""Making redis-py's asyncio client cheap per command, where a worker spends most of its Python time.

`AutoPipeline`: the commands issued in one event-loop turn go out as one pipeline.

A worker has dozens of jobs in hand and each asks Redis three things per stage. redis-py sends every
command on its own (pool checkout, a write, a read, a release: ~75 us of Python apiece); a
pipeline of 30 costs ~15 us a command. redis-py has no auto-pipelining (redis/redis-py#3767), so
this is ioredis's `enableAutoPipelining` in a few lines: callers await a future, and a callback
scheduled for the next loop turn sends everything queued by then in one non-transactional pipeline.
Each caller still gets its own reply or its own error.

`HiredisPackingConnection`: redis-py's sync client packs commands with hiredis's C packer, its asyncio
client in Python (~28 us a command, most of a worker's Redis time); this hands the asyncio client
the same packer.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.connection import Connection
from redis.connection import HiredisRespSerializer
from redis.exceptions import NoScriptError
from redis.utils import HIREDIS_AVAILABLE

Command = tuple[Any, ...]


class HiredisPackingConnection(Connection):
    _packer = HiredisRespSerializer()

    def pack_command(self, *args: Any) -> list[bytes]:
        packed: list[bytes] = self._packer.pack(*args)
        return packed


def connection_class() -> type[Connection]:
    """The connection class for `ConnectionPool(connection_class=...)`."""
    return HiredisPackingConnection if HIREDIS_AVAILABLE else Connection


class AutoPipeline:
    def __init__(self, client: aioredis.Redis, *, max_batch: int = 256) -> None:
        self.client = client
        self.max_batch = max_batch
        self._queued: list[tuple[Command, asyncio.Future[Any]]] = []
        self._flush_scheduled = False
        self._sending: set[asyncio.Task[None]] = set()
        self._scripts: dict[str, str] = {}

    async def execute(self, *command: Any) -> Any:
        loop = asyncio.get_running_loop()
        reply: asyncio.Future[Any] = loop.create_future()
        self._queued.append((command, reply))
        if len(self._queued) >= self.max_batch:
            self._flush()
        elif not self._flush_scheduled:
            self._flush_scheduled = True
            loop.call_soon(self._flush)
        return await reply

    def script(self, body: str) -> str:
        """Register a Lua script; returns the sha to pass to `evalsha`."""
        sha = hashlib.sha1(body.encode(), usedforsecurity=False).hexdigest()
        self._scripts[sha] = body
        return sha

    async def evalsha(self, sha: str, keys: list[str], args: list[Any]) -> Any:
        try:
            return await self.execute("EVALSHA", sha, len(keys), *keys, *args)
        except NoScriptError:
            # Redis restarted (or its script cache was flushed): load it and run once more. The
            # script did not run, so running it now cannot apply anything twice.
            await self.client.script_load(self._scripts[sha])
            return await self.execute("EVALSHA", sha, len(keys), *keys, *args)

    def _flush(self) -> None:
        self._flush_scheduled = False
        batch, self._queued = self._queued, []
        if batch:
            task = asyncio.get_running_loop().create_task(self._send(batch))
            self._sending.add(task)  # held so the task is not collected mid-flight
            task.add_done_callback(self._sending.discard)

    async def _send(self, batch: list[tuple[Command, asyncio.Future[Any]]]) -> None:
        try:
            async with self.client.pipeline(transaction=False) as pipe:
                for command, _ in batch:
                    pipe.execute_command(*command)
                replies = await pipe.execute(raise_on_error=False)
        except Exception as error:  # the connection broke: every caller hears why
            for _, reply in batch:
                if not reply.done():
                    reply.set_exception(error)
            return
        except asyncio.CancelledError:  # the loop is shutting down
            for _, reply in batch:
                reply.cancel()
            raise
        for (_, reply), value in zip(batch, replies, strict=True):
            if reply.done():  # the caller was canceled
                continue
            if isinstance(value, Exception):
                reply.set_exception(value)
            else:
                reply.set_result(value)
