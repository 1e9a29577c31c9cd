"""dossier from Python (a notebook, a script): connect to the warehouse, search it, ingest into it.

    import dossier
    con = dossier.connect()                     # read-only DuckDB connection, views and search loaded
    hits = dossier.search("water", in_="quotes")  # a pandas DataFrame (an Arrow table without pandas)
    summary = dossier.ingest(["reports/"])      # the same run as `dossier ingest reports/`

Everything is imported inside the functions: ``import dossier`` costs nothing
(no DuckDB, no Prefect, no spaCy) and this top layer imports the lower ones
only when asked to.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path as _Path

__all__ = ["connect", "search", "ingest"]


def _path(db) -> _Path | str:
    from core.settings import Settings, warehouse_location

    return warehouse_location(str(db)) if db else Settings.from_env().db_path


def connect(db: str | _Path | None = None):
    """A read-only DuckDB connection to the published warehouse (``db``, else $DOSSIER_DB or the default).

    The analyst views are in the file; the fts extension is loaded so that the
    ``search_documents/quotes/events(q)`` macros work. Read-only: a running
    ingest is never blocked by it (it publishes a new file; reconnect to see it).
    ``db`` may name a DuckLake (``NAME.ducklake``, ``ducklake:...``): each query
    then reads the latest commit, no reconnecting needed (``search()`` reads the index file
    its last run built beside it).
    """
    from warehouse import db as warehouse_db
    from warehouse import publish
    from warehouse import search as warehouse_search

    path = _path(db)
    publish.check_readable(path)
    con = warehouse_db.connect(path, read_only=True)
    try:
        warehouse_search.load_fts(con)
    except warehouse_search.SearchUnavailable:
        pass  # the views still work; search() says why it cannot
    return con


def search(
    query: str,
    in_: str = "quotes",
    actor: str | None = None,
    since: str | _dt.date | None = None,
    limit: int = 20,
    db: str | _Path | None = None,
):
    """Ranked hits for ``query`` as ``dossier search`` finds them: a pandas DataFrame, or an Arrow table.

    Columns: score, hit_kind, hit_id, document_id, title, source_uri, date,
    actors, text, context, char_start, char_end, match_start, match_end, page
    (see README, Search). ``since`` takes a date or '2020', '2020-06', '2020-06-15'.
    """
    from dossier.report import parse_since
    from warehouse import search as warehouse_search

    if isinstance(since, str):
        since = parse_since(since)
    with connect(db) as con:
        hits = warehouse_search.search(con, query, in_, actor, since, limit)
    table = _arrow([h.row() for h in hits])
    try:
        import pandas  # noqa: F401
    except ImportError:
        return table
    return table.to_pandas()


def _arrow(rows: list[tuple]):
    import pyarrow as pa

    schema = pa.schema(
        [
            ("score", pa.float64()),
            ("hit_kind", pa.string()),
            ("hit_id", pa.string()),
            ("document_id", pa.string()),
            ("title", pa.string()),
            ("source_uri", pa.string()),
            ("date", pa.date32()),
            ("actors", pa.list_(pa.string())),
            ("text", pa.string()),
            ("context", pa.string()),
            ("char_start", pa.int64()),
            ("char_end", pa.int64()),
            ("match_start", pa.int64()),
            ("match_end", pa.int64()),
            ("page", pa.int64()),
        ]
    )
    return pa.Table.from_pylist([dict(zip(schema.names, row)) for row in rows], schema=schema)


def ingest(paths: list[str] | str, db: str | _Path | None = None):
    """Run the ingest flow on files, folders and URLs, as ``dossier ingest`` does; returns its summary.

    The summary has ``seen``, ``loaded``, ``unchanged``, ``failures`` and
    ``documents``. Raises ``WarehouseBusy`` when another run is writing ``db``.
    """
    from dossier import cli
    from warehouse import publish

    paths = [paths] if isinstance(paths, (str, _Path)) else list(paths)
    path = _path(db)
    publish.check_writable(path)
    cli._quiet_task_failures()
    with cli._prefect_api():
        from flows import ingest as ingest_flows

        return ingest_flows.ingest_flow([str(p) for p in paths], str(path))
