"""Read-side queries behind the analyst report, over the analyst views (migration 007).

The report module never writes SQL: it asks these functions for rows as dicts,
filtered the way an analyst asks ("about this actor", "since 2020"), so the
warehouse stays the only code that knows its tables. A date filter keeps an
event whose *period* reaches the date: "2019" (the whole year) is kept for
``since=2019-06-01``, since its date does not say it happened before June.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | dict = ()) -> list[dict]:
    """A query's rows as dicts keyed by column name."""
    cursor = con.execute(sql, params if isinstance(params, dict) else list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def resolve_actor(con: duckdb.DuckDBPyConnection, name: str) -> list[dict]:
    """The actors a name means: its canonical name or an alias exactly (any case), else a part of a name.

    An analyst types "Nazarov" or "carc"; exact matches win so that "Kazakhstan"
    does not also pull in "Kazakh Transport".
    """
    exact = rows(
        con,
        """
        SELECT DISTINCT a.actor_id, a.canonical_name, a.kind FROM actors a
        LEFT JOIN actor_aliases al USING (actor_id)
        WHERE lower(a.canonical_name) = lower($name) OR lower(al.alias) = lower($name)
        ORDER BY a.canonical_name""",
        {"name": name},
    )
    if exact:
        return exact
    return rows(
        con,
        """
        SELECT actor_id, canonical_name, kind FROM actors
        WHERE canonical_name ILIKE '%' || $name || '%' ORDER BY canonical_name""",
        {"name": name},
    )


# Shared filters, with named parameters: $actors (VARCHAR[] or NULL for everyone), $since (DATE or NULL).
_SINCE_PERIOD = "($since::DATE IS NULL OR period_end >= $since::DATE)"
_ANY = "$actors::VARCHAR[] IS NULL"


def _filters(actor_ids: Sequence[str] | None, since: dt.date | None) -> dict:
    return {"actors": None if actor_ids is None else list(actor_ids), "since": since}


def timeline(
    con: duckdb.DuckDBPyConnection, actor_ids: Sequence[str] | None = None, since: dt.date | None = None
) -> list[dict]:
    """Events in date order, with their period, actors and document; optionally since a date.

    For chosen actors: the events they take part in, and the events their
    quotations were said at (a speaker is often not an actor of the event's sentence).
    """
    return rows(
        con,
        f"""
        SELECT event_id, event_date, date_precision, period_start, period_end, date_text, event_type,
               event_subtype, mode, actor_names, actors, sentence, document_id, title, source_uri, page
        FROM timeline
        WHERE {_SINCE_PERIOD}
          AND ({_ANY} OR event_id IN (SELECT event_id FROM event_actors
                                       WHERE list_contains($actors::VARCHAR[], actor_id)
                                       UNION SELECT event_id FROM quotes
                                       WHERE list_contains($actors::VARCHAR[], speaker_actor_id)))
        ORDER BY event_date, date_precision, event_type, title, event_id""",
        _filters(actor_ids, since),
    )


def who_said_what(
    con: duckdb.DuckDBPyConnection, actor_ids: Sequence[str] | None = None, since: dt.date | None = None
) -> list[dict]:
    """Quotations in date order (undated last), optionally by one actor, since a date.

    Each carries the type of the event it was said at, if any, so that the
    report can show the quotations around one kind of event.

    With a date filter an undated quotation is left out: nothing says it is recent.
    """
    return rows(
        con,
        f"""
        SELECT quote_id, quote_date, quote_date_precision, speaker, speaker_kind, speaker_actor_kind,
               speaker_country, speaker_title, cue, quote_text, event_type, title, published, source_uri, page
        FROM who_said_what
        WHERE ($since::DATE IS NULL OR quote_date >= $since::DATE)
          AND ({_ANY} OR list_contains($actors::VARCHAR[], speaker_actor_id))
        ORDER BY quote_date NULLS LAST, title, char_start""",
        _filters(actor_ids, since),
    )


def cooccurrence(
    con: duckdb.DuckDBPyConnection, actor_ids: Sequence[str] | None = None, since: dt.date | None = None
) -> list[dict]:
    """Actor pairs that share events (most shared first); for chosen actors, their neighbourhood.

    The neighbourhood is the actors, those they share an event with, and the
    pairs among all of them: who the partners also deal with is the context an
    analyst looks for in a network picture.
    """
    return rows(
        con,
        f"""
        WITH recent AS (SELECT * FROM actor_pair_events WHERE {_SINCE_PERIOD}),
        circle AS (
            SELECT unnest($actors::VARCHAR[]) AS id
            UNION SELECT actor_b_id FROM recent WHERE list_contains($actors::VARCHAR[], actor_a_id)
            UNION SELECT actor_a_id FROM recent WHERE list_contains($actors::VARCHAR[], actor_b_id)
        )
        SELECT actor_a_id, actor_a, actor_a_kind, actor_b_id, actor_b, actor_b_kind,
               count(DISTINCT event_id) AS events, min(event_date) AS first_date, max(event_date) AS last_date
        FROM recent
        WHERE {_ANY} OR (actor_a_id IN (SELECT id FROM circle) AND actor_b_id IN (SELECT id FROM circle))
        GROUP BY ALL
        ORDER BY events DESC, actor_a, actor_b""",
        _filters(actor_ids, since),
    )


def actor_profiles(
    con: duckdb.DuckDBPyConnection, actor_ids: Sequence[str] | None = None, limit: int = 15
) -> list[dict]:
    """The most active actors (events, then quotes, then mentions), or the chosen ones."""
    return rows(
        con,
        f"""
        SELECT actor_id, canonical_name, kind, country_code, titles, mentions, documents, events,
               events_by_type, first_event_date, last_event_date, quotes
        FROM actor_profiles WHERE {_ANY} OR list_contains($actors::VARCHAR[], actor_id)
        ORDER BY events DESC, quotes DESC, mentions DESC, canonical_name
        LIMIT {int(limit)}""",
        {"actors": None if actor_ids is None else list(actor_ids)},
    )


def overview(con: duckdb.DuckDBPyConnection) -> dict:
    """What the warehouse holds, for the report's header."""
    return rows(
        con,
        """
        SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM events) AS events,
               (SELECT count(*) FROM actors) AS actors, (SELECT count(*) FROM who_said_what) AS quotations,
               (SELECT min(event_date) FROM events) AS first_date, (SELECT max(event_date) FROM events) AS last_date
    """,
    )[0]
