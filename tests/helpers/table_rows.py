"""A warehouse's content, table by table, for comparing two runs that should have loaded the same."""

from __future__ import annotations

from pathlib import Path

#: Tables that differ from run to run by design: the runs themselves and their bookkeeping.
RUN_TABLES = {"runs", "schema_migrations", "fetch_state"}
#: Columns that say when a row was written, not what it holds.
TIMES = {"loaded_at", "occurred_at", "rejected_at", "made_at", "checked_at"}


def content(db_path: Path | str, ignore: frozenset[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without what changes from run to run (the runs themselves, times).

    ``db_path`` is any warehouse location (a file, a DuckLake). ``ignore`` names more columns to
    leave out (``archive_path`` when the runs archived to different places).
    """
    from warehouse import db

    with db.connect(db_path, read_only=True) as con:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
                "AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
            if name not in RUN_TABLES
        ]
        rows = {}
        for name in tables:
            cursor = con.execute(f'SELECT * FROM "{name}"')
            columns = [column[0] for column in cursor.description]
            keep = [i for i, column in enumerate(columns) if column not in TIMES | ignore]
            rows[name] = sorted(tuple(repr(row[i]) for i in keep) for row in cursor.fetchall())
    return rows
