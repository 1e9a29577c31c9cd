"""The ``runs`` table: one row per flow run, including the runs that failed before publishing.

A run that completes writes its row into its staging copy and publishes it
with its data. A run that fails has nothing to publish, yet its row matters
most: it is how an analyst sees that last night's scheduled run did not
happen. So it is written on its own (a small publish of the row alone) and,
when that is impossible because another writer holds the warehouse, or the
file is no warehouse at all, appended to a side file beside it
(``<warehouse>.runs-pending.jsonl``). The next run that publishes folds those
rows into ``runs``; ``dossier runs`` reads both, so the failure shows at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb

from warehouse import db, lake, publish

#: The columns ``dossier runs`` prints, in order.
SUMMARY_COLUMNS = ("started_at", "flow", "deployment", "status", "sources_failed", "duration_s", "failure")
_TIMESTAMPS = ("started_at", "finished_at", "scheduled_at")


def pending_path(published: Path | str) -> Path:
    published = Path(published)
    return published.with_name(published.name + ".runs-pending.jsonl")


def record(con: duckdb.DuckDBPyConnection, run: dict) -> None:
    """Insert one run; a run already recorded (same ``run_id``) is left as it is."""
    columns = list(run)
    values = ", ".join(f"? AS {c}" for c in columns)
    lake.retrying(
        lambda: con.execute(
            f"""MERGE INTO runs USING (SELECT {values}) AS r ON runs.run_id = r.run_id
                WHEN NOT MATCHED THEN INSERT BY NAME""",
            [run[c] for c in columns],
        )
    )


def stamp_snapshot(con: duckdb.DuckDBPyConnection, run_id: str) -> int | None:
    """On a DuckLake, keep in ``runs.snapshot_id`` the snapshot the run's row landed in; returns it.

    That commit is the run's last: the snapshot is the warehouse as the run
    left it (``dossier sql --at RUN_ID``). The row is stamped by one more,
    tiny commit, since no commit can know its own snapshot id beforehand. A
    single-file warehouse keeps no snapshots: nothing is stamped.
    """
    if not lake.is_lake_connection(con):
        return None
    snapshot = lake.last_committed_snapshot(con)
    lake.retrying(lambda: con.execute("UPDATE runs SET snapshot_id = ? WHERE run_id = ?", [snapshot, run_id]))
    return snapshot


def snapshot_of(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """The snapshot a run left (``run_id`` or a unique prefix of it); ValueError says why there is none."""
    rows = con.execute(
        "SELECT run_id, snapshot_id FROM runs WHERE starts_with(run_id, ?) ORDER BY run_id", [run_id]
    ).fetchall()
    if not rows:
        raise ValueError(f"no run {run_id!r} in the warehouse (`dossier runs` lists them)")
    if len(rows) > 1:
        raise ValueError(f"{run_id!r} names {len(rows)} runs; give more of the id")
    if rows[0][1] is None:
        raise ValueError(
            f"run {rows[0][0]} recorded no snapshot (it failed, or ran before snapshots were kept)"
        )
    return int(rows[0][1])


def record_failed(published: Path | str, run: dict) -> str:
    """Record a run that did not publish; returns where it went ("warehouse" or the side file's path).

    Never raises for the warehouse being busy or unreadable: the run has
    already failed, and its record must not hide why.
    """
    try:
        with publish.writer(published) as staging, db.connect(staging) as con:
            record(con, run)
        return "warehouse"
    except (publish.WarehouseBusy, publish.WarehouseUnreadable, duckdb.Error, OSError):
        path = pending_path(published)
        with _locked(path, "a") as handle:
            handle.write(json.dumps(run, default=_iso, ensure_ascii=False) + "\n")
        return str(path)


def fold_pending(con: duckdb.DuckDBPyConnection, published: Path | str) -> list[str]:
    """Insert the side file's runs into ``con`` (a staging copy); returns their ids.

    Call ``forget_pending`` with the ids once that copy is published.
    """
    rows = read_pending(published)
    for run in rows:
        record(con, run)
    return [run["run_id"] for run in rows]


def forget_pending(published: Path | str, run_ids: list[str]) -> None:
    """Drop published runs from the side file (rows appended meanwhile stay)."""
    path = pending_path(published)
    if not run_ids or not path.exists():
        return
    done = set(run_ids)
    with _locked(path, "r+") as handle:
        keep = [line for line in handle if line.strip() and _run_id(line) not in done]
        handle.seek(0)
        handle.truncate()
        handle.writelines(keep)  # in place, never unlinked: an appender waiting on the lock keeps its inode


def read_pending(published: Path | str) -> list[dict]:
    """The runs waiting in the side file, with their timestamps as datetimes; unreadable lines skipped."""
    path = pending_path(published)
    if not path.exists():
        return []
    rows = []
    with _locked(path, "r") as handle:
        for line in handle:
            try:
                run = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash: the rest still counts
            if isinstance(run, dict) and isinstance(run.get("run_id"), str):
                rows.append(
                    {k: dt.datetime.fromisoformat(v) if k in _TIMESTAMPS and v else v for k, v in run.items()}
                )
    return rows


def recent(published: Path | str, limit: int = 20) -> list[tuple]:
    """The latest runs, newest first, as ``SUMMARY_COLUMNS``: the warehouse's and the side file's."""
    found: dict[str, dict] = {}
    if lake.parse(published).exists() if lake.is_lake(published) else Path(published).exists():
        publish.check_readable(published)
        with db.connect(published, read_only=True) as con:
            columns = {r[0] for r in con.execute("DESCRIBE runs").fetchall()}
            wanted = ["run_id", "started_at", "finished_at", "flow", "sources_failed"]
            wanted += [c for c in ("deployment", "status", "failure") if c in columns]  # before migration 009
            cursor = con.execute(
                f"SELECT {', '.join(wanted)} FROM runs ORDER BY started_at DESC LIMIT ?", [limit]
            )
            for row in cursor.fetchall():
                found[row[0]] = dict(zip(wanted, row))
    for run in read_pending(published):
        found.setdefault(run["run_id"], run)
    latest = sorted(found.values(), key=lambda r: r["started_at"], reverse=True)[:limit]
    return [_summary(run) for run in latest]


def _summary(run: dict) -> tuple:
    started, finished = run.get("started_at"), run.get("finished_at")
    duration = round((finished - started).total_seconds(), 1) if started and finished else None
    status = run.get("status") or ("partial" if run.get("sources_failed") else "completed")
    return (
        started.replace(microsecond=0) if started else None,
        run.get("flow"),
        run.get("deployment"),
        status,
        run.get("sources_failed"),
        duration,
        run.get("failure"),
    )


@contextlib.contextmanager
def _locked(path: Path, mode: str) -> Iterator:
    """The side file, opened and held under an exclusive lock (appenders and the rewriter take turns)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, mode if path.exists() or mode == "a" else "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_id(line: str) -> str | None:
    try:
        return json.loads(line).get("run_id")
    except (ValueError, AttributeError):
        return None


def _iso(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
