"""A DuckLake warehouse shared by several `dossier ingest` processes and a reader, as real processes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.helpers.paths import REPO, SAMPLES
from warehouse import db, lake

pytestmark = pytest.mark.flow

# An analyst's session in its own process: a fresh read-only connection every few
# milliseconds, printing each state it sees (documents per source) and any error.
READER = r"""
import json, os, sys, time
from warehouse import db
path, stop = sys.argv[1], sys.argv[2]
seen, errors = set(), []
while not os.path.exists(stop):
    try:
        with db.connect(path, read_only=True) as con:
            seen.add(tuple(con.execute("SELECT source_uri, count(*) FROM documents GROUP BY 1 ORDER BY 1").fetchall()))
    except Exception as exc:
        if "no warehouse" not in str(exc):
            errors.append(str(exc)[:200])
    time.sleep(0.02)
print(json.dumps({"seen": sorted(seen), "errors": errors}))
"""

FOLDERS = {"a": ("press-statement.txt", "river-commission-summit.html"), "b": ("analysis-listing.html",)}


@pytest.fixture
def folders(tmp_path):
    for name, files in FOLDERS.items():
        (tmp_path / name).mkdir()
        for file in files:
            shutil.copy(SAMPLES / file, tmp_path / name / file)
    return tmp_path


def ingest(folder, lake_path, archive, **env):
    return subprocess.Popen(
        [sys.executable, "-m", "dossier.cli", "ingest", str(folder), "--db", str(lake_path), "--quiet"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={**os.environ, "DOSSIER_TASK_RUNNER": "thread", "DOSSIER_ARCHIVE": str(archive), **env},
    )


def documents_per_source(lake_path):
    with db.connect(lake_path, read_only=True) as con:
        return dict(con.execute("SELECT source_uri, count(*) FROM documents GROUP BY 1").fetchall())


def test_two_ingests_at_once_both_land_whole_while_a_reader_reads(folders):
    lake_path = folders / "w.ducklake"
    stop = folders / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(lake_path), str(stop)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    # A Prefect home each: on a shared one the second server's start-up waits for the first's
    # (flows.prefect_server._start_lock), and these short runs would no longer write at once.
    runs = [
        ingest(
            folders / name,
            lake_path,
            folders / "archive",
            DOSSIER_PREFECT_HOME=str(folders / f"prefect-{name}"),
        )
        for name in FOLDERS
    ]
    try:
        outputs = [run.communicate(timeout=400)[0] for run in runs]
        stop.touch()
        seen = json.loads(reader.communicate(timeout=60)[0])
    finally:
        for process in (*runs, reader):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL) if process in runs else process.kill()
    assert [run.returncode for run in runs] == [0, 0], outputs

    final = documents_per_source(lake_path)
    assert len(final) == 3 and sum(final.values()) == 4  # the listing page holds two articles
    with db.connect(lake_path, read_only=True) as con:
        assert con.execute("SELECT count(*) = count(DISTINCT document_id) FROM documents").fetchone()[0]
        assert con.execute("SELECT count(*) = count(DISTINCT event_id) FROM events").fetchone()[0]
        recorded = con.execute(
            "SELECT run_id, snapshot_id, sources_new FROM runs ORDER BY snapshot_id"
        ).fetchall()
        overlapped = con.execute("SELECT max(started_at) < min(finished_at) FROM runs").fetchone()[0]
    assert overlapped  # the two runs were writing at the same time
    assert sorted(new for _, _, new in recorded) == [1, 2] and all(snapshot for _, snapshot, _ in recorded)

    assert seen["errors"] == []  # the reader was never refused or blocked
    for state in seen["seen"]:  # every state it saw held each source whole or not at all
        assert all(final[uri] == count for uri, count in state), state

    # `dossier sql --at`: the warehouse as each run left it holds at least that run's own sources.
    for _, snapshot, new in recorded:
        with db.connect(lake_path, read_only=True, snapshot=snapshot) as then:
            assert then.execute("SELECT count(*) FROM sources").fetchone()[0] >= new
    lake.forget(lake.parse(lake_path))


def test_a_run_killed_mid_load_leaves_the_last_snapshot_whole_and_a_rerun_completes(folders):
    lake_path = folders / "w.ducklake"
    for file in ("energy-corridor-brief.html", "analysis-listing.html"):
        shutil.copy(SAMPLES / file, folders / "a" / file)
    run = ingest(folders / "a", lake_path, folders / "archive", DOSSIER_BATCH_SIZE="1")  # a commit per source
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and run.poll() is None:
            if lake_path.exists() and _loaded_sources(lake_path) >= 1:  # a first batch has committed
                break
            time.sleep(0.05)
        assert run.poll() is None, "the run finished before it could be killed"
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)

    after_kill = documents_per_source(lake_path)  # the lake opens; what landed landed whole
    rerun = ingest(folders / "a", lake_path, folders / "archive")
    output = rerun.communicate(timeout=400)[0]
    assert rerun.returncode == 0, output
    final = documents_per_source(lake_path)
    assert len(final) == 4 and all(final[uri] == count for uri, count in after_kill.items())
    with db.connect(lake_path, read_only=True) as con:
        assert con.execute("SELECT count(*) = count(DISTINCT document_id) FROM documents").fetchone()[0]
    lake.forget(lake.parse(lake_path))


def _loaded_sources(lake_path) -> int:
    """Sources committed so far, read from a separate process as an analyst would (0 before the schema)."""
    probe = "from warehouse import db; import sys; print(db.connect(sys.argv[1], read_only=True).execute('SELECT count(*) FROM sources').fetchone()[0])"
    done = subprocess.run(
        [sys.executable, "-c", probe, str(lake_path)], cwd=REPO, capture_output=True, text=True
    )
    return int(done.stdout.strip() or 0)


def test_a_lake_and_a_file_hold_the_same_rows_table_by_table(harness, folders, monkeypatch):
    from flows.ingest import ingest_flow

    monkeypatch.setenv("DOSSIER_ARCHIVE", str(folders / "archive"))
    locations = (folders / "w.duckdb", folders / "w.ducklake")
    for location in locations:
        summary = ingest_flow([str(folders / "a"), str(folders / "b")], str(location))
        assert len(summary.loaded) == 3 and not summary.failures
    bookkeeping = {
        "loaded_at",
        "applied_at",
        "checked_at",
        "started_at",
        "finished_at",
        "run_id",
        "snapshot_id",
    }
    with (
        db.connect(locations[0], read_only=True) as file_con,
        db.connect(locations[1], read_only=True) as lake_con,
    ):
        tables = [
            name
            for (name,) in file_con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
                "AND table_schema = 'main' AND table_type = 'BASE TABLE' AND table_name NOT IN ('runs', 'schema_migrations')"
            ).fetchall()
        ]
        assert len(tables) >= 15
        for table in tables:
            columns = [
                c for (c,) in file_con.execute(f"SELECT column_name FROM (DESCRIBE {table})").fetchall()
            ]
            query = (
                f"SELECT {', '.join(c for c in columns if c not in bookkeeping)} FROM {table} ORDER BY ALL"
            )
            assert lake_con.execute(query).fetchall() == file_con.execute(query).fetchall(), table
    lake.forget(lake.parse(locations[1]))


@pytest.mark.parametrize("runner", ["process", "dask"])
def test_the_shared_corpus_in_a_lake_on_another_runner_is_the_rows_of_a_file(
    harness, tmp_path, monkeypatch, runner
):
    """Real documents nobody here wrote: a file by the thread runner, a lake by the process pool or Dask."""
    from flows.ingest import ingest_flow
    from tests.helpers.paths import SHARED
    from tests.helpers.table_rows import content

    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is not at {corpus}")
    monkeypatch.setenv("DOSSIER_ARCHIVE", str(tmp_path / "archive"))
    monkeypatch.setenv("DOSSIER_WORKERS", "2")
    locations = {"thread": tmp_path / "w.duckdb", runner: tmp_path / "w.ducklake"}
    for kind, location in locations.items():
        monkeypatch.setenv("DOSSIER_TASK_RUNNER", kind)
        summary = ingest_flow([str(corpus)], str(location))
        assert summary.loaded and not summary.failures
    per_run = frozenset({"applied_at", "started_at", "finished_at", "run_id", "snapshot_id"})
    in_file, in_lake = content(locations["thread"], per_run), content(locations[runner], per_run)
    assert in_lake.keys() == in_file.keys() and sum(len(rows) for rows in in_file.values()) > 500
    for table in in_file:
        assert in_lake[table] == in_file[table], table
    lake.forget(lake.parse(locations[runner]))
