"""Read-side helpers: the summary after a run and ad hoc SQL for the CLI."""

from __future__ import annotations

import re

import duckdb

from warehouse import lake

CONTRACT_TABLES = ("documents", "actors", "mentions", "events", "event_actors", "quotes", "ingest_errors")


#: Settings that make a connection read the warehouse and nothing else. A DuckDB
#: connection opened read-only still writes files (``COPY ... TO``, ``EXPORT
#: DATABASE``), attaches other databases read-write, installs and loads
#: extensions (``INSTALL httpfs`` fetches code over the network) and changes its
#: own settings; with external access off and the configuration locked, each of
#: those fails with a ``PermissionException`` or a "configuration has been
#: locked" error, and the warehouse file is never touched.
LOCKDOWN = (
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET enable_external_access = false",
    "SET lock_configuration = true",
)


class ExportFailed(Exception):
    """An export could not be written (a bad query, an unwritable path); the message says why."""


class Refused(Exception):
    """A statement ``dossier sql`` does not run: it would write, fetch or reconfigure."""


def lock_down(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Make ``con`` read only the warehouse already attached: no files, no extensions, no settings.

    A DuckLake's tables are Parquet files read at query time, so its data
    folder stays readable (``allowed_directories``); ``run_read_only`` then
    runs only SELECT statements there, none calling DuckLake's maintenance
    functions, since a folder DuckDB may read it may also write.
    """
    if lake.is_lake_connection(con):
        data_path = lake.data_path_of(con)
        if data_path:
            con.execute("SET allowed_directories = ?", [[data_path]])
    for statement in LOCKDOWN:
        con.execute(statement)
    return con


def run_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """``run`` on a locked-down connection, with refusals turned into one clear sentence."""
    if lake.is_lake_connection(con):
        _only_reads(con, sql)
    try:
        return run(con, sql)
    except duckdb.PermissionException as exc:
        raise Refused(
            "refused: dossier sql reads only the warehouse (no files, attachments or "
            "extensions); use `dossier export` to write data to files"
        ) from exc
    except duckdb.Error as exc:
        message = str(exc)
        if "configuration has been locked" in message:
            raise Refused("refused: dossier sql cannot change settings (SET, RESET, PRAGMA)") from exc
        if "read-only mode" in message or "read-only" in message:
            raise Refused(
                "refused: dossier sql is read-only; the warehouse is changed by "
                "`dossier ingest` and `dossier reextract`"
            ) from exc
        raise


#: DuckLake's table functions that write or delete files (cleanup, compaction, expiry, options).
_LAKE_WRITES = re.compile(
    r"(cleanup_old_files|delete_orphaned_files|merge_adjacent_files|expire_snapshots|rewrite_data_files"
    r"|flush_inlined_data|add_data_files|set_option|set_commit_message)\s*\(",
    re.IGNORECASE,
)


def _only_reads(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """On a lake: SELECT (and EXPLAIN) only, and no DuckLake function that touches files."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error:
        return  # a syntax error: let the query itself say so
    for statement in statements:
        if str(statement.type).rsplit(".", 1)[-1] not in ("SELECT", "EXPLAIN"):
            raise Refused(
                "refused: dossier sql runs only SELECT on a DuckLake warehouse; use `dossier export` to "
                "write files, and `dossier ingest` / `dossier maintain` to change the warehouse"
            )
    if _LAKE_WRITES.search(sql):
        raise Refused("refused: DuckLake maintenance runs with `dossier maintain`, not `dossier sql`")


def run(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """Columns and rows of one query."""
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description] if cursor.description else []
    return columns, cursor.fetchall() if columns else []


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CONTRACT_TABLES}


def example_events(con: duckdb.DuckDBPyConnection, limit: int = 5) -> tuple[list[str], list[tuple]]:
    """A few dated events with their actors: the demo's proof that extraction worked."""
    return run(
        con,
        f"""
        SELECT e.event_date, e.date_precision, e.event_type,
               string_agg(DISTINCT a.canonical_name, '; ' ORDER BY a.canonical_name) AS actors,
               left(e.sentence, 90) AS sentence
        FROM events e
        LEFT JOIN event_actors ea USING (event_id)
        LEFT JOIN actors a USING (actor_id)
        GROUP BY ALL ORDER BY e.event_date LIMIT {int(limit)}""",
    )


def example_quotes(con: duckdb.DuckDBPyConnection, limit: int = 5) -> tuple[list[str], list[tuple]]:
    return run(
        con,
        f"""
        SELECT coalesce(a.canonical_name, q.speaker_text) AS speaker, q.cue, left(q.quote_text, 80) AS quote
        FROM quotes q LEFT JOIN actors a ON a.actor_id = q.speaker_actor_id
        WHERE q.kind = 'quote' AND q.speaker_actor_id IS NOT NULL
        ORDER BY q.document_id, q.char_start LIMIT {int(limit)}""",
    )


def export(warehouse: str, out: str, fmt: str, query: str | None = None) -> str:
    """Write the warehouse, or one query's result, to files: what ``dossier sql`` refuses to do.

    ``duckdb``: one database file holding every table and view (``COPY FROM
    DATABASE``), for handing an analyst a single file; ``parquet``: a folder with
    a Parquet file per table plus ``schema.sql``/``load.sql`` (``EXPORT
    DATABASE``). With ``query``, its result alone as ``csv``, ``json`` or
    ``parquet``. The warehouse is attached read-only, so an export never
    changes it. Returns a one-line summary.
    """
    try:
        return _export(warehouse, out, fmt, query)
    except duckdb.Error as exc:
        raise ExportFailed(str(exc).strip().splitlines()[0]) from exc


def _export(warehouse: str, out: str, fmt: str, query: str | None) -> str:
    con = duckdb.connect(":memory:")
    try:
        if lake.is_lake(warehouse):  # the current snapshot, as one file or a folder of Parquet
            lake.attach_to(con, warehouse, "src")
        else:
            # A literal, not a parameter: DuckDB 1.4 takes no parameters in ATTACH.
            con.execute(f"ATTACH '{_quoted(warehouse)}' AS src (READ_ONLY)")
        con.execute("USE src")
        if query is not None:
            formats = {"csv": "FORMAT csv, HEADER", "json": "FORMAT json", "parquet": "FORMAT parquet"}
            if fmt not in formats:
                raise ValueError(f"a query's result exports as csv, json or parquet, not {fmt}")
            options = formats[fmt]
            con.execute(f"COPY ({query}) TO '{_quoted(out)}' ({options})")
            return f"wrote {out} ({fmt})"
        if fmt == "duckdb":
            con.execute(f"ATTACH '{_quoted(out)}' AS dst")
            con.execute("COPY FROM DATABASE src TO dst")
            con.execute("DETACH dst")
        elif fmt == "parquet":
            con.execute(f"EXPORT DATABASE '{_quoted(out)}' (FORMAT parquet)")
        else:
            raise ValueError(f"a whole warehouse exports as duckdb or parquet, not {fmt}")
        return f"wrote {out} ({fmt}: every table and view)"
    finally:
        con.close()


def _quoted(path: str) -> str:
    """A path inside a single-quoted SQL string (DuckDB takes no parameters in COPY targets)."""
    return str(path).replace("'", "''")
