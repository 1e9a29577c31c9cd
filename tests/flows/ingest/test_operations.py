"""Running dossier next to analysts: readers during a run, a killed run, the task runner switch, re-extraction."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.helpers.paths import REPO, SAMPLES
from tests.helpers.table_rows import content

pytestmark = pytest.mark.flow

# An analyst's session, as a separate process: one connection held open for the
# whole run, and a fresh connection every few milliseconds. Every state any of
# them sees is printed as one JSON line.
READER = r"""
import json, sys, time, duckdb
path, stop = sys.argv[1], sys.argv[2]
def state(con):
    return con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM runs)").fetchone()
held = duckdb.connect(path, read_only=True)
print(json.dumps({"held": state(held)}), flush=True)
seen = set()
import os
while not os.path.exists(stop):
    with duckdb.connect(path, read_only=True) as con:
        seen.add(tuple(state(con)))
    time.sleep(0.005)
print(json.dumps({"held_after": state(held), "fresh": sorted(seen)}), flush=True)
held.close()
with duckdb.connect(path, read_only=True) as con:
    print(json.dumps({"reconnected": state(con)}), flush=True)
"""


@pytest.fixture
def env(harness, tmp_path, monkeypatch):
    monkeypatch.setenv("DOSSIER_ARCHIVE", str(tmp_path / "archive"))
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


def add(folder, *names):
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)


def counts(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("""SELECT (SELECT count(*) FROM documents), (SELECT count(DISTINCT document_id) FROM documents),
                                     (SELECT count(*) FROM events), (SELECT count(DISTINCT event_id) FROM events),
                                     (SELECT count(*) FROM quotes)""").fetchone()


def test_a_reader_never_blocks_a_run_and_never_sees_half_of_one(env, tmp_path):
    from flows.ingest import ingest_flow

    db_path = tmp_path / "w.duckdb"
    add(env, "press-statement.txt")
    ingest_flow([str(env)], str(db_path))
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db_path), str(stop)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert json.loads(reader.stdout.readline()) == {"held": [1, 1]}
        add(env, "river-commission-summit.html", "analysis-listing.html")  # three more documents
        summary = ingest_flow([str(env)], str(db_path))  # must not fail on the reader's open file
        stop.touch()
        out, _ = reader.communicate(timeout=60)
    finally:
        reader.kill()
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(summary.loaded) == 2 and not summary.failures
    assert lines[0]["held_after"] == [1, 1]  # the open session keeps its consistent snapshot
    assert set(map(tuple, lines[0]["fresh"])) <= {(1, 1), (4, 2)}  # before or after, never in between
    assert lines[1] == {"reconnected": [4, 2]}


def test_a_run_killed_mid_load_leaves_the_warehouse_usable_and_a_rerun_completes(env, tmp_path):
    from flows.ingest import ingest_flow

    db_path = tmp_path / "w.duckdb"
    add(env, "press-statement.txt")
    ingest_flow([str(env)], str(db_path))
    before = counts(db_path)
    add(env, "river-commission-summit.html", "analysis-listing.html", "energy-corridor-brief.html")
    staging = db_path.with_name(db_path.name + ".staging")
    run = subprocess.Popen(
        [str(REPO / ".venv" / "bin" / "dossier"), "ingest", str(env), "--db", str(db_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "DOSSIER_TASK_RUNNER": "thread"},
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and run.poll() is None:
            wal = staging.with_name(staging.name + ".wal")
            if wal.exists() and wal.stat().st_size > 0:  # rows are being written to the run's copy
                break
            time.sleep(0.01)
        assert run.poll() is None, "the run finished before it could be killed"
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)

    assert counts(db_path) == before  # the published warehouse opens, untouched by the killed run
    rerun = ingest_flow([str(env)], str(db_path))
    assert len(rerun.loaded) == 3 and not rerun.failures
    docs, distinct_docs, events, distinct_events, _ = counts(db_path)
    assert docs == distinct_docs == 5 and events == distinct_events
    assert not staging.exists()


def test_the_task_runner_is_a_configuration_switch_with_the_same_rows_on_each(env, tmp_path, monkeypatch):
    """Thread, process pool and a local Dask cluster of worker processes load the same rows, table by table."""
    from flows.ingest import ingest_flow

    add(env, *sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html", ".pdf")))
    monkeypatch.setenv("DOSSIER_WORKERS", "2")
    monkeypatch.delenv("DOSSIER_DASK_ADDRESS", raising=False)
    results = {}
    for kind in ("thread", "process", "dask"):
        monkeypatch.setenv("DOSSIER_TASK_RUNNER", kind)
        db_path = tmp_path / f"{kind}.duckdb"
        summary = ingest_flow([str(env)], str(db_path))
        with duckdb.connect(str(db_path), read_only=True) as con:
            runner = con.execute("SELECT runner FROM runs").fetchone()[0]
        results[kind] = (summary.runner, runner, len(summary.loaded), content(db_path))
    assert {kind: result[:3] for kind, result in results.items()} == {
        "thread": ("thread", "thread", 6),  # the seventh sample is a damaged PDF, recorded in ingest_errors
        "process": ("process", "process", 6),
        "dask": ("dask", "dask", 6),
    }
    thread = results["thread"][3]
    assert thread["events"] and thread["quotes"] and thread["ingest_errors"]
    for kind in ("process", "dask"):
        assert results[kind][3].keys() == thread.keys()
        for table in thread:
            assert results[kind][3][table] == thread[table], f"{kind}: {table}"


def test_reextract_rebuilds_stale_sources_from_the_archive_without_reading_them(env, tmp_path):
    from flows.ingest import ingest_flow, reextract_flow

    db_path = tmp_path / "w.duckdb"
    add(env, "press-statement.txt", "river-commission-summit.html")
    ingest_flow([str(env)], str(db_path))
    before = counts(db_path)
    with duckdb.connect(str(db_path)) as con:  # pretend older extractors loaded one source
        con.execute(
            "UPDATE sources SET pipeline_version = 'old' WHERE source_uri LIKE '%press-statement.txt'"
        )
    for f in env.iterdir():
        f.unlink()  # the originals are gone: only the archive holds the bytes
    summary = reextract_flow(str(db_path))
    assert [u.rsplit("/", 1)[-1] for u in summary.changed] == ["press-statement.txt"] and not summary.failures
    assert counts(db_path) == before
    assert reextract_flow(str(db_path)).seen == 0  # nothing stale any more
