from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from brandgen.shared.storage import AssetStore, FileAssetStore, InvalidKeyError, S3AssetStore, asset_store_from_url


@pytest.fixture(params=["file", "s3"])
async def store(request: pytest.FixtureRequest, tmp_path: Path, prefix: str) -> AssetStore:
    if request.param == "file":
        return FileAssetStore(tmp_path)
    endpoint = request.getfixturevalue("s3_endpoint")
    s3 = S3AssetStore(f"bucket-{prefix}", endpoint_url=endpoint)
    await s3.ensure_bucket()
    return s3


async def test_put_get_list_and_delete_within_a_job(store: AssetStore) -> None:
    assets = store.for_job("job1")
    assert await assets.put("logo/primary.svg", b"<svg/>") == "logo/primary.svg"
    await assets.put("palette/palette.css", b":root{}")
    await store.for_job("job2").put("logo/other.svg", b"<svg/>")

    assert await assets.get("logo/primary.svg") == b"<svg/>"
    assert await assets.list() == ["logo/primary.svg", "palette/palette.css"]
    assert await assets.exists("palette/palette.css")
    assert await assets.delete_all() == 2
    assert await assets.list() == []
    assert await store.for_job("job2").list() == ["logo/other.svg"], "another job's files are untouched"


async def test_missing_asset_is_a_key_error(store: AssetStore) -> None:
    with pytest.raises(KeyError):
        await store.for_job("job1").get("nothing.png")


@pytest.mark.parametrize("name", ["logo", "logo/primary.svg/inside"])
async def test_a_folder_or_a_path_through_a_file_is_a_missing_asset(store: AssetStore, name: str) -> None:
    # `logo` is a folder on disk and a mere prefix on S3: neither is a file to download.
    await store.for_job("job1").put("logo/primary.svg", b"<svg/>")
    with pytest.raises(KeyError):
        await store.for_job("job1").get(name)
    assert not await store.for_job("job1").exists(name)


@pytest.mark.parametrize(
    "name", ["../escape.txt", "logo/../../x", "/etc/passwd", "a//b", "a\\b", "./a", "logo/", "", "a\x00b", "ä/ö"]
)
async def test_names_that_could_escape_the_job_prefix_are_refused(store: AssetStore, name: str) -> None:
    with pytest.raises(InvalidKeyError):
        await store.for_job("job1").put(name, b"x")


def test_job_id_itself_cannot_climb_out(tmp_path: Path) -> None:
    with pytest.raises(InvalidKeyError):
        FileAssetStore(tmp_path).for_job("..")


async def test_s3_presigned_url_downloads_the_object(s3_endpoint: str, prefix: str) -> None:
    store = S3AssetStore(f"bucket-{prefix}", endpoint_url=s3_endpoint)
    await store.ensure_bucket()
    await store.for_job("job1").put("pdf/brand-guidelines.pdf", b"%PDF-1.7 test")
    url = await store.for_job("job1").url("pdf/brand-guidelines.pdf")
    assert url is not None
    assert url.startswith(s3_endpoint)
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"%PDF-1.7 test"
        assert response.headers["Content-Type"] == "application/pdf"


def test_storage_urls_choose_the_backend(tmp_path: Path) -> None:
    assert isinstance(asset_store_from_url(f"file://{tmp_path}"), FileAssetStore)
    assert isinstance(asset_store_from_url("s3://bucket/prefix"), S3AssetStore)
    with pytest.raises(ValueError, match="s3://bucket"):
        asset_store_from_url("ftp://x")
