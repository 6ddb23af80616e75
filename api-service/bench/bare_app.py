"""The yardsticks: bare FastAPI endpoints on the same uvicorn settings as the API.

- `GET /ping`: no I/O at all (what FastAPI + uvicorn cost by themselves).
- `POST /raw/submit`: the I/O of a submit and nothing else: the body stored in Redis under a fresh
  key (one write) and published to a durable queue with publisher confirms (one confirmed publish),
  on the same clients the API uses (redis-py asyncio; aio-pika's channel, published on as
  `AmqpBroker` publishes: straight to the aiormq channel under it, not waiting for the write, with
  the same write buffer). No auth, rate limit, validation, idempotency or job model: what the API
  adds on top is the difference.
- `GET /raw/jobs/{job_id}`: one read of a job record from the API's own Redis hash (`HGET json`),
  returned as stored: a poll's I/O without the view.

The raw routes exist when `BRANDGEN_BENCH_PREFIX` is set (with `BRANDGEN_BENCH_REDIS_URL` and
`BRANDGEN_BENCH_AMQP_URL`); their queue is deleted at shutdown, their keys live under the prefix.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aio_pika
import aiormq
import redis.asyncio as aioredis
from fastapi import FastAPI, Request, Response
from pamqp.commands import Basic

from brandgen.shared.broker import widen_write_buffer
from brandgen.shared.keys import RedisKeys

PREFIX = os.environ.get("BRANDGEN_BENCH_PREFIX", "")
REDIS_URL = os.environ.get("BRANDGEN_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
AMQP_URL = os.environ.get("BRANDGEN_BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    if not PREFIX:
        yield
        return
    app.state.redis = aioredis.from_url(REDIS_URL, decode_responses=False, max_connections=64)
    widen_write_buffer()  # as `AmqpBroker` does, so the baseline's publishes cost what the API's do
    connection = await aio_pika.connect_robust(AMQP_URL)
    channel = await connection.channel(publisher_confirms=True)
    queue = await channel.declare_queue(f"{PREFIX}.raw", durable=True)
    app.state.channel = channel
    try:
        yield
    finally:
        await queue.delete(if_unused=False, if_empty=False)
        await connection.close()
        await app.state.redis.aclose()


app = FastAPI(lifespan=lifespan)


@app.get("/ping")
async def ping() -> dict[str, bool]:
    return {"ok": True}


@app.post("/raw/submit", status_code=202)
async def raw_submit(request: Request) -> Response:
    body = await request.body()
    job_id = uuid.uuid4().hex
    await request.app.state.redis.set(f"{PREFIX}:raw:{job_id}", body, ex=600)
    channel: aiormq.Channel = await request.app.state.channel.get_underlay_channel()
    await channel.basic_publish(
        body,
        routing_key=f"{PREFIX}.raw",
        properties=Basic.Properties(content_type="application/json", delivery_mode=2),
        timeout=10,
        wait=False,
    )
    return Response(f'{{"job_id":"{job_id}"}}', status_code=202, media_type="application/json")


@app.get("/raw/jobs/{job_id}")
async def raw_job(job_id: str, request: Request) -> Response:
    raw = await request.app.state.redis.hget(RedisKeys(PREFIX).job(job_id), "json")
    if raw is None:
        return Response(status_code=404)
    return Response(raw, media_type="application/json")
