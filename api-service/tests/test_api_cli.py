"""`brandgen keys` against Redis and `brandgen serve --embedded` as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from brandgen.shared.cli import _load_plugins, app


@pytest.fixture(scope="module")
def cli() -> CliRunner:
    _load_plugins()
    return CliRunner()


@pytest.mark.rabbitmq
@pytest.mark.redis
def test_keys_create_list_revoke(cli, start_api, monkeypatch) -> None:
    api = start_api(backend="real")  # the CLI keeps keys in Redis only
    monkeypatch.setenv("BRANDGEN_STATE_URL", api.settings.state_url)
    monkeypatch.setenv("BRANDGEN_QUEUE_PREFIX", api.settings.queue_prefix)
    created = cli.invoke(app, ["keys", "create", "--name", "partner-co"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("bgk_")
    with api.client(key) as client:
        assert client.get("/v1/jobs").status_code == 200

    listed = cli.invoke(app, ["keys", "list"])
    assert "partner-co" in listed.stdout
    assert key not in listed.stdout  # only the hash is stored
    key_id = key.split("_")[1]
    assert key_id in listed.stdout

    assert cli.invoke(app, ["keys", "revoke", key_id]).exit_code == 0
    with api.client(key) as client:
        assert client.get("/v1/jobs").status_code == 401  # key cache is 0 s in the tests
    assert cli.invoke(app, ["keys", "revoke", key_id]).exit_code == 1


def test_keys_refuse_a_memory_state_store(cli, monkeypatch) -> None:
    monkeypatch.setenv("BRANDGEN_STATE_URL", "memory://")
    result = cli.invoke(app, ["keys", "create", "--name", "x"])
    assert result.exit_code == 2


@pytest.mark.slow
def test_serve_embedded_accepts_jobs_without_a_key(tmp_path: Path, closed_port: int) -> None:
    brandgen = Path(sys.executable).with_name("brandgen")
    env = os.environ | {"BRANDGEN_LOG_JSON": "false"}
    process = subprocess.Popen(
        [str(brandgen), "serve", "--embedded", "--port", str(closed_port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{closed_port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
            assert time.monotonic() < deadline
            time.sleep(0.2)
        submitted = httpx.post(
            f"{url}/v1/brand-kits", json={"company_name": "Embedded Co", "industry": "bakery", "style": "playful"}
        )
        assert submitted.status_code == 202
        job = httpx.get(submitted.headers["location"]).json()
        assert job["status"] in ("queued", "running", "succeeded", "failed")
        assert job["request"]["company_name"] == "Embedded Co"
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode()
    assert "authentication is OFF" in output
