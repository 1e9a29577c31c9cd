"""Read-side helpers: the summary after a run and ad hoc SQL for the CLI."""

from __future__ import annotations

import duckdb

CONTRACT_TABLES = ("documents", "actors", "mentions", "events", "event_actors", "quotes", "ingest_errors")


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
