"""Asset storage: S3 (obstore; MinIO endpoints, presigned URLs) or local files, one interface.

Stages see a `JobAssets`, bound to their job: names are relative (`logo/primary.svg`) and cannot
escape the job's prefix. Keys are `<job_id>/<name>` in both backends.
"""

from __future__ import annotations

import asyncio
import mimetypes
import shutil
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

import boto3
import obstore
import obstore.exceptions as obstore_errors
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from obstore.store import S3Store

if TYPE_CHECKING:
    from obstore.store import ClientConfig, RetryConfig, S3Config, S3Credential

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

    Objects move through obstore (Rust's `object_store`: native async, its own connection pool and
    retries): a kit is ~200 small requests, and botocore spent 2-3 ms of Python CPU on each, a
    quarter of the pdf and logo workers' CPU. boto3 stays for what happens once: the credential
    chain, the bucket's region and creating the bucket.

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
        self._objects: S3Store | None = None
        self._presigner: S3Store | None = None
        self._region_lock = asyncio.Lock()

    def _client(self, endpoint_url: str | None, region: str | None) -> Any:
        return self._session.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            config=Config(
                signature_version="s3v4",
                # MinIO and other S3-compatible servers answer on one host: path-style addresses.
                s3={"addressing_style": "path" if endpoint_url else "virtual"},
                retries={"max_attempts": 5, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
            ),
        )

    def credentials(self) -> S3Credential:
        """The default chain's current keys (refreshed by botocore when they are temporary)."""
        found = self._session.get_credentials()
        if found is None:
            raise PermissionError(
                "no S3 credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or give the pod a role"
            )
        frozen = found.get_frozen_credentials()
        return {
            "access_key_id": frozen.access_key or "",
            "secret_access_key": frozen.secret_key or "",
            "token": frozen.token,
            # Asked again after this; botocore refreshes a role's keys before they lapse.
            "expires_at": datetime.now(UTC) + _CREDENTIALS_TTL,
        }

    def _object_store(self, endpoint_url: str | None, region: str) -> S3Store:
        client_options: ClientConfig = {"connect_timeout": "5s", "timeout": "60s"}
        if endpoint_url and endpoint_url.startswith("http://"):
            client_options["allow_http"] = True
        config: S3Config = {"region": region, "virtual_hosted_style_request": endpoint_url is None}
        if endpoint_url:
            config["endpoint"] = endpoint_url
        return S3Store(
            self.bucket,
            config=config,
            client_options=client_options,
            retry_config=_RETRIES,
            # Without any keys in the chain obstore looks for its own (and fails with its message).
            credential_provider=self.credentials if self._session.get_credentials() is not None else None,
        )

    async def _region(self) -> str:
        if self.region is None:
            async with self._region_lock:
                if self.region is None:
                    self.region = await self._bucket_region()
        return self.region

    async def _bucket_region(self) -> str:
        """The bucket's region, from HeadBucket's `x-amz-bucket-region` header."""
        try:
            response = await self._call(self.client.head_bucket, Bucket=self.bucket)
            headers = response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
        except ClientError as error:  # a 301/403 still names the region
            headers = error.response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
        return str(headers.get("x-amz-bucket-region") or "us-east-1")

    async def _store(self) -> S3Store:
        if self._objects is None:
            self._objects = self._object_store(self.endpoint_url, await self._region())
        return self._objects

    async def _presign_store(self) -> S3Store:
        if self._presigner is None:
            self._presigner = self._object_store(self.public_url or self.endpoint_url, await self._region())
        return self._presigner

    def _key(self, key: str) -> str:
        return self.prefix + safe_name(key)

    async def _call(self, fn: Callable[..., Any], /, **kwargs: Any) -> Any:
        """A boto3 call (the rare bucket-level ones), off the event loop, its errors translated."""
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
        path = self._key(key)
        with _translated(path):
            # One PUT whatever the size: a kit's largest file (the zip) is a few MB, far under
            # the single-request limit, and a multipart upload would be three requests.
            await obstore.put_async(
                await self._store(), path, data, attributes={"Content-Type": content_type}, use_multipart=False
            )

    async def get(self, key: str) -> bytes:
        path = self._key(key)
        with _translated(path):
            found = await obstore.get_async(await self._store(), path)
            return bytes(await found.bytes_async())

    async def exists(self, key: str) -> bool:
        try:
            path = self._key(key)
            with _translated(path):
                await obstore.head_async(await self._store(), path)
        except KeyError:
            return False
        return True

    async def list(self, prefix: str) -> list[str]:
        keys: list[str] = []
        with _translated(prefix):
            async for batch in obstore.list(await self._store(), self.prefix + prefix):
                keys.extend(item["path"][len(self.prefix) :] for item in batch)
        return sorted(keys)

    async def delete_prefix(self, prefix: str) -> int:
        keys = await self.list(prefix)
        with _translated(prefix):
            # obstore sends S3's DeleteObjects, a thousand keys a request.
            await obstore.delete_async(await self._store(), [self.prefix + key for key in keys])
        return len(keys)

    async def url(self, key: str) -> str | None:
        signer = await self._presign_store()
        return obstore.sign(signer, "GET", self._key(key), timedelta(seconds=self.presign_seconds))

    async def ping(self) -> None:
        await self._call(self.client.head_bucket, Bucket=self.bucket)


_CREDENTIALS_TTL = timedelta(minutes=10)
# Connection refused or a 5xx is tried again a few times within seconds; an outage longer than that
# is the runtime's to retry (TransientError), with its own backoff, so the message goes back.
_RETRIES: RetryConfig = {
    "max_retries": 4,
    "retry_timeout": timedelta(seconds=10),
    "backoff": {"init_backoff": timedelta(milliseconds=100), "max_backoff": timedelta(seconds=2), "base": 2},
}


@contextmanager
def _translated(path: str) -> Iterator[None]:
    """obstore's errors as the store's callers know them: a missing object is a KeyError, an
    unreachable or failing server a TransientError; a refused signature or bad request stays."""
    try:
        yield
    except (FileNotFoundError, obstore_errors.NotFoundError):  # obstore raises the built-in one
        raise KeyError(path) from None
    except (obstore_errors.GenericError, ConnectionError, TimeoutError) as error:
        raise TransientError(f"S3 unreachable: {str(error).splitlines()[0][:300]}") from error


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
