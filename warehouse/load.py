"""Loading sources' documents into the warehouse, each source all or nothing.

A batch of sources is loaded in one transaction: their previous rows (for
sources that changed) are deleted and the new rows inserted through Arrow
tables, which DuckDB ingests in bulk (row-by-row inserts are hundreds of times
slower); if the batch fails, each source is retried alone. Ids
are hashes of stable inputs, so loading the same source twice yields the same
rows, and a source whose bytes and extractor versions are unchanged is skipped.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from core.ids import actor_id, document_id, event_id, short_hash
from core.records import Article, Extraction, SourceFailure
from warehouse import lake
from warehouse.happenings import link_happenings


@dataclass
class LoadedSource:
    """What the flow hands the loader for one source."""

    source_uri: str
    content_sha256: str
    doc_type: str
    archive_path: str
    pipeline_version: str
    documents: list[tuple[Article, Extraction]]
    content_type: str | None = None  # as the web server declared it; None for files
    fetched_on: dt.date | None = None  # when the bytes were read


def load_source(con: duckdb.DuckDBPyConnection, src: LoadedSource, replace: bool = True) -> dict[str, int]:
    """Replace everything known about ``src.source_uri`` with the new rows, atomically.

    ``replace=False`` is for a source the warehouse has never held: there are
    no old rows to delete, and the deletes' scans are the costly part of a load.
    """
    return _load_together(con, [(src, replace)])


def load_sources(
    con: duckdb.DuckDBPyConnection, batch: list[tuple[LoadedSource, bool]]
) -> list[Exception | None]:
    """Load several sources (each with its ``replace`` flag); per source, None or why it failed.

    The whole batch goes in one transaction with one bulk insert per table:
    per-source transactions spent more time in DuckDB's per-statement costs
    than in the rows. If the batch fails, it is rolled back and each source is
    loaded on its own, so a bad source fails alone and the others still land,
    each still all or nothing.
    """
    try:
        lake.retrying(lambda: _load_together(con, batch))  # another writer of a DuckLake committed first
        return [None] * len(batch)
    except Exception:
        if len(batch) == 1:
            raise
    results: list[Exception | None] = []
    for src, replace in batch:
        try:
            load_source(con, src, replace)
            results.append(None)
        except Exception as exc:
            results.append(exc)
    return results


def _load_together(con: duckdb.DuckDBPyConnection, batch: list[tuple[LoadedSource, bool]]) -> dict[str, int]:
    """Delete the replaced sources' rows and insert all the batch's rows, in one transaction."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    tables = _rows([src for src, _ in batch], now)
    con.begin()
    try:
        for src, replace in batch:
            if replace:
                _delete_source(con, src.source_uri)
        for name, rows in tables.items():
            _insert(con, name, rows)
        _upsert_sources(con, [src for src, _ in batch], now)
        merge_aliased_actors(con)
        _drop_orphan_actors(con)
        link_happenings(con)
        con.commit()
    except Exception:
        con.rollback()
        raise
    return {name: len(rows) for name, rows in tables.items()}


def _upsert_sources(con: duckdb.DuckDBPyConnection, srcs: list[LoadedSource], now: dt.datetime) -> None:
    _insert(
        con,
        "sources",
        [
            {
                "source_uri": s.source_uri,
                "content_sha256": s.content_sha256,
                "doc_type": s.doc_type,
                "archive_path": s.archive_path,
                "pipeline_version": s.pipeline_version,
                "loaded_at": now,
                "content_type": s.content_type,
                "fetched_on": s.fetched_on or now.date(),
            }
            for s in srcs
        ],
    )


def _unregister(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop a registered Arrow view, even inside a failed transaction.

    After a failed insert DuckDB refuses every statement until the rollback,
    and an error from here would replace the insert's own message (the one
    that says what was wrong) with "transaction is aborted".
    """
    try:
        con.unregister(name)
    except duckdb.Error:
        pass


def record_failure(con: duckdb.DuckDBPyConnection, failure: SourceFailure) -> None:
    """One row per distinct failure of a source, stamped with when it last happened.

    Re-running on the same broken file must not pile up identical rows; a new
    kind of failure of the same source is a new row.
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    error = failure.error[:1000]

    def replace() -> None:
        con.begin()
        try:
            con.execute(
                "DELETE FROM ingest_errors WHERE source_uri = ? AND stage = ? AND error = ?",
                [failure.source_uri, failure.stage, error],
            )
            con.execute(
                "INSERT INTO ingest_errors VALUES (?, ?, ?, ?)",
                [failure.source_uri, failure.stage, error, now],
            )
            con.commit()
        except Exception:
            con.rollback()
            raise

    lake.retrying(replace)


def _delete_source(con: duckdb.DuckDBPyConnection, source_uri: str) -> None:
    docs = "(SELECT document_id FROM documents WHERE source_uri = ?)"
    con.execute(
        f"DELETE FROM event_actors WHERE event_id IN (SELECT event_id FROM events WHERE document_id IN {docs})",
        [source_uri],
    )
    con.execute(
        f"DELETE FROM event_links WHERE event_id IN (SELECT event_id FROM events WHERE document_id IN {docs})",
        [source_uri],
    )
    for table in (
        "event_mentions",
        "events",
        "mentions",
        "quotes",
        "rejected_items",  # rejected again, by their correction, once the new rows are in
        "reference_list",
        "captions",
        "pull_quotes",
        "footnotes",
    ):
        con.execute(f"DELETE FROM {table} WHERE document_id IN {docs}", [source_uri])
    con.execute("DELETE FROM documents WHERE source_uri = ?", [source_uri])


def merge_aliased_actors(con: duckdb.DuckDBPyConnection) -> int:
    """Across documents, an actor whose whole name is another actor's alias is that actor.

    A document that says only "Tokayev" or "OTS" yields an actor of that name;
    another that says "Kassym-Jomart Tokayev ... Tokayev" or "Organization of
    Turkic States (OTS)" lists the short form among the long name's aliases.
    The short actor's rows move to the long one when exactly one actor of the
    same kind carries the alias (two Aliyevs in the warehouse: nothing moves).
    Returns how many actors were merged.
    """
    con.execute("""CREATE OR REPLACE TEMP TABLE _merge AS
        SELECT s.actor_id AS short_id, min(l.actor_id) AS long_id
        FROM actors s
        JOIN actor_aliases al ON lower(strip_accents(al.alias)) = lower(strip_accents(s.canonical_name))
        JOIN actors l ON l.actor_id = al.actor_id AND l.kind = s.kind AND l.actor_id <> s.actor_id
        WHERE s.kind IN ('person', 'organization') AND length(l.canonical_name) > length(s.canonical_name)
        GROUP BY s.actor_id HAVING count(DISTINCT l.actor_id) = 1""")
    merged = con.execute("SELECT count(*) FROM _merge").fetchone()[0]
    if merged:
        for table, column in (
            ("mentions", "actor_id"),
            ("event_actors", "actor_id"),
            ("quotes", "speaker_actor_id"),
        ):
            con.execute(
                f"UPDATE {table} SET {column} = m.long_id FROM _merge m WHERE {table}.{column} = m.short_id"
            )
        con.execute("""MERGE INTO actor_aliases USING (SELECT DISTINCT m.long_id AS actor_id, a.alias
              FROM actor_aliases a JOIN _merge m ON a.actor_id = m.short_id) AS moved
            ON actor_aliases.actor_id = moved.actor_id AND actor_aliases.alias = moved.alias
            WHEN NOT MATCHED THEN INSERT BY NAME""")
        con.execute("""UPDATE actors SET country_code = s.country_code FROM _merge m JOIN actors s ON s.actor_id = m.short_id
            WHERE actors.actor_id = m.long_id AND actors.country_code IS NULL""")
        con.execute("""DELETE FROM event_actors WHERE rowid NOT IN
            (SELECT min(rowid) FROM event_actors GROUP BY event_id, actor_id, role)""")
    con.execute("DROP TABLE _merge")
    return merged


def _drop_orphan_actors(con: duckdb.DuckDBPyConnection) -> None:
    """Actors nobody mentions any more (their only source changed) disappear with it."""
    con.execute("""DELETE FROM actor_aliases WHERE actor_id NOT IN (SELECT actor_id FROM mentions)""")
    con.execute("""DELETE FROM actors WHERE actor_id NOT IN (SELECT actor_id FROM mentions)""")


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    arrow = pa.Table.from_pylist(rows)
    columns = ", ".join(arrow.column_names)
    con.register("_incoming", arrow)
    try:
        # MERGE rather than INSERT ... ON CONFLICT: a DuckLake has no keys to conflict on.
        if table == "actors":
            con.execute("""MERGE INTO actors USING _incoming AS excluded ON actors.actor_id = excluded.actor_id
                WHEN MATCHED THEN UPDATE SET country_code = coalesce(actors.country_code, excluded.country_code),
                  agent_type = coalesce(actors.agent_type, excluded.agent_type)
                WHEN NOT MATCHED THEN INSERT BY NAME""")
        elif table == "sources":
            con.execute("""MERGE INTO sources USING _incoming AS excluded ON sources.source_uri = excluded.source_uri
                WHEN MATCHED THEN UPDATE SET content_sha256 = excluded.content_sha256,
                  doc_type = excluded.doc_type, archive_path = excluded.archive_path,
                  pipeline_version = excluded.pipeline_version, loaded_at = excluded.loaded_at,
                  content_type = excluded.content_type, fetched_on = excluded.fetched_on
                WHEN NOT MATCHED THEN INSERT BY NAME""")
        elif table == "actor_aliases":
            con.execute(f"""MERGE INTO actor_aliases USING (SELECT DISTINCT {columns} FROM _incoming) AS excluded
                ON actor_aliases.actor_id = excluded.actor_id AND actor_aliases.alias = excluded.alias
                WHEN NOT MATCHED THEN INSERT BY NAME""")
        else:
            con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming")
    finally:
        _unregister(con, "_incoming")


def _structure_rows(tables: dict[str, list[dict]], doc_id: str, article: Article) -> None:
    """A paper's reference list, captions, pull quotes and footnotes, one row each, in printed order."""
    for i, ref in enumerate(article.references, 1):
        tables["reference_list"].append(
            {"document_id": doc_id, "position": i, "raw": ref.raw, "year": ref.year}
        )
    for i, c in enumerate(article.captions, 1):
        tables["captions"].append(
            {
                "document_id": doc_id,
                "position": i,
                "text": c.text,
                "page": c.page,
                "char_start": c.char_start,
                "char_end": c.char_end,
            }
        )
    for table, asides in (("pull_quotes", article.pull_quotes), ("footnotes", article.footnotes)):
        for i, a in enumerate(asides, 1):
            tables[table].append({"document_id": doc_id, "position": i, "text": a.text, "page": a.page})


def _rows(srcs: list[LoadedSource], now: dt.datetime) -> dict[str, list[dict]]:
    """Turn sources' records into one list of plain dicts per table, ids resolved, each actor once."""
    tables: dict[str, list[dict]] = {
        t: []
        for t in (
            "documents",
            "actors",
            "actor_aliases",
            "mentions",
            "events",
            "event_actors",
            "event_mentions",
            "quotes",
            "reference_list",
            "captions",
            "pull_quotes",
            "footnotes",
        )
    }
    seen_actors: dict[str, dict] = {}
    for src in srcs:
        _add_rows(tables, seen_actors, src, now)
    tables["actors"] = list(seen_actors.values())
    return tables


def _add_rows(
    tables: dict[str, list[dict]], seen_actors: dict[str, dict], src: LoadedSource, now: dt.datetime
) -> None:
    """Append ``src``'s rows; an actor met in several documents (or sources) is one row in ``seen_actors``."""
    for article, extraction in src.documents:
        doc_id = document_id(src.source_uri, article.source_item)
        nlp_version = ",".join(f"{k}={v}" for k, v in sorted(extraction.versions.items()))
        tables["documents"].append(
            {
                "document_id": doc_id,
                "source_uri": src.source_uri,
                "source_item": article.source_item,
                "title": article.title,
                "authors": list(article.authors),
                "published": article.published,
                "doc_type": article.doc_type,
                "content_sha256": src.content_sha256,
                "text": article.text,
                "published_precision": article.published_precision if article.published else None,
                "category": article.category,
                "permalink": article.permalink,
                "abstract": article.abstract,
                "metadata": json.dumps(article.metadata, default=str, ensure_ascii=False),
                "page_starts": list(article.page_starts) or None,
                "extractor_version": article.extractor_version,
                "loaded_at": now,
            }
        )
        _structure_rows(tables, doc_id, article)
        for actor in extraction.actors:
            aid = actor_id(actor.key)
            row = seen_actors.get(aid)
            if row is None:
                seen_actors[aid] = {
                    "actor_id": aid,
                    "canonical_name": actor.canonical_name,
                    "kind": actor.kind,
                    "country_code": actor.country_code,
                    "agent_type": actor.agent_type,
                }
            else:
                row["country_code"] = row["country_code"] or actor.country_code
                row["agent_type"] = row["agent_type"] or actor.agent_type
            for alias in actor.aliases:
                tables["actor_aliases"].append({"actor_id": aid, "alias": alias})
        for m in extraction.mentions:
            tables["mentions"].append(
                {
                    "actor_id": actor_id(m.actor_key),
                    "extracted_actor_id": actor_id(m.actor_key),  # kept when merges move actor_id
                    "document_id": doc_id,
                    "surface": m.surface,
                    "char_start": m.char_start,
                    "char_end": m.char_end,
                    "page": article.page_at(m.char_start),
                    "label": m.label,
                    "role": m.role,
                    "sector": m.sector,
                    "extractor_version": extraction.versions.get("actors", nlp_version),
                }
            )
        for e in extraction.events:
            eid = event_id(doc_id, e)
            tables["events"].append(
                {
                    "event_id": eid,
                    "document_id": doc_id,
                    "event_date": e.event_date,
                    "date_precision": e.date_precision,
                    "date_text": e.date_text,
                    "event_type": e.event_type,
                    "sentence": e.sentence,
                    "char_start": e.char_start,
                    "char_end": e.char_end,
                    "page": article.page_at(e.char_start),
                    "date_anchor": e.date_anchor,
                    "event_subtype": e.event_subtype,
                    "mode": e.mode,
                    "predicate": e.predicate,
                    "date_qualifier": e.date_qualifier,
                    "date_anchor_start": e.date_anchor_start,
                    "event_time": e.event_time,
                    "time_zone": e.time_zone,
                    "extractor_version": extraction.versions.get("events", nlp_version),
                }
            )
            for key, role in e.actors:
                tables["event_actors"].append({"event_id": eid, "actor_id": actor_id(key), "role": role})
            for start, end in [(e.char_start, e.char_end)] + list(e.mentions):
                tables["event_mentions"].append(
                    {
                        "event_id": eid,
                        "document_id": doc_id,
                        "char_start": start,
                        "char_end": end,
                        "page": article.page_at(start),
                    }
                )
        for q in extraction.quotes:
            tables["quotes"].append(
                {
                    "quote_id": short_hash(doc_id, "quote", q.char_start, q.char_end),
                    "document_id": doc_id,
                    "quote_text": q.quote_text,
                    "kind": q.kind,
                    "speaker_actor_id": actor_id(q.speaker_key) if q.speaker_key else None,
                    "speaker_text": q.speaker_text,
                    "cue": q.cue,
                    "sentence": q.sentence,
                    "char_start": q.char_start,
                    "char_end": q.char_end,
                    "page": article.page_at(q.char_start),
                    "extractor_version": extraction.versions.get("quotes", nlp_version),
                    "speaker_kind": q.speaker_kind,
                    "event_id": event_id(doc_id, q.event) if q.event else None,
                    "quote_date": q.quote_date,
                    "quote_date_precision": q.date_precision,
                    "quote_date_anchor": q.date_anchor,
                    "speaker_char_start": q.speaker_char_start,
                    "speaker_char_end": q.speaker_char_end,
                }
            )


def known_sources(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """uri -> (content_sha256, pipeline_version): a whole run's "seen it?" checks in one query."""
    return {
        r[0]: (r[1], r[2])
        for r in con.execute("SELECT source_uri, content_sha256, pipeline_version FROM sources").fetchall()
    }


def validators(con: duckdb.DuckDBPyConnection, url: str) -> tuple[str | None, str | None, str | None]:
    """(etag, last_modified, content_sha256) remembered for ``url``; Nones when never fetched."""
    row = con.execute(
        "SELECT etag, last_modified, content_sha256 FROM fetch_state WHERE url = ?", [url]
    ).fetchone()
    return tuple(row) if row else (None, None, None)


def remember_validators(
    con: duckdb.DuckDBPyConnection,
    url: str,
    etag: str | None,
    last_modified: str | None,
    content_sha256: str | None,
) -> None:
    """Keep a URL's ETag and Last-Modified for the next run's conditional request."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    lake.retrying(lambda: _merge_validators(con, [url, etag, last_modified, content_sha256, now]))


def _merge_validators(con: duckdb.DuckDBPyConnection, values: list) -> None:
    con.execute(
        """MERGE INTO fetch_state USING (SELECT ?::VARCHAR AS url, ?::VARCHAR AS etag, ?::VARCHAR AS last_modified,
                     ?::VARCHAR AS content_sha256, ?::TIMESTAMP AS checked_at) AS excluded
                   ON fetch_state.url = excluded.url
                   WHEN MATCHED THEN UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                     content_sha256 = coalesce(excluded.content_sha256, fetch_state.content_sha256),
                     checked_at = excluded.checked_at
                   WHEN NOT MATCHED THEN INSERT BY NAME""",
        values,
    )


def stale_sources(
    con: duckdb.DuckDBPyConnection, current_version: str, everything: bool = False
) -> list[tuple]:
    """Sources whose rows older extractors produced: (uri, sha256, archive_path, content_type, fetched_on)."""
    where = "" if everything else "WHERE pipeline_version IS DISTINCT FROM ?"
    return con.execute(
        f"""SELECT source_uri, content_sha256, archive_path, content_type, fetched_on
                           FROM sources {where} ORDER BY source_uri""",
        [] if everything else [current_version],
    ).fetchall()


def record_run(con: duckdb.DuckDBPyConnection, run: dict) -> None:
    """One row in ``runs`` per flow run (ids are unique per run, so this never duplicates)."""
    _insert(con, "runs", [run])
