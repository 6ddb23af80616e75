"""`brandgen graph seed` is idempotent and `brandgen graph stats` reports what was seeded."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from brandgen.palette.bkg.dataset import load_dataset
from brandgen.palette.bkg.embedded import EmbeddedFalkorDB
from brandgen.palette.cli import app


def test_seed_twice_then_stats(falkordb_server: EmbeddedFalkorDB, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANDGEN_GRAPH_URI", f"falkordb://127.0.0.1:{falkordb_server.port}/cli_graph")
    monkeypatch.setenv("BRANDGEN_STATE_URL", "memory://")
    runner = CliRunner()
    first = runner.invoke(app, ["seed"])
    second = runner.invoke(app, ["seed"])
    assert first.exit_code == 0, first.output
    assert second.output == first.output
    stats = runner.invoke(app, ["stats"])
    assert stats.exit_code == 0, stats.output
    report = json.loads(stats.output)
    dataset = load_dataset()
    assert report["version"] == dataset.version
    assert report["nodes"]["Industry"] == len(dataset.industries)
