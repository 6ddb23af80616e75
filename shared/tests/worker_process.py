"""A worker process for the kill and signal tests: stages that leave footprints in files.

Run as `python worker_process.py STAGE` with BRANDGEN_* settings and FOOTPRINTS=<dir> in the
environment. `slow` writes `start`, sleeps SLOW_SECONDS, writes `end`; `after` writes `ran`;
`crash` kills its own process mid-stage, the way an out-of-memory kill would. Each stage also
writes `<stage>.frozen`: how many objects the process had frozen out of the collector's sight.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
from pathlib import Path

from pydantic import BaseModel

from brandgen.shared.logs import configure_logging
from brandgen.shared.services import build_services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.stage import Stage, StageContext
from brandgen.shared.worker import Worker, run_until_signalled

FOOTPRINTS = Path(os.environ["FOOTPRINTS"])


class Footprint(BaseModel):
    pid: int


def mark(name: str) -> None:
    with (FOOTPRINTS / name).open("a") as file:
        file.write(f"{os.getpid()}\n")
    stage = name.split(".")[0]
    (FOOTPRINTS / f"{stage}.frozen").write_text(str(gc.get_freeze_count()))


async def slow(ctx: StageContext) -> Footprint:
    mark("slow.start")
    await asyncio.sleep(float(os.environ.get("SLOW_SECONDS", "2")))
    mark("slow.end")
    return Footprint(pid=os.getpid())


async def after(ctx: StageContext) -> Footprint:
    mark("after.ran")
    return Footprint(pid=os.getpid())


async def crash(ctx: StageContext) -> Footprint:
    mark("crash.start")
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


STAGES = {"slow": slow, "after": after, "crash": crash}


async def main(names: list[str]) -> None:
    settings = BrandgenSettings()
    configure_logging("INFO", json=True)
    services = build_services(settings)
    try:
        await run_until_signalled([Worker(Stage(name=name, run=STAGES[name], prefetch=1), services) for name in names])
    finally:
        await services.close()
    mark("exited")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
