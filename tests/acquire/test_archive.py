"""The raw archive in a folder and on S3 (moto in server mode on 127.0.0.1): written once, read by hash."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from acquire import archive
from core.errors import SourceError
from core.settings import Settings
from tests.helpers.s3_server import free_port

SIGHTING = {"uri": "a.txt", "fetched_at": "2026-03-01T10:00:00", "bytes": 5, "headers": {}}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def aws(archive_endpoint, monkeypatch):
    """The usual AWS environment, pointing at the local endpoint."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{archive_endpoint}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return archive_endpoint


def test_dossier_archive_names_a_folder_or_an_s3_prefix():
    assert Settings.from_env({"DOSSIER_ARCHIVE": "s3://bucket/raw/"}).archive_dir == "s3://bucket/raw"
    assert Settings.from_env({"DOSSIER_ARCHIVE": "/srv/archive"}).archive_dir == Path("/srv/archive")


def test_a_folder_archive_keeps_the_bytes_under_their_hash_and_logs_each_sighting(tmp_path):
    data = b"Hello"
    location = archive.store(sha(data), data, SIGHTING, tmp_path)
    assert location == str(tmp_path / sha(data)[:2] / sha(data))
    archive.store(sha(data), data, {**SIGHTING, "uri": "b.txt"}, tmp_path)
    log = (tmp_path / sha(data)[:2] / f"{sha(data)}.jsonl").read_text().splitlines()
    assert [json.loads(line)["uri"] for line in log] == ["a.txt", "b.txt"]
    assert archive.read(location, 100) == data and archive.exists(location)
    with pytest.raises(SourceError, match="over the 4-byte limit"):
        archive.read(location, 4)


def test_an_s3_archive_writes_an_object_once_at_prefix_sha2_sha_and_reads_it_back(aws):
    data = b"Tokayev met Aliyev in Baku on 3 March 2026."
    location = archive.store(sha(data), data, SIGHTING, "s3://dossier/runs/archive")
    assert location == f"s3://dossier/runs/archive/{sha(data)[:2]}/{sha(data)}"
    assert archive.exists(location) and archive.read(location, 1000) == data
    # Append-only: an object already there is never rewritten (HEAD before PUT), whatever comes.
    archive.store(sha(data), b"other bytes", SIGHTING, "s3://dossier/runs/archive/")
    assert archive.read(location, 1000) == data
    assert not archive.exists(f"s3://dossier/runs/archive/00/{'0' * 64}")


def test_an_object_over_the_size_limit_is_refused(aws):
    data = b"x" * 200
    location = archive.store(sha(data), data, SIGHTING, "s3://dossier/big")
    with pytest.raises(SourceError, match="over the 100-byte limit \\(DOSSIER_MAX_SOURCE_BYTES\\)"):
        archive.read(location, 100)


def test_a_missing_object_bucket_or_endpoint_is_one_line(aws, monkeypatch):
    with pytest.raises(SourceError, match="archived bytes missing: s3://dossier/none/ab/abc"):
        archive.read("s3://dossier/none/ab/abc", 100)
    with pytest.raises(SourceError, match="NoSuchBucket") as refused:
        archive.store(sha(b"a"), b"a", SIGHTING, "s3://no-such-bucket/x")
    assert "\n" not in str(refused.value)
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")  # nobody listens there
    with pytest.raises(SourceError, match="unreachable") as unreachable:
        archive.store(sha(b"a"), b"a", SIGHTING, "s3://dossier/x")
    assert "\n" not in str(unreachable.value)


def test_missing_credentials_are_one_line(aws, monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with pytest.raises(SourceError, match="Unable to locate credentials"):
        archive.store(sha(b"a"), b"a", SIGHTING, "s3://dossier/x")
