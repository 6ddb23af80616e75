"""Making redis-py's asyncio client cheap per command, where a worker spends most of its Python time.

`AutoPipeline`: a worker has dozens of jobs in hand and each asks Redis twice per stage. Through
redis-py's client every command pays a pool checkout and release, a task and a timer for the write
timeout and another timer for the read (~120 us of Python a command); its pipelines pay that per
batch. redis-py has no auto-pipelining (redis/redis-py#3767), so this is ioredis's
`enableAutoPipelining` over a connection of redis-py's own class: what callers issue in one
event-loop turn is written together, later turns are written while earlier replies are still on
their way, and one task reads the replies in order and hands each caller its own reply or error.
A watchdog, not a timer per read, bounds how long replies may take.

`with_hiredis_packing`: redis-py's sync client packs commands with hiredis's C packer, its asyncio
client in Python; this hands the asyncio connection classes the same packer.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections import deque
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.connection import AbstractConnection
from redis.connection import HiredisRespSerializer
from redis.exceptions import NoScriptError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.utils import HIREDIS_AVAILABLE

Command = tuple[Any, ...]


class _HiredisPacking:
    _packer = HiredisRespSerializer()

    def pack_command(self, *args: Any) -> list[bytes]:
        packed: list[bytes] = self._packer.pack(*args)
        return packed


_PACKING_CLASSES: dict[type[AbstractConnection], type[AbstractConnection]] = {}


def with_hiredis_packing(base: type[AbstractConnection]) -> type[AbstractConnection]:
    """`base` (TCP, TLS or Unix socket connection) packing commands with hiredis."""
    if not HIREDIS_AVAILABLE or issubclass(base, _HiredisPacking):
        return base
    if base not in _PACKING_CLASSES:
        _PACKING_CLASSES[base] = type(f"HiredisPacking{base.__name__}", (_HiredisPacking, base), {})
    return _PACKING_CLASSES[base]


class AutoPipeline:
    WATCHDOG_INTERVAL = 1.0

    def __init__(self, client: aioredis.Redis) -> None:
        self.client = client
        pool = client.connection_pool
        # Its own connection, made like the pool's but without per-operation socket timeouts
        # (those cost a task per write and a timer per read); the watchdog bounds replies instead.
        self.reply_timeout: float = pool.connection_kwargs.get("socket_timeout") or 10.0
        self._connection_kwargs = {**pool.connection_kwargs, "socket_timeout": None}
        self._connection_class = pool.connection_class
        self._connection: AbstractConnection | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queued: list[tuple[Command, asyncio.Future[Any]]] = []
        self._sent: deque[tuple[Command, asyncio.Future[Any]]] = deque()  # replies not read yet
        self._io: asyncio.Task[None] | None = None
        self._last_reply = 0.0
        self._timed_out = False
        self._scripts: dict[str, str] = {}

    async def execute(self, *command: Any) -> Any:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # Used from a new event loop (a command per asyncio.run, a test's own loop): the old
            # loop's connection, task and futures cannot serve this one.
            self._loop, self._connection, self._io = loop, None, None
            self._queued, self._sent = [], deque()
        reply: asyncio.Future[Any] = loop.create_future()
        self._queued.append((command, reply))
        if self._io is None or self._io.done():
            self._last_reply = loop.time()
            self._timed_out = False
            self._io = loop.create_task(self._send_and_read())
            loop.call_later(self.WATCHDOG_INTERVAL, self._watchdog, self._io)
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

    def _watchdog(self, io: asyncio.Task[None]) -> None:
        if io.done():
            return
        loop = asyncio.get_running_loop()
        # Waiting on replies, or on the connection's handshake with commands queued behind it.
        if (self._sent or self._queued) and loop.time() - self._last_reply > self.reply_timeout:
            self._timed_out = True
            io.cancel()
            return
        loop.call_later(self.WATCHDOG_INTERVAL, self._watchdog, io)

    async def _send_and_read(self) -> None:
        # One task does all the I/O: it writes whatever is queued, then reads one reply, and again,
        # until nothing is queued or awaited. Commands queued while a reply is read go out next.
        loop = asyncio.get_running_loop()
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
                    value = error
                self._last_reply = loop.time()
                self._sent.popleft()
                if reply.done():  # its caller was canceled
                    continue
                if isinstance(value, ResponseError):
                    reply.set_exception(value)
                else:
                    callback = self.client.response_callbacks.get(str(command[0]).upper())
                    reply.set_result(callback(value) if callback else value)
        except Exception as error:  # the connection broke: every caller in flight hears why
            await self._drop_connection()
            self._fail_all(error)
        except asyncio.CancelledError:
            await self._drop_connection()
            if not self._timed_out:
                self._fail_all(None)
                raise
            self._fail_all(RedisTimeoutError(f"no reply from Redis within {self.reply_timeout:g} s"))

    async def _connect(self) -> AbstractConnection:
        if self._connection is None:
            connection = self._connection_class(**self._connection_kwargs)
            await connection.connect()  # type: ignore[no-untyped-call]
            self._connection = connection
        return self._connection

    async def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.disconnect()

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
