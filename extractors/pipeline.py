"""Run every NLP extractor on one parse of one article.

The order is fixed by what each step needs: actors first (events and quotes
refer to them), then dates (events need them), then events and quotes.
"""

from __future__ import annotations

from spacy.tokens import Doc

from core.records import Article, Extraction
from extractors import actors, events, nlp, quotes, timex


def versions() -> dict[str, str]:
    """The version of every NLP extractor, recorded with the rows they produce."""
    return {
        "actors": actors.VERSION,
        "timex": timex.VERSION,
        "events": events.VERSION,
        "quotes": quotes.VERSION,
    }


def analyse(article: Article, doc: Doc) -> Extraction:
    found_actors, mentions = actors.extract_actors(doc)
    timexes = timex.find_timexes(
        doc, nlp.paragraph_spans(nlp.doc_text(doc)), article.published, article.published_precision or "day"
    )
    found_events = events.extract_events(
        doc, timexes, mentions, article.published, article.published_precision
    )
    return Extraction(
        actors=found_actors,
        mentions=mentions,
        events=found_events,
        quotes=quotes.extract_quotes(
            doc, mentions, found_events, article.published, article.published_precision
        ),
        versions=versions(),
    )
