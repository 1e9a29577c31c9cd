"""Where documents come from: discovering, reading and archiving sources.

Every source's raw bytes are copied into the archive under their SHA-256 before
anything parses them, so a document can always be re-extracted later without
fetching it again, and a parser crash never loses the input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from acquire import archive as raw_archive
from acquire import fetch
from core.errors import SourceError

__all__ = ["SOURCE_SUFFIXES", "RawSource", "SourceError", "archive", "discover", "is_url", "read"]

#: Files a folder walk picks up. A file named explicitly is always read.
SOURCE_SUFFIXES = {".html", ".htm", ".xhtml", ".pdf", ".txt", ".text"}


@dataclass
class RawSource:
    uri: str
    data: bytes
    sha256: str
    fetched_at: dt.datetime
    headers: dict[str, str] = field(default_factory=dict)
    archive_path: str = ""


def is_url(text: str) -> bool:
    return urlparse(text).scheme in ("http", "https")


def discover(inputs: list[str]) -> list[str]:
    """Expand folders into their source files (sorted, hidden files skipped); keep files and URLs.

    A path that does not exist is returned as is, so that reading it fails and
    the failure is recorded like any other. So is a link in a folder that leads
    nowhere (a loop, or a deleted target): skipping it silently would hide a
    source the user expects to be read.
    """
    found: list[str] = []
    for item in inputs:
        if is_url(item):
            found.append(item)
            continue
        path = Path(item).expanduser()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if any(p.startswith(".") for p in rel) or child.suffix.lower() not in SOURCE_SUFFIXES:
                    continue
                if child.is_file():
                    found.append(str(child.resolve()))
                elif child.is_symlink() and not child.exists():
                    found.append(str(child))
        else:
            found.append(str(path.resolve()) if path.exists() else item)
    return list(dict.fromkeys(found))


def read(uri: str, max_bytes: int, timeout: float = 30.0) -> RawSource:
    """Read a file or fetch a URL, refusing anything larger than ``max_bytes``.

    A URL goes through ``acquire.fetch`` like every other request dossier makes
    (address policy, robots.txt, pacing, size cap while streaming), with the
    default policy and these limits; there is no second HTTP path.
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if is_url(uri):
        result = fetch.fetch(uri, fetch.FetchPolicy(timeout=timeout, max_bytes=max_bytes))
        data, headers = result.data or b"", result.headers
    else:
        path = Path(uri)
        if path.is_symlink() and not path.exists():
            raise SourceError(f"broken or looping link: {uri} -> {os.readlink(path)}")
        if not path.is_file():
            raise SourceError(f"no such file: {uri}")
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (DOSSIER_MAX_SOURCE_BYTES)"
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read file: {exc.strerror or exc}") from exc
        headers = {}
    return RawSource(uri, data, hashlib.sha256(data).hexdigest(), now, headers)


def archive(source: RawSource, archive_dir: Path | str) -> str:
    """Keep the bytes once per content hash, and log every sighting beside them.

    The archive only grows: bytes are never rewritten and every read adds a
    sighting, so the history of a URL whose content changed stays visible.
    ``archive_dir`` is a folder or ``s3://bucket/prefix`` (see ``acquire.archive``).
    """
    sighting = {
        "uri": source.uri,
        "fetched_at": source.fetched_at.isoformat(),
        "bytes": len(source.data),
        "headers": {
            k: v
            for k, v in source.headers.items()
            if k.lower() in ("content-type", "etag", "last-modified", "date")
        },
    }
    source.archive_path = raw_archive.store(source.sha256, source.data, sighting, archive_dir)
    return source.archive_path
