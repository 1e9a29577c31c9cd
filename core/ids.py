"""Stable ids: hashes of the inputs that identify a row, so a re-run of unchanged input changes nothing.

One home for every id the warehouse stores (documents, actors, events), so the
loader and anything that needs to name a row compute them the same way.
"""

from __future__ import annotations

import hashlib

from core.records import Event


def short_hash(*parts: object) -> str:
    return hashlib.sha256("|".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:16]


def document_id(source_uri: str, source_item: str | None) -> str:
    return short_hash(source_uri, source_item)


def actor_id(actor_key: str) -> str:
    return short_hash("actor", actor_key)


def event_id(document_id: str, event: Event) -> str:
    """Stable across re-runs, so a re-ingest of an unchanged document changes nothing.

    Two clauses of one sentence can be two events on the same date ("decided
    last night ... and concluded"), so the span's end, the type and the
    predicate are part of the key, not only where the sentence starts.
    """
    raw = (
        f"{document_id}|{event.char_start}|{event.char_end}|{event.event_date.isoformat()}|"
        f"{event.date_precision}|{event.event_type}|{event.predicate}"
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
