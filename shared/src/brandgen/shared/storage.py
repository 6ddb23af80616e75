"""Asset storage: S3 (boto3, MinIO endpoints, presigned URLs) or local files, one interface.

Stages see a `JobAssets`, bound to their job: names are relative (`logo/primary.svg`) and cannot
escape the job's prefix. Keys are `<job_id>/<name>` in both backends.
"""

from __future__ import annotations

import asyncio
import mimetypes
import shutil
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from brandgen.shared.errors import TransientError

_SAFE_SEGMENT_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.@+")


class InvalidKeyError(ValueError):
    pass


def safe_name(name: str) -> str:
    """Validate a relative asset name; refuses anything that could leave its job's prefix."""
    if not name or len(name) > 512:
        raise InvalidKeyError("asset name must be 1-512 characters")
    if "\\" in name or "\x00" in name or name.startswith("/"):
        raise InvalidKeyError(f"asset name {name!r} must be a relative path with forward slashes")
    parts = tuple(name.split("/"))
    if any(part in ("", ".", "..") for part in parts):
        raise InvalidKeyError(f"asset name {name!r} must not contain empty, '.' or '..' segments")
    for part in parts:
        if not set(part) <= _SAFE_SEGMENT_CHARS:
            raise InvalidKeyError(f"asset name {name!r} may use only letters, digits and -_.@+")
    return "/".join(parts)


def guess_content_type(name: str) -> str:
    if name.endswith(".svg"):
        return "image/svg+xml"
    if name.endswith(".md"):
        return "text/markdown; charset=utf-8"
    if name.endswith(".ase"):
        return "application/octet-stream"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


class AssetStore(ABC):
    """Keys are `<job_id>/<name>`; use `for_job` rather than building them by hand."""

    @abstractmethod
    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    @abstractmethod
    async def get(self, key: str) -> bytes: ...

    @abstractmethod
    async def exists(self, key: str) -> bool: ...

    @abstractmethod
    async def list(self, prefix: str) -> list[str]: ...

    @abstractmethod
    async def delete_prefix(self, prefix: str) -> int: ...

    @abstractmethod
    async def url(self, key: str) -> str | None:
        """A URL a client can fetch directly (presigned), or None when the API must stream it."""

    async def ping(self) -> None:  # noqa: B027 - optional hook, most stores need no check
        """Raise when the store cannot be reached."""

    async def close(self) -> None:
        return None

    def for_job(self, job_id: str) -> JobAssets:
        return JobAssets(self, job_id)


class JobAssets:
    """The asset store seen from one job."""

    def __init__(self, store: AssetStore, job_id: str) -> None:
        self.store = store
        self.job_id = safe_name(job_id)

    def key(self, name: str) -> str:
        return f"{self.job_id}/{safe_name(name)}"

    async def put(self, name: str, data: bytes, content_type: str | None = None) -> str:
        """Store `data` under `name`; returns `name` (the job-relative key recorded in outputs)."""
        await self.store.put(self.key(name), data, content_type or guess_content_type(name))
        return safe_name(name)

    async def get(self, name: str) -> bytes:
        return await self.store.get(self.key(name))

    async def exists(self, name: str) -> bool:
        return await self.store.exists(self.key(name))

    async def list(self) -> list[str]:
        prefix = f"{self.job_id}/"
        return sorted(key[len(prefix) :] for key in await self.store.list(prefix))

    async def url(self, name: str) -> str | None:
        return await self.store.url(self.key(name))

    async def delete_all(self) -> int:
        return await self.store.delete_prefix(f"{self.job_id}/")


class FileAssetStore(AssetStore):
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / safe_name(key)).resolve()
        if not path.is_relative_to(self.root):
            raise InvalidKeyError(f"key {key!r} escapes the store")
        return path

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)  # readers never see half a file

        await asyncio.to_thread(write)

    async def get(self, key: str) -> bytes:
        path = self._path(key)

        def read() -> bytes:
            # Only regular files are assets: a folder (`logo`), a path through a file
            # (`logo/a.svg/x`) or a FIFO (a read would block) is absent, as such a key is on S3.
            if not path.is_file():
                raise FileNotFoundError(path)
            return path.read_bytes()

        try:
            return await asyncio.to_thread(read)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise KeyError(key) from None

    # Disk calls run in a thread: a slow or network disk must not stall the event loop.
    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).is_file)

    async def list(self, prefix: str) -> list[str]:
        base = self._path(prefix.rstrip("/"))

        def walk() -> list[str]:
            if not base.is_dir():
                return []
            return sorted(
                str(p.relative_to(self.root).as_posix())
                for p in base.rglob("*")
                if p.is_file() and not p.name.startswith(".")
            )

        return await asyncio.to_thread(walk)

    async def delete_prefix(self, prefix: str) -> int:
        base = self._path(prefix.rstrip("/"))

        def remove() -> int:
            if not base.is_dir():
                return 0
            count = sum(1 for p in base.rglob("*") if p.is_file())
            shutil.rmtree(base, ignore_errors=True)
            return count

        return await asyncio.to_thread(remove)

    async def url(self, key: str) -> str | None:
        return None

    async def ping(self) -> None:
        await asyncio.to_thread(self.root.mkdir, parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        return self._path(key)


class S3AssetStore(AssetStore):
    """Assets in one bucket. Credentials come from boto3's default chain: the AWS_* variables when
    set (MinIO keys), else the pod's role (IRSA or the node's instance profile) on AWS.

    Download links are presigned with SigV4 for the bucket's region (asked from the bucket when no
    region is configured), on `public_url`: the S3 or MinIO address clients reach, which is not
    the services' internal endpoint (`http://minio:9000`). The signature covers the host, so the
    link must be signed for the host the client will send.
    """

    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = "us-east-1",
        presign_seconds: int = 3600,
        public_url: str | None = None,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.presign_seconds = presign_seconds
        self.endpoint_url = endpoint_url or None
        self.public_url = public_url or None
        self.region = region or None
        # A session of its own: boto3's default session is shared by the process and caches the
        # credentials it found first.
        self._session = boto3.session.Session()
        self.client = self._client(self.endpoint_url, self.region)
        self._presigner: Any = None

    def _client(self, endpoint_url: str | None, region: str | None) -> Any:
        return self._session.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            config=Config(
                signature_version="s3v4",  # botocore would presign with SigV2 for some regions
                # MinIO and other S3-compatible servers answer on one host: path-style addresses.
                s3={"addressing_style": "path" if endpoint_url else "virtual"},
                retries={"max_attempts": 5, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
            ),
        )

    async def _bucket_region(self) -> str:
        """The bucket's region, from HeadBucket's `x-amz-bucket-region` header."""
        try:
            response = await self._call(self.client.head_bucket, Bucket=self.bucket)
            headers = response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
        except ClientError as error:  # a 301/403 still names the region
            headers = error.response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
        return str(headers.get("x-amz-bucket-region") or "us-east-1")

    async def _presign_client(self) -> Any:
        if self._presigner is None:
            region = self.region or await self._bucket_region()
            self._presigner = self._client(self.public_url or self.endpoint_url, region)
        return self._presigner

    def _key(self, key: str) -> str:
        return self.prefix + safe_name(key)

    async def _call(self, fn: Callable[..., Any], /, **kwargs: Any) -> Any:
        try:
            return await asyncio.to_thread(fn, **kwargs)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in ("NoSuchKey", "404", "NotFound"):
                raise KeyError(kwargs.get("Key")) from None
            if code.startswith("5") or code in ("SlowDown", "ServiceUnavailable", "InternalError"):
                raise TransientError(f"S3 unavailable: {code}") from error
            raise
        except BotoCoreError as error:
            raise TransientError(f"S3 unreachable: {error}") from error

    async def ensure_bucket(self) -> None:
        try:
            await self._call(self.client.head_bucket, Bucket=self.bucket)
        except (KeyError, ClientError):
            where = {}
            if self.region and self.region != "us-east-1":  # us-east-1 refuses its own name here
                where = {"CreateBucketConfiguration": {"LocationConstraint": self.region}}
            await self._call(self.client.create_bucket, Bucket=self.bucket, **where)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await self._call(
            self.client.put_object, Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type
        )

    async def get(self, key: str) -> bytes:
        response = await self._call(self.client.get_object, Bucket=self.bucket, Key=self._key(key))
        return await asyncio.to_thread(response["Body"].read)

    async def exists(self, key: str) -> bool:
        try:
            await self._call(self.client.head_object, Bucket=self.bucket, Key=self._key(key))
        except KeyError:
            return False
        return True

    async def list(self, prefix: str) -> list[str]:
        keys: list[str] = []
        token: str | None = None
        while True:
            kwargs = {"Bucket": self.bucket, "Prefix": self.prefix + prefix}
            if token:
                kwargs["ContinuationToken"] = token
            page = await self._call(self.client.list_objects_v2, **kwargs)
            keys.extend(item["Key"][len(self.prefix) :] for item in page.get("Contents", []))
            if not page.get("IsTruncated"):
                return sorted(keys)
            token = page["NextContinuationToken"]

    async def delete_prefix(self, prefix: str) -> int:
        keys = await self.list(prefix)
        for start in range(0, len(keys), 1000):
            chunk = [{"Key": self.prefix + key} for key in keys[start : start + 1000]]
            await self._call(self.client.delete_objects, Bucket=self.bucket, Delete={"Objects": chunk})
        return len(keys)

    async def url(self, key: str) -> str | None:
        presigner = await self._presign_client()
        return await asyncio.to_thread(
            presigner.generate_presigned_url,
            "get_object",
            Params={"Bucket": self.bucket, "Key": self._key(key)},
            ExpiresIn=self.presign_seconds,
        )

    async def ping(self) -> None:
        await self._call(self.client.head_bucket, Bucket=self.bucket)


def asset_store_from_url(
    url: str,
    *,
    endpoint_url: str | None = None,
    region: str | None = "us-east-1",
    presign_seconds: int = 3600,
    public_url: str | None = None,
) -> AssetStore:
    """`s3://bucket[/prefix]` or `file:///abs/path` / `file://./relative`."""
    parsed = urlparse(url)
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise ValueError("storage URL s3:// needs a bucket: s3://bucket[/prefix]")
        return S3AssetStore(
            parsed.netloc,
            prefix=parsed.path,
            endpoint_url=endpoint_url,
            region=region,
            presign_seconds=presign_seconds,
            public_url=public_url,
        )
    if parsed.scheme == "file":
        raw = unquote(parsed.netloc + parsed.path)
        return FileAssetStore(Path(raw or "."))
    raise ValueError(f"unsupported storage URL {url!r}: use s3://bucket or file:///path")
