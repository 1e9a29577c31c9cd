"""The records that travel between stages.

Defined once, here, and shared by extractors, the loader and the tests, so that a
field added in one place is visible everywhere. Records are plain dataclasses:
cheap to build, easy to compare in tests, and turned into Arrow tables by the
loader in one step.

Every character offset is an index into ``Article.text`` (Python ``str``
indices, end exclusive); that text is stored verbatim as ``documents.text`` so an
analyst can always cut the evidence back out with ``substr``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reference:
    """One entry of a paper's reference list, kept out of the body text."""

    raw: str
    year: int | None = None


@dataclass
class Caption:
    """A figure or photo caption of a PDF: its words sit in ``Article.text`` after the body."""

    text: str
    char_start: int
    char_end: int
    page: int


@dataclass
class Aside:
    """Printed text kept out of ``Article.text``: a pull quote or a footnote, with its page."""

    text: str
    page: int


@dataclass
class Article:
    """One document's clean text and what the source says about it.

    A listing page yields several; a PDF or a plain article yields one.
    ``page_starts[i]`` is the offset in ``text`` where page ``i + 1`` begins
    (empty for sources without pages); ``page_spans`` overrides it for text
    placed out of page order.
    """

    text: str
    doc_type: str  # 'html' | 'pdf' | 'text'
    source_item: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    published_precision: str | None = None  # 'day' | 'month' | 'year'
    category: str | None = None
    permalink: str | None = None
    abstract: str | None = None
    # Journal fields and anything else the source prints (journal, volume,
    # issue, pages, doi, received, accepted) and where each value came from.
    metadata: dict[str, Any] = field(default_factory=dict)
    page_starts: list[int] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    extractor_version: str = ""
    # PDF structure: captions (in ``text``, after the body), pull quotes and footnotes (not in it).
    captions: list[Caption] = field(default_factory=list)
    pull_quotes: list[Aside] = field(default_factory=list)
    footnotes: list[Aside] = field(default_factory=list)
    # (start, end, page) runs of ``text`` outside the page order (captions moved after the body).
    page_spans: list[tuple[int, int, int]] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """Page number (1-based) holding ``offset``, or None for page-less text."""
        for start, end, page in self.page_spans:
            if start <= offset < end:
                return page
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


@dataclass
class Mention:
    """A span of text naming an actor, with the actor it resolves to."""

    actor_key: str  # stable key of the resolved actor (see Actor.key)
    surface: str
    char_start: int
    char_end: int
    label: str  # the entity label that produced it (PERSON, ORG, GPE, ...)
    role: str | None = None  # title or role said next to it ("President")
    # PLOVER-style sector the text gives the actor here: GOV, MIL, REB, LEG, JUD, COP, ...
    # ("Sudanese government", "Russian troops", "Foreign Minister"); None when unsaid.
    sector: str | None = None


@dataclass
class Actor:
    """A real-world actor as one document names it; merged across documents by key."""

    key: str  # kind + normalised canonical name: equal keys are the same actor
    canonical_name: str
    kind: str  # person | organization | country | location | other
    country_code: str | None = None
    aliases: list[str] = field(default_factory=list)
    # For actors that are not states or state bodies: IGO, NGO or IMG (PLOVER/CAMEO codes).
    agent_type: str | None = None


@dataclass
class Event:
    """Something that happened at a stated or resolvable time."""

    event_date: dt.date
    date_precision: str  # hour | day | week | month | quarter | season | half | year | decade
    date_text: str
    date_anchor: str  # how the date was obtained: explicit, narrative, publication
    event_type: str
    sentence: str
    char_start: int
    char_end: int
    actors: list[tuple[str, str]] = field(default_factory=list)  # (actor_key, role)
    event_subtype: str | None = None
    mode: str | None = None  # None | future | negated | hypothetical | historical
    predicate: str | None = None  # the word that states the event ("convene", "summit")
    date_qualifier: str | None = None  # early | mid | late | a season | a quarter, said with the date
    date_anchor_start: int | None = None  # offset of the date a narrative date was counted from
    mentions: list[tuple[int, int]] = field(default_factory=list)  # other places the document states it
    # For each of ``mentions``, in order, the words that state that repeat: its predicate's offsets and
    # its date's (not stored; a repeat is told by these, not by every word of its extent).
    mention_words: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    predicate_span: tuple[int, int] | None = None  # offsets of the word that states it (not stored)
    date_span: tuple[int, int] | None = None  # offsets of the date words it is dated by (not stored)
    event_time: str | None = None  # clock time "16:15" (precision hour) or part of day "MO", "NI"
    time_zone: str | None = None  # as written with the clock time: "UTC", "ET"


@dataclass
class Quote:
    """A quoted span, told apart as a real quotation or a term."""

    quote_text: str
    kind: str  # quote | term
    char_start: int  # offsets of the quoted words, marks excluded
    char_end: int
    sentence: str
    speaker_key: str | None = None
    speaker_text: str | None = None
    cue: str | None = None
    speaker_kind: str | None = None  # person | organization | document
    # The words naming the speaker where the text names them ("he", "the statement", "Sen. Kaine"),
    # kept beside the resolved actor as its evidence; None when the speaker came from context only.
    speaker_char_start: int | None = None
    speaker_char_end: int | None = None
    # When it was said: the dated event of its sentence, else the publication date.
    quote_date: dt.date | None = None
    date_precision: str | None = None  # day | month | year
    date_anchor: str | None = None  # event | publication
    event: Event | None = field(default=None, repr=False, compare=False)


@dataclass
class Extraction:
    """Everything the NLP stage found in one article."""

    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)


@dataclass
class SourceFailure:
    """A source that could not be read or parsed: goes to ``ingest_errors``."""

    source_uri: str
    stage: str
    error: str
