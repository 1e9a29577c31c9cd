"""What a web page says about itself: title, authors, publication date.

Pages state the same facts in several places that are not equally reliable.
Structured data written for search engines (JSON-LD, then ``<meta>`` tags) is
produced by the CMS from its own database and is the most trustworthy;
``<time datetime>`` is machine-readable but may belong to anything; by-lines
and date lines in the text are what a reader sees but must be parsed; a
generic extractor's guess comes last. Every value keeps the name of the place
it came from, so a wrong value can be traced to its cause.

Dates and authors are then checked against what the page prints (see
``extractors.html.printed_dates``): a markup date that the page contradicts with
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
from collections.abc import Callable

from bs4 import BeautifulSoup, Tag

from extractors.html.authors import (
    _json_ld_authors,
    _markup_authors,
    _page_byline,
    _without_publisher_names,
    clean_authors,
    looks_like_name_list,
    parse_byline,
    split_authors,
    without_site_names,
)
from extractors.html.markup import (
    _ARTICLE_TYPES,
    _as_strings,
    _base_url,
    _canonical_href,
    _dedupe,
    _first,
    _is_url,
    _json_ld_nodes,
    _meta_values,
    _ranked_nodes,
    _types,
)
from extractors.html.page_dates import (
    _DAY_FIRST_ENGLISH,
    _first_date,
    _is_home_page,
    _own_urls,
    _time_element_date,
    _url_date,
    parse_date,
)
from extractors.html.page_search import named
from extractors.html.printed_dates import PrintedDates, find_printed_dates, main_heading
from extractors.html.records import DatedValue, PageMetadata
from extractors.html.titles import _clean_title, _site_names, strip_site_name

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
    "page_languages",
]


_META_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "article.published",
    "date",
)


_META_AUTHOR_KEYS = (
    "author",
    "article:author",
    "citation_author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
    "twitter:creator:name",
)


_META_TITLE_KEYS = ("og:title", "twitter:title", "citation_title", "dc.title", "dcterms.title")


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
            result.authors = without_site_names(
                _json_ld_authors(article.get("author"), nodes), result.site_names
            )
            result.authors_source = source if result.authors else None
        if result.published is None:
            for key in ("datePublished", "dateCreated"):
                result.published = _first_date(
                    _as_strings(article.get(key)), source, result.languages, fetched_at
                )
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
