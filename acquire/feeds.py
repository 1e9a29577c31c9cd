"""Index documents -> the article URLs they list: RSS and Atom feeds, sitemaps, listing pages.

Pure functions over bytes. The XML comes from servers we do not control, so
the parser never resolves entities, never reads a DTD and never touches the
network: a feed cannot expand into gigabytes ("billion laughs") or make the
parser read a local file or an internal URL (XXE). It runs in recovery mode
because real feeds are often slightly broken (a stray ``&``, an undeclared
prefix), and a broken feed with readable items is still worth its items.

Links are made absolute against ``xml:base`` where the document sets it and
otherwise against the URL the document was fetched from.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import io
import re
import warnings
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from core.errors import ExtractionError

__all__ = [
    "FeedError",
    "FeedItem",
    "Sitemap",
    "SitemapUrl",
    "listing_links",
    "looks_like_feed",
    "looks_like_sitemap",
    "parse_feed",
    "parse_sitemap",
]

ATOM = "http://www.w3.org/2005/Atom"
_DC = "http://purl.org/dc/elements/1.1/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# The sitemaps.org limit for one sitemap, uncompressed: also our cap on
# gunzipping one, so a small .gz cannot inflate without bound.
_MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_SNIFF_BYTES = 65_536
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class FeedError(ExtractionError):
    """Bytes that are not the feed or sitemap they were expected to be."""


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None
    published: dt.date | None
    guid: str  # the feed's own identity for the item; its URL when it gives none


@dataclass(frozen=True)
class SitemapUrl:
    url: str
    lastmod: dt.date | None


@dataclass
class Sitemap:
    urls: list[SitemapUrl] = field(default_factory=list)  # pages (a urlset)
    sitemaps: list[str] = field(default_factory=list)  # child sitemaps (a sitemap index)


# --- feeds ----------------------------------------------------------------


def looks_like_feed(data: bytes) -> bool:
    """True when the document's root element is an RSS or Atom feed."""
    root = _root_name(data)
    return root is not None and (root[1] == "rss" or root == (ATOM, "feed") or root == (_RDF, "RDF"))


def looks_like_sitemap(data: bytes) -> bool:
    """True for an XML sitemap or sitemap index (gzipped or not)."""
    root = _root_name(_gunzip(data[:_SNIFF_BYTES], sniff=True))
    return root is not None and root[1] in ("urlset", "sitemapindex")


def parse_feed(data: bytes, base_url: str) -> list[FeedItem]:
    """The items of an RSS 2.0, RSS 1.0 or Atom feed, in feed order; items without a link are skipped."""
    root = _parse(data, base_url, "feed")
    name, ns = etree.QName(root).localname, etree.QName(root).namespace
    if name == "feed":
        entries, read = root.iter(f"{{{ns}}}entry" if ns else "entry"), _atom_entry
    elif name in ("rss", "RDF"):
        entries, read = (el for el in root.iter() if _localname(el) == "item"), _rss_item
    else:
        raise FeedError(f"not an RSS or Atom feed (root element <{name}>)")
    return [item for item in (read(entry, base_url) for entry in entries) if item is not None]


def _rss_item(item: etree._Element, base_url: str) -> FeedItem | None:
    """RSS 2.0 (no namespace) and RSS 1.0 (its own namespace) items share their element names."""
    base = item.base or base_url
    guid_el = _own(item, "guid")
    guid = _text(guid_el)
    link = _text(_own(item, "link"))
    if not link and guid and (guid_el.get("isPermaLink") or "true").strip().lower() != "false":
        link = guid
    link = link or item.get(f"{{{_RDF}}}about")
    if not link:
        return None
    url = urljoin(base, link)
    date_text = _text(_own(item, "pubDate")) or _text(item.find(f"{{{_DC}}}date"))
    return FeedItem(url, _title(_own(item, "title")), _date(date_text), guid or url)


def _atom_entry(entry: etree._Element, base_url: str) -> FeedItem | None:
    link = _atom_link(entry)
    if link is None:
        return None
    url = urljoin(link.base or base_url, link.get("href", "").strip())
    # Atom 1.0 says published/updated; the older Atom 0.3 said issued/modified.
    dates = (_text(_own(entry, name)) for name in ("published", "updated", "issued", "modified"))
    date_text = next((text for text in dates if text), None)
    return FeedItem(url, _title(_own(entry, "title")), _date(date_text), _text(_own(entry, "id")) or url)


def _atom_link(entry: etree._Element) -> etree._Element | None:
    """The entry's web page: rel="alternate" (the default), HTML preferred over other types."""
    links = [
        el
        for el in entry
        if _localname(el) == "link"
        and el.get("href", "").strip()
        and etree.QName(el).namespace == etree.QName(entry).namespace
    ]
    alternates = [el for el in links if (el.get("rel") or "alternate").strip() == "alternate"]
    html_first = sorted(alternates, key=lambda el: (el.get("type") or "text/html") not in _HTML_TYPES)
    return (html_first or links or [None])[0]


# --- sitemaps -------------------------------------------------------------


def parse_sitemap(data: bytes, base_url: str) -> Sitemap:
    """Pages of a ``urlset`` or child sitemaps of a ``sitemapindex``; gzipped and plain-text sitemaps too."""
    data = _gunzip(data)
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _text_sitemap(data, base_url)
    root = _parse(data, base_url, "sitemap")
    name = etree.QName(root).localname
    if name not in ("urlset", "sitemapindex"):
        raise FeedError(f"not a sitemap (root element <{name}>)")
    sitemap = Sitemap()
    for entry in root:
        loc = _text(_own(entry, "loc"))
        if not loc:
            continue
        url = urljoin(entry.base or base_url, loc)
        if name == "urlset" and _localname(entry) == "url":
            sitemap.urls.append(SitemapUrl(url, _date(_text(_own(entry, "lastmod")))))
        elif name == "sitemapindex" and _localname(entry) == "sitemap":
            sitemap.sitemaps.append(url)
    return sitemap


def _text_sitemap(data: bytes, base_url: str) -> Sitemap:
    """The sitemaps.org text format: one absolute URL per line, nothing else."""
    lines = data.decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    urls = [line.strip() for line in lines if line.strip()]
    if not urls or any(urlsplit(u).scheme not in ("http", "https") for u in urls):
        raise FeedError("not a sitemap (neither XML nor one URL per line)")
    return Sitemap(urls=[SitemapUrl(urljoin(base_url, u), None) for u in urls])


def _gunzip(data: bytes, *, sniff: bool = False) -> bytes:
    """Undo gzip (a ``.xml.gz`` sitemap), refusing to inflate past the sitemap limit.

    When only sniffing, inflate just enough to see the root element and never fail.
    """
    if data[:2] != b"\x1f\x8b":
        return data
    limit = _SNIFF_BYTES if sniff else _MAX_SITEMAP_BYTES
    try:
        out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, limit + 1)
    except zlib.error as error:
        if sniff:
            return b""
        raise FeedError(f"damaged gzip data: {error}") from error
    if len(out) > limit and not sniff:
        raise FeedError(f"sitemap inflates past {limit:,} bytes")
    return out


# --- listing pages --------------------------------------------------------


def listing_links(data: bytes, base_url: str, content_type: str | None = None) -> list[str]:
    """Permalinks of the articles on a listing page, in page order (empty for a one-article page).

    Uses the same block detection that splits listing pages into articles at
    extraction time, so "following" a listing reads the articles the page
    itself shows, not its menus or "most read" boxes.
    """
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

    from extractors.html.encoding import decode_html
    from extractors.html.listing import find_listing_items

    text, _ = decode_html(data, content_type)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    links = [item.permalink for item in find_listing_items(soup, base_url) if item.permalink]
    return list(dict.fromkeys(urljoin(base_url, link) for link in links))


# --- shared ---------------------------------------------------------------


def _parser() -> etree.XMLParser:
    # A new parser per document: lxml parsers keep state and are not meant to be shared across threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


def _parse(data: bytes, base_url: str, what: str) -> etree._Element:
    if not data or not data.strip():
        raise FeedError(f"empty {what}")
    try:
        root = etree.fromstring(data, _parser(), base_url=base_url)
    except etree.XMLSyntaxError as error:
        raise FeedError(f"not an XML {what}: {error}") from error
    if root is None:
        raise FeedError(f"not an XML {what}")
    return root


def _root_name(data: bytes) -> tuple[str | None, str] | None:
    """(namespace, local name) of the first element, reading no further than needed."""
    try:
        events = etree.iterparse(
            io.BytesIO(data[:_SNIFF_BYTES]),
            events=("start",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        for _event, element in events:
            name = etree.QName(element)
            return name.namespace, name.localname
    except etree.XMLSyntaxError:
        return None
    return None


def _localname(el: etree._Element) -> str | None:
    return etree.QName(el).localname if isinstance(el.tag, str) else None


def _own(el: etree._Element, name: str) -> etree._Element | None:
    """The child called ``name`` in the element's own namespace (not media:title or itunes:title)."""
    ns = etree.QName(el).namespace
    return el.find(f"{{{ns}}}{name}" if ns else name)


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    text = " ".join("".join(el.itertext()).split())
    return text or None


def _title(el: etree._Element | None) -> str | None:
    """Atom allows escaped HTML in titles (type="html"): show it as the reader would see it."""
    text = _text(el)
    if text and el is not None and (el.get("type") or "").strip() == "html":
        text = " ".join(html.unescape(re.sub(r"<[^>]*>", "", text)).split()) or None
    return text


_W3C_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _date(text: str | None) -> dt.date | None:
    """RFC 822 (RSS) or W3C/ISO 8601 (Atom, sitemaps) as the calendar date the publisher wrote.

    The date is taken in the publisher's own time zone, the way an article
    prints it; a year or a month alone gives its first day.
    """
    if not text:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    match = _W3C_PARTIAL.match(text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
        except ValueError:
            return None
    return None
