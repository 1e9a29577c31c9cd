"""Analysts' corrections that survive re-extraction.

The extractors are sometimes wrong: a speaker resolved to a namesake, two
spellings of one minister left as two actors, a scare quote taken for a
quotation. A fix made by hand in SQL does not last: re-extraction (or an
edited source) deletes the source's rows and inserts new ones, with new ids.
So a correction is a row of ``corrections`` that names what it corrects by its
*evidence* (the document's ``source_uri`` and ``source_item``, the character
offsets and the words found there), never by a generated id, and that is
applied again, in the order corrections were made, after every load: by the
ingest and re-extract flows in their staging copy before it is published, and
by ``dossier correct`` itself, which writes like a run (single-writer lock,
staging copy, atomic publish).

Applying is idempotent (a correction applied to rows it already corrected
changes nothing), because a warehouse holds rows loaded before a correction
beside rows of sources re-extracted since.

Evidence is found again in three steps: the same document, offsets and words;
else, when the document changed, the same words nearest to where they were
last found; then the row at those offsets (mention, quotation, event): the
same span, else the one overlapping it most, by at least half. A correction
whose document, words or row are gone is marked ``evidence-missing`` with the
reason, and the run reports it; it is never dropped, and applies again if the
evidence comes back.

Rejected events and quotations leave ``events`` and ``quotes`` (so every view,
the search and the report) and are kept whole, as JSON, in ``rejected_items``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from core.ids import actor_id as hashed_actor_id
from warehouse import db, lake, publish
from warehouse.happenings import link_happenings

#: Each kind of correction and what its evidence is.
KINDS = {
    "merge-actors": "mention",
    "split-actor": "mention",
    "rename-actor": "mention",
    "set-speaker": "quote",
    "clear-speaker": "quote",
    "reject-event": "event",
    "reject-quote": "quote",
}
ACTOR_KINDS = ("person", "organization", "country", "location", "other")
APPLIED, MISSING, FAILED = "applied", "evidence-missing", "failed"
#: ``checked_by`` of a check made by the command that recorded a correction (runs give their run_id).
BY_COMMAND = "dossier correct"

_FOLD = "lower(strip_accents({}))"  # names compare without case or accents


class CorrectionRefused(Exception):
    """What the analyst named cannot be corrected (nothing is there, or several things are): one line."""


@dataclass(frozen=True)
class Evidence:
    """Where a correction points: a document, a span of its text (None: the whole document) and its words."""

    source_uri: str
    source_item: str | None
    document_id: str
    char_start: int | None
    char_end: int | None
    text: str


@dataclass
class Request:
    """What the analyst typed: the kind, what it is about, the new value, who and why."""

    kind: str
    made_by: str
    reason: str | None = None
    item_id: str | None = None  # a quote_id or event_id, as the views show them (never stored)
    actor: str | None = None  # merge, rename: an actor's name, alias or actor_id
    into_actor: str | None = None  # merge: the actor it becomes
    doc: str | None = None  # a document_id, a source_uri, or the end of one ("statement.txt")
    span: tuple[int, int] | None = None  # offsets in documents.text
    text: str | None = None  # words of the quotation or the event; a mention's surface
    name: str | None = None  # rename, split, set-speaker: the name
    actor_kind: str | None = None  # split, set-speaker: the kind of an actor that has to be created


@dataclass
class Outcome:
    """What applying one correction found: the run summary's line and ``dossier correct list``'s status."""

    correction_id: int
    kind: str
    status: str
    note: str | None
    source_uri: str
    evidence_text: str
    made_by: str

    def line(self) -> str:
        words = " ".join(self.evidence_text.split())
        words = words if len(words) <= 60 else words[:59] + "…"
        note = f": {self.note}" if self.note else ""
        return f"correction {self.correction_id} ({self.kind}, by {self.made_by}) {self.status}: “{words}” in {self.source_uri}{note}"


@dataclass(frozen=True)
class _Found:
    document_id: str
    start: int | None
    end: int | None
    note: str | None  # where the words moved, when the document changed


# --- recording (dossier correct) -----------------------------------------------------------------


def record(published: Path | str, request: Request) -> tuple[int, list[Outcome]]:
    """Record a correction and apply every correction to the published warehouse, as a run writes it.

    Returns the new correction's id and every correction's outcome. Raises
    ``CorrectionRefused`` (nothing written) when the request names nothing
    that can be corrected, ``publish.WarehouseBusy`` when a run is writing.
    """
    if not _exists(published):
        raise CorrectionRefused(f"no warehouse at {published}: run `dossier ingest` first")
    with publish.writer(published) as staging, db.connect(staging) as con:
        con.begin()  # on a DuckLake, written in place: the correction lands whole or not at all
        try:
            new_id = add(con, request)
            con.commit()
        except BaseException:
            con.rollback()
            raise
        return new_id, apply_all(con, BY_COMMAND)


def _exists(published: Path | str) -> bool:
    """A warehouse is there: the file, or a DuckLake's catalog (a local one's folder; a remote one is asked)."""
    return lake.parse(published).exists() if lake.is_lake(published) else Path(published).exists()


def add(con: duckdb.DuckDBPyConnection, request: Request) -> int:
    """Turn what the analyst named into evidence and insert the correction (not yet applied); its id."""
    if request.kind not in KINDS:
        raise CorrectionRefused(f"unknown correction {request.kind!r}")
    if request.actor_kind and request.actor_kind not in ACTOR_KINDS:
        raise CorrectionRefused(f"--kind must be one of {', '.join(ACTOR_KINDS)}")
    into: Evidence | None = None
    anchor_extracted = None
    new_name, new_kind = request.name, request.actor_kind
    if request.kind in ("merge-actors", "rename-actor"):
        actor, name = _actor(con, request.actor or "")
        evidence, extracted = _anchor(con, actor, name)
        old = name
        if request.kind == "merge-actors":
            anchor_extracted = extracted
            into_actor, new_name = _actor(con, request.into_actor or "")
            if into_actor == actor:
                raise CorrectionRefused(f"{request.actor!r} and {request.into_actor!r} are one actor already")
            into, _ = _anchor(con, into_actor, new_name)
    elif request.kind == "split-actor":
        evidence, old = _mention_evidence(con, request)
    elif request.kind == "reject-event":
        evidence, old = _item_evidence(con, request, "event")
    else:
        evidence, old = _item_evidence(con, request, "quote")
    if request.kind in ("rename-actor", "split-actor", "set-speaker") and not (new_name or "").strip():
        raise CorrectionRefused(f"{request.kind} needs a name")
    row = _insert(con, request, evidence, into, (new_name or "").strip() or None, new_kind, old)
    con.execute(
        "UPDATE corrections SET anchor_extracted = ? WHERE correction_id = ?", [anchor_extracted, row]
    )
    return row


def _insert(
    con: duckdb.DuckDBPyConnection,
    request: Request,
    ev: Evidence,
    into: Evidence | None,
    new_name: str | None,
    new_kind: str | None,
    old_value: str | None,
) -> int:
    same = con.execute(
        """SELECT correction_id FROM corrections WHERE kind = ? AND source_uri = ?
           AND source_item IS NOT DISTINCT FROM ? AND char_start IS NOT DISTINCT FROM ?
           AND char_end IS NOT DISTINCT FROM ? AND evidence_text = ? AND new_name IS NOT DISTINCT FROM ?
           AND into_text IS NOT DISTINCT FROM ?""",
        [
            request.kind,
            ev.source_uri,
            ev.source_item,
            ev.char_start,
            ev.char_end,
            ev.text,
            new_name,
            into.text if into else None,
        ],
    ).fetchone()
    if same:
        raise CorrectionRefused(f"the same correction is recorded already: correction {same[0]}")
    next_id = _one(
        con,
        "SELECT greatest((SELECT coalesce(max(correction_id), 0) FROM corrections),"
        " (SELECT coalesce(max(correction_id), 0) FROM removed_corrections)) + 1",
        [],
    )[0]  # a removed correction's number is never reused: notes and stale markers still name it
    row = {
        "correction_id": next_id,  # no sequence: a DuckLake has none, and the writer holds the lock
        "kind": request.kind,
        "made_by": request.made_by,
        "made_at": _now(),
        "reason": request.reason,
        "target": KINDS[request.kind],
        "source_uri": ev.source_uri,
        "source_item": ev.source_item,
        "document_id": ev.document_id,
        "char_start": ev.char_start,
        "char_end": ev.char_end,
        "evidence_text": ev.text,
        "into_source_uri": into.source_uri if into else None,
        "into_source_item": into.source_item if into else None,
        "into_char_start": into.char_start if into else None,
        "into_char_end": into.char_end if into else None,
        "into_text": into.text if into else None,
        "new_name": new_name,
        "new_kind": new_kind,
        "old_value": old_value,
        "status": APPLIED,
    }
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    con.execute(f"INSERT INTO corrections ({columns}) VALUES ({marks})", list(row.values()))
    return next_id  # not RETURNING: a DuckLake table does not support it


def _document(con: duckdb.DuckDBPyConnection, doc: str | None) -> tuple[str, str, str | None, str]:
    """(document_id, source_uri, source_item, text) of a document named by id, source, file path or its end."""
    if not doc:
        raise CorrectionRefused("say which document: --doc DOCUMENT_ID, SOURCE_URI or FILE")
    query = "SELECT document_id, source_uri, source_item, text FROM documents WHERE "
    rows = con.execute(query + "document_id = ? OR source_uri = ?", [doc, doc]).fetchall()
    if not rows:
        rows = con.execute(query + "source_uri = ?", [str(Path(doc).expanduser().resolve())]).fetchall()
    if not rows:
        rows = con.execute(query + "ends_with(source_uri, ?)", ["/" + doc.lstrip("/")]).fetchall()
    if not rows:
        raise CorrectionRefused(f"no document matches {doc!r}")
    if len(rows) > 1:
        listed = "; ".join(f"{r[0]} ({r[1]}{' ' + r[2] if r[2] else ''})" for r in rows[:5])
        raise CorrectionRefused(f"{doc!r} matches {len(rows)} documents; give a document_id: {listed}")
    return rows[0]


def _evidence(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    start: int | None,
    end: int | None,
    words: str | None = None,
) -> Evidence:
    doc_id, uri, item, text = _document(con, document_id)
    return Evidence(uri, item, doc_id, start, end, text[start:end] if words is None else words)


def _actor(con: duckdb.DuckDBPyConnection, named: str) -> tuple[str, str]:
    """(actor_id, canonical_name) of an actor named by id, name or alias; refused when none or several."""
    query = "SELECT DISTINCT a.actor_id, a.canonical_name, a.kind FROM actors a "
    rows = con.execute(query + "WHERE a.actor_id = ?", [named]).fetchall()
    if not rows:
        rows = con.execute(
            query + f"WHERE {_FOLD.format('a.canonical_name')} = {_FOLD.format('?')}", [named]
        ).fetchall()
    if not rows:
        rows = con.execute(
            query
            + f"JOIN actor_aliases al USING (actor_id) WHERE {_FOLD.format('al.alias')} = {_FOLD.format('?')}",
            [named],
        ).fetchall()
    if not rows:
        raise CorrectionRefused(f"no actor is named {named!r}")
    if len(rows) > 1:
        listed = "; ".join(f"{r[0]} ({r[1]}, {r[2]})" for r in sorted(rows)[:8])
        raise CorrectionRefused(f"{len(rows)} actors are named {named!r}; give an actor_id: {listed}")
    return rows[0][0], rows[0][1]


def _anchor(con: duckdb.DuckDBPyConnection, actor: str, name: str) -> tuple[Evidence, bool]:
    """One mention to stand for ``actor``, and whether the extractors themselves gave it to the actor.

    Preferred: a mention the extractors gave this actor (not one an earlier
    correction or the loader's alias merge moved there), then its full name,
    then the first. Only with such a mention can a merge find the actor's rows
    in sources re-extracted later by the extractors' actor of that mention.
    """
    row = con.execute(
        """SELECT m.document_id, m.char_start, m.char_end, m.extracted_actor_id IS NOT DISTINCT FROM m.actor_id
           FROM mentions m JOIN documents d USING (document_id)
           WHERE m.actor_id = ?
           ORDER BY 4 DESC, (m.surface = ?) DESC, length(m.surface) DESC, d.source_uri, d.source_item NULLS FIRST,
                    m.char_start
           LIMIT 1""",
        [actor, name],
    ).fetchone()
    if row is None:
        raise CorrectionRefused(f"{name!r} is mentioned in no document: nothing to anchor the correction to")
    return _evidence(con, row[0], row[1], row[2]), bool(row[3])


def _mention_evidence(con: duckdb.DuckDBPyConnection, request: Request) -> tuple[Evidence, str]:
    """split-actor: the mention at --span, or every mention written --text, in one document."""
    doc_id, _, _, _ = _document(con, request.doc)
    if request.span:
        rows = _containing(con, "mentions", ["surface"], doc_id, *request.span)
        if len(rows) != 1:
            raise CorrectionRefused(
                f"{len(rows)} actor mentions at {request.span[0]}:{request.span[1]}; give one mention's offsets"
            )
        return _evidence(con, doc_id, rows[0]["char_start"], rows[0]["char_end"]), _actor_names(con, rows)
    if not request.text:
        raise CorrectionRefused("say which mention: --span START:END or --text WORDS")
    rows = _dicts(
        con.execute(
            "SELECT surface, actor_id FROM mentions WHERE document_id = ? AND lower(surface) = lower(?) ORDER BY char_start",
            [doc_id, request.text.strip()],
        )
    )
    if not rows:
        raise CorrectionRefused(f"no actor mention written {request.text!r} in that document")
    return _evidence(con, doc_id, None, None, rows[0]["surface"]), _actor_names(con, rows)


def _actor_names(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> str:
    ids = sorted({r["actor_id"] for r in rows})
    names = con.execute(
        "SELECT canonical_name FROM actors WHERE list_contains(?, actor_id) ORDER BY 1", [ids]
    ).fetchall()
    return "; ".join(n for (n,) in names)


def _item_evidence(con: duckdb.DuckDBPyConnection, request: Request, item: str) -> tuple[Evidence, str]:
    """A quotation or an event: by its id, or in a document by --span or by words it contains."""
    table, key = ("events", "event_id") if item == "event" else ("quotes", "quote_id")
    label = "event" if item == "event" else "quotation"
    if request.item_id:
        row = con.execute(
            f"SELECT document_id, char_start, char_end FROM {table} WHERE {key} = ?", [request.item_id]
        ).fetchone()
        if row is None:
            raise CorrectionRefused(f"no {label} has the id {request.item_id!r}")
        doc_id, start, end = row
    else:
        doc_id, _, _, text = _document(con, request.doc)
        if request.span:
            rows = _containing(con, table, [], doc_id, *request.span)
        elif request.text:
            rows = _dicts(
                con.execute(
                    f"SELECT char_start, char_end, sentence FROM {table} WHERE document_id = ? ORDER BY char_start",
                    [doc_id],
                )
            )
            words = " ".join(request.text.split()).lower()
            own = [r for r in rows if words in text[r["char_start"] : r["char_end"]].lower()]
            rows = own or [r for r in rows if words in (r["sentence"] or "").lower()]
        else:
            raise CorrectionRefused(
                f"say which {label}: its id, or --doc with --span START:END or --text WORDS"
            )
        if len(rows) != 1:
            raise CorrectionRefused(
                f"{len(rows)} {label}s match in that document; give its id or its offsets"
            )
        start, end = rows[0]["char_start"], rows[0]["char_end"]
    return _evidence(con, doc_id, start, end), _describe(con, item, doc_id, start, end)


def _describe(con: duckdb.DuckDBPyConnection, item: str, doc_id: str, start: int, end: int) -> str:
    """The row as the warehouse had it, in words: an event's type and date, a quotation's kind and speaker."""
    where = "document_id = ? AND char_start = ? AND char_end = ?"
    if item == "event":
        row = _one(
            con,
            f"SELECT event_type, event_date, date_precision FROM events WHERE {where}",
            [doc_id, start, end],
        )
        return f"{row[0]} {row[1]} ({row[2]})"
    row = _one(
        con,
        f"""SELECT q.kind, coalesce(a.canonical_name, q.speaker_text) FROM quotes q
            LEFT JOIN actors a ON a.actor_id = q.speaker_actor_id WHERE {where}""",
        [doc_id, start, end],
    )
    return f"{row[0]}, speaker: {row[1] or 'none'}"


def _containing(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], doc_id: str, start: int, end: int
) -> list[dict]:
    """Rows of ``table`` with exactly these offsets, else those whose span contains them."""
    cols = ", ".join(["char_start", "char_end", *columns] + (["actor_id"] if table == "mentions" else []))
    rows = _dicts(
        con.execute(
            f"SELECT {cols} FROM {table} WHERE document_id = ? AND char_start <= ? AND char_end >= ? ORDER BY char_start",
            [doc_id, start, end],
        )
    )
    exact = [r for r in rows if (r["char_start"], r["char_end"]) == (start, end)]
    return exact or rows


# --- applying (after every load, and by dossier correct) ----------------------------------------


def apply_all(con: duckdb.DuckDBPyConnection, checked_by: str) -> list[Outcome]:
    """Apply every correction, oldest first, and record what each found; their outcomes.

    Each correction is its own transaction: one that fails (a bug, not missing
    evidence) is marked ``failed`` with its error and the others still apply.
    Then actors nothing refers to any more are removed and happenings relinked
    (merges change which events share actors).
    """
    rows = _dicts(con.execute("SELECT * FROM corrections ORDER BY correction_id"))
    if not rows:
        return []
    now = _now()
    outcomes = []
    for c in rows:
        con.begin()
        try:
            status, note, found = _apply(con, c)
            con.commit()
        except Exception as exc:
            con.rollback()
            status, note, found = FAILED, " ".join(f"{type(exc).__name__}: {exc}".split())[:300], None
        con.execute(
            """UPDATE corrections SET status = ?, status_note = ?, found_start = ?, found_end = ?,
               checked_at = ?, checked_by = ? WHERE correction_id = ?""",
            [
                status,
                note,
                found.start if found else None,
                found.end if found else None,
                now,
                checked_by,
                c["correction_id"],
            ],
        )
        outcomes.append(
            Outcome(
                c["correction_id"], c["kind"], status, note, c["source_uri"], c["evidence_text"], c["made_by"]
            )
        )
    con.begin()
    try:
        _tidy(con)
        link_happenings(con)
        con.commit()
    except Exception:
        con.rollback()
        raise
    return outcomes


def _locate_correction(con: duckdb.DuckDBPyConnection, c: dict) -> _Found | str:
    """Where a stored correction's evidence is now (see ``_locate``)."""
    return _locate(
        con,
        c["source_uri"],
        c["source_item"],
        c["char_start"],
        c["char_end"],
        c["evidence_text"],
        c["found_start"],
    )


def _locate_merge_target(con: duckdb.DuckDBPyConnection, c: dict) -> _Found | str:
    """Where a merge's actor-merged-into mention is now (see ``_locate``)."""
    return _locate(
        con,
        c["into_source_uri"],
        c["into_source_item"],
        c["into_char_start"],
        c["into_char_end"],
        c["into_text"],
        None,
    )


def _apply(con: duckdb.DuckDBPyConnection, c: dict) -> tuple[str, str | None, _Found | None]:
    found = _locate_correction(con, c)
    if isinstance(found, str):
        return MISSING, found, None
    missing = _HANDLERS[c["kind"]](con, c, found)
    return (MISSING, missing, found) if missing else (APPLIED, found.note, found)


def _locate(
    con: duckdb.DuckDBPyConnection,
    uri: str,
    item: str | None,
    start: int | None,
    end: int | None,
    words: str,
    last: int | None,
) -> _Found | str:
    """Where the evidence's words are now, or why they cannot be found.

    Same offsets and same words first; else (the document changed) the
    occurrence of the words nearest to where they were last found.
    """
    row = con.execute(
        "SELECT document_id, text FROM documents WHERE source_uri = ? AND source_item IS NOT DISTINCT FROM ?",
        [uri, item],
    ).fetchone()
    if row is None:
        return "the document is no longer in the warehouse"
    doc_id, text = row
    if not words or words not in text:
        return "the words are no longer in the document"
    if start is None or end is None:
        return _Found(doc_id, None, None, None)
    if text[start:end] == words:
        return _Found(doc_id, start, end, None)
    near = start if last is None else last
    hits, at = [], text.find(words)
    while at >= 0:
        hits.append(at)
        at = text.find(words, at + 1)
    best = min(hits, key=lambda h: (abs(h - near), h))
    moved = f"the document changed: the words are now at {best}:{best + len(words)} (were at {start}:{end})"
    return _Found(doc_id, best, best + len(words), moved)


def _rows_at(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], found: _Found, loose: bool
) -> list[dict]:
    """The rows of ``table`` at the evidence: the same span, else the one overlapping it most.

    The overlap must cover half the longer of the two spans (half the shorter
    with ``loose``, for actor mentions: "Muhriddin" then "Sirojiddin Muhriddin").
    """
    if found.start is None or found.end is None:
        return []
    s, e = found.start, found.end
    rows = _dicts(
        con.execute(
            f"SELECT char_start, char_end, {', '.join(columns)} FROM {table} WHERE document_id = ? AND char_start < ? AND char_end > ?",
            [found.document_id, e, s],
        )
    )
    exact = [r for r in rows if (r["char_start"], r["char_end"]) == (s, e)]
    if exact:
        return exact

    def overlap(r: dict) -> int:
        return min(r["char_end"], e) - max(r["char_start"], s)

    pick = min if loose else max
    near = [r for r in rows if 2 * overlap(r) >= pick(r["char_end"] - r["char_start"], e - s)]
    return [max(near, key=lambda r: (overlap(r), -r["char_start"]))] if near else []


def _mention(con: duckdb.DuckDBPyConnection, found: _Found) -> dict | None:
    rows = _rows_at(con, "mentions", ["surface", "actor_id", "extracted_actor_id"], found, loose=True)
    return rows[0] if rows else None


_NO_MENTION = "the words are still there, but no actor mention is extracted from them any more"


def _merge(con: duckdb.DuckDBPyConnection, c: dict, found: _Found) -> str | None:
    """Every row of the actor holding the evidence (and of the actor the extractors gave it) moves to the other.

    The extractors' actor matters for a re-extracted source: its rows come back
    under the extractors' actor while the evidence may sit in a source that was
    not reloaded, already merged. It is followed only when the extractors gave
    the evidence to the merged actor (``anchor_extracted``): a mention an
    earlier correction split out still carries its old actor's id there, and
    that old actor is not the one merged.
    """
    merged = _mention(con, found)
    if merged is None:
        return _NO_MENTION
    there = _locate_merge_target(con, c)
    if isinstance(there, str):
        return f"the actor merged into: {there}"
    into = _mention(con, there)
    if into is None:
        return f"the actor merged into: {_NO_MENTION}"
    moved = {merged["actor_id"]} | ({merged["extracted_actor_id"]} if c["anchor_extracted"] else set())
    _move_actors(con, moved - {into["actor_id"], None}, into["actor_id"])
    return None


def _move_actors(con: duckdb.DuckDBPyConnection, moved: set[str], into: str) -> None:
    if not moved:
        return
    ids = sorted(moved)
    for table, column in (
        ("mentions", "actor_id"),
        ("event_actors", "actor_id"),
        ("quotes", "speaker_actor_id"),
    ):
        con.execute(f"UPDATE {table} SET {column} = ? WHERE list_contains(?, {column})", [into, ids])
    _add_aliases(
        con,
        """SELECT ?, name FROM (SELECT alias AS name FROM actor_aliases WHERE list_contains(?, actor_id)
           UNION SELECT canonical_name FROM actors WHERE list_contains(?, actor_id))""",
        [into, ids, ids],
    )
    con.execute(
        """UPDATE actors SET country_code = (SELECT min(country_code) FROM actors WHERE list_contains(?, actor_id))
           WHERE actor_id = ? AND country_code IS NULL""",
        [ids, into],
    )


def _rename(con: duckdb.DuckDBPyConnection, c: dict, found: _Found) -> str | None:
    mention = _mention(con, found)
    if mention is None:
        return _NO_MENTION
    _add_aliases(
        con,
        "SELECT actor_id, canonical_name FROM actors WHERE actor_id = ? AND canonical_name <> ?",
        [mention["actor_id"], c["new_name"]],
    )
    con.execute(
        "UPDATE actors SET canonical_name = ? WHERE actor_id = ?", [c["new_name"], mention["actor_id"]]
    )
    return None


def _split(con: duckdb.DuckDBPyConnection, c: dict, found: _Found) -> str | None:
    """The mention (or every mention of these words in the document) goes to the named actor.

    The quotations it names the speaker of, and the events it is the only
    mention of its old actor in, go with it.
    """
    if found.start is None:
        mentions = _dicts(
            con.execute(
                "SELECT char_start, char_end, surface, actor_id FROM mentions WHERE document_id = ? AND surface = ?",
                [found.document_id, c["evidence_text"]],
            )
        )
    else:
        one = _mention(con, found)
        mentions = [one] if one else []
    if not mentions:
        return _NO_MENTION
    for m in mentions:
        old = m["actor_id"]
        kind = c["new_kind"] or _one(con, "SELECT kind FROM actors WHERE actor_id = ?", [old])[0]
        into = _actor_named(con, c["new_name"], kind)
        if into == old:
            continue
        doc, start, end = found.document_id, m["char_start"], m["char_end"]
        con.execute(
            "UPDATE mentions SET actor_id = ? WHERE document_id = ? AND char_start = ? AND char_end = ? AND actor_id = ?",
            [into, doc, start, end, old],
        )
        con.execute(
            """UPDATE quotes SET speaker_actor_id = ? WHERE document_id = ? AND speaker_actor_id = ?
               AND speaker_char_start < ? AND speaker_char_end > ?""",
            [into, doc, old, end, start],
        )
        con.execute(
            """UPDATE event_actors SET actor_id = ? WHERE actor_id = ? AND event_id IN (
                   SELECT e.event_id FROM events e
                   WHERE e.document_id = ? AND e.char_start <= ? AND e.char_end >= ?
                     AND NOT EXISTS (SELECT 1 FROM mentions o WHERE o.actor_id = ? AND o.document_id = e.document_id
                                     AND o.char_start >= e.char_start AND o.char_end <= e.char_end))""",
            [into, old, doc, start, end, old],
        )
        _add_aliases(con, "SELECT ?, ?", [into, m["surface"]])
    return None


def _actor_named(con: duckdb.DuckDBPyConnection, name: str, kind: str | None) -> str:
    """The actor of this name (and kind), the most mentioned if several; created when there is none.

    A created actor's id is a hash of its kind and name, so every run creates
    the same one.
    """
    row = con.execute(
        f"""SELECT a.actor_id FROM actors a
            WHERE {_FOLD.format("a.canonical_name")} = {_FOLD.format("?")} AND (?::VARCHAR IS NULL OR a.kind = ?)
            ORDER BY (SELECT count(*) FROM mentions m WHERE m.actor_id = a.actor_id) DESC, a.actor_id LIMIT 1""",
        [name, kind, kind],
    ).fetchone()
    if row:
        return row[0]
    kind = kind or "person"
    new = hashed_actor_id(f"correction:{kind}:{' '.join(name.casefold().split())}")
    con.execute(
        """INSERT INTO actors (actor_id, canonical_name, kind) SELECT ?, ?, ?
           WHERE NOT EXISTS (SELECT 1 FROM actors WHERE actor_id = ?)""",
        [new, name, kind, new],
    )
    return new


def _add_aliases(con: duckdb.DuckDBPyConnection, pairs: str, params: list) -> None:
    """Add the (actor_id, alias) rows the query ``pairs`` gives that are not there yet.

    Not ``ON CONFLICT DO NOTHING``: a DuckLake table has no key to conflict on.
    """
    con.execute(
        f"""INSERT INTO actor_aliases SELECT DISTINCT p.* FROM ({pairs}) AS p(actor_id, alias)
            WHERE NOT EXISTS (SELECT 1 FROM actor_aliases a WHERE a.actor_id = p.actor_id AND a.alias = p.alias)""",
        params,
    )


def _quotes_at(con: duckdb.DuckDBPyConnection, found: _Found) -> list[str]:
    return [r["quote_id"] for r in _rows_at(con, "quotes", ["quote_id"], found, loose=False)]


_NO_QUOTE = "the words are still there, but no quotation is extracted from them any more"


def _set_speaker(con: duckdb.DuckDBPyConnection, c: dict, found: _Found) -> str | None:
    """The quotation's speaker becomes the named actor (it is a quotation, then, not a term)."""
    ids = _quotes_at(con, found)
    if not ids:
        return _NO_QUOTE
    speaker = _actor_named(con, c["new_name"], c["new_kind"])
    con.execute(
        """UPDATE quotes SET speaker_actor_id = ?, kind = 'quote',
               speaker_kind = (SELECT CASE kind WHEN 'person' THEN 'person' ELSE 'organization' END FROM actors WHERE actor_id = ?)
           WHERE list_contains(?, quote_id)""",
        [speaker, speaker, ids],
    )
    return None


def _clear_speaker(con: duckdb.DuckDBPyConnection, c: dict, found: _Found) -> str | None:
    """No speaker: better than a wrong one. The words that named it go too (the views show them otherwise)."""
    ids = _quotes_at(con, found)
    if not ids:
        return _NO_QUOTE
    con.execute(
        """UPDATE quotes SET speaker_actor_id = NULL, speaker_text = NULL, speaker_kind = NULL,
               speaker_char_start = NULL, speaker_char_end = NULL WHERE list_contains(?, quote_id)""",
        [ids],
    )
    return None


def _reject_quote(con: duckdb.DuckDBPyConnection, c: dict, found: _Found) -> str | None:
    if _rejected_already(con, c, found):
        return None
    ids = _quotes_at(con, found)
    if not ids:
        return _NO_QUOTE
    con.execute(
        """INSERT INTO rejected_items
           SELECT ?, 'quote', q.quote_id, q.document_id, q.char_start, q.char_end,
                  list_filter([coalesce((SELECT canonical_name FROM actors a WHERE a.actor_id = q.speaker_actor_id),
                                        q.speaker_text)], x -> x IS NOT NULL),
                  to_json(q), ?
           FROM quotes q WHERE list_contains(?, q.quote_id)""",
        [c["correction_id"], _now(), ids],
    )
    con.execute("DELETE FROM quotes WHERE list_contains(?, quote_id)", [ids])
    return None


def _reject_event(con: duckdb.DuckDBPyConnection, c: dict, found: _Found) -> str | None:
    if _rejected_already(con, c, found):
        return None
    ids = [r["event_id"] for r in _rows_at(con, "events", ["event_id"], found, loose=False)]
    if not ids:
        return "the words are still there, but no event is extracted from them any more"
    con.execute(
        """INSERT INTO rejected_items
           SELECT ?, 'event', e.event_id, e.document_id, e.char_start, e.char_end,
                  (SELECT list(a.canonical_name || ' (' || ea.role || ')' ORDER BY a.canonical_name, ea.role)
                   FROM event_actors ea JOIN actors a USING (actor_id) WHERE ea.event_id = e.event_id),
                  to_json(e), ?
           FROM events e WHERE list_contains(?, e.event_id)""",
        [c["correction_id"], _now(), ids],
    )
    for table in ("event_actors", "event_mentions", "event_links", "events"):
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, event_id)", [ids])
    con.execute("UPDATE quotes SET event_id = NULL WHERE list_contains(?, event_id)", [ids])
    return None


def _rejected_already(con: duckdb.DuckDBPyConnection, c: dict, found: _Found) -> bool:
    """Rejected by an earlier run, and its source not reloaded since (reloading clears rejected_items).

    Asked before looking for the row: with the rejected row gone, the nearest
    overlapping one (another clause of the sentence) must not be taken for it.
    """
    sql = "SELECT count(*) FROM rejected_items WHERE correction_id = ? AND document_id = ?"
    return bool(_one(con, sql, [c["correction_id"], found.document_id])[0])


_HANDLERS = {
    "merge-actors": _merge,
    "split-actor": _split,
    "rename-actor": _rename,
    "set-speaker": _set_speaker,
    "clear-speaker": _clear_speaker,
    "reject-event": _reject_event,
    "reject-quote": _reject_quote,
}


def _tidy(con: duckdb.DuckDBPyConnection) -> None:
    """Actors nothing refers to any more (merged away, split out) go, with their aliases; no duplicate roles."""
    con.execute("""DELETE FROM actors WHERE actor_id NOT IN (SELECT actor_id FROM mentions)
                     AND actor_id NOT IN (SELECT actor_id FROM event_actors)
                     AND actor_id NOT IN (SELECT speaker_actor_id FROM quotes WHERE speaker_actor_id IS NOT NULL)""")
    con.execute("DELETE FROM actor_aliases WHERE actor_id NOT IN (SELECT actor_id FROM actors)")
    con.execute("""DELETE FROM event_actors WHERE rowid NOT IN
        (SELECT min(rowid) FROM event_actors GROUP BY event_id, actor_id, role)""")


# --- listing and removing ------------------------------------------------------------------------

#: ``dossier correct list``: every column an analyst needs to judge a correction, in this order.
LIST_COLUMNS = (
    "correction_id",
    "kind",
    "status",
    "made_by",
    "made_at",
    "reason",
    "source_uri",
    "char_start",
    "char_end",
    "evidence_text",
    "new_name",
    "old_value",
    "status_note",
    "checked_at",
    "checked_by",
)


def listing(published: Path | str, status: str | None = None) -> list[tuple]:
    """The corrections of the published warehouse (``LIST_COLUMNS``), oldest first."""
    with db.connect(published, read_only=True) as con:
        if not _one(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'corrections'", [])[0]:
            return []  # a warehouse from before corrections existed
        return con.execute(
            f"SELECT {', '.join(LIST_COLUMNS)} FROM corrections WHERE ?::VARCHAR IS NULL OR status = ? ORDER BY correction_id",
            [status, status],
        ).fetchall()


def remove(published: Path | str, correction_id: int) -> str:
    """Delete a correction; what it changed is undone by re-extracting the sources it touched.

    A rename is undone at once (an actor keeps its name across loads). For the
    others the rows it changed are rebuilt from the archive: their sources are
    marked stale, for the next ``dossier reextract``. Returns what was done, in words.
    """
    if not Path(published).exists():
        raise CorrectionRefused(f"no warehouse at {published}")
    with publish.writer(published) as staging, db.connect(staging) as con:
        rows = _dicts(con.execute("SELECT * FROM corrections WHERE correction_id = ?", [correction_id]))
        if not rows:
            raise CorrectionRefused(f"no correction {correction_id}")
        c = rows[0]
        found = _locate_correction(con, c)
        mention = _mention(con, found) if isinstance(found, _Found) and found.start is not None else None
        con.execute("DELETE FROM corrections WHERE correction_id = ?", [correction_id])
        con.execute(
            "INSERT INTO removed_corrections VALUES (?, ?, ?, ?, ?, ?)",
            [correction_id, c["kind"], c["made_by"], c["reason"], c["evidence_text"], _now()],
        )
        if c["kind"] == "rename-actor":
            if mention:
                con.execute(
                    "UPDATE actors SET canonical_name = ? WHERE actor_id = ? AND canonical_name = ?",
                    [c["old_value"], mention["actor_id"], c["new_name"]],
                )
            return f"removed correction {correction_id}; the actor is named {c['old_value']!r} again"
        stale = _touched_sources(con, c, mention)
        con.execute(
            "UPDATE sources SET pipeline_version = ? WHERE list_contains(?, source_uri)",
            [f"stale: correction {correction_id} removed", stale],
        )
        return (
            f"removed correction {correction_id}; {len(stale)} source(s) keep its change until "
            "`dossier reextract` rebuilds them (marked stale)"
        )


def _touched_sources(con: duckdb.DuckDBPyConnection, c: dict, mention: dict | None) -> list[str]:
    """Sources whose rows a correction changed: its own, and for actors every source naming the actor now."""
    uris = {c["source_uri"]}
    actors = set()
    if mention:
        actors.add(mention["actor_id"])
    if c["kind"] == "merge-actors":
        there = _locate_merge_target(con, c)
        into = _mention(con, there) if isinstance(there, _Found) else None
        if into:
            actors.add(into["actor_id"])
            con.execute(  # the names the merge gave it: the extractors' actors of the mentions it took in
                """DELETE FROM actor_aliases WHERE actor_id = ? AND alias IN
                       (SELECT surface FROM mentions WHERE actor_id = ? AND extracted_actor_id <> ?)
                   AND alias NOT IN (SELECT surface FROM mentions WHERE extracted_actor_id = ?)""",
                [into["actor_id"], into["actor_id"], into["actor_id"], into["actor_id"]],
            )
    if actors:
        found = con.execute(
            """SELECT DISTINCT d.source_uri FROM mentions m JOIN documents d USING (document_id)
               WHERE list_contains(?, m.actor_id)""",
            [sorted(actors)],
        ).fetchall()
        uris.update(u for (u,) in found)
    return sorted(uris)


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> tuple:
    """The first row of a query that always has one (a count, an insert's RETURNING, a row just found)."""
    row = con.execute(sql, params).fetchone()
    assert row is not None, sql
    return row


def _dicts(result: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
