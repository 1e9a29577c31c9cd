"""Opening the warehouse and bringing its schema up to date.

Migrations are numbered SQL files in ``warehouse/migrations``; each is applied
once, inside a transaction, and recorded in ``schema_migrations`` so that an
old warehouse file is upgraded in place and a new one is built from scratch by
the same code path.

The warehouse is a single DuckDB file, or a DuckLake when its location says so
(a folder ending in ``.ducklake``, or ``ducklake:...``: ``warehouse/lake.py``).
Either way the caller gets a connection where ``documents``, ``events``...
are the warehouse's tables, and the same migrations run (on a lake without
their PRIMARY KEY constraints, which DuckLake does not have).
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

import duckdb

from warehouse import lake

_MIGRATION_NAME = re.compile(r"^(\d{3})_([\w-]+)\.sql$")


def connect(
    path: Path | str, read_only: bool = False, snapshot: int | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writer also gets the schema migrated to the latest version.

    ``snapshot`` (a lake only) opens the warehouse read-only as that snapshot left it.
    """
    if lake.is_lake(path):
        found = lake.parse(path)
        con = lake.connect(found, read_only, snapshot)
        if not read_only and snapshot is None:
            with lake.migrating(found):  # two first runs at once: the second finds the tables made
                lake.retrying(lambda: migrate(con))
        return con
    if snapshot is not None:
        raise ValueError(f"{path} is a single DuckDB file: it keeps no snapshots (a DuckLake does)")
    path = Path(path)
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no warehouse at {path}: run `dossier ingest` first")
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrate(con)
    return con


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every migration shipped with the code, in order."""
    folder = resources.files("warehouse").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append((int(m.group(1)), m.group(2), entry.read_text("utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations this warehouse has not seen; returns their numbers."""
    on_lake = lake.is_lake_connection(con)
    key = "" if on_lake else " PRIMARY KEY"
    con.execute(f"""CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER{key}, name VARCHAR NOT NULL, applied_at TIMESTAMP)""")
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for number, name, sql in migrations():
        if number in done:
            continue
        con.begin()
        try:
            con.execute(lake.lake_sql(sql) if on_lake else sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [number, name, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )
            con.commit()
        except Exception:
            con.rollback()
            if on_lake and _recorded(con, number):
                continue  # another writer applied it meanwhile (a catalog without a lock file to share)
            raise
        applied.append(number)
    return applied


def _recorded(con: duckdb.DuckDBPyConnection, number: int) -> bool:
    found = con.execute("SELECT count(*) FROM schema_migrations WHERE version = ?", [number]).fetchone()
    return bool(found and found[0])
