"""Structured JSON logs; every record carries the `job_id` (and stage) being worked on."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

_job_id: ContextVar[str | None] = ContextVar("job_id", default=None)
_stage: ContextVar[str | None] = ContextVar("stage", default=None)


class _ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "job_id"):
            record.job_id = _job_id.get()
        if not hasattr(record, "stage"):
            record.stage = _stage.get()
        return True


@contextlib.contextmanager
def job_context(job_id: str | None, stage: str | None = None) -> Iterator[None]:
    job_token, stage_token = _job_id.set(job_id), _stage.set(stage)
    try:
        yield
    finally:
        _job_id.reset(job_token)
        _stage.reset(stage_token)


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if json:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(job_id)s %(stage)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s %(message)s"))
    handler.addFilter(_ContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiormq", "aio_pika", "botocore", "urllib3", "httpx"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
