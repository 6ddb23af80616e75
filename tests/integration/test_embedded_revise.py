"""`brandgen revise` on the embedded default (issue 19): a kit from `brandgen generate`, revised."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

BRANDGEN = shutil.which("brandgen") or str(Path(sys.executable).with_name("brandgen"))

pytestmark = pytest.mark.slow


def brandgen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BRANDGEN, *args],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env={**os.environ, "BRANDGEN_GRAPH_URI": "embedded"},
    )


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "acorn"
    made = brandgen(
        "generate", "--out", str(out), "--company", "Little Acorns", "--industry", "bakery", "--style", "playful",
        "--candidates", "3", "--seed", "4",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return out


def _job(kit: Path) -> dict[str, Any]:
    job = json.loads((kit / "job.json").read_text())
    assert isinstance(job, dict), "job.json holds the job record, a JSON object"
    return job


def test_revise_with_another_candidate_makes_it_the_logo(kit: Path, tmp_path: Path) -> None:
    parent = _job(kit)
    other = next(
        c["id"] for c in parent["outputs"]["logo"]["candidates"] if c["id"] != parent["outputs"]["logo"]["chosen"]
    )
    out = tmp_path / "picked"
    result = brandgen("revise", str(kit), "--candidate", other, "--primary-color", "#2E7D32", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "brand kit ready" in result.stderr
    job = _job(out)
    assert job["revision_of"] == parent["job_id"]
    assert job["status"] == "succeeded"
    assert job["outputs"]["logo"]["chosen"] == other
    assert job["stages"]["logo"]["reused_from"] is None
    icon = job["outputs"]["logo"]["lockups"]["icon"]["full_color"]["svg"]
    assert (out / icon).read_bytes() != (kit / icon).read_bytes()
    # The same marks to pick from (drawn in the new colour): the id names the mark the customer saw.
    marks = [(c["id"], c["concept"], c["mark"]) for c in job["outputs"]["logo"]["candidates"]]
    assert marks == [(c["id"], c["concept"], c["mark"]) for c in parent["outputs"]["logo"]["candidates"]]
    with zipfile.ZipFile(out / "pdf/brand-kit.zip") as bundle:
        assert bundle.read(icon) == (out / icon).read_bytes()
    assert job["outputs"]["palette"]["seed_color"] == "#2e7d32"


def test_colour_only_revision_reuses_the_logo_files(kit: Path, tmp_path: Path) -> None:
    out = tmp_path / "green"
    result = brandgen("revise", str(kit), "--primary-color", "#2e7d32", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "reused logo" in result.stderr
    job = _job(out)
    assert job["stages"]["logo"]["reused_from"] == _job(kit)["job_id"]
    logo_files = sorted(p.relative_to(kit) for p in (kit / "logo").rglob("*") if p.is_file())
    assert logo_files
    for name in logo_files:
        assert (out / name).read_bytes() == (kit / name).read_bytes()
    assert (out / "pdf/brand-guidelines.pdf").read_bytes() != (kit / "pdf/brand-guidelines.pdf").read_bytes()


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--candidate", "c9"], "--candidate"),
        (["--heading-font", "Comic Sans MS", "--body-font", "Inter"], "--heading-font"),
        (["--primary-color", "green"], "--primary-color"),
        ([], "at least one change"),
    ],
)
def test_bad_revisions_name_the_option(kit: Path, tmp_path: Path, args: list[str], option: str) -> None:
    result = brandgen("revise", str(kit), *args, "--out", str(tmp_path / "never"))
    assert result.returncode == 2, result.stderr
    assert option in result.stderr
    assert not (tmp_path / "never").exists()


def test_a_folder_without_a_job_is_refused(tmp_path: Path) -> None:
    result = brandgen("revise", str(tmp_path), "--candidate", "c2", "--out", str(tmp_path / "never"))
    assert result.returncode == 2
    assert "job.json" in result.stderr
