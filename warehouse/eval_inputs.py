"""Read what the warehouse holds into the evaluation's ``Predictions``.

The evaluation itself (``dossier.evaluation``) never sees DuckDB; this module is
the one translation from warehouse rows to the names, dates and file names the
gold format speaks in, as the plain records of ``core.predictions`` that both
sides share. The caller opens the connection (read-only).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any
from urllib.parse import unquote, urlsplit

from core.predictions import PredActor, PredEvent, Predictions, PredItem, PredQuote

# Documents of a listing page share a source_uri; source_item gives their order.
_DOC_ORDER = "d.source_uri, TRY_CAST(d.source_item AS INTEGER) NULLS FIRST, d.source_item NULLS FIRST"

_ISO_LENGTH = {"decade": 3, "year": 4, "month": 7, "day": 10}


def file_name(source_uri: str) -> str:
    """The last path segment of a path or URL: the gold names documents by file name only."""
    path = unquote(urlsplit(source_uri).path) if "://" in source_uri else source_uri
    segments = [s for s in path.replace("\\", "/").split("/") if s]
    return segments[-1] if segments else source_uri


def iso_at_precision(value: Any, precision: str | None) -> str | None:
    """A stored DATE (first day of its period) back to the ISO string the text gave.

    A decade keeps only its 3-digit prefix ('199') so it can never pass for a year;
    an unknown precision keeps the full date.
    """
    if value is None:
        return None
    iso = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return iso[: _ISO_LENGTH.get(precision or "day", 10)]


def _scalar_text(value: Any) -> str | None:
    """Metadata values as strings; volume 5 and volume '5' are the same answer."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _metadata(raw: Any) -> dict:
    if raw is None:
        return {}
    if isinstance(raw, dict):
        return raw
    try:
        parsed = json.loads(raw)
    except (TypeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _items(con) -> list[PredItem]:
    rows = con.execute(
        f"""
        SELECT d.source_uri, d.authors, d.text, d.abstract, d.category, d.published,
               d.published_precision, d.title, d.metadata
        FROM documents d
        ORDER BY {_DOC_ORDER}
        """
    ).fetchall()
    items = []
    for uri, authors, text, abstract, category, published, precision, title, raw_meta in rows:
        meta = _metadata(raw_meta)
        items.append(
            PredItem(
                file=file_name(uri),
                author=", ".join(a for a in authors if a) if authors else None,
                body=text,
                abstract=abstract,
                category=category,
                published=iso_at_precision(published, precision),
                title=title,
                journal=_scalar_text(meta.get("journal")),
                volume=_scalar_text(meta.get("volume")),
                issue=_scalar_text(meta.get("issue")),
                pages=_scalar_text(meta.get("pages")),
                received=_scalar_text(meta.get("received")),
                accepted=_scalar_text(meta.get("accepted")),
            )
        )
    return items


def _quotes(con) -> list[PredQuote]:
    """Quotes in reading order, since the evaluation keeps the first of repeated spans."""
    rows = con.execute(
        f"""
        SELECT d.source_uri, q.quote_text, COALESCE(a.canonical_name, NULLIF(q.speaker_text, '')), q.kind
        FROM quotes q
        JOIN documents d USING (document_id)
        LEFT JOIN actors a ON a.actor_id = q.speaker_actor_id
        ORDER BY {_DOC_ORDER}, q.char_start, q.quote_id
        """
    ).fetchall()
    return [
        PredQuote(file=file_name(uri), text=text, speaker=speaker, is_term=(kind == "term"))
        for uri, text, speaker, kind in rows
    ]


def _events(con) -> list[PredEvent]:
    rows = con.execute(
        f"""
        SELECT e.event_id, d.source_uri, e.event_date, e.date_precision
        FROM events e
        JOIN documents d USING (document_id)
        ORDER BY {_DOC_ORDER}, e.char_start, e.event_id
        """
    ).fetchall()
    names: dict[str, list[str]] = defaultdict(list)
    for event_id, name in con.execute(
        """
        SELECT DISTINCT ea.event_id, a.canonical_name
        FROM event_actors ea JOIN actors a USING (actor_id)
        ORDER BY 1, 2
        """
    ).fetchall():
        names[event_id].append(name)
    return [
        PredEvent(file=file_name(uri), date=iso_at_precision(date, precision), actors=names.get(event_id, []))
        for event_id, uri, date, precision in rows
    ]


def _actors(con) -> list[PredActor]:
    """Actors mentioned in each file, once per actor: canonical names only, never surfaces."""
    rows = con.execute(
        """
        SELECT DISTINCT d.source_uri, a.actor_id, a.canonical_name, a.kind
        FROM mentions m
        JOIN documents d USING (document_id)
        JOIN actors a USING (actor_id)
        ORDER BY 1, 3, 2
        """
    ).fetchall()
    seen: set[tuple[str, str]] = set()
    actors = []
    for uri, actor_id, name, kind in rows:
        key = (file_name(uri), actor_id)
        if key not in seen:  # several URIs may end in the same file name
            seen.add(key)
            actors.append(PredActor(file=key[0], name=name, kind=kind))
    return actors


def load_predictions(con) -> Predictions:
    """Everything the warehouse reports, shaped for ``dossier.evaluation.evaluate``."""
    return Predictions(items=_items(con), quotes=_quotes(con), events=_events(con), actors=_actors(con))
