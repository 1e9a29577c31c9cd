"""What the pipeline reports, in the shape the evaluation scores (shared/gold/FORMAT.md).

Plain records, below both the warehouse (which reads its rows into them,
``warehouse.eval_inputs``) and the evaluation (which scores them), so neither
has to import the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PredItem:
    """One extracted article (a row of ``documents``); dates are ISO strings at their precision."""

    file: str
    author: str | None = None
    body: str | None = None
    category: str | None = None
    published: str | None = None
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    received: str | None = None
    accepted: str | None = None
    abstract: str | None = None


@dataclass
class PredQuote:
    """One reported quoted span; ``is_term`` when the pipeline itself calls it a term."""

    file: str
    text: str
    speaker: str | None = None
    is_term: bool = False


@dataclass
class PredEvent:
    """One reported event: ISO date at the precision found, actor names as reported."""

    file: str
    date: str | None
    actors: list[str] = field(default_factory=list)


@dataclass
class PredActor:
    """One actor the pipeline reports for a file."""

    file: str
    name: str
    kind: str | None = None


@dataclass
class Predictions:
    """Everything the pipeline reports, in its own order (order decides 'the first one')."""

    items: list[PredItem] = field(default_factory=list)
    quotes: list[PredQuote] = field(default_factory=list)
    events: list[PredEvent] = field(default_factory=list)
    actors: list[PredActor] = field(default_factory=list)
