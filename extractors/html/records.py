"""What a page declares about its article: the records the HTML metadata readers fill."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from extractors.html.printed_dates import PrintedDates


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
