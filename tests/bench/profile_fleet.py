"""`make profile-fleet`: where the fleet's CPU goes under load, per worker, from py-spy.

Starts the fleet as `make bench` does, warms it with two kits, then runs the load part (kits from
10 clients following events) while `py-spy record --gil` samples the api, logo and pdf processes
(only the thread holding the GIL: Python's own CPU). Prints kits per minute, CPU seconds per kit
per process (this process too: the moto S3 stand-in and the clients) and, per worker, the share of
samples under each of the heaviest functions. Raw stacks are kept in build/profile/<name>.txt for
flame graphs (`py-spy record -f raw` format).

Run: .venv/bin/python -m tests.bench.profile_fleet [kits]   (RabbitMQ and Redis up: `make services`)
"""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tests.bench.run import CLIENTS, ROOT, one_kit
from tests.fleet import Fleet, FleetConfig, running_fleet
from tests.fleet_client import ApiClient

PROFILED = ("api", "logo", "pdf")
OUT = ROOT / "build" / "profile"
SAMPLES_PER_SECOND = 200
FRAME = re.compile(r"^(?P<function>.*) \((?P<path>[^:()]*)(?::\d+)?\)$")
SHOWN = 25
PLUMBING = ("threading.py", "concurrent/", "typer/", "click/", "asyncio/", "uvloop/", "shared/cli.py")
"""Frames on every stack (thread start, the command line, the event loop): not where time goes."""


def _py_spy() -> str:
    found = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if found is None:
        raise SystemExit("py-spy is not installed: make install (it is in the dev group)")
    return found


def inclusive_shares(stacks: Path) -> tuple[int, Counter[str]]:
    """Samples in all, and per function (module path + name) the samples with it on the stack."""
    total, under = 0, Counter[str]()
    for line in stacks.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        samples = int(count)
        total += samples
        seen = set()
        for frame in stack.split(";"):
            match = FRAME.match(frame)
            if match is None:
                continue
            key = f"{match['path']}:{match['function']}"
            if match["path"].startswith(PLUMBING) or match["path"] == "brandgen":
                continue
            if key not in seen:
                seen.add(key)
                under[key] += samples
    return total, under


async def load(fleet: Fleet, kits: int) -> None:
    api = ApiClient(fleet.api_url, fleet.api_key)
    try:
        for warm in ("Warm Up", "Warm Up Again"):
            await one_kit(api, warm)
        OUT.mkdir(parents=True, exist_ok=True)
        py_spy = [_py_spy(), "record", "--gil", "--format", "raw", "--rate", str(SAMPLES_PER_SECOND)]
        samplers = {
            name: subprocess.Popen(
                [*py_spy, "--output", str(OUT / f"{name}.txt"), "--pid", str(fleet.services[name].pid)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for name in PROFILED
        }
        queue: asyncio.Queue[int] = asyncio.Queue()
        for index in range(kits):
            queue.put_nowait(index)

        async def client() -> None:
            while not queue.empty():
                await one_kit(api, f"Load {queue.get_nowait()}", follow=True)

        before, own_before, started = fleet.stats(), time.process_time(), time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        elapsed, own = time.perf_counter() - started, time.process_time() - own_before
        after = fleet.stats()
        for sampler in samplers.values():
            sampler.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        for sampler in samplers.values():
            sampler.wait(timeout=60)
    finally:
        await api.close()
    print(f"{kits} kits in {elapsed:.1f} s: {kits / elapsed * 60:.0f} kits per minute (sampled, so slower)")
    for name in sorted(after):
        if name in before:
            print(f"  CPU per kit, {name}: {(after[name].cpu_seconds - before[name].cpu_seconds) / kits:.3f} s")
    print(f"  CPU per kit, this process (moto S3 stand-in, clients): {own / kits:.3f} s")
    for name in PROFILED:
        total, under = inclusive_shares(OUT / f"{name}.txt")
        print(f"\n{name}: {total} samples holding the GIL; share with the function on the stack")
        for key, samples in under.most_common(SHOWN):
            print(f"  {samples / total:6.1%}  {key}")


def main() -> None:
    kits = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with running_fleet(FleetConfig(prefix="profile" + FleetConfig().prefix)) as fleet:
        asyncio.run(load(fleet, kits))


if __name__ == "__main__":
    main()
