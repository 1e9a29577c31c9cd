"""Full-text search over documents, quotations and events: DuckDB's ``fts`` extension, ranked by BM25.

The index is three ``PRAGMA create_fts_index`` indexes (schemas
``fts_main_documents``, ``fts_main_quotes``, ``fts_main_events``) rebuilt by
the run that changed rows, inside the staging copy, so a published warehouse
always carries an index that matches its rows. Three table macros stored in
the warehouse, ``search_documents(q)``, ``search_quotes(q)`` and
``search_events(q)``, are the SQL face of the same search: ``dossier search``
and ``dossier.search()`` select from them and add the filters, the context
snippet and the offsets of the first matching word.

A DuckLake stores no macros: its index is a DuckDB file beside its data
folder (``search.duckdb``), copied from the lake's rows and indexed by the run
that changed them; ``search()`` on a lake connection reads that file.

The extension comes from the pinned PyPI package ``duckdb-ext-fts`` (a file
loaded by path: nothing is downloaded at run time); without that package,
DuckDB's own ``INSTALL fts`` is the fallback. A connection must load it before
calling the macros (they call the extension's ``stem``), and before
``queries.lock_down`` (a locked connection loads nothing).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import importlib.util
import os
import re
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

#: What can be searched: the table indexed, its key and the fields indexed.
INDEXES = {
    "documents": ("documents", "document_id", ("title", "text")),
    "quotes": ("quotes", "quote_id", ("quote_text",)),
    "events": ("events", "event_id", ("sentence",)),
}

#: Characters of context either side of the first matching word.
CONTEXT = 80

# One row shape for the three macros, so a caller can treat every hit alike:
# the hit's own text, its document, its date, the actors it names, and its
# evidence span in documents.text (the whole text for a document hit; the
# caller narrows it to the first matching word).
_MACROS = {
    "documents": """
CREATE OR REPLACE MACRO search_documents(q) AS TABLE
SELECT s.score, 'document' AS hit_kind, d.document_id AS hit_id, d.document_id, d.title, d.source_uri,
       d.source_item, d.doc_type, d.published AS hit_date,
       (SELECT list(DISTINCT a.canonical_name ORDER BY a.canonical_name)
          FROM mentions m JOIN actors a USING (actor_id) WHERE m.document_id = d.document_id) AS actors,
       d.title AS hit_text, 0 AS char_start, length(d.text) AS char_end, CAST(NULL AS INTEGER) AS page
FROM (SELECT document_id, fts_main_documents.match_bm25(document_id, q) AS score FROM documents) s
JOIN documents d USING (document_id)
WHERE s.score IS NOT NULL
ORDER BY s.score DESC, d.document_id""",
    "quotes": """
CREATE OR REPLACE MACRO search_quotes(q) AS TABLE
SELECT s.score, 'quote' AS hit_kind, qt.quote_id AS hit_id, qt.document_id, d.title, d.source_uri,
       d.source_item, d.doc_type, coalesce(qt.quote_date, d.published) AS hit_date,
       list_filter([coalesce(a.canonical_name, qt.speaker_text)], x -> x IS NOT NULL) AS actors,
       qt.quote_text AS hit_text, qt.char_start, qt.char_end, qt.page
FROM (SELECT quote_id, fts_main_quotes.match_bm25(quote_id, q) AS score FROM quotes) s
JOIN quotes qt USING (quote_id)
JOIN documents d ON d.document_id = qt.document_id
LEFT JOIN actors a ON a.actor_id = qt.speaker_actor_id
WHERE s.score IS NOT NULL AND qt.kind = 'quote'
ORDER BY s.score DESC, qt.quote_id""",
    "events": """
CREATE OR REPLACE MACRO search_events(q) AS TABLE
SELECT s.score, 'event' AS hit_kind, e.event_id AS hit_id, e.document_id, d.title, d.source_uri,
       d.source_item, d.doc_type, e.event_date AS hit_date,
       coalesce((SELECT list(DISTINCT a.canonical_name ORDER BY a.canonical_name)
                   FROM event_actors ea JOIN actors a USING (actor_id) WHERE ea.event_id = e.event_id),
                []::VARCHAR[]) AS actors,
       e.sentence AS hit_text, e.char_start, e.char_end, e.page
FROM (SELECT event_id, fts_main_events.match_bm25(event_id, q) AS score FROM events) s
JOIN events e USING (event_id)
JOIN documents d ON d.document_id = e.document_id
WHERE s.score IS NOT NULL
ORDER BY s.score DESC, e.event_id""",
}


class SearchUnavailable(Exception):
    """The warehouse has no search index yet, or the fts extension cannot be loaded."""


# --- the extension -----------------------------------------------------------------------------


def bundled_extension(name: str = "fts") -> Path | None:
    """The extension file shipped by the ``duckdb-ext-<name>`` package for this DuckDB, or None.

    The package installs ``duckdb_ext/extensions/v<duckdb version>/<platform>/<name>.duckdb_extension``;
    one built for another DuckDB version would refuse to load, so only this version's folder counts.
    """
    spec = importlib.util.find_spec("duckdb_ext")
    if spec is None or not spec.submodule_search_locations:
        return None
    row = duckdb.connect().execute("SELECT platform FROM pragma_platform()").fetchone()
    platform = row[0] if row else ""
    for root in spec.submodule_search_locations:
        candidate = (
            Path(root) / "extensions" / f"v{duckdb.__version__}" / platform / f"{name}.duckdb_extension"
        )
        if candidate.is_file():
            return candidate
    return None


def load_fts(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Load the fts extension into ``con``: the pinned package's file, else DuckDB's own ``INSTALL fts``."""
    path = bundled_extension("fts")
    try:
        if path is not None:
            con.execute(f"LOAD '{str(path).replace(chr(39), chr(39) * 2)}'")
        else:
            con.execute("INSTALL fts")
            con.execute("LOAD fts")
    except duckdb.Error as exc:
        raise SearchUnavailable(
            f"DuckDB's fts extension could not be loaded ({exc}); "
            "install the duckdb-ext-fts package matching duckdb"
        ) from exc
    return con


# --- the index ---------------------------------------------------------------------------------


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    """True when every searchable table has its fts index and its macro."""
    schemas = {r[0] for r in con.execute("SELECT schema_name FROM duckdb_schemas()").fetchall()}
    macros = {
        r[0]
        for r in con.execute(
            "SELECT function_name FROM duckdb_functions() WHERE function_type = 'table_macro'"
        ).fetchall()
    }
    return all(
        f"fts_main_{table}" in schemas and f"search_{name}" in macros
        for name, (table, _, _) in INDEXES.items()
    )


def rebuild_index(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the three indexes and their macros from the rows as they are now.

    ``create_fts_index`` snapshots the table: rows loaded later are not found
    until the next rebuild, so every run that changed rows calls this after
    loading (the sample warehouse, 12 documents: well under a second).
    """
    load_fts(con)
    for name, (table, key, fields) in INDEXES.items():
        columns = ", ".join(f"'{f}'" for f in fields)
        con.execute(f"PRAGMA create_fts_index('{table}', '{key}', {columns}, overwrite=1)")
        con.execute(_MACROS[name])


def refresh(con: duckdb.DuckDBPyConnection, changed: bool) -> bool:
    """Rebuild the index when rows changed or it is missing; True when it was rebuilt."""
    from warehouse import lake

    if lake.is_lake_connection(con):
        where = _lake_index_path(con)
        if changed or not where.exists():
            _rebuild_lake_index(con, where)
            return True
        return False
    if changed or not has_index(con):
        rebuild_index(con)
        return True
    return False


# --- a DuckLake's index ------------------------------------------------------------------------

#: A DuckLake stores no macros, and the fts index is made of them (plus tables
#: it must not version): a lake's index is a DuckDB file beside its data folder.
LAKE_INDEX_FILE = "search.duckdb"

#: What the index file holds a copy of: the indexed tables and what the macros join.
_LAKE_COPIED = ("documents", "quotes", "events", "mentions", "actors", "event_actors")


def _lake_index_path(con: duckdb.DuckDBPyConnection) -> Path:
    """Where a lake's search index lives: beside its data folder, so only a local lake has one."""
    from warehouse import lake

    data = lake.data_path_of(con)
    if not data or "://" in data:
        raise SearchUnavailable(
            "full-text search on a DuckLake needs its data in a local folder (this lake's is "
            f"{data or 'unknown'}); `dossier export OUT.duckdb` writes a single file that can be searched"
        )
    return Path(data.rstrip("/")).parent / LAKE_INDEX_FILE


def _rebuild_lake_index(con: duckdb.DuckDBPyConnection, where: Path) -> None:
    """Copy the searched tables of the lake's current snapshot into a new index file and index them.

    The file is written beside the old one and renamed over it: a reader has
    the old index or the new one, and two runs finishing together each leave a
    whole file. The copy costs a second copy of the text on disk; on the
    samples (7 documents) the rebuild takes under a second.
    """
    building = where.with_name(f".{where.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
    alias = f"search_build_{uuid.uuid4().hex[:8]}"
    back = _current_database(con)
    con.execute(f"ATTACH '{_quoted_path(building)}' AS {alias}")
    try:
        con.begin()  # one snapshot of the lake for every table copied
        for table in _LAKE_COPIED:
            con.execute(f"CREATE TABLE {alias}.main.{table} AS SELECT * FROM {back}.main.{table}")
        con.commit()
        con.execute(f"USE {alias}")
        rebuild_index(con)
    finally:
        con.execute(f"USE {back}")
        con.execute(f"DETACH {alias}")
    os.replace(building, where)
    building.with_name(building.name + ".wal").unlink(missing_ok=True)


@contextlib.contextmanager
def _lake_index(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """``con`` reading a lake's index file (read-only) for the length of the block."""
    where = _lake_index_path(con)
    if not where.exists():
        raise SearchUnavailable(
            "this DuckLake has no search index yet: run `dossier ingest` (or `dossier reextract`) to build it"
        )
    alias = f"search_index_{uuid.uuid4().hex[:8]}"
    back = _current_database(con)
    con.execute(f"ATTACH '{_quoted_path(where)}' AS {alias} (READ_ONLY)")
    try:
        con.execute(f"USE {alias}")
        yield con
    finally:
        con.execute(f"USE {back}")
        con.execute(f"DETACH {alias}")


def _current_database(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("SELECT current_database()").fetchone()
    return str(row[0]) if row else "memory"


def _quoted_path(path: Path) -> str:
    return str(path).replace("'", "''")


# --- searching ---------------------------------------------------------------------------------


@dataclass
class Hit:
    """One ranked hit: where it is written, when, who, and the words that matched in context."""

    score: float
    hit_kind: str  # document | quote | event
    hit_id: str
    document_id: str
    title: str | None
    source_uri: str
    date: dt.date | None
    actors: list[str]
    text: str  # the quotation, the event's sentence, or the document's title
    context: str  # the words around the first match in documents.text, '…' where cut
    char_start: int  # the evidence in documents.text: a quotation, an event, or a document's first match
    char_end: int
    match_start: int | None  # the first matching word in documents.text
    match_end: int | None
    page: int | None  # PDFs: the page of the evidence (1-based)

    COLUMNS = (
        "score",
        "hit_kind",
        "hit_id",
        "document_id",
        "title",
        "source_uri",
        "date",
        "actors",
        "text",
        "context",
        "char_start",
        "char_end",
        "match_start",
        "match_end",
        "page",
    )

    def row(self) -> tuple:
        return tuple(getattr(self, c) for c in self.COLUMNS)


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    in_: str = "quotes",
    actor: str | None = None,
    since: dt.date | None = None,
    limit: int = 20,
) -> list[Hit]:
    """The best ``limit`` hits for ``query`` among ``in_`` (documents, quotes or events), best first.

    ``actor``: only hits naming an actor whose name contains these words (a
    quotation's speaker, an event's participants, the actors a document
    mentions); ``since``: only hits dated on or after this day. ``con`` must
    have fts loaded (``load_fts``).
    """
    if in_ not in INDEXES:
        raise ValueError(f"search in documents, quotes or events, not {in_!r}")
    from warehouse import lake

    if lake.is_lake_connection(con):
        with _lake_index(con) as index:
            return search(index, query, in_, actor, since, limit)
    if not has_index(con):
        raise SearchUnavailable(
            "this warehouse has no search index yet: run `dossier ingest` "
            "(or `dossier reextract`) to build it"
        )
    sql = f"SELECT * FROM search_{in_}($q) WHERE true"
    params: dict = {"q": query, "limit": int(limit)}
    if actor:
        sql += " AND array_to_string(actors, chr(10)) ILIKE $actor"
        params["actor"] = f"%{actor}%"
    if since:
        sql += " AND hit_date >= $since"
        params["since"] = since
    sql += " LIMIT $limit"
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r)) for r in cursor.fetchall()]
    if not rows:
        return []
    stems = query_stems(con, query, in_)
    texts = dict(
        con.execute(
            "SELECT document_id, text FROM documents WHERE document_id IN (SELECT unnest($ids))",
            {"ids": sorted({r["document_id"] for r in rows})},
        ).fetchall()
    )
    pages = dict(
        con.execute(
            "SELECT document_id, page_starts FROM documents WHERE document_id IN (SELECT unnest($ids))",
            {"ids": sorted(texts)},
        ).fetchall()
    )
    return [_hit(con, r, texts.get(r["document_id"]) or "", pages.get(r["document_id"]), stems) for r in rows]


def _hit(con, row: dict, text: str, page_starts: list[int] | None, stems: set[str]) -> Hit:
    """A row of the macro with its first matching word found in documents.text, and the context around it."""
    start, end = row["char_start"], row["char_end"]
    window = (
        _sentence_window(text, row["hit_text"] or "", start, end)
        if row["hit_kind"] == "event"
        else (start, end)
    )
    match = first_match(con, text, stems, *window)
    context = snippet(text, *match) if match else snippet(text, start, min(end, start + 2 * CONTEXT))
    if row["hit_kind"] == "document" and match:
        start, end = match
    page = row["page"]
    if page is None and page_starts:
        page = bisect.bisect_right(page_starts, start)  # page_starts[i]: where page i+1 begins
    return Hit(
        row["score"],
        row["hit_kind"],
        row["hit_id"],
        row["document_id"],
        row["title"],
        row["source_uri"],
        row["hit_date"],
        list(row["actors"] or []),
        row["hit_text"] or "",
        context,
        start,
        end,
        match[0] if match else None,
        match[1] if match else None,
        page,
    )


def _sentence_window(text: str, sentence: str, start: int, end: int) -> tuple[int, int]:
    """Where an event's sentence (what the index matched) lies in the text: its span can be shorter."""
    found = text.find(sentence, max(0, start - len(sentence)), end + len(sentence)) if sentence else -1
    return (min(start, found), max(end, found + len(sentence))) if found != -1 else (start, end)


# --- the words that matched --------------------------------------------------------------------

# The fts index lower-cases, strips accents and keeps runs of a-z as words
# (its default ``ignore`` pattern), then applies the Porter stemmer; the same
# steps here find where in the text the query's words are.
_WORD = re.compile(r"[^\W\d_]+")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if "a" <= c <= "z")


def _stem_all(con, words: list[str]) -> list[str]:
    if not words:
        return []
    return con.execute("SELECT list_transform($w, x -> stem(x, 'porter'))", {"w": words}).fetchone()[0]


def query_stems(con, query: str, in_: str) -> set[str]:
    """The stems the index matches for ``query``: its words, folded and stemmed, without the index's stopwords."""
    words = sorted({_fold(w) for w in _WORD.findall(query)} - {""})
    stop = {r[0] for r in con.execute(f"SELECT sw FROM fts_main_{INDEXES[in_][0]}.stopwords").fetchall()}
    return {s for w, s in zip(words, _stem_all(con, words)) if w not in stop}


def first_match(
    con, text: str, stems: set[str], start: int = 0, end: int | None = None
) -> tuple[int, int] | None:
    """Offsets in ``text`` of the first word between ``start`` and ``end`` whose stem is a query stem."""
    if not stems:
        return None
    end = len(text) if end is None else end
    words = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text, start, end)]
    distinct = sorted({w for _, _, w in words if w})
    stem_of = dict(zip(distinct, _stem_all(con, distinct)))
    for s, e, w in words:
        if w and stem_of[w] in stems:
            return s, e
    return None


def snippet(text: str, start: int, end: int, width: int = CONTEXT) -> str:
    """The words around ``text[start:end]`` on one line, cut at word boundaries, '…' where cut."""
    left, right = max(0, start - width), min(len(text), end + width)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    body = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + body + ("…" if right < len(text) else "")
