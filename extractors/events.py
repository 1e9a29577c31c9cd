"""Dated events: a clause with an action predicate, a date and at least one actor.

A first pass that keeps precision in mind: the date must be an event date (not
a citation, plan horizon or credit), an actor must be named in the same
sentence, and a sentence yields one event per distinct date rather than one per
date mention. Actors get roles from the dependency parse: the subject side of
the governing verb is the source, its object side the target.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span

from dossier.records import Event, Mention
from extractors.timex import Timex

VERSION = "events-0.1"

_FUTURE_MARKERS = {"will", "shall", "plan", "plans", "planned", "intend", "intends", "expected", "scheduled", "would"}
_NEGATION = {"not", "never", "n't", "no"}


@lru_cache(maxsize=1)
def _verbs() -> dict[str, tuple[str, str]]:
    text = resources.files("extractors").joinpath("data/event_verbs.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {lemma: (category, subtype) for lemma, category, subtype in rows}


def extract_events(doc: Doc, timexes: list[Timex], mentions: list[Mention]) -> list[Event]:
    events: list[Event] = []
    seen: set[tuple[int, str, str]] = set()
    for sent in doc.sents:
        dates = [t for t in timexes if t.is_event_date and t.precision != "decade"
                 and sent.start_char <= t.char_start < sent.end_char]
        actors = [m for m in mentions if sent.start_char <= m.char_start < sent.end_char]
        if not dates or not actors:
            continue
        for timex in dates:
            key = (sent.start, timex.value.isoformat(), timex.precision)
            if key in seen:
                continue
            seen.add(key)
            events.append(_event(doc, sent, timex, actors))
    return events


def _event(doc: Doc, sent: Span, timex: Timex, actors: list[Mention]) -> Event:
    predicate = _governing_verb(doc, sent, timex)
    category, subtype = _verbs().get(predicate.lemma_.lower(), ("OTHER", None)) if predicate is not None else ("OTHER", None)
    roles: list[tuple[str, str]] = []
    for mention in actors:
        role = _role(doc, mention, predicate)
        if (mention.actor_key, role) not in roles:
            roles.append((mention.actor_key, role))
    return Event(
        event_date=timex.value, date_precision=timex.precision, date_text=timex.text,
        date_anchor=timex.anchor, event_type=category, event_subtype=subtype,
        sentence=sent.text, char_start=sent.start_char, char_end=sent.end_char,
        actors=roles, mode=_mode(predicate),
    )


def _governing_verb(doc: Doc, sent: Span, timex: Timex):
    """The verb the date hangs from in the parse, else the sentence root."""
    span = doc.char_span(timex.char_start, timex.char_end, alignment_mode="expand")
    token = span.root if span is not None else sent.root
    while token.head.i != token.i:  # spaCy makes a new Token per access: compare indices
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in _verbs():
            return token
        token = token.head
    if token.pos_ in ("VERB", "AUX"):
        return token
    verbs = [t for t in sent if t.pos_ == "VERB"]
    return verbs[0] if verbs else sent.root


def _role(doc: Doc, mention: Mention, predicate) -> str:
    if predicate is None:
        return "participant"
    span = doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
    if span is None:
        return "participant"
    token = span.root
    while token.head.i != token.i and token.i != predicate.i:
        if token.head.i == predicate.i:
            if token.dep_ in ("nsubj", "nsubjpass", "csubj", "agent"):
                return "source" if token.dep_ != "nsubjpass" else "target"
            if token.dep_ in ("dobj", "attr", "dative", "obj"):
                return "target"
            return "participant"
        token = token.head
    return "participant"


def _mode(predicate) -> str | None:
    if predicate is None:
        return None
    children = {c.lower_ for c in predicate.children}
    if children & _NEGATION:
        return "negated"
    if children & _FUTURE_MARKERS or predicate.lower_ in _FUTURE_MARKERS:
        return "future"
    return None


def event_id(document_id: str, event: Event) -> str:
    """Stable across re-runs, so a re-ingest of an unchanged document changes nothing."""
    raw = f"{document_id}|{event.char_start}|{event.event_date.isoformat()}|{event.date_precision}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]
