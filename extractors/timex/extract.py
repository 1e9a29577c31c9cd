"""Temporal expressions: find them, normalise them, anchor the relative ones.

Analyses look back over decades, so the publication date is the wrong anchor
for most relative dates. Anaphoric words ("that year", "the following year",
"twelve years later", "the same month") take the last explicitly dated
reference before them in the same paragraph or section; only deictic words
("this year", "last week", "yesterday", "now") use the time of writing, which
is the publication date, or the year of the source when the words are inside a
quotation cited to a dated source. With neither anchor there is no date at all.
Each expression records how it was anchored, and on what.

Years in citations "(Tao, 2016)", retrieval lines, photo credits and plan
horizons ("Vision 2040", "through 2030") are recognised and given a role, so
that they are *not* taken as event dates.

The words themselves are read by :mod:`extractors.timex.grammar`; spaCy's
parse, when given, decides the tense that picks "Friday" or "August" before
or after the publication date, and vetoes bare numbers that its entity
recogniser calls money or a quantity.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from extractors import nlp
from extractors.timex.grammar import Reading, scan

VERSION = "timex-0.12"

# Event dates: as precise as the text. A season, quarter or half is its own period (its first
# day, precision 'season' / 'quarter' / 'half'); 'hour' is a day with a clock time (Timex.time).
EVENT_PRECISIONS = ("hour", "day", "week", "month", "quarter", "season", "half", "year")

_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_SEASON_NAME = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_PRECISION_RANK = {
    "century": 0,
    "decade": 1,
    "year": 2,
    "half": 3,
    "season": 3,
    "quarter": 3,
    "month": 4,
    "week": 5,
    "day": 6,
    "hour": 7,
}


@dataclass
class Timex:
    """One temporal expression, normalised.

    ``value`` is the first day of the period and ``precision`` its size (day,
    week, month, year, decade, century); seasons, quarters and "early/late"
    are kept in ``qualifier`` on a year or month. ``timeml`` is the TIMEX3
    value (``2013-W11``, ``P3Y``, ``PRESENT_REF``) for comparison with TimeML
    annotations.
    """

    char_start: int
    char_end: int
    text: str
    value: dt.date | None  # first day of the period; None when it could not be anchored
    precision: str | None
    anchor: str  # explicit | narrative | publication | quotation | none
    qualifier: str | None = None  # early | mid | late | start | end | spring ... | Q1 ...
    role: str = "date"  # date | citation | credit | horizon | retrieval | metadata | biography | heading
    #                     | dateline | period | duration | set
    type: str = "DATE"  # TimeML: DATE | TIME | DURATION | SET
    timeml: str | None = None
    anchor_start: int | None = None  # offset of the expression a narrative date was counted from
    time: str | None = None  # clock time ("16:15") or part of day ("MO", "NI") said with the date
    zone: str | None = None  # time zone written with the clock time ("UTC")

    @property
    def is_event_date(self) -> bool:
        """Can date an event: a calendar date at day, month or year precision, not a citation."""
        return self.role == "date" and self.value is not None and self.precision in EVENT_PRECISIONS


def find_timexes(
    source: str | Doc,
    paragraphs: list[tuple[int, int]] | None = None,
    published: dt.date | None = None,
    published_precision: str | None = "day",
) -> list[Timex]:
    """Every temporal expression in ``source`` (a text, or its spaCy parse), in order, anchored where possible."""
    doc = source if isinstance(source, Doc) else None
    text = nlp.doc_text(doc) if doc is not None else source
    readings = [r for r in scan(text) if not _vetoed(r, text, doc)]
    paragraphs = paragraphs or [(0, len(text))]
    context = _Context(text, paragraphs, published, published_precision or "day", doc)
    context.historical = _is_history([r.year for r in readings if r.ref is None and r.year], published)
    found: list[Timex] = []
    for r in readings:
        t = context.resolve(r)
        if t is not None:
            found.append(t)
    _join_clock_and_day(found, text)
    return found


_CLOCK_DAY_GAP = re.compile(r"^\s*(?:,|on|of)?\s*(?:,\s*)?$|^\s*,?\s*at\s*$")


def _join_clock_and_day(found: list[Timex], text: str) -> None:
    """'16:15 UTC, June 1st' and 'on June 1 at 4pm' are one moment: the day takes the clock time and the
    clock the day (alone, a clock is read on the day of writing)."""
    for a, b in zip(found, found[1:]):
        if not _CLOCK_DAY_GAP.match(text[a.char_end : b.char_start]):
            continue
        clock, day = (a, b) if a.precision == "hour" else (b, a)
        if clock.precision != "hour" or day.precision != "day" or day.value is None:
            continue
        day.time, day.zone, day.precision = clock.time, clock.zone, "hour"
        clock.value, clock.anchor, clock.anchor_start = day.value, day.anchor, day.anchor_start


def _is_history(years: list[int], published: dt.date | None) -> bool:
    """Do most of the years the text writes out lie over two years before publication (or is there none)?"""
    if published is None:
        return True
    if len(years) < 5:
        return False  # a news story naming 2009 and 2010 once each is still told from its own day
    return sorted(years)[len(years) // 2] < published.year - 2


# --------------------------------------------------------------------------- what a year is for
_EVENT_NOUN_BEFORE = re.compile(
    r"\b(?:war|revolution|crisis|coup|conflict|invasion|uprising|revolt|rebellion|independence|collapse|"
    r"dissolution|agreement|treaty|accord|pact|declaration|summit|conference|election|elections|referendum|"
    r"protocol|charter|convention|massacre|famine|earthquake|attack|attacks|occupation|annexation|partition|"
    r"reform|reforms|era|period|congress|meeting|talks|process|deal|ceasefire|truce|spring|olympics|games|"
    r"cup|expo|crash|recession|default|agreements|treaties)\s*$",
    re.I,
)
_AUTHORISH = re.compile(
    r"(?:^|[;(]\s*|\bsee\s+|\bcf\.\s+|\be\.g\.,?\s+)"
    r"(?:[A-Z][\w'’.-]*|van|von|de|al-|el-|and|&|et\s+al\.?|[\s,])+[,\s]\s*$"
)
_AFTER_CITED_YEAR = re.compile(r"^[a-z]?\s*(?:[:,]\s*(?:p{1,2}\.\s*)?\d+(?:[-–]\d+)?)?\s*(?:[;)]|,\s*[A-Z])")
_CREDIT = re.compile(
    r"\b(?:Photo|Photograph|Image|Figure|Fig\.|Map|Source|Credit|Picture|Graphic|Chart)s?\s*:", re.I
)
_HORIZON_NAME_BEFORE = re.compile(
    r"\b(?:Vision|Agenda|Strategy|Plan|Programme|Program|Concept|Goals?|Horizon|Roadmap|Road\s+Map|Targets?|"
    r"Outlook|Framework|Doctrine|Initiative|Perspective)s?\s+(?:for\s+|until\s+|to\s+|through\s+)?(?:the\s+(?:years?|period)\s+)?$",
    re.I,
)
_HORIZON_WORD_BEFORE = re.compile(
    r"\b(?:through|thru|until|till|by|up\s+to|no\s+later\s+than|horizon\s+of|target\s+year)\s+(?:the\s+(?:end\s+of\s+)?)?(?:year\s+)?$",
    re.I,
)
_HORIZON_NAME_AFTER = re.compile(
    r"^\s*(?:Vision|Agenda|Strategy|Plan|Programme|Program|Goals?|targets?|Roadmap|horizon|Development\s+Strategy|Concept)\b",
    re.I,
)
_RETRIEVED = re.compile(
    r"\b(?:Retrieved|Accessed|Last\s+accessed|Downloaded|Viewed|Consulted)\b(?:\s+(?:on|from))?[^.\n]{0,40}$",
    re.I,
)
_MANUSCRIPT = re.compile(
    r"\b(?:Received|Accepted|Revised|Submitted|Published\s+online|First\s+published|Available\s+online)\b\s*(?:on\s*)?:?\s*$",
    re.I,
)
_BIO_START = re.compile(
    r"^\s*(?:AUTHOR['’]?S?\s+BIO|About\s+the\s+authors?|Author\s+biograph|Notes\s+on\s+contributors?|Biographical\s+note)",
    re.I,
)


_BY_BEFORE = re.compile(r"\b[Bb]y\s+(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?$")
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’-]{2,40}(?:\([^)]*\))?\s*[,–—-]\s*$")
_RANGE_BEFORE = re.compile(r"\b(?:between|from)\s+(?:the\s+)?[^,;.()]{0,30}$", re.I)
_RANGE_AFTER = re.compile(
    r"^\s*(?:and|to|until|till|through)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?:[A-Z][a-z]+\s+)?(?:\d{1,2}\s+)?(?:1[5-9]|20)\d\d\b"
)
_RANGE_END_BEFORE = re.compile(
    r"\b(?:between|from)\s+[^,;.()]{0,30}?\b(?:1[5-9]|20)\d\d\s+(?:and|to|until|till|through)\s+(?:[A-Z][a-z]+\s+)?(?:\d{1,2}\s+)?$",
    re.I,
)
_SOURCE_NOTE = re.compile(
    r"\(\s*(?:author['’]s\s+)?(?:interview|personal\s+communication|conversation|field\s*notes|correspondence|e-?mail)\b[^()]*$",
    re.I,
)


def _role(text: str, t: Timex, paragraph: tuple[int, int], heading: bool) -> str:
    """Why an expression is not an event date, if it is not."""
    if t.type == "DURATION":
        return "duration"
    if t.type == "SET":
        return "set"
    paragraph_start = paragraph[0]
    if _BIO_START.match(text[paragraph_start : paragraph_start + 60]):
        return "biography"
    if heading:
        return "heading"  # "3. The first years of the commission (2019–2021)"
    if _DATELINE.match(text[max(paragraph_start, text.rfind("\n", 0, t.char_start) + 1) : t.char_start]):
        return "dateline"  # "ASTANA, 3 October 2024": when the report was filed
    if _SOURCE_NOTE.search(text[max(paragraph_start, t.char_start - 120) : t.char_start]):
        return "citation"  # "(interview, Astana, May 2023)"

    line_start = text.rfind("\n", 0, t.char_start) + 1
    before_line = text[line_start : t.char_start]
    if _RETRIEVED.search(before_line):
        return "retrieval"
    if _MANUSCRIPT.search(before_line):
        return "metadata"
    group = _enclosing_parentheses(text, t.char_start, t.char_end)
    if group is not None:
        inner_before = text[group[0] + 1 : t.char_start]
        if _CREDIT.search(inner_before):
            return "credit"
        if t.precision in ("year", None) and _is_cited_year(text, group, t):
            return "citation"
    if t.precision == "year" and _named_before_parenthesis(text, t):
        return "citation"
    before = text[max(0, t.char_start - 60) : t.char_start]
    before = re.sub(
        r"(?:1[5-9]|20)\d\d\s?[-–]\s?$", "", before
    )  # the second year of a range looks past the first
    if _HORIZON_NAME_BEFORE.search(before) or _HORIZON_NAME_AFTER.match(text[t.char_end : t.char_end + 40]):
        return "horizon"
    if t.precision in ("year", "decade") and _HORIZON_WORD_BEFORE.search(before):
        return "horizon"
    if t.precision in ("day", "month", "year") and _is_range_end(text, t):
        return "period"  # "between 2019 and 2024", "2021-2023": a span of time, not a dated act
    return "date"


def _is_range_end(text: str, t: Timex) -> bool:
    before = text[max(0, t.char_start - 60) : t.char_start]
    after = text[t.char_end : t.char_end + 40]
    if _RANGE_BEFORE.search(before) and _RANGE_AFTER.match(after):
        return True
    if _RANGE_END_BEFORE.search(before):
        return True
    if t.precision == "year" and (
        re.match(r"^\s?[-–]\s?(?:19|20)?\d\d\b", after) or re.search(r"\b(?:19|20)\d\d\s?[-–]\s?$", before)
    ):
        return not re.search(
            r"\bof\s+$", before.rstrip("0123456789-– ") + " "
        )  # "the pandemic of 2009-2010" is dated
    return False


def _enclosing_parentheses(text: str, start: int, end: int) -> tuple[int, int] | None:
    open_at = text.rfind("(", max(0, start - 300), start)
    if open_at < 0 or ")" in text[open_at:start]:
        return None
    close_at = text.find(")", end, end + 300)
    if close_at < 0 or "(" in text[end:close_at]:
        return None
    return open_at, close_at


def _is_cited_year(text: str, group: tuple[int, int], t: Timex) -> bool:
    """'(Tao, 2016)', '(Kürkçüoğlu, 1980; Göl, 2012)', '(Smith 2019: 45)', '(see Cai & Yi, 2020)'."""
    segment_start = max(group[0] + 1, text.rfind(";", group[0], t.char_start) + 1)
    before = text[segment_start : t.char_start]
    after = text[t.char_end : group[1] + 1]
    if not before.strip():
        return False  # '(1917)': a year alone; _named_before_parenthesis decides
    return bool(_AUTHORISH.search("(" + before)) and bool(_AFTER_CITED_YEAR.match(after))


def _named_before_parenthesis(text: str, t: Timex) -> bool:
    """'Smith (2019) argues' is a citation; 'the October Revolution (1917)' is a date."""
    if text[t.char_start - 1 : t.char_start] != "(" or not re.match(
        r"[a-z]?\)", text[t.char_end : t.char_end + 2]
    ):
        return False
    before = text[max(0, t.char_start - 80) : t.char_start - 1].rstrip()
    if _EVENT_NOUN_BEFORE.search(before):
        return False
    last_word = re.search(r"([\w'’.-]+)$", before)
    if last_word is None:
        return False
    word = last_word.group(1)
    return word[:1].isupper() or word.endswith(("al.", "’s", "'s")) or before.endswith(("”", '"'))


# --------------------------------------------------------------------------- vetoes from the parse
_QUANTITY_LABELS = {"MONEY", "QUANTITY", "PERCENT", "CARDINAL"}


def _vetoed(r: Reading, text: str, doc: Doc | None) -> bool:
    """Words the parser reads as something else: '2000 troops', 'Theresa May', 'the May Day rally'."""
    if doc is None or r.type != "DATE":
        return False
    span = doc.char_span(r.start, r.end, alignment_mode="expand")
    if span is None:
        return False
    labels = {t.ent_type_ for t in span}
    if r.ref == "nearest" and r.day is None and r.unit == "monthname":
        before = doc[span.start - 1] if span.start > 0 else None
        named = before is not None and before.is_title and before.pos_ in ("PROPN", "ADJ")
        return named or bool(labels - {"DATE", "TIME", ""})  # 'Theresa May', 'the October Revolution'
    if r.year is None or r.month is not None or r.ref is not None or r.end - r.start != 4:
        return False
    if labels & {"DATE", "EVENT", "LAW", "WORK_OF_ART", "ORG", "FAC", "PRODUCT"}:
        return False
    token = span[0]
    return bool(labels & _QUANTITY_LABELS) and token.dep_ == "nummod" and token.head.tag_ == "NNS"


# --------------------------------------------------------------------------- anchoring
@dataclass
class _Ref:
    """A point the relative expressions count from."""

    date: dt.date
    precision: str
    anchor: str
    start: int | None = None


_PLANNED_FOR = re.compile(
    r"\b(?:planned|projected|scheduled|slated|intended|expected|due)\s+(?:for|in|by)\s+(?:the\s+)?$"
    r"|\bplanned\s+\w+(?:\s+\w+)?\s+(?:for|in)\s+$",
    re.I,
)
_CLOCK_REACH = 1000  # characters from the day named to a clock time that counts from it


class _Context:
    """What the document says about time so far: the narrative's last explicit date, the time of writing."""

    def __init__(
        self,
        text: str,
        paragraphs: list[tuple[int, int]],
        published: dt.date | None,
        published_precision: str,
        doc: Doc | None,
    ):
        self.text = text
        self.doc = doc
        self.paragraphs = paragraphs
        self._starts = [s for s, _ in paragraphs]
        self.headings = [len(paragraphs) > 1 and _is_heading(text[s:e]) for s, e in paragraphs]
        self.sections = _sections(text, paragraphs)
        self.publication = _Ref(published, published_precision, "publication") if published else None
        self.quotations = _cited_quotations(text)
        self.historical = False
        self.last_explicit: Timex | None = None
        self.last_day: Timex | None = None

    def paragraph_of(self, offset: int) -> int:
        """The paragraph holding ``offset`` (the last one for an offset between paragraphs).

        A binary search: a scan of the paragraphs per expression made a
        320-page report's dates quadratic (6 of its 21 profiled seconds of analysis).
        """
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.paragraphs[i][1]:
            return i
        return len(self.paragraphs) - 1

    def resolve(self, r: Reading) -> Timex | None:
        text = self.text[r.start : r.end]
        t = Timex(r.start, r.end, text, None, None, "none", qualifier=r.qualifier, type=r.type)
        para = self.paragraph_of(r.start)
        if r.type in ("DURATION", "SET"):
            t.timeml = r.value
            t.role = "duration" if r.type == "DURATION" else "set"
            return t if r.value else None
        if r.special == "PAST_REF" or r.special == "FUTURE_REF":
            t.timeml = r.special
            return t
        try:
            if r.ref is None:
                _absolute(t, r)
            else:
                ref = self._reference(r, para)
                if ref is not None:
                    _relative(t, r, ref, self._tense(r))
                elif r.special:
                    t.timeml = r.special
        except (ValueError, OverflowError):
            # Arithmetic past the calendar ("198,000 years ago", a shift off a
            # garbled year): an expression, but no date to place an event on.
            t.value, t.precision = None, None
        t.role = _role(
            self.text,
            t,
            self.paragraphs[para] if self.paragraphs else (0, len(self.text)),
            self.headings[para] if self.paragraphs else False,
        )
        if (
            t.role == "horizon"
            and _BY_BEFORE.search(self.text[max(0, r.start - 30) : r.start])
            and self._tense(r) == "past"
        ):
            t.role = (
                "date"  # "was stalemated by 1940", "By early 1941, Churchill ordered": a date, not a target
            )
        if (
            t.anchor == "explicit"
            and t.role == "date"
            and t.precision in ("hour", "day", "month", "year", "season", "quarter", "half")
            and not self._flashback(t)
        ) or (t.anchor == "explicit" and t.role == "heading" and t.precision == "year"):
            # A heading "1919" sets the year of the section it opens ("February 16" under it is
            # 1919, not the year of writing: WikiWars events P/R dev 0.869/0.704 -> 0.871/0.706,
            # untouched 0.895/0.661 -> 0.920/0.680, value accuracy 0.929 -> 0.956). Only a year:
            # a news dateline heading "10 March 2009" is no day for "the previous day" to count from
            # (EventStoryLine dev gained 6 wrong events that way).
            self.last_explicit = t
        elif t.anchor in ("publication", "narrative") and t.precision in ("day", "hour") and t.role == "date":
            self.last_day = t  # "On Tuesday ... the next day": news counts on from the days it names
        return t

    def _flashback(self, t: Timex) -> bool:
        """A year the story looks back or forward to, not one it moves on to.

        "The largest cavalry battle since 1813", and in a history "documents found in
        2004 proved ..." (the historian's time, decades after the story): the next "On
        31 August" is still the story's year (WikiWars events dev P/R 0.871/0.706 ->
        0.892/0.721, value accuracy 0.914 -> 0.936; untouched 0.920/0.680 ->
        0.920/0.681, 0.956 -> 0.956). A past perfect ("had met in 1614") looked the
        same way but moved untouched down (865 right of 941 against 864 of 939). A year a
        plan is set for ("the big push planned for 1976") is no move either (timex-0.8:
        WikiWars dev 0.892/0.721 -> 0.905/0.730, value 0.936 -> 0.950; untouched unchanged).
        """
        if t.precision != "year":
            return False
        story = self.last_explicit
        if (
            self.historical
            and self.publication is not None
            and story is not None
            and t.value is not None
            and t.value.year >= self.publication.date.year - 10
            and story.value is not None
            and story.value.year < t.value.year - 30
        ):
            return True  # "documents found in 2004 proved ..." in a history of 1920: the historian's time
        if _PLANNED_FOR.search(self.text[max(0, t.char_start - 40) : t.char_start]):
            return True  # "the big push planned for 1976": the story is still in 1975
        return bool(re.search(r"\bsince\s+$", self.text[max(0, t.char_start - 8) : t.char_start], re.I))

    def _reference(self, r: Reading, para: int) -> _Ref | None:
        """The point a relative expression counts from, by the rules in the module docstring."""
        narrative = self._narrative(para)
        if r.ref == "day":
            return self._day_of_clock(r, para)
        if r.ref == "narrative":
            return self._narrative(para, days_too=True)
        if (
            r.ref == "nearest"
            and narrative is not None
            and (
                self.paragraph_of(narrative.start) == para
                or (
                    r.unit == "monthname"
                    and self._story_before_writing(narrative)
                    and self._tense(r) != "future"
                )
            )
        ):
            return narrative  # "In 2021 ... in November": the story's year, not the publication's
        return self._speech_time(r.start)

    def _day_of_clock(self, r: Reading, para: int) -> _Ref | None:
        """'At 3:33 a.m.' with no day of its own: the day the story is on, else the day of writing.

        The day is the last one named in the section ("A fire on Tuesday destroyed ...
        A call came in at 3:33 a.m."), and only when the time is in a sentence
        following it closely: news tells a day's hours after naming the day. Read
        against the day of writing, EventStoryLine dev dated 3 of its clock times a
        day late (events benchmark: ESL dev P/R 0.561/0.259 -> 0.573/0.264, value
        accuracy 0.838 -> 0.856; WikiWars dev 0.685/0.560 -> 0.689/0.563).
        """
        day = self._narrative(para, days_too=True)
        if (
            day is not None
            and day.precision in ("day", "hour")
            and day.start is not None
            and r.start - day.start < _CLOCK_REACH
        ):
            return day
        return self._speech_time(r.start)

    def _story_before_writing(self, narrative: _Ref) -> bool:
        """A history: its section is set years before it was written, so 'in April' is the story's April.

        In news the year of writing is the default for a month named in a new
        paragraph; in a history of 1940 downloaded in 2009 it never is (WikiWars
        dev: 238 of 715 errors were 'On June 10' read as 2009). A history is a
        document whose explicit dates mostly lie over two years before publication:
        a news story that recalls 2011 once stays anchored on its own year.

        The caller asks only that the month's clause is not about the future: a
        gerund or a present has no past verb to lean on ("After crossing the river
        on 2 August", "resigning in early June"), and was read as the year of
        writing (timex-0.11: WikiWars events dev P/R 0.912/0.734 -> 0.916/0.738,
        value accuracy 0.957 -> 0.961; untouched 0.921/0.681 -> 0.924/0.683, 0.956
        -> 0.959; EventStoryLine, TempEval-3 and its timex value F1 unchanged).
        """
        if self.publication is None:  # an undated document (most plain text): no year of writing to compare
            return False
        return self.historical and narrative.date.year < self.publication.date.year - 1

    def _narrative(self, para: int, days_too: bool = False) -> _Ref | None:
        """The last explicit date of this section (or, for anaphors, a later day the text named)."""
        last = self.last_explicit
        if (
            days_too
            and self.last_day is not None
            and (last is None or self.last_day.char_start > last.char_start)
        ):
            last = self.last_day
        if last is None:
            return None
        if self.sections[self.paragraph_of(last.char_start)] != self.sections[para] and not (
            self.historical and self.publication is not None
        ):
            # A dated history's next section goes on with its story ("On June 10" under "Battle of
            # France" is 1940, not the year it was downloaded: WikiWars dev, 45 dates read as 2009;
            # events P/R 0.818/0.673 -> 0.855/0.700, untouched 0.852/0.629 -> 0.882/0.651). News
            # sections, and an undated text's, start afresh.
            return None
        return _Ref(last.value, last.precision, "narrative", last.char_start)

    def _speech_time(self, offset: int) -> _Ref | None:
        """Inside a quotation cited to a dated source, 'this year' is the source's year."""
        for start, end, year in self.quotations:
            if start <= offset < end:
                return _Ref(dt.date(year, 1, 1), "year", "quotation", None)
        return self.publication

    def _tense(self, r: Reading) -> str:
        return _tense_from_parse(self.doc, r) if self.doc is not None else _tense_from_words(self.text, r)


def _is_heading(chunk: str) -> bool:
    """A short line without a final full stop: a title, a section heading."""
    chunk = chunk.strip()
    return (
        bool(chunk)
        and len(chunk) < 120
        and not chunk.endswith((".", "!", "?", '"', "”", ":", ";", ","))
        and "\n" not in chunk
        and not re.match(r"^[A-Z][A-Z .'’-]{2,40}[,–—-]", chunk)
    )


def _sections(text: str, paragraphs: list[tuple[int, int]]) -> list[int]:
    """Section number of every paragraph: a heading starts a new one."""
    out, section = [], 0
    for s, e in paragraphs:
        if len(paragraphs) > 1 and _is_heading(text[s:e]):
            section += 1
        out.append(section)
    return out


_QUOTE_SPAN = re.compile(r"[\"“]([^\"“”]{1,3000}?)[\"”]")
_TRAILING_CITATION = re.compile(r"\(\s*[A-Z][^()]{0,80}?,\s*((?:19|20)\d\d)[a-z]?\s*\)\s*\W{0,3}$")


def _cited_quotations(text: str) -> list[tuple[int, int, int]]:
    """Quoted spans that end with a citation '(Yuan, 2021)': their words speak from that year."""
    out = []
    for m in _QUOTE_SPAN.finditer(text):
        tail = text[max(m.start(), m.end() - 60) : min(len(text), m.end() + 30)]
        inner_tail = text[max(m.start(), m.end() - 60) : m.end()]
        cited = _TRAILING_CITATION.search(inner_tail.rstrip('"”').rstrip())
        if cited is None:
            after = re.match(
                r"\s*\(\s*[A-Z][^()]{0,80}?,\s*((?:19|20)\d\d)[a-z]?\s*\)", text[m.end() : m.end() + 90]
            )
            cited = after
        if cited is not None and tail:
            out.append((m.start(), m.end(), int(cited.group(1))))
    return out


_FUTURE_WORDS = {
    "will",
    "'ll",
    "shall",
    "wo",
    "going",
    "due",
    "scheduled",
    "expected",
    "set",
    "plan",
    "plans",
    "planned",
    "intends",
    "intend",
    "upcoming",
    "next",
}


def _tense_from_parse(doc: Doc, r: Reading) -> str:
    """past | future | present, from the verb the expression hangs from.

    A present perfect ("has been postponed until Saturday") and a plain present
    point at the nearest such day; an infinitive ("to run through June") and
    the future forward; a simple past backward.
    """
    span = doc.char_span(r.start, r.end, alignment_mode="expand")
    if span is None:
        return "past"
    verb, hops = span.root, 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and hops < 6:
        verb, hops = verb.head, hops + 1
    chain = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    head = verb
    for _ in range(2):  # "is due to be published", "plans to close": the governing verb decides too
        if head.dep_ in ("xcomp", "ccomp") or head.head.lemma_ in (
            "due",
            "set",
            "expect",
            "plan",
            "schedule",
        ):
            head = head.head
            chain += [head] + [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    words = {t.lower_ for t in chain} | {t.lemma_.lower() for t in chain}
    if words & _FUTURE_WORDS:
        return "future"
    tags = {t.tag_ for t in chain}
    if "VBD" in tags:
        return "past"
    if any(t.lemma_ == "have" and t.tag_ in ("VBZ", "VBP") for t in chain if t.dep_ == "aux"):
        return "present"
    if verb.tag_ == "VBN":
        return "past"
    if verb.tag_ == "VB" and any(c.lower_ == "to" for c in verb.children):
        return "past" if _done_by_a_past_verb(verb) else "future"
    if tags & {"VBZ", "VBP", "VBG"}:
        return "present"
    return "past"


def _done_by_a_past_verb(verb: Token) -> bool:
    """An infinitive that tells what a past act did, not what was to come.

    "was able to restore services by Saturday afternoon", "stopped Thompson in
    the sixth round to keep his titles on Saturday": the infinitive of an
    ability after a past "was", or of the purpose a past verb served, happened
    then. Read forward, both named the coming Saturday, a week late, and the
    story's later clock times with it. timex-0.12 (benchmarks/events.py, dev /
    untouched): EventStoryLine P/R 0.678/0.390 -> 0.687/0.394, value accuracy
    0.881 -> 0.892, untouched unchanged (0.731/0.424); TempEval-3, WikiWars and
    TempEval-3 timex value F1 unchanged. Not after "be" ("was on track to hit
    400 million by 2030" is to come: TempEval-3 dev gained a false event).
    """
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in ("able", "unable") and head.dep_ == "acomp":
        head = head.head
    elif verb.dep_ != "advcl" or head.pos_ != "VERB" or head.lemma_ == "be":
        return False  # "was on track to hit 400 million by 2030" is still to come
    return head.tag_ == "VBD" or any(c.tag_ == "VBD" and c.dep_ in ("aux", "auxpass") for c in head.children)


def _tense_from_words(text: str, r: Reading) -> str:
    start = max(text.rfind(". ", 0, r.start), text.rfind("\n", 0, r.start)) + 1
    end_candidates = [i for i in (text.find(". ", r.end), text.find("\n", r.end)) if i >= 0]
    sentence = text[start : min(end_candidates) if end_candidates else len(text)].lower()
    if re.search(
        r"\b(?:will|'ll|shall|going to|is due|are due|scheduled|expected to|plans? to|upcoming)\b", sentence
    ):
        return "future"
    return "past"


# --------------------------------------------------------------------------- values
def _absolute(t: Timex, r: Reading) -> None:
    t.anchor = "explicit"
    if r.day is not None:
        try:
            t.value = dt.date(r.year, r.month, r.day)
        except ValueError:  # 31 February: not a date
            t.value = None
            return
        t.precision = "day"
    elif r.month is not None:
        t.value, t.precision = dt.date(r.year, r.month, 1), "month"
    elif r.season is not None:
        t.value, t.precision = dt.date(r.year, _SEASON_MONTH[r.season], 1), "season"
        t.qualifier = _join(r.qualifier, _SEASON_NAME[r.season])
        t.timeml = f"{r.year:04d}-{r.season}"
        return
    elif r.quarter is not None:
        t.value, t.precision = dt.date(r.year, 3 * r.quarter - 2, 1), "quarter"
        t.qualifier = _join(r.qualifier, f"Q{r.quarter}")
        t.timeml = f"{r.year:04d}-Q{r.quarter}"
        return
    elif r.decade is not None:
        t.value, t.precision = dt.date(r.decade * 10, 1, 1), "decade"
    elif r.century is not None:
        t.value, t.precision = dt.date(max(1, r.century * 100), 1, 1), "century"
    elif r.year is not None and r.qualifier in ("half1", "half2"):
        t.value, t.precision = dt.date(r.year, 1 if r.qualifier == "half1" else 7, 1), "half"
    elif r.year is not None:
        t.value, t.precision = dt.date(r.year, 1, 1), "year"
    t.timeml = _timeml_value(t, r)


def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return " ".join(kept) if kept else None


def _relative(t: Timex, r: Reading, ref: _Ref, tense: str) -> None:
    """Count from ``ref``; leave ``t`` undated when ``ref`` is too coarse for the unit."""
    base, rank = ref.date, _PRECISION_RANK.get(ref.precision, 0)
    value, precision = None, None
    if r.special == "PRESENT_REF":
        value, precision = dt.date(base.year, 1, 1), "year"
    elif r.unit == "day" and rank >= _PRECISION_RANK["day"]:
        value, precision = base + dt.timedelta(days=r.shift), "day"
    elif r.ref == "nearest" and r.unit == "weekend" and rank >= _PRECISION_RANK["day"]:
        monday = base - dt.timedelta(days=base.weekday())
        ahead = tense == "future" or base.weekday() >= 5
        value, precision = (monday if ahead else monday - dt.timedelta(weeks=1)), "week"
        t.qualifier = _join(r.qualifier, "weekend")
    elif r.unit in ("week", "weekend") and rank >= _PRECISION_RANK["day"]:
        day = base + dt.timedelta(weeks=r.shift)
        value, precision = day - dt.timedelta(days=day.weekday()), "week"
        if r.unit == "weekend":
            t.qualifier = _join(r.qualifier, "weekend")
    elif r.unit == "month" and rank >= _PRECISION_RANK["month"]:
        value, precision = _add_months(base, r.shift), "month"
    elif r.unit == "quarter" and rank >= _PRECISION_RANK["month"]:
        first = _add_months(dt.date(base.year, (base.month - 1) // 3 * 3 + 1, 1), 3 * r.shift)
        value, precision = first, "quarter"
        t.qualifier = _join(r.qualifier, f"Q{(first.month - 1) // 3 + 1}")
    elif r.ref == "nearest" and r.unit in ("year", "decade", "century") and rank >= _PRECISION_RANK["year"]:
        value, precision = dt.date(base.year, 1, 1), "year"
    elif r.ref == "nearest" and r.unit in ("month", "week"):
        return
    elif r.unit == "year" and rank >= _PRECISION_RANK["year"]:
        year = base.year + r.shift
        if r.month is not None:
            value, precision = dt.date(year, r.month, 1), "month"
        elif r.season is not None:
            value, precision = dt.date(year, _SEASON_MONTH[r.season], 1), "season"
            t.qualifier = _join(r.qualifier, _SEASON_NAME[r.season])
        elif r.quarter is not None:
            value, precision = dt.date(year, 3 * r.quarter - 2, 1), "quarter"
            t.qualifier = _join(r.qualifier, f"Q{r.quarter}")
        else:
            value, precision = dt.date(year, 1, 1), "year"
    elif r.unit == "decade" and rank >= _PRECISION_RANK["decade"]:
        value, precision = dt.date((base.year // 10 + r.shift) * 10, 1, 1), "decade"
    elif r.unit == "century" and rank >= _PRECISION_RANK["century"]:
        value, precision = dt.date(max(1, (base.year // 100 + r.shift) * 100), 1, 1), "century"
    elif r.unit == "season" and rank >= _PRECISION_RANK["month"]:
        value, precision = (
            dt.date(_season_year(base, r.season, r.shift), _SEASON_MONTH[r.season], 1),
            "season",
        )
        t.qualifier = _join(r.qualifier, _SEASON_NAME[r.season])
    elif r.unit == "weekday" and rank >= _PRECISION_RANK["day"]:
        value, precision = _weekday(base, r.weekday, r.shift, r.ref, tense), "day"
    elif r.unit == "monthname" and rank >= _PRECISION_RANK["year"]:
        if r.ref == "nearest" and ref.anchor == "narrative":
            year = _story_month_year(base, rank, r.month)
        else:
            year = _month_year(base, rank, r.month, r.shift, r.ref, tense)
        if r.day is not None:
            try:
                value, precision = dt.date(year, r.month, r.day), "day"
            except ValueError:
                return
        else:
            value, precision = dt.date(year, r.month, 1), "month"
    if value is None:
        return
    t.value, t.precision, t.anchor, t.anchor_start = value, precision, ref.anchor, ref.start
    t.timeml = _timeml_value(t, r)


def _add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _season_year(base: dt.date, season: str, shift: int) -> int:
    """'last summer' in March 2013 is 2012's; 'next winter' in May 2013 is 2013's."""
    start = _SEASON_MONTH[season]
    if shift == 0:
        return base.year
    if shift < 0:
        return base.year if start + 3 <= base.month else base.year - 1
    return base.year if start > base.month else base.year + 1


def _weekday(base: dt.date, weekday: int, shift: int, ref: str, tense: str) -> dt.date:
    delta = (weekday - base.weekday()) % 7  # days forward to the next such weekday (0 = today)
    if ref == "nearest":
        if tense == "future":
            return base + dt.timedelta(days=delta)
        if tense == "present" and 0 < delta <= 3:
            return base + dt.timedelta(days=delta)
        return base - dt.timedelta(days=(7 - delta) % 7)
    if shift < 0:
        return base - dt.timedelta(days=(7 - delta) % 7 or 7)
    if shift > 0:
        return base + dt.timedelta(days=delta or 7)
    return base - dt.timedelta(days=base.weekday()) + dt.timedelta(days=weekday)


def _story_month_year(base: dt.date, rank: int, month: int) -> int:
    """'In April' told after a date of the story: that year's April, the story going forward.

    The tense of a history says nothing about its own dates (everything is
    past at the time of writing), so a month at or after the story's month is
    in its year; a month before it, in the next year only when the story's date
    is late in its year ("in November 1944 ... In January"). WikiWars dev: 113
    of 887 dated gold expressions were read a year early against the story's
    date ("September 17, 1939 ... By early October" as 1938).
    """
    if rank < _PRECISION_RANK["month"] or month >= base.month:
        return base.year
    return base.year + 1 if base.month - month > 6 else base.year


def _month_year(base: dt.date, rank: int, month: int, shift: int, ref: str, tense: str) -> int:
    if rank < _PRECISION_RANK["month"] or ref == "narrative":
        return base.year + (shift if ref != "nearest" else 0)
    if ref == "nearest":
        if tense == "future":
            return base.year if month >= base.month else base.year + 1
        if tense == "present":
            ahead = (month - base.month) % 12
            return (
                base.year + (1 if month < base.month and ahead <= 2 else 0)
                if ahead <= 2
                else (base.year if month <= base.month else base.year - 1)
            )
        return base.year if month <= base.month else base.year - 1
    if shift < 0:
        return base.year if month < base.month else base.year - 1
    if shift > 0:
        return base.year if month > base.month else base.year + 1
    return base.year


def _timeml_value(t: Timex, r: Reading) -> str | None:
    """The TIMEX3 value string of a dated expression."""
    if t.value is None:
        return r.special
    v = t.value
    if r.special:
        return r.special
    if r.season and t.precision == "season":
        date = f"{v.year:04d}-{r.season}"
    elif t.precision == "half":
        date = f"{v.year:04d}-H{t.qualifier[-1]}"
    elif t.qualifier and re.search(r"\bQ[1-4]\b", t.qualifier) and t.precision == "quarter":
        date = f"{v.year:04d}-{re.search(r'Q[1-4]', t.qualifier).group(0)}"
    elif t.precision == "day":
        date = v.isoformat()
    elif t.precision == "week":
        iso = v.isocalendar()
        date = f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if r.unit == "weekend" else "")
    elif t.precision == "month":
        date = f"{v.year:04d}-{v.month:02d}"
    elif t.precision == "year":
        date = f"{v.year:04d}"
    elif t.precision == "decade":
        date = f"{v.year // 10:03d}"
    elif t.precision == "century":
        date = f"{v.year // 100:02d}"
    else:
        return None
    if t.type == "TIME" and r.part:
        t.time, t.zone = r.part, r.zone
        if ":" in r.part or r.part.isdigit():
            t.precision = "hour"  # a clock time: the day and the hour
        return f"{date}T{r.part}"
    return date
