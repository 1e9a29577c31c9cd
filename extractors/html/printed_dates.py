"""Dates a reader sees on a web page, with where they are printed.

Markup dates (JSON-LD, ``<meta>``, ``<time datetime>``) are written by the
CMS and are often not the date the page shows: the time an old article was
re-indexed, the UTC day of a late-evening story, a template's build date, or
the date of a page that prints no date at all. What a reader sees is the
date printed next to the title and by-line. So this module finds every date
printed in the page's visible text, in the common written forms of many
languages, and records for each its position relative to the main heading,
whether it sits in page furniture (related lists, comments, sidebars,
footers, quotations) and whether a label calls it an update rather than the
publication. Dates that are part of the headline or of a sentence ("seit dem
1. Januar gilt ...") are what the text is about, not date lines.

Month names come from dateparser's locale data for the page's language (and
a few common ones), so no language needs a hand-written table. Only dates
with a day, a month and a four-digit year count: "March 2024" or "12.03."
state no day.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag

from extractors.common.calendar import MONTH_NAMES
from extractors.html.page_search import named, strings

__all__ = [
    "PrintedDate",
    "PrintedDates",
    "find_printed_dates",
    "is_furniture",
    "main_heading",
    "month_names",
    "reads_month_first",
]

# Languages whose month names are always tried (after the page's own):
# pages often lack a lang attribute or print dates in English regardless.
_DEFAULT_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk", "pl", "cs", "tr", "sv", "da")
_HIDDEN_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "option",
    "select",
    "svg",
    "button",
}
_NOT_TEXT = (Comment, Doctype, ProcessingInstruction)
# No web page was published before the web existed: printed dates earlier
# than this are dates the text talks about (births, wars, founding years).
_EARLIEST_WEB_DATE = dt.date(1991, 8, 1)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)

# A label just before a date that says it is not the publication date.
# Not German "Stand:" ("as of"): news and government pages print it as the
# date line of the text shown, often their only printed date.
_UPDATE_LABEL = re.compile(
    r"(?:updated?|last\s+updated|modified|edited|revised|aktualisiert|geändert|bearbeitet|"
    r"mis\s+à\s+jour|modifié|actualizado|modificado|actualizada|atualizado|aggiornato|bijgewerkt)"
    r"\W{0,3}(?:on|am|le|el|em|il|op|:)?\W{0,3}$",
    re.I,
)

# A label just before a date that names it the publication date. A bare
# "Date:" counts too, unless a word such as "Update" or "Birth" qualifies it.
_PUBLISHED_LABEL = re.compile(
    r"(?<!update\s)(?<!updated\s)(?<!modified\s)(?<!birth\s)(?<!event\s)"
    r"\b(?:published|posted|publiziert|veröffentlicht|erschienen|datum|date|publié|publicado|pubblicato|gepubliceerd)"
    r"\W{0,3}(?:on|am|le|el|em|il|op|:)?\W{0,3}$",
    re.I,
)


@dataclass(frozen=True)
class PrintedDate:
    """One date as printed: its value, place in the visible text, and context."""

    date: dt.date
    offset: int  # character offset in the page's visible text
    text: str
    furniture: bool  # inside related lists, comments, sidebars, site header/footer
    updated: bool  # labelled as an update/modification
    alternative: dt.date | None = None  # the other reading of an ambiguous 03/04/2024
    # Part of a sentence or a range ("seit dem 1. Januar 2022 gilt", "valid
    # until ..."): a date the text talks about, not a date line.
    mentioned: bool = False
    # Introduced by a label that names it the publication date ("Published
    # on", "Veröffentlicht:", "Erschienen am", "Date:"): the page's own
    # explicit statement, stronger than a bare date next to the heading.
    labelled: bool = False


@dataclass
class PrintedDates:
    """All printed dates of a page and where its main heading is."""

    dates: list[PrintedDate]
    heading_offset: int | None  # start of the main <h1> in the visible text
    text_length: int
    text: str = ""  # the visible text itself, for checking that other values are printed
    node_starts: list[int] = field(default_factory=list)  # where each text node starts in ``text``
    heading_end: int | None = None  # end of the main heading's text
    _folded: str | None = field(default=None, repr=False)

    def prints(self, phrase: str) -> bool:
        """True when ``phrase`` appears in the visible text (case and spacing aside)."""
        if self._folded is None:
            self._folded = _fold(self.text)
        wanted = " ".join(_fold(phrase).split())
        return bool(wanted) and wanted in self._folded

    def contains(self, day: dt.date) -> PrintedDate | None:
        """The first printed date that reads as ``day`` (either reading of 03/04/2024), outside furniture first."""
        for furniture in (False, True):
            for printed in self.dates:
                if printed.furniture == furniture and day in (printed.date, printed.alternative):
                    return printed
        return None

    def near_heading(self, *, before: int, after: int, updated: bool = False) -> PrintedDate | None:
        """The first date line outside furniture from ``before`` chars above the heading to ``after`` below.

        A page without an <h1> is measured from its start: the by-line of
        such pages is still printed near the top. Dates in the headline
        itself ("Results of 19.5.2007") and dates mentioned in a sentence
        name what the article is about, not when it appeared.
        """
        anchor = self.heading_offset if self.heading_offset is not None else 0
        for printed in self.dates:
            if (
                printed.furniture
                or printed.updated != updated
                or printed.mentioned
                or self.in_heading(printed)
            ):
                continue
            if anchor - before <= printed.offset <= anchor + after:
                return printed
        return None

    def labelled_publication(self) -> PrintedDate | None:
        """The first date the page labels as its publication ("Published on ..."), outside furniture.

        Such a label is the page's own statement of when the text appeared,
        so it counts wherever the page prints it: many templates put the
        date line after the text, far from the heading.
        """
        for printed in self.dates:
            if printed.labelled and not (
                printed.furniture or printed.updated or printed.mentioned or self.in_heading(printed)
            ):
                return printed
        return None

    def in_heading(self, printed: PrintedDate) -> bool:
        """True when the date is part of the main heading's words ("Results, 19.5.2007").

        A date in an element of its own inside the heading (``<h1>Title
        <small>02.02.2022</small></h1>``) is the heading's date line, not
        part of the headline.
        """
        if self.heading_offset is None or self.heading_end is None:
            return False
        if not self.heading_offset <= printed.offset < self.heading_end:
            return False
        index = bisect.bisect_right(self.node_starts, printed.offset) - 1
        start = self.node_starts[index] if index >= 0 else 0
        end = self.node_starts[index + 1] if index + 1 < len(self.node_starts) else len(self.text)
        node_text = self.text[start:end].replace(printed.text, " ")
        return any(ch.isalpha() for ch in node_text)


def find_printed_dates(
    soup: BeautifulSoup,
    *,
    languages: Iterable[str] = ("en",),
    fetched_at: dt.date | None = None,
    furniture: Callable[[Tag], bool] | None = None,
    heading: Tag | None = None,
) -> PrintedDates:
    """Every full date printed in the page's visible text, in reading order."""
    root = soup.body if isinstance(soup.body, Tag) else soup
    pieces: list[str] = []
    starts: list[int] = []
    parents: list[Tag] = []
    heading_offset = heading_end = None
    hidden_cache: dict[int, bool] = {}
    length = 0
    for string in strings(root):
        if isinstance(string, _NOT_TEXT) or not isinstance(string, NavigableString):
            continue
        parent = string.parent
        if not isinstance(parent, Tag) or _hidden(parent, hidden_cache):
            continue
        text = " ".join(str(string).translate(_INVISIBLE).split())
        if not text:
            continue
        if heading is not None and heading_end is None:
            if _inside(parent, heading):
                heading_offset = length if heading_offset is None else heading_offset
            elif heading_offset is not None:
                heading_end = length  # the first text after the heading's own
        starts.append(length)
        pieces.append(text)
        parents.append(parent)
        length += len(text) + 1
    visible = unicodedata.normalize("NFC", " ".join(pieces))
    if len(visible) != max(length - 1, 0):  # NFC changed lengths: offsets would drift
        visible = " ".join(pieces)
    if heading_offset is not None and heading_end is None:
        heading_end = length
    latest = fetched_at or dt.date.today()
    boxes = frozenset(id(p) for p in heading.parents) if heading is not None else frozenset()
    own_article = heading.find_parent("article") if heading is not None else None
    own_box = _article_box(heading) if heading is not None else None
    furniture_cache: dict[int, bool] = {}
    dates: list[PrintedDate] = []
    for match in _date_pattern(_language_key(languages)).finditer(visible):
        readings = _readings(match, _language_key(languages))
        readings = [r for r in readings if _EARLIEST_WEB_DATE <= r <= latest]
        if not readings:
            continue
        index = bisect.bisect_right(starts, match.start()) - 1
        parent = parents[max(index, 0)]
        key = id(parent)
        if key not in furniture_cache:
            furniture_cache[key] = (
                furniture(parent) if furniture else is_furniture(parent, boxes, own_article, own_box)
            )
        before = visible[max(0, match.start() - 40) : match.start()]
        dates.append(
            PrintedDate(
                date=readings[0],
                offset=match.start(),
                text=match.group(0),
                furniture=furniture_cache[key],
                updated=bool(_UPDATE_LABEL.search(before)),
                labelled=bool(_PUBLISHED_LABEL.search(before)),
                alternative=readings[1] if len(readings) > 1 else None,
                mentioned=_mentioned(before, *_same_node_context(visible, starts, index, match)),
            )
        )
    return PrintedDates(
        dates=dates,
        heading_offset=heading_offset,
        heading_end=heading_end,
        text_length=len(visible),
        text=visible,
        node_starts=starts,
    )


# A date after "since", "until", "from ... on" or as the end of a range
# ("09.-11. September") bounds a period the text talks about.
_RANGE_BEFORE = re.compile(
    r"(?:\b(?:seit|ab|bis|since|until|till|through|desde|hasta|depuis|jusqu['’]au|sinds|vanaf|tot|fino\s+al"
    r"|a\s+partire\s+dal|à\s+partir\s+du)(?:\s+(?:dem|zum|den|the|el|le|al|du|au|de))?\W{0,3}"
    r"|\d{1,2}\.?\s?[-–]\s?)$",
    re.I,
)
# Words skipped when looking for the word before a date: weekday names,
# prepositions and articles ("findet am Mi. 5. Februar", "met on the 3rd").
_SKIPPED_BEFORE = re.compile(
    r"^(?:am|an|on|le|el|em|il|op|den|dem|der|the|de|del|du|of|at|om|i|w|vom|"
    r"mo|di|mi|do|fr|sa|so|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)$",
    re.I,
)
# Labels of a date line: lower-cased in "published on", still no sentence.
_DATE_LINE_WORDS = re.compile(
    r"^(?:published|posted|updated|modified|created|written|released|dated?|"
    r"veröffentlicht|erschienen|aktualisiert|geändert|erstellt|geschrieben|publiziert|eingestellt|datum|stand|"
    r"publié|mis|actualizado|publicado|pubblicato|aggiornato|gepubliceerd)$",
    re.I,
)
# What follows a date in a date line: its time, the author, the category.
_DATE_LINE_FOLLOWERS = {
    "um",
    "at",
    "à",
    "a",
    "alle",
    "by",
    "von",
    "par",
    "por",
    "di",
    "door",
    "in",
    "uhr",
    "h",
    "om",
}


def _same_node_context(visible: str, starts: list[int], index: int, match: re.Match) -> tuple[str, str]:
    """Up to 40 characters before and after a date, within the text node that holds it."""
    node_start = starts[index] if index >= 0 else 0
    node_end = starts[index + 1] - 1 if index + 1 < len(starts) else len(visible)
    return (
        visible[max(node_start, match.start() - 40) : match.start()],
        visible[match.end() : min(node_end, match.end() + 40)],
    )


def _mentioned(window_before: str, before: str, after: str) -> bool:
    """A date inside a sentence or bounding a range, not printed as a date line.

    Date lines put the date after a name, a place or a label ("Redaktion am
    3. Februar 2022 um 21:17", "Berlin, 29. November 2022.") and the body
    text after it; a sentence runs through it, with a lower-case word on
    both sides in the same run of text ("und am 30.01.2013 feierte das
    Ensemble"). Words in neighbouring elements (a heading above, "share"
    buttons below) are not the date's sentence, so ``before`` and ``after``
    stop at the text node; ``window_before`` (for range words such as
    "gültig seit:") may reach into the previous element.
    """
    if _RANGE_BEFORE.search(window_before):
        return True
    words_before = [w.strip(".,;:()") for w in before.split()]
    while words_before and (not words_before[-1] or _SKIPPED_BEFORE.match(words_before[-1])):
        words_before.pop()
    if not words_before:
        return False
    previous = words_before[-1]
    if not (previous.isalpha() and previous.islower()) or _DATE_LINE_WORDS.match(previous):
        return False
    words_after = after.split()
    following = words_after[0] if words_after else ""
    return following.isalpha() and following.islower() and following not in _DATE_LINE_FOLLOWERS


def _inside(tag: Tag, ancestor: Tag) -> bool:
    """``tag`` is ``ancestor`` or below it (by identity: equal-looking elements are not the same)."""
    return tag is ancestor or any(parent is ancestor for parent in tag.parents)


def _hidden(tag: Tag, cache: dict[int, bool]) -> bool:
    """Text a reader does not see: scripts, styles, hidden elements (memoised per element)."""
    path: list[Tag] = []
    result = False
    node: Tag | None = tag
    while isinstance(node, Tag) and node.name not in ("body", "html", "[document]"):
        if id(node) in cache:
            result = cache[id(node)]
            break
        path.append(node)
        if (
            node.name in _HIDDEN_TAGS
            or node.has_attr("hidden")
            or re.search(r"display\s*:\s*none", str(node.get("style") or ""), re.I)
        ):
            result = True
            break
        node = node.parent
    for seen in path:
        cache[id(seen)] = result
    return result


# Class/id words of boxes that list or discuss other things than the article:
# their dates belong to other stories, comments, or the site. A class token
# counts when it starts with such a word, possibly after one prefix part
# ("td-related-posts"), but not after layout modifiers ("with-sidebar",
# "right-sidebar"), which describe the page around the article.
_FURNITURE_WORDS = (
    "related",
    "relatedposts",
    "recommend",
    "recommended",
    "recommendations",
    "popular",
    "mostread",
    "most-read",
    "mostviewed",
    "most-viewed",
    "trending",
    "sidebar",
    "teaserlist",
    "teaser-list",
    "teasers",
    "morestories",
    "more-stories",
    "more-articles",
    "comment",
    "comments",
    "commentlist",
    "kommentar",
    "kommentare",
    "discussion",
    "disqus",
    "respond",
    "replies",
    "footer",
    "breadcrumb",
    "breadcrumbs",
    "newsletter",
    "archive",
    "archiv",
    "calendar",
    "kalender",
    "pagination",
    "navigation",
    "navbar",
    "menu",
)
_FURNITURE_TOKEN = re.compile(
    r"^(?:[a-z0-9]{1,12}[-_])?(?:" + "|".join(re.escape(w) for w in _FURNITURE_WORDS) + r")(?:$|[-_])", re.I
)
_LAYOUT_PREFIXES = {
    "has",
    "with",
    "no",
    "without",
    "is",
    "show",
    "hide",
    "left",
    "right",
    "one",
    "two",
    "three",
    "page",
    "layout",
    "template",
    "body",
    "sidebar",
}
# ... nor tokens naming a container of the box and the content ("sticky-sidebar-parent").
_LAYOUT_SUFFIXES = {"parent", "wrap", "wrapper", "container", "layout", "active", "open", "enabled", "page"}


def is_furniture(
    tag: Tag,
    article_boxes: frozenset[int] = frozenset(),
    own_article: Tag | None = None,
    own_box: Tag | None = None,
) -> bool:
    """Inside navigation, a quotation, an aside, the site footer, or a related/comment/sidebar box.

    Narrower than the listing detector's widget test on purpose: blog
    engines wrap the article itself in "widget" or "header" classes, and the
    article's own date line must not be discarded with the furniture. A box
    that holds the page's main heading holds the article, so it is never
    furniture whatever its class says; nor is a "footer" or "sidebar" box
    inside the article box that holds the heading (``own_box``): CMSs print
    the article's date and author in such an "entry-footer".
    """
    for node in (tag, *tag.parents):
        if (
            not isinstance(node, Tag)
            or node.name in ("body", "html", "[document]")
            or id(node) in article_boxes
        ):
            return False
        if node.name in ("nav", "blockquote") or node.get("role") in ("navigation", "contentinfo"):
            return True  # a quotation (an embedded post, a cited text) carries the quoted item's date
        if node.name in ("aside", "footer") or node.get("role") == "complementary":
            # The article's own <aside>/<footer> holds its by-line and date;
            # one outside the article is the site's.
            # When the heading sits outside any <article> (a page-title block
            # above it), the <article> below holds its body and by-line.
            article = node.find_parent("article")
            if article is None or (own_article is not None and article is not own_article):
                return True
        names = [
            name for name in [*(node.get("class") or []), str(node.get("id") or "")] if _furniture_name(name)
        ]
        if names and not (
            own_box is not None and all(map(_names_a_position, names)) and _inside(node, own_box)
        ):
            return True
    return False


def _names_a_position(name: str) -> bool:
    """Class words that say where a box sits ("entry-footer", "sidebar__item"), not what it lists.

    Inside the article's own box such a box holds the article's date line
    and by-line; words naming content ("related", "comments") hold other
    things wherever they sit.
    """
    lowered = name.lower()
    return "footer" in lowered or "sidebar" in lowered


# Class/id tokens of a box holding one article ("article", "post",
# "news-single", "blog-entry"), as CMSs without <article> tags write it.
_ARTICLE_BOX = re.compile(r"^(?:[a-z]+[-_])?(?:article|post|entry|hentry|story|single)$", re.I)


def _article_box(heading: Tag) -> Tag | None:
    """The nearest box around the heading that holds one article: <article> or an article class."""
    for node in heading.parents:
        if not isinstance(node, Tag) or node.name in ("body", "html", "[document]"):
            return None
        names = [*(node.get("class") or []), str(node.get("id") or "")]
        if node.name == "article" or any(_ARTICLE_BOX.match(name) for name in names):
            return node
    return None


def _furniture_name(name: str) -> bool:
    if not name or not _FURNITURE_TOKEN.match(name):
        return False
    parts = re.split(r"[-_]+", name.lower())
    if parts[-1] in _LAYOUT_SUFFIXES:
        return False
    return parts[0] not in _LAYOUT_PREFIXES or parts[0] == "sidebar"


def main_heading(soup: BeautifulSoup, title: str | None = None) -> Tag | None:
    """The article's own heading: the <h1> that matches the title, else the first <h1>.

    Many sites make the logo an <h1> at the top of every page, and old blog
    templates print the post title as an <h2>/<h3>; matching the declared
    title finds the real one in both cases.
    """
    h1s = [h for h in named(soup, "h1", limit=20) if h.get_text(strip=True)]
    wanted = _title_key(title or "")
    if wanted:  # a heading that repeats the title is the article's, whatever box it sits in
        for candidate in h1s + named(soup, ("h2", "h3"), limit=60):
            key = _title_key(candidate.get_text(" "))
            if key and (key == wanted or (len(key) >= 12 and key in wanted)):
                return candidate
    return next((h for h in h1s if not is_furniture(h)), None)


def _title_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", _fold(text)))


# ---------------------------------------------------------------- the scanner


def _language_key(languages: Iterable[str]) -> tuple[str, ...]:
    ordered: list[str] = []
    for code in (*languages, *_DEFAULT_LANGUAGES):
        if code and code not in ordered:
            ordered.append(code)
    return tuple(ordered)


@functools.lru_cache(maxsize=32)
def month_names(languages: tuple[str, ...]) -> dict[str, int]:
    """Month name (case-folded, without a trailing dot) -> month number, first language wins.

    The names are dateparser's locale data, so every language it knows is
    covered; a name that means different months in two languages keeps the
    meaning of the language listed first (the page's own).
    """
    from dateparser.languages import default_loader

    keys = MONTH_NAMES
    names: dict[str, int] = {}
    for code in languages:
        try:
            info = default_loader.get_locale(code).info
        except Exception:  # a language dateparser does not know
            continue
        for number, key in enumerate(keys, 1):
            for name in info.get(key, []):
                folded = _fold(name).rstrip(".")
                if len(folded) >= 3 and not folded.isdigit():
                    names.setdefault(folded, number)
    return names


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


_DAY = r"(?P<{}>0?[1-9]|[12]\d|3[01])"
_YEAR4 = r"(?P<{}>(?:19|20)\d\d)"


@functools.lru_cache(maxsize=32)
def _date_pattern(languages: tuple[str, ...]) -> re.Pattern:
    """One regex for the written forms of a full date.

    Numeric: 2024-03-09, 09.03.2024, 09.03.24, 09/03/2024 (both readings kept when
    ambiguous), 2024/03/09, 2024年3月9日. In words: 9 March 2024, 9. März
    2024, 9 de marzo de 2024, March 9, 2024, Mar. 9th 2024.
    """
    months = sorted(month_names(languages), key=len, reverse=True)
    month = "(?P<{}>" + "|".join(re.escape(m) for m in months) + r")\.?"
    ordinal = r"(?:st|nd|rd|th|er|º|°)?"
    forms = [
        rf"(?<![\d.]){_YEAR4.format('iy')}-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])(?!\d)",
        rf"(?<![\d.]){_YEAR4.format('sy')}[/.](?P<sm>0?[1-9]|1[0-2])[/.](?P<sd>0?[1-9]|[12]\d|3[01])(?![\d/])",
        rf"{_YEAR4.format('cy')}\s?年\s?(?P<cm>0?[1-9]|1[0-2])\s?月\s?(?P<cd>0?[1-9]|[12]\d|3[01])\s?日",
        rf"(?<![\d.]){_DAY.format('nd')}\s?[.-]\s?(?P<nm>0?[1-9]|1[0-2])\s?[.-]\s?{_YEAR4.format('ny')}(?![\d.]\d)",
        rf"(?<![\d.]){_DAY.format('td')}\.(?P<tm>0[1-9]|1[0-2])\.(?P<ty>[0-3]\d)(?![\d.]|\.\d)",
        rf"(?<![\d/]){_DAY.format('ad')}/(?P<am>0?[1-9]|1[0-2]|1[3-9]|2\d|3[01])/{_YEAR4.format('ay')}(?!\d)",
        rf"(?<![\w.]){_DAY.format('wd')}{ordinal}\.?\s?(?:de\s|of\s)?{month.format('wm')}"
        rf"(?:,?\s|\s?de\s|-)\s?{_YEAR4.format('wy')}(?!\d)",
        rf"(?<!\w){month.format('vm')}\s{_DAY.format('vd')}{ordinal}(?:,\s?|\s){_YEAR4.format('vy')}(?!\d)",
    ]
    # Every form has a digit at most a month name and two characters in: a
    # lookahead that asks for one lets the scan skip digit-free prose without
    # trying each form at each character (half the time of this function).
    digit_ahead = rf"(?=\D{{0,{len(months[0]) + 2}}}\d)"
    return re.compile(digit_ahead + "(?:" + "|".join(f"(?:{f})" for f in forms) + ")", re.I)


def prints_full_date(text: str, languages: tuple[str, ...]) -> bool:
    """True when ``text`` prints a full calendar date (day, month and year) in any written form."""
    return _date_pattern(_with_english(languages)).search(text) is not None


def _with_english(languages: tuple[str, ...]) -> tuple[str, ...]:
    return languages if "en" in languages else (*languages, "en")


def reads_month_first(languages: tuple[str, ...] | None) -> bool:
    """True when an ambiguous 03/04/2024 is read month first: on American-English pages only.

    Plain "en" stands for American English; British and other day-first
    English pages come as "en-gb", "en-au", ... (see ``page_languages``).
    """
    return not languages or languages[0] == "en"


def _readings(match: re.Match, languages: tuple[str, ...]) -> list[dt.date]:
    """The date(s) a match states: one, or two for an ambiguous a/b/yyyy."""
    g = match.groupdict()
    names = month_names(languages)

    def make(year, month, day) -> dt.date | None:
        try:
            return dt.date(int(year), int(month), int(day))
        except (TypeError, ValueError):
            return None

    if g["iy"]:
        found = [make(g["iy"], g["im"], g["id"])]
    elif g["sy"]:
        found = [make(g["sy"], g["sm"], g["sd"])]
    elif g["cy"]:
        found = [make(g["cy"], g["cm"], g["cd"])]
    elif g["ty"]:
        found = [make(2000 + int(g["ty"]), g["tm"], g["td"])]  # "28.01.22": two-digit years are this century
    elif g["ny"]:
        found = [make(g["ny"], g["nm"], g["nd"])]
    elif g["ay"]:
        first, second = int(g["ad"]), int(g["am"])
        day_first = make(g["ay"], second, first)
        month_first = make(g["ay"], first, second)
        found = [month_first, day_first] if reads_month_first(languages) else [day_first, month_first]
    elif g["wy"]:
        found = [make(g["wy"], names.get(_fold(g["wm"]).rstrip(".")), g["wd"])]
    else:
        found = [make(g["vy"], names.get(_fold(g["vm"]).rstrip(".")), g["vd"])]
    unique: list[dt.date] = []
    for value in found:
        if value is not None and value not in unique:
            unique.append(value)
    return unique
