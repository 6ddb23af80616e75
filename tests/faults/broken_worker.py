"""A stage worker whose stage always fails: a broken deployment of a real stage, for the fault suite.

Run as `python broken_worker.py <stage>` with the fleet's BRANDGEN_* environment; it consumes the
stage's real queue on the shared worker runtime, exactly like `brandgen worker <stage>`.
"""

from __future__ import annotations

import asyncio
import sys

from pydantic import BaseModel

from brandgen.shared.logs import configure_logging
from brandgen.shared.services import build_services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.worker import Worker, run_until_signalled

REASON = "model file corrupt (fault injected by the test)"


async def always_fails(ctx: StageContext) -> BaseModel:
    raise RuntimeError(REASON)


async def main(name: str) -> None:
    settings = BrandgenSettings()
    configure_logging(settings.log_level, json=False)
    services = build_services(settings)
    try:
        await run_until_signalled([Worker(Stage(name=name, run=always_fails), services)])
    finally:
        await services.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
