"""The raw archive: every source's bytes kept once under their SHA-256, in a folder or on S3.

``DOSSIER_ARCHIVE`` names either a folder (the default, ``raw/archive``) or
``s3://bucket/prefix`` (credentials and endpoint the usual AWS way:
``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``,
``AWS_ENDPOINT_URL`` for an S3-compatible store). Both hold ``<sha[:2]>/<sha>``
and only grow: bytes are written once, when absent, and never rewritten. A
location returned by ``store`` is what the warehouse records as
``archive_path`` and what ``read`` takes back, so a Dask worker on another
machine reads a source by its hash from the bucket instead of a shared folder.

Every reader and writer of archived bytes goes through this module: the
acquire tasks (``store``), extraction on a worker and ``dossier reextract``
(``read``, ``exists``).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.errors import SourceError

__all__ = ["exists", "is_remote", "read", "store"]

S3 = "s3://"


def is_remote(location: Path | str) -> bool:
    """An ``s3://`` archive or archived object (a ``Path`` would fold ``s3://`` into ``s3:/``)."""
    return str(location).startswith(S3)


def store(sha256: str, data: bytes, sighting: dict, archive: Path | str) -> str:
    """Keep ``data`` once under its hash in ``archive`` and log this sighting; returns its location.

    In a folder the sighting is a line appended to ``<sha>.jsonl`` beside the
    bytes (as it always was); an object cannot be appended to, so on S3 each
    sighting is its own small object under ``<sha>.sightings/``. Either way the
    history of a URL whose content changed stays visible.
    """
    if is_remote(archive):
        return _store_s3(sha256, data, sighting, str(archive))
    folder = Path(archive) / sha256[:2]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / sha256
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    with open(folder / f"{sha256}.jsonl", "a", encoding="utf-8") as log:
        log.write(json.dumps(sighting) + "\n")
    return str(path)


def read(location: str, max_bytes: int) -> bytes:
    """The archived bytes at ``location``; anything over ``max_bytes`` is refused before it is read."""
    if is_remote(location):
        bucket, key = _split(location)
        with _errors(location):
            answer = _client().get_object(Bucket=bucket, Key=key)
            _check_size(int(answer["ContentLength"]), max_bytes)
            return answer["Body"].read()
    path = Path(location)
    if not path.is_file():
        raise SourceError(f"archived bytes missing: {location}")
    _check_size(path.stat().st_size, max_bytes)
    return path.read_bytes()


def exists(location: str) -> bool:
    """Whether ``location`` holds archived bytes (a HEAD request on S3)."""
    if not location:
        return False
    if not is_remote(location):
        return Path(location).is_file()
    bucket, key = _split(location)
    return _head(bucket, key, location)


def _store_s3(sha256: str, data: bytes, sighting: dict, archive: str) -> str:
    """HEAD before PUT: an object already there is never written again (content-addressed, append-only)."""
    bucket, prefix = _split(archive.rstrip("/") + "/")
    key = f"{prefix}{sha256[:2]}/{sha256}"
    location = f"{S3}{bucket}/{key}"
    with _errors(location):
        if not _head(bucket, key, location):
            _client().put_object(Bucket=bucket, Key=key, Body=data)
        name = f"{sighting.get('fetched_at', '')}-{uuid.uuid4().hex[:8]}.json".replace(":", "")
        _client().put_object(
            Bucket=bucket, Key=f"{key}.sightings/{name}", Body=json.dumps(sighting).encode("utf-8")
        )
    return location


def _head(bucket: str, key: str, location: str) -> bool:
    with _errors(location):
        from botocore.exceptions import ClientError

        try:
            _client().head_object(Bucket=bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
    return True


def _split(location: str) -> tuple[str, str]:
    """``s3://bucket/a/b`` -> (``bucket``, ``a/b``)."""
    bucket, _, key = location[len(S3) :].partition("/")
    if not bucket:
        raise SourceError(
            f"no bucket in the archive location {location!r} (DOSSIER_ARCHIVE=s3://bucket/prefix)"
        )
    return bucket, key


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise SourceError(
            f"archived object is {size:,} bytes, over the {max_bytes:,}-byte limit (DOSSIER_MAX_SOURCE_BYTES)"
        )


#: The environment a client is built from: a change (another endpoint, other keys) gets a new client.
_AWS_VARIABLES = (
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_PROFILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
)


def _client() -> Any:
    """One S3 client per process and AWS environment (AWS_*, AWS_ENDPOINT_URL), as boto3 reads it."""
    return _client_for(tuple(os.environ.get(name) for name in _AWS_VARIABLES))


@cache
def _client_for(environment: tuple[str | None, ...]) -> Any:
    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        raise SourceError("an s3:// archive needs boto3 (pip install boto3)") from None
    # Few retries and a short connect timeout: an unreachable endpoint fails the source in
    # seconds, not minutes (boto's default retries a refused connection with backoff).
    config = Config(retries={"max_attempts": 2, "mode": "standard"}, connect_timeout=5, read_timeout=60)
    # A session of its own: boto3's default session keeps the first credentials it found.
    return boto3.session.Session().client("s3", config=config)


@contextmanager
def _errors(location: str) -> Iterator[None]:
    """Turn boto's exceptions into one line naming the object: a source failure, not a traceback."""
    _client()  # says so in one line when boto3 is not installed
    from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

    try:
        yield
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = error.get("Code", "error")
        if code in ("404", "NoSuchKey", "NotFound"):
            raise SourceError(f"archived bytes missing: {location}") from None
        raise SourceError(f"archive {location}: {code}: {error.get('Message') or code}") from None
    except EndpointConnectionError as exc:  # the endpoint, not the whole object URL, says where
        parts = urlsplit(str(exc.kwargs.get("endpoint_url", "")))
        raise SourceError(
            f"archive {location} unreachable: cannot connect to {parts.scheme}://{parts.netloc}"
        ) from None
    except BotoCoreError as exc:  # no credentials, timeouts
        raise SourceError(f"archive {location} unreachable: {exc}") from None
