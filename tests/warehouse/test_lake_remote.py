"""A DuckLake for several machines: the catalog in a real PostgreSQL, the Parquet files on S3.

Both servers run on 127.0.0.1 for the test: PostgreSQL from the distribution's
binaries (``initdb``, ``pg_ctl``; as the ``postgres`` user when the tests run as
root), S3 from ``moto_server`` (moto in server mode, found on PATH). Without
them, or without the ``duckdb-ext-postgres`` / ``duckdb-ext-httpfs`` packages
(nothing may be downloaded during tests), each test is skipped saying which.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import duckdb
import pytest

from tests.helpers.s3_server import free_port, moto_server
from tests.helpers.warehouse_rows import a_source
from warehouse import db, lake, load, runs
from warehouse.search import bundled_extension


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the ``postgres`` user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server on a free local port; yields the port."""
    if not (shutil.which("initdb") and shutil.which("pg_ctl") and shutil.which("createdb")):
        pytest.skip("PostgreSQL's initdb/pg_ctl/createdb are not installed")
    if bundled_extension("postgres_scanner") is None:
        pytest.skip("the duckdb-ext-postgres package is not installed (nothing is downloaded in tests)")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser: PostgreSQL cannot be started")
    # Not under pytest's temporary folder: the postgres user may not enter root's (mode 700).
    folder = Path(tempfile.mkdtemp(prefix="dossier-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    data = folder / "data"
    subprocess.run(
        _as_postgres(["initdb", "-D", str(data), "-A", "trust", "-U", "postgres"]),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    start = ["pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
    subprocess.run(_as_postgres(start), check=True, capture_output=True)
    try:
        yield port
    finally:
        subprocess.run(
            _as_postgres(["pg_ctl", "-D", str(data), "-m", "immediate", "stop"]), capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


def a_catalog(port: int) -> str:
    """A new, empty PostgreSQL database for one lake's catalog."""
    name = f"lake_{uuid.uuid4().hex[:8]}"
    subprocess.run(
        _as_postgres(["createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", name]), check=True
    )
    return f"postgres:dbname={name} host=127.0.0.1 port={port} user=postgres"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """An S3 endpoint (moto in server mode) with a bucket; yields the endpoint's host:port."""
    if bundled_extension("httpfs") is None:
        pytest.skip("the duckdb-ext-httpfs package is not installed (nothing is downloaded in tests)")
    with moto_server("dossier") as endpoint:
        yield endpoint


@pytest.fixture
def s3_secret(s3, tmp_path, monkeypatch):
    """Credentials the usual DuckDB way: a persistent secret in ~/.duckdb, which every connection reads."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    con = duckdb.connect()
    lake.load_extension(con, "httpfs")
    con.execute(
        f"""CREATE PERSISTENT SECRET dossier_test (TYPE s3, KEY_ID 'test', SECRET 'test', REGION 'us-east-1',
            ENDPOINT '{s3}', USE_SSL false, URL_STYLE 'path')"""
    )
    con.close()
    return f"s3://dossier/{uuid.uuid4().hex[:8]}/"


def rows(con, table):
    columns = [c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE {table})").fetchall()]
    kept = ", ".join(c for c in columns if c != "loaded_at")
    return con.execute(f"SELECT {kept} FROM {table} ORDER BY ALL").fetchall()


def load_two_runs(location):
    """Run 'one' loads the meeting, run 'two' replaces its text; returns run one's snapshot."""
    with db.connect(location) as con:
        load.load_source(con, a_source(), replace=False)
        runs.record(con, {"run_id": "one", "flow": "ingest", "started_at": "2026-01-01 00:00:00"})
        first = runs.stamp_snapshot(con, "one")
        load.load_source(con, a_source(text="Tokayev spoke.", sha="def"))
    return first


def test_a_postgresql_catalog_holds_the_same_warehouse_as_a_file(postgres, tmp_path):
    location = f"ducklake:{a_catalog(postgres)};data_path={tmp_path / 'data'}/"
    first = load_two_runs(location)
    with db.connect(tmp_path / "w.duckdb") as file_con:
        load.load_source(file_con, a_source(text="Tokayev spoke.", sha="def"))
        with db.connect(location, read_only=True) as lake_con:
            for table in ("documents", "actors", "mentions", "events", "quotes"):
                assert rows(lake_con, table) == rows(file_con, table), table
    with db.connect(location, read_only=True, snapshot=first) as then:
        assert then.execute("SELECT text FROM documents").fetchone()[0].startswith("Tokayev met Aliyev")
    lake.forget()


def test_a_postgresql_catalog_with_its_data_on_s3(postgres, s3_secret):
    location = f"ducklake:{a_catalog(postgres)};data_path={s3_secret}"
    first = load_two_runs(location)
    with db.connect(location, read_only=True) as con:
        assert con.execute("SELECT text FROM documents").fetchall() == [("Tokayev spoke.",)]
        files = con.execute("SELECT data_file FROM ducklake_list_files('lake', 'documents')").fetchall()
        assert files and all(f.startswith(s3_secret) for (f,) in files)  # the Parquet files are in the bucket
        assert con.execute("SELECT sentence FROM timeline").fetchall() == [("Tokayev spoke.",)]  # views too
    with db.connect(location, read_only=True, snapshot=first) as then:
        assert then.execute("SELECT sentence FROM timeline").fetchone()[0].startswith("Tokayev met Aliyev")
    lake.forget()


@pytest.mark.flow
def test_the_samples_in_a_postgresql_catalog_with_s3_data_are_the_rows_of_a_file(
    harness, postgres, s3_secret, tmp_path, monkeypatch
):
    """The whole pipeline on every bundled sample, into one file and into a lake for several machines."""
    from flows.ingest import ingest_flow
    from tests.helpers.paths import SAMPLES
    from tests.helpers.table_rows import content

    monkeypatch.setenv("DOSSIER_ARCHIVE", str(tmp_path / "archive"))
    monkeypatch.setenv("DOSSIER_TASK_RUNNER", "thread")
    remote = f"ducklake:{a_catalog(postgres)};data_path={s3_secret}"
    for location in (str(tmp_path / "w.duckdb"), remote):
        summary = ingest_flow([str(SAMPLES)], location)
        assert len(summary.loaded) == 6 and len(summary.failures) == 1  # the damaged PDF, in both
    per_run = frozenset({"applied_at", "started_at", "finished_at", "run_id", "snapshot_id"})
    in_file, in_lake = content(tmp_path / "w.duckdb", per_run), content(remote, per_run)
    assert len(in_file) >= 15 and in_lake.keys() == in_file.keys()
    for table in in_file:
        assert in_lake[table] == in_file[table], table
    lake.forget()
