"""Opening the warehouse and bringing its schema up to date.

Migrations are numbered SQL files in ``warehouse/migrations``; each is applied
once, inside a transaction, and recorded in ``schema_migrations`` so that an
old warehouse file is upgraded in place and a new one is built from scratch by
the same code path.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import duckdb

_MIGRATION_NAME = re.compile(r"^(\d{3})_([\w-]+)\.sql$")


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writer also gets the schema migrated to the latest version."""
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
    con.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP DEFAULT current_timestamp)""")
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for number, name, sql in migrations():
        if number in done:
            continue
        con.begin()
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [number, name])
            con.commit()
        except Exception:
            con.rollback()
            raise
        applied.append(number)
    return applied
