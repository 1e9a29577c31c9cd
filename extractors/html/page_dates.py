"""A page's publication date: markup dates, dates in the page's own URL, and the choice among them.

A markup date is taken only when nothing printed on the page contradicts it (see
``extractors.html.printed_dates``); no rule, no date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

from bs4 import BeautifulSoup, Tag

from extractors.common.calendar import MONTH_ABBREVIATIONS
from extractors.html.page_search import named
from extractors.html.printed_dates import reads_month_first
from extractors.html.records import DatedValue

_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)")


_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:$|[T\s]|[+-]\d\d:?\d\d$|Z)")


_DATE_SPAN = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
    r"|(?:\d{1,2}(?:st|nd|rd|th)?\.?\s+)?[^\W\d_]{3,}\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{4}"
)


_DATE_LABEL = re.compile(
    r"^\s*(?:published|posted|created|updated|date|dated|on|veröffentlicht|publié|publicado)"
    r"(?:\s+(?:on|at|am|le|el))?\s*:?\s*",
    re.I,
)


def parse_date(
    text: str | None,
    *,
    languages: Iterable[str] | None = ("en",),
    fetched_at: dt.date | None = None,
) -> tuple[dt.date, str] | None:
    """A date and its stated precision (day/month/year), or None.

    ISO strings are read directly (most machine-readable dates are ISO);
    anything else goes to dateparser. Without a four-digit year the text does
    not state a date, so nothing is returned.
    """
    if not text or not _YEAR.search(text):
        return None
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").strip()
    languages = tuple(languages) if languages else None
    parsed = _parse_iso(text) or _parse_dotted(text) or _parse_slashed(text, languages)
    if parsed is None:
        parsed = _parse_words(text, languages)
    if parsed is None:
        return None
    date, precision = parsed
    latest = fetched_at or dt.date.today()
    if date > latest:
        return None
    return date, precision


def _parse_iso(text: str) -> tuple[dt.date, str] | None:
    """Read YYYY, YYYY-MM or YYYY-MM-DD (with any time after it), keeping the local day.

    The day printed in the page's own time zone is the day the page states;
    converting to UTC would move late-evening articles to the next day.
    """
    match = _ISO_DATE.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            return dt.date(int(year), int(month), int(day)), "day"
        if month:
            return dt.date(int(year), int(month), 1), "month"
        if len(text.strip()) == 4:
            return dt.date(int(year), 1, 1), "year"
    except ValueError:
        return None
    return None


_DOTTED_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?![\d.])")


def _parse_dotted(text: str) -> tuple[dt.date, str] | None:
    """Read 09.09.2024 as day.month.year: dotted numeric dates are written day first.

    dateparser would read "03.04.2024" month first on an English page.
    """
    return _day_first(_DOTTED_DATE, text)


_SLASHED_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")


def _parse_slashed(text: str, languages: tuple[str, ...] | None) -> tuple[dt.date, str] | None:
    """Read 10/05/2022 day first unless the page is in American English.

    Month-first slashed dates are an American habit; everywhere else (and in
    every other language) the day comes first. dateparser falls back to
    English month-first order as soon as anything else in the value (a "pm")
    is not in the page's language. Pages in plain English are left to
    dateparser, which reads them month first; British and other day-first
    English pages are tagged as such by ``page_languages``.
    """
    if reads_month_first(languages):
        return None
    return _day_first(_SLASHED_DATE, text)


def _day_first(pattern: re.Pattern[str], text: str) -> tuple[dt.date, str] | None:
    """The day-month-year date ``pattern`` finds in a short value, if it is a real day."""
    match = pattern.search(text)
    if not match or len(text) > 60:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day), "day"
    except ValueError:
        return None


def _parse_words(text: str, languages: tuple[str, ...] | None) -> tuple[dt.date, str] | None:
    """Parse a date written for people, trying the whole text then date-like spans in it."""
    candidates = [_DATE_LABEL.sub("", text, count=1)]
    candidates += [m.group(0) for m in _DATE_SPAN.finditer(text)]
    parser = _date_parser(languages)
    for candidate in candidates:
        if not _YEAR.search(candidate) or len(candidate) > 60:
            continue
        try:
            data = parser.get_date_data(candidate)
        except Exception:  # dateparser raises assorted errors on odd input
            continue
        if data is None or data.date_obj is None:
            continue
        value = data.date_obj.date()
        period = data.period or "day"
        if period == "year":
            return dt.date(value.year, 1, 1), "year"
        if period == "month":
            return dt.date(value.year, value.month, 1), "month"
        return value, "day"
    return None


@functools.lru_cache(maxsize=16)
def _date_parser(languages: tuple[str, ...] | None):
    """One dateparser instance per language set: building one loads locale data."""
    from dateparser.date import DateDataParser

    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    # dateparser takes languages and a region apart: "en-gb" is English, region GB.
    codes = list(dict.fromkeys(code.split("-")[0] for code in languages)) if languages else None
    region = languages[0].partition("-")[2].upper() or None if languages else None
    try:
        return DateDataParser(languages=codes, region=region, settings=settings)
    except ValueError:  # a language or region dateparser does not know
        return DateDataParser(languages=["en"], settings=settings)


def _first_date(
    values: Iterable[str], source: str, languages: tuple[str, ...], fetched_at: dt.date | None
) -> DatedValue | None:
    for value in values:
        parsed = parse_date(value, languages=languages, fetched_at=fetched_at)
        if parsed:
            return DatedValue(parsed[0], parsed[1], source)
    return None


# A full date in a URL path: /2019/11/18/, /2019/7/2/, /2019/nov/18/, 2019-11-18.
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)/(?P<m>0?[1-9]|1[0-2]|[a-z]{3})/(?P<d>0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
    r"|[/_-](?P<y2>(?:19|20)\d\d)-(?P<m2>0[1-9]|1[0-2])-(?P<d2>0[1-9]|[12]\d|3[01])(?=[/_.-]|$)",
    re.I,
)


# Regions whose English writes the day first: 02/10/2020 is 2 October there.
_DAY_FIRST_ENGLISH = frozenset(
    {"gb", "uk", "ie", "au", "nz", "in", "za", "sg", "hk", "pk", "ng", "ke", "mt", "cy"}
)


_URL_MONTHS = MONTH_ABBREVIATIONS


# A copy kept by a web archive wraps the original URL: /web/20150721045344/http://site/...
_ARCHIVED_URL = re.compile(r"^https?://[^/]+/.*?/(https?://.+)$", re.I)


def _own_urls(canonical: str | None, meta: dict[str, list[str]]) -> list[str]:
    """The URLs a page gives for itself: its canonical link and og:url (original URL of archived copies)."""
    urls = [canonical] if canonical else []
    urls.extend(meta.get("og:url", []))
    own = []
    for url in urls:
        url = url.strip()
        if not url.startswith(("http://", "https://")):
            continue
        archived = _ARCHIVED_URL.match(url)
        own.append(archived.group(1) if archived else url)
    return own


def _url_date(urls: list[str], fetched_at: dt.date | None) -> DatedValue | None:
    """The day the page's own URL states in its path, if any.

    Blog engines and news CMSs build permalinks from the day a piece was
    first published (/2019/11/18/slug), so a page that states its own URL
    states that day. Query strings and fragments are left out: they carry
    session and tracking values, not the page's date.
    """
    for url in urls:
        path = re.sub(r"^https?://[^/]+", "", url.split("?")[0].split("#")[0])
        match = _URL_DATE.search(path)
        if not match:
            continue
        year, month, day = match.group("y", "m", "d") if match.group("y") else match.group("y2", "m2", "d2")
        number = int(month) if month.isdigit() else _URL_MONTHS.get(month.lower())
        try:
            date = dt.date(int(year), number or 0, int(day))
        except ValueError:
            continue
        if date <= (fetched_at or dt.date.today()):
            return DatedValue(date, "day", "own-url")
    return None


def _is_home_page(url: str) -> bool:
    """A site's front page: no path and no query."""
    rest = re.sub(r"^https?://[^/]+", "", url.strip())
    return rest in ("", "/")


def _time_element_date(
    soup: BeautifulSoup,
    languages: tuple[str, ...],
    fetched_at: dt.date | None,
    ignore: Callable[[Tag], bool] | None,
) -> DatedValue | None:
    """The publication date from a <time> element outside widgets.

    A time marked as the publication date wins; otherwise the first one in
    the article or main content, since a page's first date is its own far
    more often than a related story's.
    """
    times = [t for t in named(soup, "time") if t.get("datetime") and not (ignore and ignore(t))]
    marked = [
        t
        for t in times
        if t.get("itemprop") == "datePublished"
        or t.has_attr("pubdate")
        or re.search(r"publish|posted|created", " ".join(t.get("class", [])), re.I)
    ]
    in_content = [t for t in times if t.find_parent(["article", "main"]) is not None]
    for group, source in ((marked, "time-element"), (in_content, "time-element"), (times, "time-element")):
        for element in group:
            found = _first_date([element["datetime"]], source, languages, fetched_at)
            if found:
                return found
    return None
