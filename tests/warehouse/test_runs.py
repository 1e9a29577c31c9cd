"""The runs table keeps every run, including those that failed before they could publish."""

from __future__ import annotations

import datetime as dt

import duckdb

from warehouse import db, publish, runs

T0 = dt.datetime(2026, 3, 1, 2, 30)


def _run(run_id: str, minutes: int, **extra) -> dict:
    started = T0 + dt.timedelta(minutes=minutes)
    return {
        "run_id": run_id,
        "flow": "ingest-sources",
        "started_at": started,
        "finished_at": started + dt.timedelta(seconds=12.5),
        "inputs": ["sources.yaml:samples"],
        "deployment": "sources-every-600s",
        "scheduled_at": started,
        **extra,
    }


def _warehouse(tmp_path, *rows: dict):
    path = tmp_path / "w.duckdb"
    with publish.writer(path) as staging, db.connect(staging) as con:
        for row in rows:
            runs.record(con, row)
    return path


def test_a_completed_run_and_a_failed_one_are_listed_newest_first(tmp_path):
    path = _warehouse(tmp_path, _run("a", 0, status="completed", sources_failed=0))
    failed = _run("b", 10, status="failed", failure="SourceConfigError: sources.yaml: unknown kind 'fodler'")
    assert runs.record_failed(path, failed) == "warehouse"
    assert runs.recent(path) == [
        (
            T0 + dt.timedelta(minutes=10),
            "ingest-sources",
            "sources-every-600s",
            "failed",
            None,
            12.5,
            "SourceConfigError: sources.yaml: unknown kind 'fodler'",
        ),
        (T0, "ingest-sources", "sources-every-600s", "completed", 0, 12.5, None),
    ]


def test_a_run_that_failed_on_a_busy_warehouse_waits_beside_it_and_is_folded_in_by_the_next(tmp_path):
    path = _warehouse(tmp_path, _run("a", 0, status="completed", sources_failed=0))
    busy = _run("b", 10, status="failed", failure="WarehouseBusy: another dossier run is writing w.duckdb")
    with publish.writer(path):  # another run holds the warehouse
        assert runs.record_failed(path, busy) == str(runs.pending_path(path))
        assert [r[3] for r in runs.recent(path)] == ["failed", "completed"]  # seen at once
    with publish.writer(path) as staging, db.connect(staging) as con:  # the next run
        runs.record(con, _run("c", 20, status="completed", sources_failed=0))
        folded = runs.fold_pending(con, path)
    runs.forget_pending(path, folded)
    assert folded == ["b"] and runs.read_pending(path) == []
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT run_id, status FROM runs ORDER BY started_at").fetchall() == [
            ("a", "completed"),
            ("b", "failed"),
            ("c", "completed"),
        ]


def test_a_file_that_is_no_warehouse_still_gets_its_failed_run_written_down(tmp_path):
    path = tmp_path / "w.duckdb"
    path.write_text("not a database")
    failed = _run("x", 0, status="failed", failure="WarehouseUnreadable: w.duckdb is not a DuckDB warehouse")
    assert runs.record_failed(path, failed).endswith("w.duckdb.runs-pending.jsonl")
    assert runs.read_pending(path)[0]["started_at"] == T0


def test_a_line_cut_short_by_a_crash_does_not_hide_the_others(tmp_path):
    path = tmp_path / "w.duckdb"
    runs.record_failed(
        tmp_path / "w.duckdb", _run("x", 0, status="failed", failure="boom")
    )  # no warehouse yet: created
    with runs.pending_path(path).open("a") as side:
        side.write('{"run_id": "y", "flo')
    assert [r[3] for r in runs.recent(path)] == ["failed"]


def test_runs_recorded_before_the_schedule_columns_read_as_completed_or_partial(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    for number, name, sql in db.migrations():
        if number < 9:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [number, name])
    con.execute(
        "INSERT INTO runs (run_id, flow, started_at, finished_at, sources_failed) VALUES "
        "('old1', 'ingest', ?, ?, 0), ('old2', 'ingest', ?, ?, 2)",
        [T0, T0, T0, T0],
    )
    con.close()
    with db.connect(path) as con:  # a writer migrates
        assert con.execute("SELECT run_id, status, deployment FROM runs ORDER BY run_id").fetchall() == [
            ("old1", "completed", None),
            ("old2", "partial", None),
        ]
