"""Presigned download links, against a real S3 server (moto): signed with SigV4 for the bucket's
region, on the endpoint clients reach (BRANDGEN_S3_PUBLIC_URL), never on the services' internal
endpoint (`http://minio:9000` in compose and Kubernetes)."""

from __future__ import annotations

import urllib.request
from urllib.parse import parse_qs, urlparse

import boto3
import pytest

from brandgen.shared.services import build_services
from brandgen.shared.settings import BrandgenSettings
from brandgen.shared.storage import S3AssetStore


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlparse(url).query).items()}


def public_twin(endpoint: str) -> str:
    """The same moto server under another host name, as a client outside the network sees MinIO."""
    return endpoint.replace("127.0.0.1", "localhost")


@pytest.mark.slow
async def test_links_are_signed_for_the_public_endpoint_with_sigv4(s3_endpoint: str, prefix: str) -> None:
    public = public_twin(s3_endpoint)
    store = S3AssetStore(f"bucket-{prefix}", endpoint_url=s3_endpoint, public_url=public)
    await store.ensure_bucket()
    await store.for_job("job1").put("pdf/brand-guidelines.pdf", b"%PDF-1.7 test")

    url = await store.for_job("job1").url("pdf/brand-guidelines.pdf")

    assert url is not None
    assert urlparse(url).netloc == urlparse(public).netloc, url
    params = query(url)
    assert params["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256", url
    assert params["X-Amz-Credential"].split("/")[2] == "us-east-1"
    assert "Signature" not in params  # the SigV2 form
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"%PDF-1.7 test"
        assert response.headers["Content-Type"] == "application/pdf"


async def test_links_are_signed_for_the_buckets_own_region(s3_endpoint: str, prefix: str) -> None:
    bucket = f"bucket-{prefix}-eu"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-1").create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    # No region configured: the store asks the bucket, as it must on AWS where a wrong region's
    # signature is refused.
    store = S3AssetStore(bucket, endpoint_url=s3_endpoint, region=None, public_url=public_twin(s3_endpoint))
    await store.for_job("job2").put("logo/primary.svg", b"<svg/>")

    url = await store.for_job("job2").url("logo/primary.svg")

    assert url is not None
    assert query(url)["X-Amz-Credential"].split("/")[2] == "eu-west-1"
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"<svg/>"


async def test_the_settings_reach_the_store(s3_endpoint: str, prefix: str, tmp_path) -> None:
    public = public_twin(s3_endpoint)
    settings = BrandgenSettings(
        storage_url=f"s3://bucket-{prefix}", s3_endpoint_url=s3_endpoint, s3_public_url=public, state_url="memory://"
    )
    services = build_services(settings)
    try:
        assert isinstance(services.assets, S3AssetStore)
        await services.assets.ensure_bucket()
        await services.assets.for_job("job3").put("palette/palette.css", b":root{}")
        url = await services.assets.for_job("job3").url("palette/palette.css")
        assert url is not None
        assert url.startswith(public + "/")
    finally:
        await services.close()


@pytest.mark.slow
def test_without_keys_the_store_uses_the_default_credential_chain(monkeypatch, tmp_path) -> None:
    # On AWS the pod's role (IRSA or the node role) supplies credentials through boto3's default
    # chain; the store must not need, or pin, keys of its own.
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    profile = tmp_path / "credentials"
    profile.write_text("[default]\naws_access_key_id = FROMROLE\naws_secret_access_key = role-secret\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(profile))
    store = S3AssetStore("bucket", region="eu-west-1")
    credentials = store.credentials()  # what every object request is signed with
    assert credentials is not None
    assert credentials["access_key_id"] == "FROMROLE"
    assert credentials["secret_access_key"] == "role-secret"
