"""``DOSSIER_ARCHIVE=s3://bucket/prefix``: the raw archive on object storage (moto on 127.0.0.1).

The same rows as with a folder archive, ``dossier reextract`` from the bucket
once the originals are gone, and Dask workers that read sources by hash from
the bucket rather than from a folder shared with the flow.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.helpers.paths import SAMPLES
from tests.helpers.s3_server import free_port
from tests.helpers.table_rows import content

pytestmark = pytest.mark.flow

#: Where each run archived differs by design; everything else must not.
WHERE = frozenset({"archive_path"})


@pytest.fixture
def s3_archive(archive_endpoint, harness, monkeypatch, request):
    """The usual AWS variables pointing at the local endpoint; DOSSIER_ARCHIVE a prefix of its own."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{archive_endpoint}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("DOSSIER_PROGRESS", "off")
    return f"s3://dossier/{request.node.name[:40]}"


def archive_paths(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return [p for (p,) in con.execute("SELECT archive_path FROM sources ORDER BY 1").fetchall()]


def test_the_samples_give_the_same_rows_with_the_archive_on_s3_and_reextract_reads_it(
    s3_archive, tmp_path, monkeypatch
):
    from flows.ingest import ingest_flow, reextract_flow

    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder, ignore=shutil.ignore_patterns("README.md"))
    monkeypatch.setenv("DOSSIER_TASK_RUNNER", "thread")
    monkeypatch.setenv("DOSSIER_ARCHIVE", str(tmp_path / "archive"))
    on_disk = ingest_flow([str(folder)], str(tmp_path / "folder.duckdb"))
    monkeypatch.setenv("DOSSIER_ARCHIVE", s3_archive)
    on_s3 = ingest_flow([str(folder)], str(tmp_path / "s3.duckdb"))

    assert len(on_s3.loaded) == len(on_disk.loaded) >= 6
    assert [f.error for f in on_s3.failures] == [f.error for f in on_disk.failures]  # the damaged PDF
    assert content(tmp_path / "s3.duckdb", WHERE) == content(tmp_path / "folder.duckdb", WHERE)
    with duckdb.connect(str(tmp_path / "s3.duckdb"), read_only=True) as con:
        stored = con.execute("SELECT content_sha256, archive_path FROM sources").fetchall()
    assert stored and all(path == f"{s3_archive}/{sha[:2]}/{sha}" for sha, path in stored)

    # Re-extraction reads the bucket: the originals are gone, one source is stale.
    shutil.rmtree(folder)
    with duckdb.connect(str(tmp_path / "s3.duckdb")) as con:
        con.execute(
            "UPDATE sources SET pipeline_version = 'old' WHERE source_uri LIKE '%press-statement.txt'"
        )
    before = content(tmp_path / "s3.duckdb", WHERE | {"pipeline_version"})
    summary = reextract_flow(str(tmp_path / "s3.duckdb"))
    assert [u.rsplit("/", 1)[-1] for u in summary.changed] == ["press-statement.txt"] and not summary.failures
    assert content(tmp_path / "s3.duckdb", WHERE | {"pipeline_version"}) == before


def test_an_unreachable_bucket_is_a_recorded_source_failure(s3_archive, tmp_path, monkeypatch):
    from flows.ingest import ingest_flow

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "press-statement.txt", folder)
    monkeypatch.setenv("DOSSIER_TASK_RUNNER", "thread")
    monkeypatch.setenv("DOSSIER_ARCHIVE", "s3://no-such-bucket/x")
    summary = ingest_flow([str(folder)], str(tmp_path / "w.duckdb"))
    [failure] = summary.failures
    assert failure.stage == "read" and "NoSuchBucket" in failure.error and "\n" not in failure.error
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ingest_errors").fetchone()[0] == 1


def test_dask_workers_read_the_sources_from_s3(s3_archive, tmp_path, monkeypatch):
    from flows.ingest import ingest_flow

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("press-statement.txt", "river-commission-summit.html"):
        shutil.copy(SAMPLES / name, folder / name)
    monkeypatch.setenv("DOSSIER_ARCHIVE", s3_archive)
    monkeypatch.setenv("DOSSIER_TASK_RUNNER", "thread")
    ingest_flow([str(folder)], str(tmp_path / "thread.duckdb"))
    monkeypatch.setenv("DOSSIER_TASK_RUNNER", "dask")
    monkeypatch.setenv("DOSSIER_WORKERS", "1")
    monkeypatch.delenv("DOSSIER_DASK_ADDRESS", raising=False)
    summary = ingest_flow([str(folder)], str(tmp_path / "dask.duckdb"))

    assert summary.runner == "dask" and len(summary.loaded) == 2 and not summary.failures
    assert content(tmp_path / "dask.duckdb") == content(tmp_path / "thread.duckdb")
    assert all(p.startswith(f"{s3_archive}/") for p in archive_paths(tmp_path / "dask.duckdb"))


def test_reextract_says_in_one_line_when_the_archive_cannot_be_reached(s3_archive, tmp_path, monkeypatch):
    from flows.ingest import ingest_flow, reextract_flow

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "press-statement.txt", folder)
    monkeypatch.setenv("DOSSIER_TASK_RUNNER", "thread")
    monkeypatch.setenv("DOSSIER_ARCHIVE", s3_archive)
    ingest_flow([str(folder)], str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")  # nobody listens there
    summary = reextract_flow(str(tmp_path / "w.duckdb"), everything=True)
    [failure] = summary.failures
    assert failure.stage == "reextract" and "unreachable" in failure.error and "\n" not in failure.error
