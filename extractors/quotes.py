"""Quotations: quoted spans, their cue and speaker, and quotations told from terms.

Spans are found on the raw text so that an unbalanced mark can only cost its own
paragraph. The speaker comes from the dependency parse around a reporting verb
in the same sentence ("X said", "according to X"); a pronoun speaker takes the
nearest person named before it. A short quoted span with no cue is a term
(a title, a name, a scare quote), kept but told apart by ``kind``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dossier.records import Mention, Quote

VERSION = "quotes-0.1"

CUE_LEMMAS = {
    "say", "state", "stress", "tell", "note", "add", "declare", "announce", "emphasize", "emphasise",
    "underline", "underscore", "call", "describe", "refer", "pledge", "promise", "warn", "argue",
    "claim", "write", "insist", "explain", "condemn", "praise", "express", "affirm", "reaffirm",
    "highlight", "acknowledge", "urge", "vow", "remark", "observe", "comment", "conclude", "recall",
    "suggest", "predict", "describe", "announce", "welcome", "term", "label", "dub", "put", "hail",
    "characterize", "characterise", "proclaim", "assert", "confirm", "mention", "read", "aim", "seek",
}
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“"}
_TRAILING = " \t\n,.;:!?"


@dataclass
class _Span:
    start: int  # offsets of the words inside the marks
    end: int


def find_quote_spans(text: str) -> list[_Span]:
    """Quoted spans, curly marks paired by type and straight marks toggled per paragraph."""
    spans: list[_Span] = []
    for para_start, para in _paragraphs(text):
        spans.extend(_curly(para, para_start))
        spans.extend(_straight(para, para_start))
    spans.sort(key=lambda s: s.start)
    return [s for s in spans if s.end > s.start]


def _paragraphs(text: str):
    start = 0
    for m in re.finditer(r"\n", text):
        yield start, text[start:m.start()]
        start = m.end()
    yield start, text[start:]


def _curly(para: str, offset: int) -> list[_Span]:
    out, i = [], 0
    while True:
        opens = [(para.find(o, i), o) for o in _OPEN_CLOSE]
        opens = [(pos, o) for pos, o in opens if pos >= 0]
        if not opens:
            return out
        pos, mark = min(opens)
        close = para.find(_OPEN_CLOSE[mark], pos + 1)
        if close < 0:
            return out  # unbalanced: the rest of this paragraph only
        out.append(_trimmed(para, pos + 1, close, offset))
        i = close + 1


def _straight(para: str, offset: int) -> list[_Span]:
    marks = [m.start() for m in re.finditer('"', para)]
    return [_trimmed(para, a + 1, b, offset) for a, b in zip(marks[0::2], marks[1::2])]


def _trimmed(para: str, start: int, end: int, offset: int) -> _Span:
    while end > start and para[end - 1] in _TRAILING:
        end -= 1
    while start < end and para[start] in " \t":
        start += 1
    return _Span(offset + start, offset + end)


def extract_quotes(doc: Doc, mentions: list[Mention]) -> list[Quote]:
    out = []
    for span in find_quote_spans(doc.text):
        out.append(_quote(doc, span, mentions))
    return out


def _quote(doc: Doc, span: _Span, mentions: list[Mention]) -> Quote:
    text = doc.text[span.start:span.end]
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    sent = tokens.sent if tokens is not None else None
    cue, speaker_token = (None, None)
    if sent is not None:
        cue, speaker_token = _cue_and_speaker(doc, sent, span)
    speaker_key = speaker_text = None
    if speaker_token is not None:
        speaker_key, speaker_text = _resolve_speaker(doc, speaker_token, mentions)
    words = len(text.split())
    if cue is not None:
        kind = "quote"
    else:
        kind = "quote" if words >= 8 else "term"
    if kind == "term":
        speaker_key = speaker_text = None
    return Quote(quote_text=text, kind=kind, char_start=span.start, char_end=span.end,
                 sentence=sent.text if sent is not None else text, speaker_key=speaker_key,
                 speaker_text=speaker_text, cue=cue.text if cue is not None else None)


def _cue_and_speaker(doc: Doc, sent, span: _Span) -> tuple[Token | None, Token | None]:
    """The reporting verb nearest the quote outside it, and the token naming who spoke."""
    outside = [t for t in sent if not (span.start <= t.idx < span.end)]
    for t in outside:  # "according to X"
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            objects = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            return doc[t.i + 1], (objects[0] if objects else None)
    cues = [t for t in outside if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in CUE_LEMMAS
            and not _is_so_called(doc, t)]
    if not cues:
        return None, None
    cue = min(cues, key=lambda t: min(abs(t.idx - span.start), abs(t.idx - span.end)))
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and subjects[0].dep_ == "nsubjpass":
        agents = [c for c in cue.children if c.dep_ == "agent"]
        objects = [g for a in agents for g in a.children if g.dep_ == "pobj"]
        return cue, (objects[0] if objects else None)
    if not subjects and cue.dep_ in ("relcl", "acl"):
        return cue, cue.head  # "Aliyev, who said ..."
    if not subjects and cue.dep_ == "conj":
        subjects = [c for c in cue.head.children if c.dep_ == "nsubj"]
    return cue, (subjects[0] if subjects else None)


def _is_so_called(doc: Doc, token: Token) -> bool:
    """'so-called' marks a term, not a report of speech."""
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "so"


def _resolve_speaker(doc: Doc, token: Token, mentions: list[Mention]) -> tuple[str | None, str | None]:
    """Map the speaker token to an actor mention; pronouns take the nearest earlier person."""
    for m in mentions:
        if m.char_start <= token.idx < m.char_end:
            return m.actor_key, m.surface
    # The subject may be a phrase whose head is not itself a name ("the ministry of X").
    subtree = list(token.subtree)
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
    inside = [m for m in mentions if start <= m.char_start and m.char_end <= end]
    if token.lower_ in _PRONOUNS:
        people = [m for m in mentions if m.char_end <= token.idx and m.actor_key.startswith("person:")]
        if token.lower_ in ("he", "she") and people:
            return people[-1].actor_key, people[-1].surface
        return None, None
    if inside:
        return inside[0].actor_key, doc.text[start:end]
    return None, doc.text[start:end] if end - start < 120 else token.text
