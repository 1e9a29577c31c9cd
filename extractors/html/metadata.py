"""What a web page says about itself: title, authors, publication date.

Pages state the same facts in several places that are not equally reliable.
Structured data written for search engines (JSON-LD, then ``<meta>`` tags) is
produced by the CMS from its own database and is the most trustworthy;
``<time datetime>`` is machine-readable but may belong to anything; by-lines
and date lines in the text are what a reader sees but must be parsed; a
generic extractor's guess comes last. Every value keeps the name of the place
it came from, so a wrong value can be traced to its cause.

Dates and authors are then checked against what the page prints (see
``extractors.printed_dates``): a markup date that the page contradicts with
the date printed next to its title gives way to the printed one, and a name
that only the markup knows is not taken for the author. A page that gives its
own URL (canonical link, og:url) also states the day in that URL's path, which
blogs and news sites set when a piece first runs.

Two rules hold throughout: no date is ever invented (a date needs an explicit
year on the page; "yesterday" or "April 11" alone give nothing), and no date
may lie after the moment the page was fetched.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from bs4 import BeautifulSoup, Tag

from extractors.html.page_search import named, strings_matching, with_attribute
from extractors.html.printed_dates import PrintedDates, find_printed_dates, main_heading, reads_month_first

__all__ = [
    "PageMetadata",
    "DatedValue",
    "page_metadata",
    "parse_date",
    "parse_byline",
    "looks_like_name_list",
    "split_authors",
    "strip_site_name",
    "without_site_names",
    "choose_published",
    "clean_authors",
]

# schema.org types whose datePublished/author describe the article itself.
_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle",
    "techarticle", "report", "liveblogposting", "socialmediaposting", "posting",
}
# Page types: their dates usually equal the article's, but trusted less.
_PAGE_TYPES = {"webpage", "itempage", "aboutpage", "medicalwebpage"}

_META_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished",
    "citation_publication_date", "citation_date", "citation_online_date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
    "dc.date.created", "parsely-pub-date", "sailthru.date", "pubdate", "publishdate",
    "publish-date", "publish_date", "publication_date", "article.published", "date",
)
_META_AUTHOR_KEYS = (
    "author", "article:author", "citation_author", "dc.creator", "dcterms.creator",
    "parsely-author", "sailthru.author", "byl", "twitter:creator:name",
)
_META_TITLE_KEYS = ("og:title", "twitter:title", "citation_title", "dc.title", "dcterms.title")
_META_SITE_KEYS = ("og:site_name", "application-name", "twitter:site", "publisher")

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

_BYLINE = re.compile(
    r"^\s*(?:by|written by|posted by|words by|text by|story by|von|par|por|author:|authors:|autor:|autorin:)"
    r"\s*(?P<rest>\S.*)$",
    re.I,
)
_BYLINE_DATE_TAIL = re.compile(r"\s*(?:[|•·—–,]|\bon\b)\s*(?P<date>[^|•·—–]*\d{4}.*)$")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|&|\||\band\b|\bund\b|\bet\b)\s*", re.I)
_AUTHOR_PREFIX = re.compile(
    r"^\s*(?:(?:view all |all |more )?(?:posts|articles|stories) by|by|written by|posted by|von|par|por"
    r"|(?:zeige )?alle beiträge von|(?:ein )?(?:beitrag|artikel|text) von|(?:erstellt|geschrieben|verfasst) von"
    r"|publié par|escrito por|author|authors|autor|autorin|auteur)\s*:?\s+",
    re.I,
)
_CREDIT = re.compile(r"^(?:photo|photograph|foto|bild|image|illustration|grafik)s?\b", re.I)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
# A date glued to a by-line ("Jeff Foust Monday, November 18, 2019"): a weekday
# or month name followed by a number or a month name, and all after it.
_DATE_AFTER_NAME = re.compile(
    rf"\s*[,|]?\s*\b(?:{_WEEKDAYS}|{_MONTHS})\.?,?\s+(?:\d|(?:{_MONTHS})\b).*$", re.I
)
_NAME_PARTICLES = {
    "al", "bin", "binti", "da", "de", "del", "della", "der", "di", "dos", "du", "el", "ibn",
    "la", "le", "van", "von", "y", "zu", "ten", "ter", "af", "av",
}
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ", " » ", " • ", " ~ ")


@dataclass
class DatedValue:
    """A publication date at the precision the page states it, and its origin."""

    date: dt.date
    precision: str  # day | month | year
    source: str


@dataclass
class PageMetadata:
    """The values a whole page declares about its (single) article."""

    title: str | None = None
    title_source: str | None = None
    authors: list[str] = field(default_factory=list)
    authors_source: str | None = None
    published: DatedValue | None = None
    site_names: list[str] = field(default_factory=list)
    # What the page prints in a by-line or date line outside the body text
    # ("Published: 09.09.2024 | Author: Jane Doe"); trusted below markup.
    byline_authors: list[str] = field(default_factory=list)
    byline_published: DatedValue | None = None
    # Authors named by the markup around the text: microdata, rel="author"
    # links, author/by-line classes, links to the CMS's author pages.
    markup_authors: list[str] = field(default_factory=list)
    markup_authors_source: str | None = None
    # <meta name="author"> and kin: on small sites often the site owner or the
    # company, so trusted below what the page prints around the text.
    meta_authors: list[str] = field(default_factory=list)
    meta_authors_source: str | None = None
    headings: list[str] = field(default_factory=list)
    # The date the markup declares, before it was checked against the dates
    # printed on the page; ``published`` is the checked choice (None means
    # "the page states no date of its own").
    markup_published: DatedValue | None = None
    printed: PrintedDates | None = None  # the page's visible text and the dates printed in it
    languages: tuple[str, ...] = ()
    base_url: str | None = None


def page_metadata(
    soup: BeautifulSoup,
    *,
    fetched_at: dt.date | None = None,
    ignore: Callable[[Tag], bool] | None = None,
) -> PageMetadata:
    """Read the page's own declarations, most trusted first.

    ``ignore`` says which elements belong to page furniture (related-story
    widgets, sidebars) whose ``<time>`` elements date other articles.
    """
    meta = _meta_values(soup)
    nodes = _json_ld_nodes(soup)
    canonical = _canonical_href(soup)
    result = PageMetadata(
        languages=page_languages(soup),
        base_url=_base_url(soup, canonical, meta),
    )
    result.site_names = _site_names(meta, nodes, result.base_url)
    result.headings = [
        h.get_text(" ", strip=True) for h in named(soup, "h1", limit=5) if not (ignore and ignore(h))
    ]
    result.byline_authors, byline_date = _page_byline(soup, ignore)
    result.byline_published = _first_date(
        [byline_date] if byline_date else [], "page-byline", result.languages, fetched_at
    )
    result.markup_authors, result.markup_authors_source = _markup_authors(soup, ignore)
    result.markup_authors = _without_publisher_names(result.markup_authors, result.site_names)

    weak_markup_date = False
    for article in _ranked_nodes(nodes):
        source = "json-ld"
        if not result.authors:
            result.authors = without_site_names(_json_ld_authors(article.get("author"), nodes), result.site_names)
            result.authors_source = source if result.authors else None
        if result.published is None:
            for key in ("datePublished", "dateCreated"):
                result.published = _first_date(_as_strings(article.get(key)), source, result.languages, fetched_at)
                if result.published:
                    # SEO plug-ins give every page, shop and landing pages
                    # too, a WebPage node with a date; only an Article node
                    # says the page is a dated piece.
                    weak_markup_date = not (_types(article) & _ARTICLE_TYPES)
                    break
        if result.title is None:
            for key in ("headline", "name"):
                title = _clean_title(_first(_as_strings(article.get(key))), result)
                if title:
                    result.title, result.title_source = title, source
                    break

    for key in _META_AUTHOR_KEYS:
        authors = [a for value in meta.get(key, []) if not _is_url(value) for a in split_authors(value)]
        authors = without_site_names(authors, result.site_names)
        if authors:
            result.meta_authors, result.meta_authors_source = _dedupe(authors), f"meta:{key}"
            break
    if result.published is None:
        for key in _META_DATE_KEYS:
            result.published = _first_date(meta.get(key, []), f"meta:{key}", result.languages, fetched_at)
            if result.published:
                break
    if result.published is None:
        result.published = _time_element_date(soup, result.languages, fetched_at, ignore)
    if result.title is None:
        for key in _META_TITLE_KEYS:
            title = _clean_title(_first(meta.get(key, [])), result)
            if title:
                result.title, result.title_source = title, f"meta:{key}"
                break
    if result.title is None and soup.title is not None:
        title = _clean_title(soup.title.get_text(" ", strip=True), result)
        if title:
            result.title, result.title_source = title, "title-element"
    result.markup_published = result.published
    printed = find_printed_dates(
        soup,
        languages=result.languages,
        fetched_at=fetched_at,
        heading=main_heading(soup, result.title),
    )
    result.printed = printed
    own_urls = _own_urls(canonical, meta)
    # A home page's markup date is the site's (its build, its newest item), not an article's.
    weak_markup_date = weak_markup_date or any(_is_home_page(url) for url in own_urls)
    result.published = choose_published(
        result.published, printed, weak_markup=weak_markup_date, url_date=_url_date(own_urls, fetched_at)
    )
    return result


# How far from the main heading a printed date still belongs to the article:
# date lines sit above the headline (with a kicker and a lead image) or in
# the by-line below it, after a lead image, its caption and a standfirst.
_BEFORE_HEADING = 500
_AFTER_HEADING = 1500


def choose_published(
    markup: DatedValue | None,
    printed: PrintedDates,
    *,
    weak_markup: bool = False,
    url_date: DatedValue | None = None,
) -> DatedValue | None:
    """The publication date a reader sees, with the markup's date as a witness.

    0. A date the page labels as its publication ("Published on May 10",
       "Veröffentlicht 28.01.2022", "Erschienen am: ...") wins: it is the
       page's explicit statement, while markup may hold the UTC day of a
       late-evening story or a re-indexing date, and a bare date near the
       heading may be the day the page was rendered.
    1. A markup date that is also printed on the page is confirmed.
    2. Otherwise the date printed next to the heading wins: markup often
       carries a re-indexing date, or the UTC day of a late-evening story.
    3. A markup date nothing on the page contradicts is kept (many pages
       print their date with scripts or as "3 days ago"), unless it is only
       the generic WebPage date SEO plug-ins put on every page, or the date
       in the page's own URL (``url_date``, from its canonical URL) differs:
       CMSs put the day of first publication into the permalink, while the
       markup may be rewritten when a post is moved or re-saved. A printed
       "Updated ..." date does not contradict it: it states another event.
    4. Then the date in the page's own URL.
    5. Last, a printed "updated" date next to the heading: the page's only
       own date, second choice because it is not the first publication.
    Dates in related lists, comments, sidebars and footers are never chosen.
    """
    labelled = printed.labelled_publication()
    if labelled is not None:
        if markup is not None and markup.date == labelled.date:
            return markup
        return DatedValue(labelled.date, "day", "printed-labelled")
    if markup is not None and markup.precision == "day" and printed.contains(markup.date):
        return markup
    near = printed.near_heading(before=_BEFORE_HEADING, after=_AFTER_HEADING)
    if near is not None:
        return DatedValue(near.date, "day", "printed-near-title")
    if markup is not None and not weak_markup and (url_date is None or url_date.date == markup.date):
        return markup
    if url_date is not None:
        return url_date
    updated = printed.near_heading(before=_BEFORE_HEADING, after=_AFTER_HEADING, updated=True)
    if updated is not None:
        return DatedValue(updated.date, "day", "printed-updated")
    return None


def page_languages(soup: BeautifulSoup) -> tuple[str, ...]:
    """Languages to try when parsing dates written in words: the page's, then English.

    Telling dateparser the language makes it both faster and less likely to
    read a word of another language as a month name. English pages from
    countries that write the day first (``lang="en-GB"``, ``en-AU``, ...)
    lead with their regional tag, so that 02/10/2020 reads as 2 October there
    and as February 10 on American pages.
    """
    html = soup.find("html")
    # XHTML pages may declare their language with xml:lang alone.
    lang = (html.get("lang") or html.get("xml:lang")) if isinstance(html, Tag) else None
    if isinstance(lang, str):
        code, _, region = lang.strip().lower().replace("_", "-").partition("-")
        region = region.split("-")[0]
        if code == "en" and region in _DAY_FIRST_ENGLISH:
            return (f"en-{region}", "en")
        if code.isalpha() and len(code) in (2, 3) and code != "en":
            return (code, "en")
    return ("en",)


# ---------------------------------------------------------------- dates


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
_DAY_FIRST_ENGLISH = frozenset({"gb", "uk", "ie", "au", "nz", "in", "za", "sg", "hk", "pk", "ng", "ke", "mt", "cy"})
_URL_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
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
        year, month, day = (match.group("y", "m", "d") if match.group("y") else match.group("y2", "m2", "d2"))
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
        t for t in times
        if t.get("itemprop") == "datePublished" or t.has_attr("pubdate")
        or re.search(r"publish|posted|created", " ".join(t.get("class", [])), re.I)
    ]
    in_content = [t for t in times if t.find_parent(["article", "main"]) is not None]
    for group, source in ((marked, "time-element"), (in_content, "time-element"), (times, "time-element")):
        for element in group:
            found = _first_date([element["datetime"]], source, languages, fetched_at)
            if found:
                return found
    return None


# ---------------------------------------------------------------- by-lines and authors


def parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """Authors (and a date, if printed) from a by-line such as "By Jane Doe | May 3, 2024".

    Only lines that look like a by-line count: a leading "By" and names made
    of capitalised words. That keeps "By 2030, the council will ..." in the text.
    """
    match = _BYLINE.match(line)
    if not match:
        return None
    rest = match.group("rest").strip()
    date_text = None
    tail = _BYLINE_DATE_TAIL.search(rest)
    if tail:
        date_text = tail.group("date").strip()
        rest = rest[: tail.start()].strip()
    authors = split_authors(rest)
    # After a bare "By"/"Von" a single word is more often a noun than a name
    # ("Von Politikern ..."); an explicit "Author:" label vouches for it.
    labelled = line.strip().lower().startswith(("author", "autor"))
    if not authors or not all(_looks_like_name(a) and (labelled or len(a.split()) >= 2) for a in authors):
        return None
    return authors, date_text


def split_authors(text: str | None) -> list[str]:
    """Individual names from an author string: "A and B", "A, B", "A; B", "By A & B".

    "Doe, Jane" (one comma between two single words) is one person, written
    surname first, as citation metadata does.
    """
    if not text:
        return []
    text = _normalise_spaces(text)
    text = _AUTHOR_PREFIX.sub("", text).strip()
    text = re.sub(r"\s+et al\.?$", "", text)
    text = _DATE_AFTER_NAME.sub("", text)
    surname_first = re.fullmatch(r"([^\s,]+),\s*([^\s,]+(?:\s[A-Z]\.)*)", text)
    if surname_first:
        return [f"{surname_first.group(2)} {surname_first.group(1)}"]
    names = []
    for part in _AUTHOR_SPLIT.split(text):
        part = re.sub(r"\s*\([^)]*\)\s*", " ", part).strip(" :-–—")
        if part.endswith(".") and len(part.split()[-1]) > 4:  # keep "Jr.", "C."
            part = part[:-1]
        part = _AUTHOR_PREFIX.sub("", part).strip()
        if not part or re.search(r"\d|@|https?:|www\.", part) or len(part.split()) > 6:
            continue
        if _CREDIT.match(part):  # a photo or illustration credit names no author of the text
            continue
        names.append(part)
    return _dedupe(names)


def looks_like_name_list(text: str) -> bool:
    """True when every name in an author string looks like a person's name."""
    names = split_authors(text)
    return bool(names) and all(_looks_like_name(n) for n in names)


def _looks_like_name(text: str) -> bool:
    """True for "Jane Doe", "J. R. Smith", "Ahmet al-Hassan", "Leyla van der Berg"."""
    words = text.split()
    if not 1 <= len(words) <= 5:
        return False
    capitalised = 0
    for word in words:
        if word.lower() in _NAME_PARTICLES:
            continue
        if not word[0].isupper():
            return False
        capitalised += 1
    return capitalised >= 1


_BYLINE_LABEL = re.compile(
    r"^\s*(?:by|written by|posted by|author|authors|autor|autorin|von|par|por|published|posted"
    r"|veröffentlicht|publié|publicado)\b",
    re.I,
)
_SEGMENT_SEPARATORS = re.compile(r"\s*[|•·]\s*|\s+[–—]\s+(?=\D)")


def _page_byline(soup: BeautifulSoup, ignore: Callable[[Tag], bool] | None) -> tuple[list[str], str | None]:
    """Authors and date from the first by-line/date line printed on the page.

    Old and small CMSs print "Published: 09.09.2024 | Author: Jane Doe"
    above the text and nothing in the markup. Only short text nodes that
    start with such a label are read, outside page furniture.
    """
    authors: list[str] = []
    date_text: str | None = None
    for string in strings_matching(soup, _BYLINE_LABEL, limit=40):
        parent = string.parent
        if not isinstance(parent, Tag) or parent.name in ("script", "style", "title", "a", "option"):
            continue
        line = _normalise_spaces(parent.get_text(" ", strip=True))
        if len(line) > 200 or (ignore and ignore(parent)):
            continue
        for segment in _SEGMENT_SEPARATORS.split(line):
            byline = parse_byline(segment)
            if byline and not authors:
                authors = byline[0]
                date_text = date_text or byline[1]
            elif date_text is None and _DATE_LABEL.match(segment) and _YEAR.search(segment):
                date_text = segment
        if authors and date_text:
            break
    return authors, date_text


_AUTHOR_ELEMENT_CLASS = re.compile(
    r"^(?:[\w-]*[-_])?(?:author|byline|autor|auteur|autore|verfasser)(?:[-_]?name)?$"
    r"|^(?:vcard|fn)$",
    re.I,
)
_AUTHOR_ITEMPROP = re.compile(r"^(?:author|creator)$", re.I)
_AUTHOR_REL = re.compile(r"^author$", re.I)
_AUTHOR_PAGE_LINK = re.compile(r"/(?:author|authors|autor|autoren|auteur|autore)/[^/?#]+/?(?:[?#]|$)", re.I)
_NOT_AN_AUTHOR = re.compile(
    r"^(?:admin|administrator|editor|redaktion|name|posted|unknown|anonymous|guest|author|autor|share|by|von|"
    r"comments?|kommentare?|reply|antworten|wordpressadmin|super user)$",
    re.I,
)
_MAX_AUTHOR_TEXT = 80
# Words that make a name an organisation's or an editorial desk's, not a person's.
_ORGANISATION = re.compile(
    r"\b(?:gmbh|ag|e\.?\s?v|inc|ltd|llc|s\.?a|verlag|verband|media|medien|news|online|magazin|magazine|"
    r"zeitung|redaktion|redaccion|redacción|rédaction|editorial|team|blog|group|gruppe)\b",
    re.I,
)


def _markup_authors(soup: BeautifulSoup, ignore: Callable[[Tag], bool] | None) -> tuple[list[str], str | None]:
    """Authors named by the markup: microdata, rel="author", author classes, author-page links.

    Blogs and small CMSs print the author as a link or a classed span near
    the title ("Posted by <a rel=author>gnaddrig</a>") and declare nothing in
    <meta> or JSON-LD. These elements say they hold an author, so a single
    word (a user name) counts here, unlike in free text. Tried in order of
    how explicitly the markup says "author"; the first usable one outside
    page furniture wins.
    """
    finders = (
        ("microdata", lambda: with_attribute(soup, "itemprop", _AUTHOR_ITEMPROP)),
        ("rel-author", lambda: with_attribute(soup, "rel", _AUTHOR_REL, ("a", "link", "span"))),
        ("author-class", lambda: with_attribute(soup, "class", _AUTHOR_ELEMENT_CLASS)),
        ("author-link", lambda: with_attribute(soup, "href", _AUTHOR_PAGE_LINK, "a")),
    )
    for source, find in finders:
        for element in find()[:20]:
            if ignore and ignore(element):
                continue
            names = _element_authors(element)
            if names:
                return names, source
    return [], None


def _element_authors(element: Tag) -> list[str]:
    """Names in an element that declares an author, or [] when it holds something else."""
    if element.name in ("meta", "link"):
        text = element.get("content") if element.name == "meta" else None
    else:
        inner = element.find(attrs={"itemprop": "name"}) or element.find(class_=re.compile(r"^(?:fn|name)$"))
        if isinstance(inner, Tag):
            element = inner
        text = element.get("content") or element.get_text(" ", strip=True)
    if not isinstance(text, str):
        return []
    text = _normalise_spaces(text)
    if not text or len(text) > _MAX_AUTHOR_TEXT or _is_url(text) or _CREDIT.match(text):
        return []
    names = [n for n in split_authors(text) if not _NOT_AN_AUTHOR.match(n)]
    if not names or not all(_looks_like_author(n) for n in names):
        return []
    return names


def _looks_like_author(name: str) -> bool:
    """A person's name or a user name: few words, no sentence punctuation."""
    words = name.split()
    return 1 <= len(words) <= 4 and not re.search(r"[.!?:]\s|[:!?]$|[<>{}=]", name) and not name.islower() or (
        len(words) == 1 and len(name) >= 2
    )


def without_site_names(names: list[str], site_names: list[str]) -> list[str]:
    """Author names without the site's own name: a publisher credited as author is not a person.

    JSON-LD and <meta> often name the site ("Lakeside Review", "lakeside.org")
    where no person is credited; that is no author, and a real by-line lower
    in the order of trust may still name one.
    """
    keys = {_key(name) for name in site_names if _key(name)}
    return [name for name in names if not _names_site(name, keys)]


_NOT_A_PERSON = re.compile(
    r"^(?:admin|administrator|webmaster|editor|editors|name|posted|unknown|anonymous|guest|author|"
    r"autor|autorin|share|shares|comments?|kommentare?|reply|antworten|wordpressadmin|super user|publisher|"
    r"datum|date|follow|human|user|gesponserte inhalte|sponsored|advertorial|anzeige)$",
    re.I,
)
# Degrees and titles written after a name and split off by its comma ("Jane Doe, PhD").
_CREDENTIAL = re.compile(
    r"^(?:ph\.?\s?d|m\.?\s?d|mba|m\.?\s?sc|b\.?\s?sc|rdn?|m\.?a|m\.?s|ll\.?m|cfa|cpa|jr|sr|esq)\.?$", re.I
)
# Words printed before a name in by-line links ("Interview: Jane Doe", "Zum Profil von jdoe").
_NAME_LABEL = re.compile(r"^(?:interview|text|zum profil von|profil von|profile of|[\w-]*experte?)\s*:?\s+", re.I)


def clean_authors(names: list[str]) -> list[str]:
    """Author names without placeholders, credentials, labels and doubled text.

    CMSs fill empty author fields with "admin", "Unknown" or "publisher";
    by-line links repeat the name ("Jane Doe Jane Doe", visible text and a
    hidden copy) or prefix a label. None of that is a name.
    """
    cleaned = []
    for name in names:
        name = _NAME_LABEL.sub("", _normalise_spaces(name)).strip()
        words = name.split()
        half = len(words) // 2
        if half and len(words) % 2 == 0 and words[:half] == words[half:]:
            name = " ".join(words[:half])
        if not name or _NOT_A_PERSON.match(name) or _CREDENTIAL.match(name):
            continue
        cleaned.append(name)
    return _dedupe(cleaned)


def _without_publisher_names(names: list[str], site_names: list[str]) -> list[str]:
    """Markup authors without the site's name, except on sites named after the author.

    An element that says it holds the author ("Posted by <a rel=author>")
    naming the site is, on a personal blog, the blogger: the blog carries
    the writer's name or user name. Only a name that also looks like an
    organisation or a domain is dropped.
    """
    return [
        name for name in names
        if without_site_names([name], site_names) or not (_ORGANISATION.search(name) or "." in name)
    ]


def _json_ld_authors(value: Any, nodes: dict[str, dict]) -> list[str]:
    """Person names from a JSON-LD author value: text, Person, @id reference, or lists of these."""
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            if not _is_url(item):
                names.extend(split_authors(item))
            continue
        if not isinstance(item, dict):
            continue
        if set(item) <= {"@id", "@type"} and item.get("@id") in nodes:
            item = nodes[item["@id"]]
        if "organization" in _types(item) and "person" not in _types(item):
            continue
        name = item.get("name")
        if isinstance(name, list):
            name = name[0] if name else None
        if isinstance(name, str) and not _is_url(name):
            names.extend(split_authors(name))
    return _dedupe(names)


# ---------------------------------------------------------------- titles


def strip_site_name(title: str, site_names: Iterable[str], headings: Iterable[str] = ()) -> str:
    """Drop the site's name from "Title | Site", "Site - Title" and the like.

    A part is dropped when it names the site (its name or its host), or
    when the other part is the page's own <h1>; with the unambiguous "|" a
    short trailing part is dropped even if unnamed, but never with dashes
    alone, which are common inside real titles.
    """
    heading_keys = {_key(h) for h in headings if _key(h)}
    for separator in _TITLE_SEPARATORS:
        for part in title.split(separator) if separator in title else ():
            if _key(part) in heading_keys:
                return part.strip()
    keys = {_key(name) for name in site_names if _key(name)}
    changed = True
    while changed:
        changed = False
        for separator in _TITLE_SEPARATORS:
            if separator not in title:
                continue
            head, _, tail = title.rpartition(separator)
            first, _, rest = title.partition(separator)
            if _names_site(tail, keys) and head.strip():
                title, changed = head.strip(), True
            elif _names_site(first, keys) and rest.strip():
                title, changed = rest.strip(), True
            elif separator == " | " and len(tail.split()) <= 4 and len(head) > len(tail):
                title, changed = head.strip(), True
            if changed:
                break
    return title


def _names_site(part: str, keys: set[str]) -> bool:
    key = _key(part)
    if not key:
        return False
    return any(key == k or (len(k) >= 4 and (k in key or key in k) and len(key) <= len(k) + 12) for k in keys)


def _clean_title(title: str | None, page: PageMetadata) -> str | None:
    if not title:
        return None
    title = _normalise_spaces(title)
    title = strip_site_name(title, page.site_names, page.headings)
    return title or None


def _site_names(meta: dict[str, list[str]], nodes: dict[str, dict], base_url: str | None) -> list[str]:
    """Every name the site goes by: declared names and the host's main label."""
    names = [value for key in _META_SITE_KEYS for value in meta.get(key, [])]
    for node in nodes.values():
        types = _types(node)
        if "website" in types or "organization" in types or "newsmediaorganization" in types:
            names.extend(_as_strings(node.get("name")))
        publisher = node.get("publisher")
        if isinstance(publisher, dict):
            names.extend(_as_strings(publisher.get("name")))
    if base_url:
        host = re.sub(r"^[a-z]+://", "", base_url).split("/")[0].split(":")[0]
        labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
        if len(labels) >= 2:
            names.append(labels[-2] if len(labels[-1]) <= 3 else labels[-1])
            names.append(".".join(labels))
    return _dedupe([n.lstrip("@") for n in names if n])


# ---------------------------------------------------------------- raw page readers


def _meta_values(soup: BeautifulSoup) -> dict[str, list[str]]:
    """All <meta> values keyed by lower-cased name/property/itemprop, in page order."""
    values: dict[str, list[str]] = {}
    for tag in named(soup, "meta"):
        content = tag.get("content")
        if not isinstance(content, str) or not content.strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if isinstance(key, str) and key.strip():
                values.setdefault(key.strip().lower(), []).append(content.strip())
    return values


def _json_ld_nodes(soup: BeautifulSoup) -> dict[str, dict]:
    """Every JSON-LD object on the page (flattening @graph and lists), keyed by @id or position."""
    nodes: dict[str, dict] = {}

    def visit(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            key = value.get("@id") if isinstance(value.get("@id"), str) else f"_:{len(nodes)}"
            if key in nodes:
                nodes[key] = {**value, **nodes[key]}
            else:
                nodes[key] = value
            visit(value.get("@graph"))

    for script in with_attribute(soup, "type", _JSON_LD_TYPE, "script"):
        raw = script.string or script.get_text()
        try:
            visit(json.loads(raw.strip().rstrip(";"), strict=False))
        except (ValueError, AttributeError):
            continue
    return nodes


def _ranked_nodes(nodes: dict[str, dict]) -> list[dict]:
    """Article-type JSON-LD objects first, then page-type objects."""
    articles = [n for n in nodes.values() if _types(n) & _ARTICLE_TYPES]
    pages = [n for n in nodes.values() if _types(n) & _PAGE_TYPES]
    return articles + pages


def _types(node: dict) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.lower().rsplit("/", 1)[-1] for v in values if isinstance(v, str)}


def _base_url(soup: BeautifulSoup, canonical: str | None, meta: dict[str, list[str]]) -> str | None:
    """The URL relative links resolve against: <base>, then canonical, then og:url."""
    base = next((tag for tag in named(soup, "base") if tag.get("href") is not None), None)
    if isinstance(base, Tag) and str(base["href"]).startswith(("http://", "https://")):
        return str(base["href"])
    if canonical and canonical.startswith(("http://", "https://")):
        return canonical
    for value in meta.get("og:url", []):
        if value.startswith(("http://", "https://")):
            return value
    return None


def _canonical_href(soup: BeautifulSoup) -> str | None:
    """The address of the first <link rel="canonical" href=…>."""
    link = next((tag for tag in with_attribute(soup, "rel", _CANONICAL, "link") if tag.get("href") is not None), None)
    return str(link["href"]) if link is not None else None


_CANONICAL = re.compile(r"\Acanonical\Z")
_JSON_LD_TYPE = re.compile(r"ld\+json", re.I)


# ---------------------------------------------------------------- small helpers


def _as_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, dict) and isinstance(value.get("@value"), str):
        return [value["@value"]]
    return []


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _is_url(value: str) -> bool:
    return bool(re.match(r"^\s*(?:https?:|www\.|/)", value))


def _normalise_spaces(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _dedupe(names: list[str]) -> list[str]:
    seen, result = set(), []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            result.append(name)
    return result
