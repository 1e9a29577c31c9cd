"""Temporal expressions: find them, normalise them, anchor the relative ones.

Analyses look back over decades, so the publication date is the wrong anchor
for most relative dates. "That year" and "the following year" take the last
explicitly dated reference before them in the same paragraph (or the one
before); only deictic words ("this year", "last year") use the publication
date, and with neither anchor there is no date at all.

Years in citations "(Tao, 2016)", retrieval lines and plan horizons ("Vision
2040", "through 2030") are recognised so that they are *not* taken as event dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

VERSION = "timex-0.1"

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_YEAR = r"(?P<year>1[6-9]\d\d|20\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_NUMBER_WORDS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}

# Order matters: longer, more precise forms first; a span is taken once.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b")),
    ("numeric", re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_of_that_year", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?(?P<rel>that|the\s+same|the\s+following|the\s+next|the\s+previous)\s+year\b", re.I)),
    ("my", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b")),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<q>early|mid|late)?[-\s]?(?P<decade>1[6-9]\d0|20\d0)s\b", re.I)),
    ("year", re.compile(rf"(?<![\d.,/-]){_YEAR}(?![\d/]|-\d|\.\d)")),
    ("rel_year", re.compile(r"\b(?P<rel>that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding)\s+year\b", re.I)),
    ("rel_month", re.compile(r"\b(?P<rel>that|the\s+same|the\s+following|the\s+next)\s+month\b", re.I)),
    ("years_later", re.compile(r"\b(?P<n>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r"|a)\s+years?\s+(?P<dir>later|earlier|afterwards|before)\b", re.I)),
    ("deictic_year", re.compile(r"\b(?P<rel>this|last|next)\s+year\b", re.I)),
]

# Contexts that make a year something other than an event date.
_CITATION = re.compile(r"\([^()]{0,80}?\b(?:19|20)\d\d[a-z]?(?:[,:;][^()]{0,40})?\)")
_CITATION_AUTHOR = re.compile(r"[A-Z][\w'’-]+(?:\s+(?:et\s+al\.|and|&)\s*[A-Z]?[\w'’-]*)?,\s*$")
_HORIZON_BEFORE = re.compile(r"(?:\b(?:Vision|Agenda|Strategy|Plan|Program(?:me)?|through|until|till|to|by|horizon)\s*(?:for\s+)?(?:\d{4}\s*[-–]\s*)?)$", re.I)
_RETRIEVED = re.compile(r"\b(?:Retrieved|Accessed|Received|Accepted|Published online)\b[^.\n]{0,30}$", re.I)
_CREDIT = re.compile(r"\b(?:Photo|Image|Source|Credit)s?\s*:[^()]{0,60}$", re.I)


@dataclass
class Timex:
    char_start: int
    char_end: int
    text: str
    value: dt.date | None  # first day of the period; None when it could not be anchored
    precision: str | None  # day | month | year | decade
    anchor: str  # explicit | narrative | publication | none
    qualifier: str | None = None  # early | mid | late, for decades
    role: str = "date"  # date | citation | horizon | retrieval | credit

    @property
    def is_event_date(self) -> bool:
        return self.role == "date" and self.value is not None


def find_timexes(text: str, paragraphs: list[tuple[int, int]] | None = None,
                 published: dt.date | None = None) -> list[Timex]:
    """Every temporal expression in ``text``, in order, anchored where possible."""
    found = _match_all(text)
    for t in found:
        t.role = _role(text, t)
    _anchor(found, paragraphs or [(0, len(text))], published)
    return found


def _match_all(text: str) -> list[Timex]:
    taken: list[tuple[int, int]] = []
    out: list[Timex] = []
    for name, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            timex = _normalise(name, m)
            if timex is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(timex)
    out.sort(key=lambda t: t.char_start)
    return out


def _normalise(name: str, m: re.Match) -> Timex | None:
    g = m.groupdict()
    span = (m.start(), m.end(), m.group(0))
    try:
        if name in ("mdy", "dmy"):
            return Timex(*span, dt.date(int(g["year"]), MONTHS[g["month"].lower()[:3]], int(g["day"])), "day", "explicit")
        if name in ("numeric", "iso"):
            return Timex(*span, dt.date(int(g["year"]), int(g["mnum"]), int(g["day"])), "day", "explicit")
        if name == "my":
            return Timex(*span, dt.date(int(g["year"]), MONTHS[g["month"].lower()[:3]], 1), "month", "explicit")
        if name == "decade":
            return Timex(*span, dt.date(int(g["decade"]), 1, 1), "decade", "explicit", qualifier=(g["q"] or None))
        if name == "year":
            return Timex(*span, dt.date(int(g["year"]), 1, 1), "year", "explicit")
    except ValueError:  # 31 February and the like: not a date
        return None
    # Relative forms: value filled in by _anchor.
    t = Timex(*span, None, None, "none")
    t.qualifier = name
    if name == "month_of_that_year":
        t.precision = "month"
    return t


def _role(text: str, t: Timex) -> str:
    """Why a year is not an event date, if it is not."""
    before = text[max(0, t.char_start - 60):t.char_start]
    for m in _CITATION.finditer(text, max(0, t.char_start - 90), min(len(text), t.char_end + 50)):
        if m.start() <= t.char_start and t.char_end <= m.end():
            inner_before = text[m.start() + 1:t.char_start]
            if _CITATION_AUTHOR.search(inner_before) or re.search(r"\bp\.|\bpp\.", text[t.char_end:m.end()]):
                return "citation"
    if t.precision == "year" and re.search(r"[A-Z][\w'’-]+(?:\s+et\s+al\.)?\s*\($", before) and text[t.char_end:t.char_end + 1] in (")", "a", "b"):
        return "citation"  # Author (2016)
    if _HORIZON_BEFORE.search(before):
        return "horizon"
    if _RETRIEVED.search(before):
        return "retrieval"
    if _CREDIT.search(before):
        return "credit"
    return "date"


def _anchor(found: list[Timex], paragraphs: list[tuple[int, int]], published: dt.date | None) -> None:
    """Fill in relative expressions from the narrative (or, for deictic words, the publication date)."""
    def paragraph_of(offset: int) -> int:
        for i, (s, e) in enumerate(paragraphs):
            if s <= offset < e:
                return i
        return len(paragraphs)

    last_explicit: Timex | None = None
    for t in found:
        if t.value is not None and t.anchor == "explicit":
            if t.role == "date" and t.precision != "decade":
                last_explicit = t
            continue
        kind = t.qualifier
        if kind == "deictic_year":
            if published is not None:
                shift = {"this": 0, "last": -1, "next": 1}[t.text.split()[0].lower()]
                t.value, t.precision, t.anchor = dt.date(published.year + shift, 1, 1), "year", "publication"
            continue
        if last_explicit is None or paragraph_of(last_explicit.char_start) < paragraph_of(t.char_start) - 1:
            continue  # no anchor in this paragraph or the one before: leave undated
        base = last_explicit.value
        rel = t.text.lower()
        if kind in ("rel_year", "month_of_that_year"):
            shift = 1 if ("following" in rel or "next" in rel) else -1 if ("previous" in rel or "preceding" in rel) else 0
            year = base.year + shift
            if kind == "month_of_that_year":
                month = MONTHS[rel.split()[0][:3]]
                t.value, t.precision = dt.date(year, month, 1), "month"
            else:
                t.value, t.precision = dt.date(year, 1, 1), "year"
        elif kind == "rel_month":
            if last_explicit.precision not in ("month", "day"):
                continue
            shift = 0 if ("that" in rel or "same" in rel) else 1
            month = base.month + shift
            t.value = dt.date(base.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
            t.precision = "month"
        elif kind == "years_later":
            m = re.match(r"(\S+)\s+years?\s+(\S+)", rel)
            n = 1 if m.group(1) == "a" else int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1)]
            sign = 1 if m.group(2) in ("later", "afterwards") else -1
            t.value, t.precision = dt.date(base.year + sign * n, 1, 1), "year"
        t.anchor = "narrative"
