"""The API process never loads the workers' consume loop.

What the API shares with the workers (job operations, the job lifecycle, the backends) lives in
modules of their own; the consume loop (`Worker`) and the lease it holds on a running stage
(`StartMark`) are the workers' alone. Each check imports in a fresh interpreter, so modules other
tests loaded cannot hide or fake a dependency.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

WORKER_ONLY = ("Worker", "StartMark", "run_until_signalled")
"""What only a process running stages needs, found by what it is, wherever it is defined."""

_REPORT = """
import json, sys
found = sorted(
    f"{name}.{attr}"
    for name, module in list(sys.modules.items())
    if name.startswith("brandgen.")
    for attr in ATTRS
    if getattr(getattr(module, attr, None), "__module__", None) == name
)
print(json.dumps({"loaded": sorted(sys.modules), "worker_only": found}))
"""


def _after(code: str) -> dict[str, list[str]]:
    """The modules loaded, and the worker-only definitions among them, once `code` ran."""
    script = f"{code}\nATTRS = {WORKER_ONLY!r}\n{_REPORT}"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    report: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.slow
def test_the_api_app_does_not_load_the_consume_loop() -> None:
    """What `uvicorn --factory brandgen.api.app:app` loads."""
    report = _after("from brandgen.api.app import create_app\ncreate_app()")
    assert "brandgen.api.routes.jobs" in report["loaded"], "the app and its routes were imported"
    assert report["worker_only"] == [], "the API imports the workers' consume loop"
    assert "brandgen.shared.worker" not in report["loaded"]


@pytest.mark.slow
def test_brandgen_serve_does_not_load_the_consume_loop() -> None:
    """What `brandgen serve` loads before it starts the API: the command, then its group's module."""
    report = _after("import brandgen.shared.cli\nimport brandgen.api.cli")
    assert "brandgen.api.cli" in report["loaded"]
    assert report["worker_only"] == [], "the `brandgen` command imports the workers' consume loop at start"
