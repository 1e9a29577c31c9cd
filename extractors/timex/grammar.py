"""What the words of a temporal expression say, before anything is anchored.

The grammar is a set of regular expressions over the text, one per way of
writing a time ("March 13, 2025", "late last July", "twelve years later",
"the past two years", "each season"), each with a reader that turns the
match into a :class:`Reading`: the calendar fields the words give, and for
relative expressions what they are relative *to* (the time of speaking, or
the narrative) and by how much. Anchoring is a separate step
(:mod:`extractors.timex`), because the same words resolve differently in a
news report and in a history.

Regular expressions rather than a parser: they are fast (the whole grammar
runs in a few milliseconds per article), and the extents they give follow the
TimeML convention (determiners and modifiers in, prepositions out).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from extractors.common.calendar import ENGLISH_MONTHS, WEEKDAY_NAMES
from extractors.common.text import squash

MONTHS = dict(ENGLISH_MONTHS)
WEEKDAYS = {d: i for i, d in enumerate(WEEKDAY_NAMES)}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
UNITS = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "weekend": "WE",
    "fortnight": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "centurie": "CE",
}
_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS = {w: i for i, w in enumerate(_SMALL)}
NUMBER_WORDS.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
NUMBER_WORDS.update(
    {
        "a": 1,
        "an": 1,
        "single": 1,
        "hundred": 100,
        "a hundred": 100,
        "dozen": 12,
        "a dozen": 12,
        "a couple of": 2,
        "couple of": 2,
        "a couple": 2,
        "half a": 0.5,
    }
)
_VAGUE_NUMBERS = {"several", "a few", "few", "some", "many", "a number of", "numerous"}
ORDINALS = {
    w: i
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
            "twenty-first",
        ],
        start=1,
    )
}


@dataclass
class Reading:
    """The fields a temporal expression states, relative parts still unresolved.

    ``ref`` says what a relative expression counts from: ``speech`` (the time of
    writing: "last year", "yesterday"), ``narrative`` (the story's current date:
    "that year", "twelve years later") or ``nearest`` (a month or weekday named
    without its year: the closest one, in the direction the verb's tense points).
    """

    start: int
    end: int
    type: str = "DATE"  # TimeML type: DATE | TIME | DURATION | SET
    year: int | None = None
    month: int | None = None
    day: int | None = None
    decade: int | None = None  # 199 for the 1990s
    century: int | None = None  # 19 for the 20th century
    season: str | None = None  # SP SU FA WI
    quarter: int | None = None
    ref: str | None = None  # None (absolute) | speech | narrative | nearest | day (a clock time alone)
    unit: str | None = None  # what the shift counts: day week month year decade weekday monthname season
    shift: int = 0
    weekday: int | None = None
    part: str | None = None  # MO AF EV NI, or a clock time "20:00"
    zone: str | None = None  # the time zone written with a clock time ("UTC", "ET")
    qualifier: str | None = None  # early | mid | late | start | end | half1 | half2
    special: str | None = None  # PRESENT_REF | PAST_REF | FUTURE_REF
    value: str | None = None  # TimeML value of a DURATION or SET ("P3Y", "XXXX-WI")


# --------------------------------------------------------------------------- vocabulary as regex
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
_MONTH_SHORT = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"  # only where a number follows
MONTH = rf"(?P<month>{_MONTH_FULL}|{_MONTH_ABBR})"
MONTH_N = rf"(?P<month>{_MONTH_FULL}|{_MONTH_SHORT})"  # before a day or a year
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
_YEAR_GUARD_BEFORE = r"(?<![\w$€£#.,/:-])"
_YEAR_GUARD_AFTER = r"(?![\w%/]|[.,]\d|-\d|–\d|\s*(?:%|per\s*cent|percent|km|kilomet|mile|meter|metre|tons?\b|MW|GW|bcm|USD|dollars|euros|people|troops|soldiers|members|students|cases)\b)"
WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_PREFIX = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?:the\s+)?)?"
SEASON = r"(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
PART = r"(?P<part>morning|afternoon|evening|night)"
QUAL = (
    r"(?P<qual>[Ee]arly|[Mm]id|[Ll]ate|[Tt]he\s+(?:end|beginning|start|middle|turn)\s+of|"
    r"[Tt]he\s+(?:first|second|latter|last)\s+half\s+of|[Ee]arlier|[Ll]ater)"
)
_NUM_WORD = "|".join(
    sorted((re.escape(w) for w in list(NUMBER_WORDS) + list(_VAGUE_NUMBERS)), key=len, reverse=True)
)
_TENS_WORD = "|".join(_TENS)
_SMALL_WORD = "|".join(_SMALL[1:10])
NUM = rf"(?P<num>\d+(?:[.,]\d+)?(?:\s+1/2)?|(?i:(?:{_TENS_WORD})[-\s](?:{_SMALL_WORD}))|(?<![\w-])(?i:{_NUM_WORD}))"
_UNIT_WORDS = r"second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|centur(?:y|ie)"
UNIT = rf"(?P<unit>{_UNIT_WORDS})"
ORD = r"(?P<ord>\d{1,2}(?:st|nd|rd|th)|" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + ")"
CLOCK = (
    r"(?:(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[AP]\.M\.|[ap]m\b|[AP]M\b)"
    r"|(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)|(?P<noon>noon|midnight)"
    # a wire's four-digit time, only with its zone and after "at", "by" or a bracket: "hit at
    # 0737 GMT", "(0440 GMT)"; "in 1945 GMT was ..." stays a year
    r"|(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\())(?P<hhmm>(?:[01]\d|2[0-3])[0-5]\d)(?=\s*\(?(?:GMT|UTC)\b))"
    r"(?:\s*\(?(?P<zone>GMT|UTC|ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|BST|CET|CEST|IST|JST|local\s+time)\b\)?)?"
)
_ANAPHORIC = (
    r"(?P<rel>[Tt]hat|[Tt]he\s+same|[Tt]he\s+following|[Tt]he\s+next|[Tt]he\s+previous|"
    r"[Tt]he\s+preceding|[Tt]he\s+prior|[Tt]he\s+subsequent)"
)

_ANY_REL = (
    r"(?P<rel>[Tt]his|[Ll]ast|[Nn]ext|[Cc]oming|[Tt]he\s+coming|[Tt]he\s+current|[Tt]he\s+last|[Tt]hat\s+same|[Tt]hat|"
    r"[Tt]he\s+same|[Tt]he\s+following|[Tt]he\s+next|[Tt]he\s+previous|[Tt]he\s+preceding|[Tt]he\s+prior|"
    r"[Tt]he\s+subsequent)"
)

_SHIFT = {
    "this": 0,
    "last": -1,
    "next": 1,
    "the coming": 1,
    "coming": 1,
    "the current": 0,
    "the last": -1,
    "that": 0,
    "the same": 0,
    "that same": 0,
    "the following": 1,
    "the next": 1,
    "the previous": -1,
    "the preceding": -1,
    "the prior": -1,
    "the subsequent": 1,
}
_QUALIFIER = {
    "early": "early",
    "mid": "mid",
    "late": "late",
    "the end of": "end",
    "the beginning of": "start",
    "the start of": "start",
    "the middle of": "mid",
    "the turn of": "end",
    "the first half of": "half1",
    "the second half of": "half2",
    "the latter half of": "half2",
    "the last half of": "half2",
    "earlier": "early",
    "later": "late",
}


def month_number(word: str) -> int:
    return MONTHS[
        word.lower().rstrip(".")[:4] if word.lower().startswith("sept") else word.lower().rstrip(".")[:3]
    ]


def number_value(word: str) -> float | None:
    """'twelve' -> 12, 'twenty-five' -> 25, '2 1/2' -> 2.5; None for 'several' (unspecified)."""
    w = squash(word)
    if w in _VAGUE_NUMBERS:
        return None
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    m = re.fullmatch(rf"({_TENS_WORD})[-\s]({_SMALL_WORD})", w)
    if m:
        return NUMBER_WORDS[m.group(1)] + NUMBER_WORDS[m.group(2)]
    w = w.replace(",", "")
    if w.endswith(" 1/2"):
        return float(w[:-4]) + 0.5
    try:
        return float(w)
    except ValueError:
        return None


def _qualifier(m: re.Match) -> str | None:
    q = m.groupdict().get("qual")
    return _QUALIFIER.get(squash(q).replace("-", "")) if q else None


def _shift(m: re.Match) -> int:
    return _SHIFT[squash(m.group("rel"))]


def _ref(m: re.Match) -> str:
    """Deictic words count from the time of writing, anaphoric ones from the story."""
    rel = squash(m.group("rel"))
    return (
        "speech"
        if rel in ("this", "last", "next", "the coming", "coming", "the current", "the last")
        else "narrative"
    )


# --------------------------------------------------------------------------- readers
Reader = Callable[[re.Match], "Reading | list[Reading] | None"]


def _r_date(m: re.Match) -> Reading:
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") else None
    return Reading(
        m.start(),
        m.end(),
        year=year,
        month=month_number(g["month"]),
        day=int(g["day"]),
        ref=None if year else "nearest",
        unit=None if year else "monthname",
    )


def _r_date_yy(m: re.Match) -> Reading:
    """'10 Nov 11' is 10 November 2011: a two-digit year below 50 is this century's."""
    yy = int(m.group("yy"))
    return Reading(
        m.start(),
        m.end(),
        year=2000 + yy if yy < 50 else 1900 + yy,
        month=month_number(m.group("month")),
        day=int(m.group("day")),
    )


def _r_numeric(m: re.Match) -> Reading | None:
    g = m.groupdict()
    a, b = int(g["a"]), int(g["b"])
    day, month = (
        (a, b) if (g["sep"] == "." or a > 12) else (b, a)
    )  # 5.6.2024 is day.month; 6/5/2024 month/day
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Reading(m.start(), m.end(), year=int(g["year"]), month=month, day=day)


def _r_iso(m: re.Match) -> Reading:
    g = m.groupdict()
    return Reading(m.start(), m.end(), year=int(g["year"]), month=int(g["mnum"]), day=int(g["day"]))


def _r_month_year(m: re.Match) -> Reading:
    return Reading(
        m.start(),
        m.end(),
        year=int(m.group("year")),
        month=month_number(m.group("month")),
        qualifier=_qualifier(m),
    )


def _r_month_rel_year(m: re.Match) -> Reading:
    """'November of that year', 'May last year': a month of a relative year."""
    return Reading(
        m.start(),
        m.end(),
        month=month_number(m.group("month")),
        ref=_ref(m),
        unit="year",
        shift=_shift(m),
        qualifier=_qualifier(m),
    )


def _r_season_year(m: re.Match) -> Reading:
    return Reading(
        m.start(),
        m.end(),
        year=int(m.group("year")),
        season=SEASONS[m.group("season").lower()],
        qualifier=_qualifier(m),
    )


def _r_season_rel(m: re.Match) -> Reading:
    ref = _ref(m)
    unit = "season" if ref == "speech" else "year"
    return Reading(
        m.start(),
        m.end(),
        season=SEASONS[m.group("season").lower()],
        ref=ref,
        unit=unit,
        shift=_shift(m),
        qualifier=_qualifier(m),
    )


def _r_the_season(m: re.Match) -> Reading:
    """'In the summer', 'by the spring': the season of the story's year (narrative-anchored)."""
    return Reading(
        m.start(),
        m.end(),
        season=SEASONS[m.group("season").lower()],
        ref="narrative",
        unit="year",
        shift=0,
        qualifier=_qualifier(m),
    )


def _r_day_before(m: re.Match) -> Reading:
    """'the day before,', 'a day later': one day from the day the story is at.

    Only where the phrase ends ('the day before Roth was stopped' counts from
    an event the grammar cannot date: TempEval-3 gives it no value either).
    """
    sign = -1 if m.group("dir").lower() in ("before", "earlier") else 1
    return Reading(m.start(), m.end(), ref="narrative", unit="day", shift=sign)


def _r_quarter(m: re.Match) -> Reading:
    q = m.group("q")
    quarter = int(q) if q.isdigit() else ORDINALS[q.lower()]
    if m.groupdict().get("year"):
        return Reading(m.start(), m.end(), year=int(m.group("year")), quarter=quarter)
    return Reading(
        m.start(),
        m.end(),
        quarter=quarter,
        ref="speech",
        unit="year",
        shift=_shift(m) if m.groupdict().get("rel") else 0,
    )


def _r_decade(m: re.Match) -> Reading:
    g = m.groupdict()
    if g.get("decade"):
        decade = int(g["decade"]) // 10
    else:
        two = int(g["decade2"])
        decade = (1900 + two) // 10 if two >= 30 else (2000 + two) // 10
    return Reading(m.start(), m.end(), decade=decade, qualifier=_qualifier(m))


def _r_century(m: re.Match) -> Reading | None:
    o = m.group("ord").lower()
    n = int(re.match(r"\d+", o).group(0)) if o[0].isdigit() else ORDINALS.get(o)
    if not n or n > 21:
        return None
    return Reading(m.start(), m.end(), century=n - 1, qualifier=_qualifier(m))


def _r_qual_year(m: re.Match) -> Reading:
    return Reading(m.start(), m.end(), year=int(m.group("year")), qualifier=_qualifier(m))


def _r_fiscal(m: re.Match) -> Reading:
    g = m.groupdict()
    if g.get("year"):
        return Reading(m.start(), m.end(), year=int(g["year"]))
    return Reading(m.start(), m.end(), ref="speech", unit="year", shift=_shift(m))


def _r_year_range(m: re.Match) -> list[Reading]:
    """'2009-2010' and '1957-58' are two years, each its own expression."""
    first = int(m.group("year"))
    second_text = m.group("year2")
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    out = [Reading(m.start("year"), m.end("year"), year=first)]
    if second > first:
        out.append(Reading(m.start("year2"), m.end("year2"), year=second))
    return out


def _r_year(m: re.Match) -> Reading:
    return Reading(m.start(), m.end(), year=int(m.group("year")))


def _r_today(m: re.Match) -> Reading:
    word = m.group("word").lower()
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    part = (
        PARTS.get(m.group("part").lower())
        if m.groupdict().get("part")
        else ("NI" if word == "tonight" else None)
    )
    return Reading(
        m.start(), m.end(), type="TIME" if part else "DATE", ref="speech", unit="day", shift=shift, part=part
    )


def _r_this_part(m: re.Match) -> Reading:
    rel = squash(m.group("rel"))
    return Reading(
        m.start(),
        m.end(),
        type="TIME",
        ref="speech",
        unit="day",
        shift=-1 if rel == "last" else 0,
        part=PARTS[m.group("part").lower()],
    )


def _r_rel_unit(m: re.Match) -> Reading | None:
    unit = m.group("unit").lower()
    unit = {"centurie": "century", "fortnight": "week"}.get(unit, unit)
    if unit in ("second", "minute", "hour", "night"):
        return None
    qual = _qualifier(m)
    return Reading(m.start(), m.end(), ref=_ref(m), unit=unit, shift=_shift(m), qualifier=qual)


def _r_qual_the_unit(m: re.Match) -> Reading:
    """'the end of the year': the year the story or the writer is in."""
    return Reading(m.start(), m.end(), ref="nearest", unit=m.group("unit").lower(), qualifier=_qualifier(m))


def _r_the_weekend(m: re.Match) -> Reading:
    return Reading(*_inner(m), ref="nearest", unit="weekend")


def _r_elapsed(m: re.Match) -> Reading:
    """'Finished in 3:07:35': hours, minutes and seconds taken, a duration, not the time of day 3:07.

    TempEval-3 marks it so (PT3H7M35S); read as a clock time it dated the race
    to the day of writing. timex-0.12: TempEval-3 timex value F1 85.28 -> 86.04
    (held-out half 78.43 -> 80.39: the one case, seen as a false positive of the
    events benchmark's TempEval-3 dev part, lies in the timex benchmark's held-out
    half, so that gain is not an independent measure); events TempEval-3 dev
    P 0.523 -> 0.531; EventStoryLine and WikiWars unchanged.
    """
    hours, minutes, seconds = (int(m.group(g)) for g in ("h", "m", "s"))
    parts = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    return Reading(*_inner(m), type="DURATION", value=f"PT{parts or '0S'}")


def _r_early_hours(m: re.Match) -> Reading:
    """'In the early hours of the morning': the small hours of the day the story is on.

    Counted like a clock time with no day of its own (``ref="day"``): the day
    named just before ("rammed their car into a store on Monday ... in the early
    hours of the morning"), else the day of writing. Of the 52 EventStoryLine dev
    gold events dated by an expression the tagger did not find, 10 were British
    clock times the benchmark's text broke ("6. 30am"), 20 days counted from
    another event ("the day before Buckley's death", "two months before
    Comeaux's escape"), 14 parts of a day named with no day ("the early hours of
    the morning" 6, "third night" 4, "the course of the day" 3), 7 weekends and
    weeks. timex-0.12 (benchmarks/events.py, dev / untouched): EventStoryLine
    P/R 0.680/0.386 -> 0.678/0.390 and 0.726/0.412 -> 0.731/0.424; TempEval-3,
    WikiWars and TempEval-3 timex value F1 (85.28 / 78.43) unchanged. Tried and
    not kept: "throughout the weekend" (2 more dev events the gold does not
    date, no gold gained, untouched unchanged).
    """
    return Reading(*_inner(m), type="TIME", ref="day", unit="day", part="MO", qualifier="early")


def _r_rel_weekday(m: re.Match) -> Reading:
    g = m.groupdict()
    part = PARTS.get(g["part"].lower()) if g.get("part") else None
    base = Reading(
        m.start(),
        m.end(),
        type="TIME" if part else "DATE",
        weekday=WEEKDAYS[g["weekday"].lower()],
        part=part,
        unit="weekday",
        qualifier=_qualifier(m),
    )
    if g.get("rel"):
        return replace(base, ref=_ref(m), shift=_shift(m))
    return replace(base, ref="nearest")


def _r_rel_month(m: re.Match) -> Reading:
    g = m.groupdict()
    base = Reading(
        m.start(), m.end(), month=month_number(g["month"]), unit="monthname", qualifier=_qualifier(m)
    )
    if g.get("rel"):
        return replace(base, ref=_ref(m), shift=_shift(m))
    return replace(base, ref="nearest")


def _r_ago(m: re.Match) -> Reading | None:
    n = number_value(m.group("num"))
    if n is None or n != int(n):
        return None
    unit = m.group("unit").lower()
    unit = {"centurie": "century", "fortnight": "week", "weekend": "week", "night": "day"}.get(unit, unit)
    if unit in ("second", "minute", "hour"):
        return None
    direction = squash(m.group("dir"))
    sign = -1 if direction in ("ago", "earlier", "before", "before that", "previously", "prior") else 1
    ref = "speech" if direction in ("ago", "from now", "hence") else "narrative"
    return Reading(
        m.start(),
        m.end(),
        ref=ref,
        unit=unit,
        shift=sign * int(n) * (2 if m.group("unit").lower() == "fortnight" else 1),
    )


def _r_later_that(m: re.Match) -> Reading:
    unit = m.group("unit").lower()
    return Reading(
        m.start(),
        m.end(),
        ref=_ref(m),
        unit=unit,
        shift=_shift(m),
        qualifier="late" if m.group("when").lower() == "later" else "early",
    )


def _r_present(m: re.Match) -> Reading:
    return Reading(m.start(), m.end(), special="PRESENT_REF", ref="speech", unit="present")


def _inner(m: re.Match) -> tuple[int, int]:
    """The extent without a leading preposition the pattern needed for context ('in the past')."""
    if m.groupdict().get("inner"):
        return m.start("inner"), m.end("inner")
    return m.start(), m.end()


def _r_past(m: re.Match) -> Reading:
    return Reading(*_inner(m), special="PAST_REF")


def _r_future(m: re.Match) -> Reading:
    return Reading(*_inner(m), special="FUTURE_REF")


def _duration_value(n: float | None, unit: str) -> str | None:
    code = UNITS.get(unit)
    if code is None:
        return None
    if code == "WE":
        return "P" + ("X" if n is None else _num(n)) + "WE"
    if code == "DE":
        return "P" + ("X" if n is None else _num(n * 10)) + "Y" if n is not None else "PXDE"
    if code == "CE":
        return "P" + _num(n * 100) + "Y" if n is not None else "PXCE"
    if code == "Q":
        return "P" + _num(n * 3) + "M" if n is not None else "PXQ"
    time_unit = code in ("S", "H") or unit == "minute"
    return "P" + ("T" if time_unit else "") + ("X" if n is None else _num(n)) + code


def _num(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _r_duration(m: re.Match) -> Reading | None:
    unit = m.group("unit").lower()
    unit = "century" if unit == "centurie" else unit
    n = number_value(m.group("num"))
    value = _duration_value(n, unit)
    if not value:
        return None
    adjectival = (
        "-" in m.string[m.end("num") : m.start("unit")]
    )  # "a four-week closure": the article is the noun's
    return Reading(m.start("num") if adjectival else m.start(), m.end(), type="DURATION", value=value)


def _r_past_unit(m: re.Match) -> Reading | None:
    """'the past year' is the year up to now: a duration."""
    value = _duration_value(1, m.group("unit").lower())
    return Reading(m.start(), m.end(), type="DURATION", value=value) if value else None


_HOLIDAYS = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "boxing day": (12, 26),
}


def _r_holiday(m: re.Match) -> Reading:
    month, day = _HOLIDAYS[squash(m.group("holiday")).replace("’", "'")]
    if m.groupdict().get("year"):
        return Reading(m.start(), m.end(), year=int(m.group("year")), month=month, day=day)
    return Reading(m.start(), m.end(), month=month, day=day, ref="nearest", unit="monthname")


def _r_vague_duration(m: re.Match) -> Reading | None:
    unit = m.group("unit").lower().rstrip("s")
    unit = "century" if unit == "centurie" else unit
    value = _duration_value(None, unit)
    return Reading(*_inner(m), type="DURATION", value=value) if value else None


_SET_VALUES = {
    "annually": "P1Y",
    "yearly": "P1Y",
    "monthly": "P1M",
    "weekly": "P1W",
    "daily": "P1D",
    "nightly": "P1D",
    "quarterly": "P3M",
    "hourly": "PT1H",
}


def _r_set_adverb(m: re.Match) -> Reading:
    return Reading(m.start(), m.end(), type="SET", value=_SET_VALUES[m.group(0).lower()])


def _r_set_each(m: re.Match) -> Reading | None:
    what = m.group("what").lower()
    if what in WEEKDAYS:
        return Reading(m.start(), m.end(), type="SET", value=f"XXXX-WXX-{WEEKDAYS[what] + 1}")
    if what in SEASONS:
        return Reading(m.start(), m.end(), type="SET", value=f"XXXX-{SEASONS[what]}")
    if what in PARTS:
        return Reading(m.start(), m.end(), type="SET", value=f"XXXX-XX-XXT{PARTS[what]}")
    value = _duration_value(1, what)
    return Reading(m.start(), m.end(), type="SET", value=value) if value else None


def _clock(m: re.Match) -> str | None:
    g = m.groupdict()
    if g.get("noon"):
        return "12:00" if g["noon"].lower() == "noon" else "24:00"
    if g.get("hour24"):
        return f"{int(g['hour24']):02d}:{g['minute24']}"
    if g.get("hhmm"):
        return f"{g['hhmm'][:2]}:{g['hhmm'][2:]}"
    hour = int(g["hour"])
    if hour > 12:
        return None
    pm = g["ampm"].lower().startswith("p")
    hour = (hour % 12) + (12 if pm else 0)
    minute = g.get("minute")
    return f"{hour:02d}:{minute}" if minute else f"{hour:02d}"


def _r_clock(m: re.Match) -> Reading | None:
    clock = _clock(m)
    if clock is None:
        return None
    g = m.groupdict()
    zone = squash(g["zone"]).upper().replace("LOCAL TIME", "local") if g.get("zone") else None
    if g.get("weekday"):
        return Reading(
            m.start(),
            m.end(),
            type="TIME",
            weekday=WEEKDAYS[g["weekday"].lower()],
            part=clock,
            ref="nearest",
            unit="weekday",
            zone=zone,
        )
    return Reading(m.start(), m.end(), type="TIME", ref="day", unit="day", part=clock, zone=zone)


# --------------------------------------------------------------------------- the grammar
_UNIT_RE = rf"(?P<unit>{_UNIT_WORDS})s?"
# A number after "28 March" or "March 28" that may be its year (four digits, or two: "10 Nov 11"),
# so the day-and-month reading gives way; a count with a thousands separator is none ("By 28 March,
# 35,000 troops were poised" was read as "March" alone: timex-0.11, WikiWars events dev P/R
# 0.905/0.730 -> 0.912/0.734, value accuracy 0.950 -> 0.957; untouched, EventStoryLine and
# TempEval-3 unchanged).
_YEARISH = r"(?:\d{4}|\d\d?(?!,\d))\b"
_PATTERNS: list[tuple[str, str, Reader]] = [
    ("clock", rf"\b(?:{CLOCK})(?:\s+(?:on\s+)?{WEEKDAY})?", _r_clock),
    ("mdy", rf"\b{_WD_PREFIX}{MONTH_N}\s+{DAY}(?:,\s*|\s+){YEAR}\b", _r_date),
    ("dmy", rf"\b{_WD_PREFIX}(?:the\s+)?{DAY}(?:\s+of)?\s+{MONTH_N},?\s+{YEAR}\b", _r_date),
    # "on 10 Nov 11.": a two-digit year, read only where the clause ends on it ("On 3 Jan 12 sailors
    # deserted" is a count). EventStoryLine dev events P/R 0.633/0.330 -> 0.641/0.333; untouched,
    # WikiWars and TempEval-3 unchanged (timex-0.9).
    ("dmy_short", rf"\b{_WD_PREFIX}{DAY}\s+{MONTH_N}\s+(?P<yy>\d\d)\b(?=\s*(?:[.,;:)\]]|$))", _r_date_yy),
    ("md", rf"\b{_WD_PREFIX}{MONTH_N}\s+{DAY}\b(?!\s*[,.]?\s*{_YEARISH}|\s*[-–:/]|%)", _r_date),
    ("dm", rf"\b{_WD_PREFIX}(?:the\s+)?{DAY}(?:\s+of)?\s+{MONTH}\b(?!,?\s*{_YEARISH})", _r_date),
    (
        "numeric",
        r"\b(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b",
        _r_numeric,
    ),
    ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b", _r_iso),
    (
        "month_rel_year",
        rf"\b(?:{QUAL}[-\s]+)?{MONTH}\s+(?:of\s+)?(?:{_ANAPHORIC}|(?P<rel2>last|this|next))\s+year\b",
        None,
    ),
    ("month_year", rf"\b(?:{QUAL}[-\s]+)?{MONTH_N},?\s+(?:of\s+)?{YEAR}\b", _r_month_year),
    ("season_year", rf"\b(?:{QUAL}\s+)?(?:the\s+)?{SEASON}(?:\s+of)?\s+{YEAR}\b", _r_season_year),
    ("season_rel", rf"\b(?:{QUAL}\s+)?{_ANY_REL}\s+{SEASON}\b", _r_season_rel),
    (
        "the_season",
        rf"\b(?:{QUAL}\s+)?(?P<rel>[Tt]he)\s+{SEASON}\b(?!\s+(?:of\s+)?(?:1[5-9]|20)\d\d)",
        _r_the_season,
    ),
    (
        "day_before",
        r"\b(?P<rel>[Tt]he|[Aa]|[Oo]ne)\s+day\s+(?P<dir>before|after|earlier|later)\b(?=\s*[,.;:)]|\s*$)",
        _r_day_before,
    ),
    (
        "quarter",
        rf"\b(?:[Tt]he\s+)?(?P<q>first|second|third|fourth|[1-4](?:st|nd|rd|th)?)\s+quarter"
        rf"(?:\s+of\s+(?:{YEAR}|(?P<rel>this|last|next)\s+year))?\b",
        _r_quarter,
    ),
    ("quarter_short", rf"\bQ(?P<q>[1-4])\s+{YEAR}\b", _r_quarter),
    (
        "decade",
        rf"\b(?:[Tt]he\s+)?(?:{QUAL}[-\s]?)?(?:(?P<decade>1[5-9]\d0|20\d0)s|['’](?P<decade2>\d0)s)\b",
        _r_decade,
    ),
    ("century", rf"\b(?:[Tt]he\s+)?(?:{QUAL}[-\s])?{ORD}[-\s]+[Cc]entur(?:y|ies)\b", _r_century),
    ("qual_year", rf"\b{QUAL}[-\s]+(?:of\s+)?{YEAR}\b(?!-)", _r_qual_year),
    (
        "fiscal",
        rf"\b(?:(?:fiscal(?:\s+year)?|FY)\s*['’]?{YEAR}|(?P<rel>this|last|next)\s+fiscal\s+year)\b",
        _r_fiscal,
    ),
    (
        "year_range",
        rf"{_YEAR_GUARD_BEFORE}{YEAR}\s?[-–/]\s?(?P<year2>(?:19|20)\d\d|\d\d)(?![\w%])",
        _r_year_range,
    ),
    ("year", rf"{_YEAR_GUARD_BEFORE}{YEAR}{_YEAR_GUARD_AFTER}", _r_year),
    (
        "today",
        rf"\b(?P<word>[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]omorrow)(?:\s+{PART})?\b(?!['’]s\s+\w+\s+(?:of|with))",
        _r_today,
    ),
    ("this_part", rf"\b(?P<rel>[Tt]his|[Ll]ast)\s+{PART}\b", _r_this_part),
    (
        "later_that",
        r"\b(?P<when>[Ll]ater|[Ee]arlier)\s+(?:in\s+)?(?P<rel>that|this|the\s+same)\s+(?P<unit>year|month|week|day)\b",
        _r_later_that,
    ),
    ("past_unit", r"\b[Tt]he\s+past\s+(?P<unit>year|month|week|decade|century|day)\b", _r_past_unit),
    (
        "holiday",
        rf"\b(?P<holiday>Christmas(?:\s+(?:Eve|Day))?|New\s+Year['’]s\s+(?:Eve|Day)|Valentine['’]s\s+Day|Halloween|Boxing\s+Day)(?:\s+(?:of\s+)?{YEAR})?\b",
        _r_holiday,
    ),
    (
        "rel_unit",
        rf"\b(?:{QUAL}\s+)?{_ANY_REL}\s+(?P<unit>{_UNIT_WORDS})\b(?!\s+(?:or|and)\s+(?:so|two))",
        _r_rel_unit,
    ),
    (
        "rel_weekday",
        rf"\b(?:(?P<qual>[Ee]arly|[Ll]ate)\s+)?(?:(?P<rel>[Tt]his|[Ll]ast|[Nn]ext|[Tt]hat|[Tt]he\s+following|[Tt]he\s+previous)\s+)?{WEEKDAY}(?:\s+{PART})?\b",
        _r_rel_weekday,
    ),
    (
        "rel_month",
        rf"\b(?:{QUAL}[-\s]+)?(?:(?P<rel>[Tt]his|[Ll]ast|[Nn]ext|[Tt]hat)\s+)?{MONTH}\b(?!\s*\d|\s+[A-Z][a-z])",
        _r_rel_month,
    ),
    ("qual_the_unit", rf"\b{QUAL}\s+the\s+(?P<unit>year|month|week|decade|century)\b", _r_qual_the_unit),
    (
        "ago",
        rf"\b{NUM}[\s-]+{_UNIT_RE}\s+(?P<dir>ago|from\s+now|hence|later|earlier|afterwards?|after\s+that|before\s+that)\b(?!\s+than)",
        _r_ago,
    ),
    (
        "present",
        r"\b(?:[Nn]ow|[Cc]urrently|[Aa]t\s+present|[Pp]resently|[Nn]owadays|[Tt]hese\s+days|[Aa]t\s+the\s+moment)\b(?!\s+that\b)",
        _r_present,
    ),
    (
        "past_ref",
        r"\b(?:[Rr]ecently|[Ll]ately)\b|\b[Ii]n\s+(?P<inner>the\s+past)\b(?!\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?|decades?|centur))",
        _r_past,
    ),
    ("future_ref", r"\b[Ii]n\s+(?P<inner>the\s+(?:near\s+)?future)\b", _r_future),
    (
        "duration",
        rf"(?<!\bages\s)(?<!\baged\s)(?<!\bage\s)\b(?:(?:[Tt]he|[Aa])\s+(?:(?:past|last|next|first|coming|previous|final|following|mere|full)\s+)?)?{NUM}[\s-]+{_UNIT_RE}(?:['’](?=\s))?(?![\w-]|\s+old\b|-old)",
        _r_duration,
    ),
    ("the_weekend", r"\b(?:over|during|at|on|for)\s+(?P<inner>the\s+weekend)\b", _r_the_weekend),
    (
        "elapsed",
        r"\b(?:in|of|with)\s+(?:a\s+time\s+of\s+)?(?P<inner>(?P<h>\d{1,2}):(?P<m>[0-5]\d):(?P<s>[0-5]\d))\b(?![:.]\d)",
        _r_elapsed,
    ),
    (
        "early_hours",
        r"\b(?:in|during|into|until)\s+(?P<inner>the\s+(?:early|small|wee)\s+hours(?:\s+of\s+the\s+morning)?)\b"
        r"(?!\s+of\b)",
        _r_early_hours,
    ),
    (
        "recent_units",
        r"\b(?:[Tt]he\s+)?(?:(?:[Rr]ecent|[Cc]oming|[Pp]ast|[Ff]uture)\s+)(?P<unit>days|weeks|months|years|decades|centuries)\b",
        _r_vague_duration,
    ),
    (
        "for_units",
        r"\b(?:[Ff]or|[Ii]n|[Oo]ver)\s+(?P<inner>(?P<unit>days|weeks|months|years|decades|centuries))\b(?!\s+(?:of|ago|later|earlier))",
        _r_vague_duration,
    ),
    ("set_adverb", r"\b(?:annually|yearly|monthly|weekly|daily|nightly|quarterly|hourly)\b", _r_set_adverb),
    (
        "set_each",
        r"\b(?:[Ee]ach|[Ee]very|[Pp]er)\s+(?P<what>day|week|month|year|season|spring|summer|autumn|fall|winter|"
        r"morning|evening|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
        r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
        None,
    ),
]


def _r_set(m: re.Match) -> Reading | None:
    if m.group("what").lower() == "season":
        return Reading(m.start(), m.end(), type="SET", value="XXXX-XX")
    return _r_set_each(m)


def _r_month_rel(m: re.Match) -> Reading:
    g = m.groupdict()
    if g.get("rel2"):
        return Reading(
            m.start(),
            m.end(),
            month=month_number(g["month"]),
            ref="speech",
            unit="year",
            shift={"last": -1, "this": 0, "next": 1}[g["rel2"].lower()],
            qualifier=_qualifier(m),
        )
    return _r_month_rel_year(m)


_READERS = {"month_rel_year": _r_month_rel, "set_each": _r_set}
COMPILED: list[tuple[str, re.Pattern, Reader]] = [
    (name, re.compile(pattern), reader or _READERS[name]) for name, pattern, reader in _PATTERNS
]
_PRIORITY = {name: i for i, (name, _, _) in enumerate(_PATTERNS)}


def scan(text: str) -> list[Reading]:
    """Every temporal expression the grammar reads in ``text``, in order, without overlaps.

    Where expressions overlap the longest wins ("March 13, 2025" over "March"
    and "2025"), then the one listed first in the grammar.
    """
    candidates: list[tuple[int, int, int, Reading]] = []
    for name, pattern, reader in COMPILED:
        for m in pattern.finditer(text):
            read = reader(m)
            if read is None:
                continue
            group = read if isinstance(read, list) else [read]
            span_start = min(r.start for r in group)
            span_end = max(r.end for r in group)
            for r in group:
                candidates.append((span_start, span_end, _PRIORITY[name], r))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken = _Taken()
    chosen: list[Reading] = []
    for span_start, span_end, _, r in candidates:
        if taken.overlapping(r.start, r.end):
            continue
        run = taken.overlapping(span_start, span_end)
        if run and not (
            taken.within(run[0], span_start, span_end) and taken.within(run[-1], span_start, span_end)
        ):
            continue  # another, longer expression owns part of this group's span
        taken.add(r.start, r.end)
        chosen.append(r)
    chosen.sort(key=lambda r: r.start)
    return chosen


class _Taken:
    """Disjoint character ranges kept sorted, so overlap tests take a binary search, not a scan.

    Scanning every taken range for every candidate made ``scan`` quadratic in
    the text's length: a 300,000-character document spent a quarter of its
    analysis there. Taken ranges never overlap one another (a candidate
    overlapping one is refused), so their starts and ends sort alike, and the
    ranges overlapping any span are one run of neighbours: only its first and
    last member can stick out of the span.
    """

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlapping(self, start: int, end: int) -> range:
        """Positions of the taken ranges that overlap [start, end)."""
        return range(bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end))

    def within(self, i: int, start: int, end: int) -> bool:
        return self.starts[i] >= start and self.ends[i] <= end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
