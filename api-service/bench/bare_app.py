"""The yardstick: a bare FastAPI endpoint on the same uvicorn settings as the API."""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
async def ping() -> dict[str, bool]:
    return {"ok": True}
