"""One happening told by several documents: events linked across the warehouse.

Within a document the extractor already merges repeats into one event with
several mentions. Across documents (and for repeats it left apart), two events
state the same happening when they have the same type and predicate (or
PLOVER subtype: an OTHER event's subtype names only its field, and "landslides"
are no "earthquake" though both are natural disasters, as within a document),
their periods overlap (so 'March 2025' and '31 March 2025' agree at
the coarser precision), neither is negated or hypothetical unless both are,
and they share their main actors: the sources when both name one, else any
actor. Events nobody takes part in are never linked: without actors nothing
says two "the quake struck" are one quake.

Linked events form connected groups; a group's id is its smallest event id,
so an unchanged warehouse gets the same ids on every run. The whole table is
recomputed at each load, inside the load's transaction: one SQL self-join on
type and predicate, then a union-find in Python.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

_PAIRS = """
WITH e AS (
    SELECT e.event_id, e.document_id, e.event_type, coalesce(e.event_subtype, '') AS subtype,
           coalesce(e.predicate, '') AS predicate, coalesce(e.mode IN ('negated', 'hypothetical'), false) AS unreal,
           p.period_start, p.period_end
    FROM events e JOIN event_periods p USING (event_id)
),
sources AS (SELECT event_id, list(actor_id) AS ids FROM event_actors WHERE role = 'source' GROUP BY event_id),
everyone AS (SELECT event_id, list(actor_id) AS ids FROM event_actors GROUP BY event_id),
candidates AS (  -- two equi-joins (a hash join each), not one join on an OR
    SELECT a.event_id AS x, b.event_id AS y FROM e a JOIN e b
      ON a.event_type = b.event_type AND a.predicate = b.predicate AND a.unreal = b.unreal
     AND a.event_id < b.event_id AND a.period_start <= b.period_end AND b.period_start <= a.period_end
    UNION
    SELECT a.event_id, b.event_id FROM e a JOIN e b
      ON a.event_type = b.event_type AND a.subtype = b.subtype AND a.subtype <> '' AND a.event_type <> 'OTHER'
     AND a.unreal = b.unreal
     AND a.event_id < b.event_id AND a.period_start <= b.period_end AND b.period_start <= a.period_end
)
SELECT a.x, a.y
FROM candidates a
JOIN everyone ea ON ea.event_id = a.x
JOIN everyone eb ON eb.event_id = a.y
LEFT JOIN sources sa ON sa.event_id = a.x
LEFT JOIN sources sb ON sb.event_id = a.y
WHERE CASE WHEN sa.ids IS NOT NULL AND sb.ids IS NOT NULL THEN len(list_intersect(sa.ids, sb.ids)) > 0
           ELSE len(list_intersect(ea.ids, eb.ids)) > 0 END
"""


def link_happenings(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute ``event_links`` for the whole warehouse; returns the number of happenings told more than once."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in con.execute(_PAIRS).fetchall():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    rows = [{"event_id": e, "happening_id": find(e)} for e in list(parent)]
    con.execute("DELETE FROM event_links")
    if rows:
        con.register("_links", pa.Table.from_pylist(rows))
        try:
            con.execute("INSERT INTO event_links SELECT event_id, happening_id FROM _links")
        finally:
            con.unregister("_links")
    return len({r["happening_id"] for r in rows})
