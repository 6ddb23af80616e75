"""The embedded default end to end: `brandgen generate` with the real stages, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

BRANDGEN = shutil.which("brandgen") or str(Path(sys.executable).with_name("brandgen"))


pytestmark = pytest.mark.slow  # each test runs `brandgen generate`: a whole kit in a process of its own


def generate(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BRANDGEN, "generate", "--out", str(out), *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "BRANDGEN_GRAPH_URI": "embedded"},
    )


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "tokyo"
    result = generate(
        out,
        "--company",
        "東京ロボティクス",
        "--industry",
        "robotics",
        "--style",
        "modern",
        "--primary-color",
        "#1A73E8",
        "--language",
        "en",
        "--language",
        "ja",
        "--seed",
        "7",
    )
    assert result.returncode == 0, result.stderr
    assert "brand kit ready" in result.stderr
    return out


def test_the_kit_has_every_part_of_a_brand_kit(kit: Path) -> None:
    job = json.loads((kit / "job.json").read_text())
    assert job["status"] == "succeeded"
    assert list(job["outputs"]) == ["logo", "palette", "rationale", "pdf"]
    for name in (
        "pdf/brand-guidelines.pdf",
        "pdf/brand-kit.zip",
        "palette/palette.css",
        "palette/tokens.json",
        "logo/favicon/favicon.ico",
        "rationale/rationale.en.md",
        "rationale/rationale.ja.md",
    ):
        assert (kit / name).is_file(), name
    with Image.open(kit / "logo/favicon/favicon.ico") as icon:
        assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])


def test_the_requested_colour_flows_from_request_to_pdf(kit: Path) -> None:
    job = json.loads((kit / "job.json").read_text())
    palette = job["outputs"]["palette"]
    assert palette["roles"]["primary"] == "#1a73e8", "the mandated brand colour is kept unchanged"
    assert "#1a73e8" in (kit / "palette/palette.css").read_text().lower()
    text = "\n".join(page.extract_text() for page in PdfReader(kit / "pdf/brand-guidelines.pdf").pages)
    assert "東京ロボティクス" in text
    for role, hex_code in palette["roles"].items():
        assert hex_code.upper() in text.upper(), f"{role} {hex_code} missing from the PDF"
    english = (kit / "rationale/rationale.en.md").read_text()
    assert "#1a73e8" in english.lower()
    assert palette["fonts"]["heading"]["family"] in english


def test_the_zip_holds_every_file_of_the_job(kit: Path) -> None:
    with zipfile.ZipFile(kit / "pdf/brand-kit.zip") as archive:
        names = set(archive.namelist())
        zipped_logo = {name: archive.read(name) for name in names if name.startswith("logo/")}
    on_disk = {p.relative_to(kit).as_posix() for p in kit.rglob("*") if p.is_file()}
    # Every file but itself and the logo stage's archive, whose files are the kit's logo/ folder.
    assert names == on_disk - {"job.json", "pdf/brand-kit.zip", "logo/files.zip"}
    with zipfile.ZipFile(kit / "logo/files.zip") as logo_archive:
        assert {name: logo_archive.read(name) for name in logo_archive.namelist()} == zipped_logo


def test_a_bad_colour_is_refused_before_any_work(tmp_path: Path) -> None:
    result = generate(
        tmp_path / "x", "--company", "Acme", "--industry", "tech", "--style", "modern", "--primary-color", "blue"
    )
    assert result.returncode == 2
    assert "--primary-color" in result.stderr
    assert "#rrggbb" in result.stderr
    assert not (tmp_path / "x").exists()
