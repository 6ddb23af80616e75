"""`brandgen keys` against Redis and `brandgen serve --embedded` as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from brandgen.shared.cli import _load_plugins, app
from brandgen.shared.testkit import eventually_blocking, free_port


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
def test_serve_embedded_runs_a_kit_to_the_end_without_a_key(tmp_path: Path) -> None:
    """What a user does first: `brandgen serve --embedded`, one kit through its API, every stage run
    by the server's own workers, and the files served back (about 5 s to start and 5 s a kit)."""
    brandgen = Path(sys.executable).with_name("brandgen")
    log = tmp_path / "serve.log"  # a file, not a pipe: a full pipe would stall the server's logging
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(brandgen), "serve", "--embedded", "--port", str(port)],
            cwd=tmp_path,
            env=os.environ | {"BRANDGEN_LOG_JSON": "false"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:

        def health() -> int | None:
            if process.poll() is not None:
                return None  # it exited: stop waiting
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code

        eventually_blocking(health, lambda status: status in (None, 200), timeout=60, interval=0.2, what="serve up")
        assert process.poll() is None, log.read_text()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            body = {"company_name": "Embedded Co", "industry": "bakery", "style": "playful"}
            submitted = client.post("/v1/brand-kits", json=body)
            assert submitted.status_code == 202, submitted.text
            location = submitted.headers["location"]
            finished = eventually_blocking(
                lambda: client.get(location).json(),
                lambda view: view["status"] in ("succeeded", "failed", "canceled"),
                timeout=120,
                interval=0.2,
                what="the kit finished",
            )
            assert finished["status"] == "succeeded", finished["error"]
            view = client.get(location, params={"view": "full"}).json()
            assert view["request"]["company_name"] == "Embedded Co"
            assert {stage: run["status"] for stage, run in view["stages"].items()} == dict.fromkeys(
                ["logo", "palette", "rationale", "pdf"], "done"
            )
            result = view["result"]
            assert result["logo"]["chosen"] in {candidate["id"] for candidate in result["logo"]["candidates"]}
            assert result["palette"]["industry"]
            assert set(result["rationale"]) == {"en"}
            files = {asset["name"]: asset["url"] for asset in result["assets"]}
            guidelines = client.get(files["pdf/brand-guidelines.pdf"])
            assert guidelines.status_code == 200
            assert guidelines.content.startswith(b"%PDF-")
    finally:
        process.terminate()
        process.wait(20)
    assert "authentication is OFF" in log.read_text()
