"""Quoted spans found on the text alone, with exact offsets.

Finding the spans needs no parse: the marks, the characters beside them and the
paragraph breaks say where a quotation opens and closes. Doing it on the raw
text keeps the offsets exact and lets an unbalanced mark be dropped by itself
instead of shifting every later pair (the failure that makes tools which pair
marks over the whole document give up on it).

Rules, in the order they matter:

* Curly marks are paired by type (“ with ”, „ with “ or ”, « with »); straight
  marks are told opening or closing by the characters beside them, and
  toggled where those say nothing.
* An opening mark that is never closed is dropped at the end of its paragraph,
  unless the next paragraph opens with a mark again: that is the convention
  for a quotation running over several paragraphs (opening mark repeated, one
  closing mark), and the paragraphs are joined into one span.
* Single marks are quotation marks only where the document's style uses them
  as its primary marks (more single-quoted than double-quoted spans); anywhere
  else ' and ’ are apostrophes or quotations nested inside a quotation.
* Block quotations have no marks: paragraphs prefixed with ``>``, and a
  paragraph introduced by one ending with a colon, are offered as candidates
  (``style="block"``) and so are "Name: words" lines (``style="label"``); the
  attribution step keeps only those it can attribute.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# Opening mark -> the closing marks that may end it.
_DOUBLE_CLOSERS = {"“": "”", "„": "“”", "«": "»", '"': '"', "”": "”"}
_SINGLE_CLOSERS = {"‘": "’", "‚": "‘’", "‹": "›", "'": "'"}
_DOUBLE_MARKS = set('"“”„«»')
_SINGLE_MARKS = set("'‘’‚‹›")
_OPENS_BEFORE = set(" \t\n([{—–-/\u00a0") | set('"“„«‘‚‹')
_CLOSES_AFTER = set(" \t\n)]}.,;:!?—–-/…\u00a0") | set('"”»’›')
_TRAILING = " \t\n,.;:!?…"
_CITATION_TAIL = re.compile(r"\s*\([^()]{0,80}\b(?:1[6-9]|20)\d\d[a-z]?(?:[,:;][^()]{0,30})?\)\s*$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LINE_BREAK = re.compile(r"\n")
_LABEL = re.compile(r"^([^\n:.!?\"“”]{2,90}):[ \t]+(?=\S)")
_LIST_ITEM = re.compile(r"^\s*(?:[-•*–]|\d+[.)]|[a-z][.)])\s")
_MAX_JOINED_PARAGRAPHS = 12


@dataclass
class QuoteSpan:
    """One quoted span: the words inside the marks, and where the marks are.

    ``start``/``end`` cover the quoted words (marks, edge spaces and trailing
    punctuation excluded); ``text`` is those words with the repeated opening
    marks of a multi-paragraph quotation removed. ``open_at``/``close_at`` are
    the offsets of the marks themselves (None for block and label candidates).
    """

    start: int
    end: int
    text: str
    style: str = "double"  # double | single | block | label
    open_at: int | None = None
    close_at: int | None = None
    inner_marks: list[int] = field(default_factory=list)  # repeated opening marks inside the span

    @property
    def outer_start(self) -> int:
        return self.open_at if self.open_at is not None else self.start

    @property
    def outer_end(self) -> int:
        return self.close_at + 1 if self.close_at is not None else self.end


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted span of ``text``, in reading order, with exact offsets."""
    paragraphs = paragraph_ranges(text)
    doubles = _paired(text, paragraphs, _DOUBLE_MARKS, _DOUBLE_CLOSERS, join_paragraphs=True)
    spans = [_span(text, o, c, inner, "double") for o, c, inner in doubles]
    singles = [
        _span(text, o, c, inner, "single")
        for o, c, inner in _paired(text, paragraphs, _SINGLE_MARKS, _SINGLE_CLOSERS, join_paragraphs=False)
        if not any(d.outer_start < o < d.outer_end for d in spans)
    ]
    if len(singles) > len(spans):  # the style quotes with single marks
        spans.extend(singles)
    marked = [(s.outer_start, s.outer_end) for s in spans]
    spans.extend(_blocks(text, paragraphs, marked))
    spans = [s for s in spans if s.end > s.start]
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """Blank-line paragraphs; a text with no blank line at all breaks at every line."""
    breaks = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(text) else _LINE_BREAK
    out, start = [], 0
    for m in breaks.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


# ---------------------------------------------------------------- pairing marks


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPENS_BEFORE and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after in _CLOSES_AFTER or not after.isalnum())


def _roles(text: str, i: int) -> tuple[bool, bool]:
    """(may open, may close) for the mark at ``i``, from its shape and its neighbours."""
    mark = text[i]
    if mark in "“„«‘‚‹":
        # “ closes „ in German style; ‘ closes ‚ likewise.
        return True, mark in "“‘" and _can_close(text, i) and not _can_open(text, i)
    if mark in "”»’›":
        if mark == "’":  # an apostrophe inside or at the end of a word is no mark
            after = text[i + 1] if i + 1 < len(text) else " "
            if after.isalnum():
                return False, False
        return mark == "”" and _can_open(text, i) and not _can_close(text, i), True
    # Straight marks: only the neighbours tell.
    may_open, may_close = _can_open(text, i), _can_close(text, i)
    if mark == "'":
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if before.isalnum() and after.isalnum():
            return False, False  # don't, Türkiye's
        if not after.isalpha():
            may_open = False  # '90s
    if not may_open and not may_close:
        return True, True  # floating mark: the toggle decides
    return may_open, may_close


def _paired(
    text: str,
    paragraphs: list[tuple[int, int]],
    family: set[str],
    closers: dict[str, str],
    join_paragraphs: bool,
) -> list[tuple[int, int, list[int]]]:
    """(open, close, repeated opening marks) for every pair of marks of one family."""
    marks = [[i for i in range(a, b) if text[i] in family] for a, b in paragraphs]
    pairs: list[tuple[int, int, list[int]]] = []
    p = 0
    while p < len(paragraphs):
        found, pending = _pair_in(text, marks[p], closers)
        pairs.extend((o, c, []) for o, c in found)
        p += 1
        while pending is not None and join_paragraphs:
            run = _run_over_paragraphs(text, paragraphs, marks, p, pending, closers)
            if run is None:
                break  # the opening mark was stray: it costs itself only
            joined, p, pending = run
            pairs.extend(joined)
    return pairs


def _pair_in(
    text: str, marks: list[int], closers: dict[str, str], pending: int | None = None
) -> tuple[list[tuple[int, int]], int | None]:
    """Greedy left-to-right pairing inside one paragraph.

    The same opening mark met again while a quotation is open means the open
    one was stray: it is abandoned and the new one opens instead, so a stray
    mark costs itself and nothing after it.
    """
    pairs = []
    for i in marks:
        may_open, may_close = _roles(text, i)
        if (
            pending is not None
            and may_close
            and (text[i] in closers.get(text[pending], "") or _mixed_close(text, pending, i, may_open))
        ):
            pairs.append((pending, i))
            pending = None
        elif may_open and text[i] in closers and (pending is None or text[i] == text[pending]):
            pending = i
    return pairs, pending


def _mixed_close(text: str, open_at: int, i: int, may_open: bool) -> bool:
    """A straight mark closing a curly one, or the reverse ('“... publicity," said ...'): scraped
    news mixes the two when a quotation was edited by hand. Only a mark that cannot open (a word
    or punctuation before it, a space after) closes across styles."""
    pair = {text[open_at], text[i]}
    return not may_open and pair in ({"“", '"'}, {'"', "”"})


def _run_over_paragraphs(text, paragraphs, marks, p, pending, closers):
    """Follow a quotation left open at the end of a paragraph into the next ones.

    Each following paragraph must open with a mark again (the convention for a
    quotation of several paragraphs) until one closes it. Returns (pairs found,
    index of the next paragraph, a quotation left open at its end), or None
    when the run is broken: then the first opening mark was stray and the
    following paragraphs are paired afresh.
    """
    inner: list[int] = []
    for q in range(p, min(len(paragraphs), p + _MAX_JOINED_PARAGRAPHS)):
        ms = marks[q]
        if not ms or text[paragraphs[q][0] : ms[0]].strip() or not _roles(text, ms[0])[0]:
            return None
        inner.append(ms[0])
        found, still = _pair_in(text, ms[1:], closers, pending=pending)
        if found and found[0][0] == pending:
            first = (pending, found[0][1], inner)
            return [first, *((o, c, []) for o, c in found[1:])], q + 1, still
        if found or still != pending:
            return None
    return None


def _span(text: str, open_at: int, close_at: int, inner: list[int], style: str) -> QuoteSpan:
    start, end = _trim(text, open_at + 1, close_at)
    words = text[start:end]
    for mark in sorted(inner, reverse=True):  # drop the repeated opening marks from the words
        if start <= mark < end:
            words = words[: mark - start] + words[mark - start + 1 :]
    return QuoteSpan(start, end, words, style, open_at, close_at, list(inner))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Words only: no edge spaces, no trailing punctuation, no trailing in-text citation."""
    while start < end and text[start].isspace():
        start += 1
    while True:
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        citation = _CITATION_TAIL.search(text, start, end)
        if citation is None or citation.start() == start:
            return start, end
        end = citation.start()


# ---------------------------------------------------------------- quotations without marks


def _blocks(text: str, paragraphs: list[tuple[int, int]], marked: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Candidate block quotations and "Name: words" lines; attribution decides which stand."""

    # Binary searches over the sorted ends: a scan of every quotation per
    # paragraph made long documents quadratic (a 320-page report: 5 million tests).
    opens, closes = sorted(o for o, _ in marked), sorted(c for _, c in marked)

    def has_marks(a: int, b: int) -> bool:
        """A quotation opens in [a, b) or closes in (a, b]."""
        i = bisect.bisect_left(opens, a)
        if i < len(opens) and opens[i] < b:
            return True
        j = bisect.bisect_right(closes, a)
        return j < len(closes) and closes[j] <= b

    out: list[QuoteSpan] = []
    for k, (a, b) in enumerate(paragraphs):
        para = text[a:b]
        if para.lstrip().startswith(">"):
            out.append(_prefixed_block(text, a, b))
            continue
        if has_marks(a, b) or _LIST_ITEM.match(para):
            continue
        if (
            k > 0
            and text[paragraphs[k - 1][0] : paragraphs[k - 1][1]].rstrip().endswith(":")
            and _is_prose(para)
        ):
            start, end = _trim(text, a, b)
            out.append(QuoteSpan(start, end, text[start:end], "block"))
            continue
        label = _LABEL.match(para)
        if label and _is_prose(para[label.end() :]):
            start, end = _trim(text, a + label.end(), b)
            end = _without_credit(text, start, end)
            out.append(QuoteSpan(start, end, text[start:end], "label"))
    return out


def _prefixed_block(text: str, a: int, b: int) -> QuoteSpan:
    """A paragraph of '> ' lines: the words without the prefixes."""
    lines = text[a:b].split("\n")
    first = lines[0]
    start = a + len(first) - len(first.lstrip().lstrip(">").lstrip())
    start, end = _trim(text, start, b)
    words = "\n".join(line.lstrip().lstrip(">").lstrip() for line in text[start:end].split("\n"))
    return QuoteSpan(start, end, words, "block")


def _is_prose(s: str) -> bool:
    """A sentence or more, not a heading, a list or a caption fragment."""
    return len(s.split()) >= 6 and s.rstrip()[-1:] in ".!?)" and not s.strip().startswith(("(", "["))


_CREDIT_TAIL = re.compile(r"\s*\((?:Photo|Image|Source|Credit)s?\b[^()]*\)\s*\.?\s*$", re.I)


def _without_credit(text: str, start: int, end: int) -> int:
    """A caption's trailing '(Photo: ...)' credit is not part of what was said."""
    m = _CREDIT_TAIL.search(text, start, end + 1 if end < len(text) else end)
    if m is None:
        return end
    end = m.start()
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end
