"""Deploy and smoke-test scripts: they parse, and the smoke test's CLI answers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.deploy.deploy_checks import INFRA, require_tool, run_tool

SCRIPTS = INFRA / "scripts"


@pytest.mark.parametrize("script", ["deploy-k8s.sh", "smoke-test.sh"])
def test_shell_script_parses_and_stops_on_errors(script: str) -> None:
    path = SCRIPTS / script
    result = run_tool([require_tool("bash"), "-n", str(path)])
    assert result.returncode == 0, result.stderr
    assert "set -euo pipefail" in path.read_text()
    assert path.stat().st_mode & 0o111, f"{script} is not executable"


def test_smoke_test_reports_an_unreachable_api_as_a_failure(tmp_path: Path) -> None:
    # Port 9 (discard) on localhost refuses connections: the script must fail cleanly, not hang or crash.
    args = [sys.executable, str(SCRIPTS / "smoke_test.py"), "--base-url", "http://127.0.0.1:9", "--timeout", "1"]
    result = run_tool(args, cwd=tmp_path)
    assert result.returncode == 1
    assert "smoke test failed" in result.stderr
    assert "Traceback" not in result.stderr
