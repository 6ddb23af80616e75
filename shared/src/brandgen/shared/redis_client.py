"""Making redis-py's asyncio client cheap per command, where a worker spends most of its Python time.

`AutoPipeline`: a worker has dozens of jobs in hand and each asks Redis twice per stage. redis-py
sends every command on its own (pool checkout, a write, a read, a release), and even its pipelines
pay that per batch: ~75 us of Python per command. redis-py has no auto-pipelining
(redis/redis-py#3767), so this is ioredis's `enableAutoPipelining` over one of redis-py's own
connections: what callers issue in one event-loop turn is written together, later turns are
written while earlier replies are still on their way, and one task reads the replies in order and
hands each caller its own reply or its own error.

`HiredisPackingConnection`: redis-py's sync client packs commands with hiredis's C packer, its asyncio
client in Python; this hands the asyncio client the same packer.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections import deque
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.connection import AbstractConnection, Connection
from redis.connection import HiredisRespSerializer
from redis.exceptions import NoScriptError, ResponseError
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
    def __init__(self, client: aioredis.Redis) -> None:
        self.client = client
        self._queued: list[tuple[Command, asyncio.Future[Any]]] = []
        self._sent: deque[tuple[Command, asyncio.Future[Any]]] = deque()  # replies not read yet
        self._connection: AbstractConnection | None = None
        self._io: asyncio.Task[None] | None = None
        self._scripts: dict[str, str] = {}

    async def execute(self, *command: Any) -> Any:
        reply: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queued.append((command, reply))
        if self._io is None or self._io.done():
            self._io = asyncio.get_running_loop().create_task(self._send_and_read())
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

    async def close(self) -> None:
        if self._io is not None:
            self._io.cancel()
            with contextlib.suppress(BaseException):
                await self._io
        await self._drop_connection()

    async def _send_and_read(self) -> None:
        # One task does all the I/O: it writes whatever is queued, then reads one reply, and again,
        # until nothing is queued or awaited. Commands queued while a reply is read go out next.
        try:
            while self._queued or self._sent:
                if self._queued:
                    connection = await self._connect()
                    batch, self._queued = self._queued, []
                    self._sent.extend(batch)  # before the write: a failed write fails them too
                    packed = connection.pack_commands([command for command, _ in batch])
                    await connection.send_packed_command(packed, check_health=False)
                assert self._connection is not None
                command, reply = self._sent[0]
                try:
                    value = await self._connection.read_response()
                except ResponseError as error:  # this command's error; the connection is fine
                    self._sent.popleft()
                    if not reply.done():
                        reply.set_exception(error)
                    continue
                self._sent.popleft()
                if not reply.done():  # else its caller was canceled
                    callback = self.client.response_callbacks.get(str(command[0]).upper())
                    reply.set_result(callback(value) if callback else value)
        except Exception as error:  # the connection broke: every caller in flight hears why
            await self._drop_connection()
            self._fail_all(error)
        except asyncio.CancelledError:
            await self._drop_connection()
            self._fail_all(None)
            raise

    async def _connect(self) -> AbstractConnection:
        if self._connection is None:
            # Held for good (an auto-pipeline multiplexes everything over it), given back on close.
            self._connection = await self.client.connection_pool.get_connection()  # type: ignore[no-untyped-call]
        return self._connection

    async def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.disconnect()
            with contextlib.suppress(Exception):
                await self.client.connection_pool.release(connection)

    def _fail_all(self, error: Exception | None) -> None:
        waiting = [*self._sent, *self._queued]
        self._sent.clear()
        self._queued.clear()
        for _, reply in waiting:
            if reply.done():
                continue
            if error is None:
                reply.cancel()
            else:
                reply.set_exception(error)
