"""The kit zip: every job file, the PDF and a manifest with true sizes and hashes; fixed timestamps."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from pdf_helpers import render

from brandgen.pdf.kit import ZIP_EPOCH, kit_zip
from brandgen.pdf.settings import PdfSettings
from brandgen.shared.storage import FileAssetStore


async def test_kit_holds_every_job_file_and_a_true_manifest(brand, pdf_settings: PdfSettings) -> None:
    fixture = await brand(languages=["en", "es"])
    output, pdf_bytes = await render(fixture, pdf_settings)
    assets = fixture.store.for_job(fixture.job.job_id)

    archive = zipfile.ZipFile(io.BytesIO(await assets.get(output.zip)))
    assert archive.testzip() is None
    names = set(archive.namelist())
    stored = set(await assets.list()) - {output.zip}
    assert names == stored  # logos, favicons, palette exports, rationale Markdown, the PDF, the manifest
    assert {
        "pdf/brand-guidelines.pdf",
        "pdf/manifest.json",
        "logo/favicon.ico",
        "palette/palette.css",
        "rationale/rationale-es.md",
    } <= names
    assert archive.read("pdf/brand-guidelines.pdf") == pdf_bytes
    for name in stored - {"pdf/manifest.json"}:  # the stage reuses files it read: each must be the stored one
        assert archive.read(name) == await assets.get(name), name
    assert all(info.date_time == ZIP_EPOCH for info in archive.infolist())

    manifest = json.loads(await assets.get(output.manifest))
    assert manifest["company_name"] == "Acme Robotics"
    assert json.loads(archive.read("pdf/manifest.json")) == manifest
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert set(listed) == names - {"pdf/manifest.json"}
    for name, entry in listed.items():
        content = archive.read(name)
        assert entry["bytes"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
    # The brand's font files (heading Inter, body Lato) and a licence text in each family's folder.
    font_folders = {name.rsplit("/", 1)[0] for name, entry in listed.items() if entry["kind"] == "font"}
    assert font_folders == {"deliverables/fonts/Inter", "deliverables/fonts/Lato"}
    for folder in font_folders:
        assert listed[f"{folder}/LICENCE.txt"]["kind"] == "font_licence"
        assert listed[f"{folder}/LICENCE.txt"]["licence"] == "OFL-1.1"


async def test_the_logo_archive_is_read_once_and_not_zipped_twice(
    brand, pdf_settings: PdfSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixture = await brand()
    assets = fixture.store.for_job(fixture.job.job_id)
    before = await render(fixture, pdf_settings)  # the logo stage made no archive: files read one by one
    kit_before = zipfile.ZipFile(io.BytesIO(await assets.get(before[0].zip)))
    logo_files = {name: await assets.get(name) for name in await assets.list() if name.startswith("logo/")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as packed:
        for name, data in logo_files.items():
            packed.writestr(name, data)
    await assets.put("logo/files.zip", buffer.getvalue())
    fixture.job.outputs["logo"]["archive"] = "logo/files.zip"
    read: list[str] = []
    get = FileAssetStore.get

    async def counted(store: FileAssetStore, key: str) -> bytes:
        read.append(key.split("/", 1)[1])
        return await get(store, key)

    monkeypatch.setattr(FileAssetStore, "get", counted)
    output, _ = await render(fixture, pdf_settings)
    assert [name for name in read if name.startswith("logo/")] == ["logo/files.zip"]
    kit = zipfile.ZipFile(io.BytesIO(await assets.get(output.zip)))
    assert "logo/files.zip" not in kit.namelist()  # the same files are in the kit's logo/ folder
    assert set(kit.namelist()) == set(kit_before.namelist())
    for name in logo_files:
        assert kit.read(name) == logo_files[name], name


def test_zip_bytes_do_not_depend_on_insertion_order() -> None:
    files = {"b.txt": b"bee", "a/c.png": b"\x89PNG fake", "a/b.svg": b"<svg/>"}
    reordered = dict(reversed(list(files.items())))
    assert kit_zip(files) == kit_zip(reordered)
    stored = {info.filename: info.compress_type for info in zipfile.ZipFile(io.BytesIO(kit_zip(files))).infolist()}
    assert stored["a/c.png"] == zipfile.ZIP_STORED  # already compressed: stored as is
    assert stored["a/b.svg"] == zipfile.ZIP_DEFLATED
