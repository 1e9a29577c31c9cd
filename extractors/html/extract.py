"""HTML bytes -> one Article per article on the page.

A page is either one article (the common case: trafilatura finds the main
text) or a listing of several (``extractors.html.listing`` finds the blocks, and
each is read on its own). Either way the body goes through the same cleaning,
because the same chrome turns up in both: by-lines, image file names shown as
alt text, "Click here to download PDF", "Published in <category>" and "Read
more..." lines. What that chrome says (authors, category) is kept as metadata
rather than thrown away.

The text returned is what every character offset downstream refers to, so it
is normalised once, here: NFC, no non-breaking or invisible spaces, single
spaces, paragraphs separated by one blank line, headings as paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from dataclasses import dataclass, field

import trafilatura
from bs4 import (
    BeautifulSoup,
    Comment,
    Doctype,
    MarkupResemblesLocatorWarning,
    NavigableString,
    ProcessingInstruction,
    Tag,
    XMLParsedAsHTMLWarning,
)
from lxml import etree
from trafilatura.utils import load_html

from core.errors import ExtractionError
from core.records import Article
from extractors.common.text import word_key
from extractors.html.encoding import decode_html
from extractors.html.listing import ListingItem, find_listing_items, inside_widget
from extractors.html.metadata import (
    DatedValue,
    PageMetadata,
    clean_authors,
    page_metadata,
    parse_byline,
    parse_date,
    split_authors,
    strip_site_name,
    without_site_names,
)
from extractors.html.printed_bylines import byline_near_heading

__all__ = ["VERSION", "extract_html", "clean_paragraphs", "normalise_text"]

# Raised whenever the same bytes give different records, so that
# `dossier reextract` rebuilds the sources an older version made.
# 0.2: labelled publication dates, day-first English, day-only date lines.
# 0.3: a near-empty precise reading is checked against the whole page's.
# 0.4: a page whose og:type names one thing (a product, a video) is not a listing.
VERSION = "html-0.5"

# ---------------------------------------------------------------- text normalisation

_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\t\r\f\v"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"), None)
# Control characters (C0 but tab and newline, DEL, C1) are never text: they
# come from bad bytes or from cp1252's unassigned slots.
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), *range(0x7F, 0xA0)], None)
_INVISIBLE.update(_CONTROLS)
_GARBAGE = re.compile("[\ufffd" + "".join(re.escape(chr(code)) for code in _CONTROLS) + "]")
# Share of undecodable or control characters above which the input is taken
# to be binary data rather than a page.
_MAX_GARBAGE_SHARE = 0.1
_RUNS_OF_SPACES = re.compile(r" {2,}")


def normalise_text(text: str) -> str:
    """NFC, plain spaces for no-break and invisible ones, no empty lines, trimmed lines.

    Non-breaking spaces look like spaces to a reader but not to a tokenizer
    or a search; soft hyphens and zero-width spaces are invisible and only
    split words. Printed hyphens are left exactly as they are.
    """
    text = unicodedata.normalize("NFC", text).translate(_SPACES).translate(_INVISIBLE)
    lines = (_RUNS_OF_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- chrome lines

_FILE_NAME = re.compile(
    r"^[\w()\[\]+~.,-]+(?: [\w()\[\]+~.,-]+){0,5}\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic|pdf|docx?)$",
    re.I,
)
_STOCK_IMAGE_NAME = re.compile(
    r"^(?:shutterstock|getty ?images|istock(?:photo)?|adobe ?stock|depositphotos|dreamstime|alamy)"
    r"[\s_-]*\d[\w.-]*$"
    r"|^(?:img|dsc|dscn|pxl)[_-]?\d[\w.-]*$"
    r"|^screen ?shot[\s_-]+\d{4}-\d\d-\d\d(?:[\s_]at[\s_][\d.]+(?:[\s_]?[AP]M)?)?(?: \(\d+\))?$",
    re.I,
)
_DOWNLOAD_LINE = re.compile(
    r"^(?:click|tap) here\b.{0,80}$"
    r"|^(?:download|view|open)\b[^.!?]{0,40}\b(?:pdf|full text|file)\b[^.!?]{0,20}$"
    r"|^\(?pdf(?:,? [\d.,]+ ?[kmg]b)?\)?$",
    re.I,
)
_READ_MORE_LINE = re.compile(
    r"^(?:read more|continue reading|read the full (?:story|article|text|report)|read full (?:story|article))"
    r"\b.{0,120}$"
    r"|^(?:more|mehr|weiterlesen|lire la suite|leer más)\W*$",
    re.I,
)
_CATEGORY_LINE = re.compile(
    r"^(?:published in|posted in|filed under:?)\s+(?P<category>[^\W\d][^.!?\n]{0,59})$", re.I
)
# A label whose value was removed with its element ("Posted in", "Tags:").
_LONE_LABEL = re.compile(
    r"^(?:published in|posted in|filed under|categories|category|tags|share)\s*:?$", re.I
)
_BYLINE_WINDOW = 3  # by-lines are printed above the text: look at the first paragraphs only


@dataclass
class CleanText:
    """A body after cleaning, and what its chrome lines said."""

    text: str
    authors: list[str] = field(default_factory=list)
    byline_date: str | None = None
    category: str | None = None


def clean_paragraphs(paragraphs: list[str], languages: tuple[str, ...] = ("en",)) -> CleanText:
    """Normalise paragraphs and drop chrome lines, keeping what they say.

    Works line by line because chrome often shares a paragraph with content
    (an image and its "Click here" link separated only by <br>). By-lines
    and date lines count only at the top, where they are printed.
    """
    result = CleanText(text="")
    kept: list[str] = []
    for paragraph in paragraphs:
        lines = []
        for line in normalise_text(paragraph).split("\n"):
            if not line:
                continue
            category = _CATEGORY_LINE.match(line)
            if category:
                result.category = result.category or category.group("category").strip()
                continue
            if _is_chrome(line):
                continue
            if len(kept) < _BYLINE_WINDOW and not lines and not result.authors:
                byline = parse_byline(line)
                if byline:
                    result.authors, result.byline_date = byline
                    continue
            if len(kept) < _BYLINE_WINDOW and not lines and result.byline_date is None:
                if _is_date_line(line, languages):
                    result.byline_date = line
                    continue
            lines.append(line)
        if lines:
            kept.append("\n".join(lines))
    result.text = "\n\n".join(kept)
    return result


_DATE_LINE = re.compile(
    r"^(?:(?:published|posted|dated?|created|veröffentlicht|publié|publicado)(?:\s+(?:on|am|le|el))?\s*:?\s*)?"
    r"[\w .,/-]{0,30}\b(?:1[89]|20)\d\d\b[\w .,:/-]{0,20}$",
    re.I,
)


def _is_date_line(line: str, languages: tuple[str, ...]) -> bool:
    """A line that only states a date ("14 March 2024", "Posted on 3.4.2024").

    Only a full day counts: a short line naming a year or a month ("Elections
    in 2024", "Mitte Januar 2022 hat") is a headline or a line of the text.
    """
    if len(line) > 50 or len(line.split()) > 7 or not _DATE_LINE.match(line):
        return False
    parsed = parse_date(line, languages=languages, fetched_at=dt.date.max)
    return parsed is not None and parsed[1] == "day"


def _is_chrome(line: str) -> bool:
    if len(line) > 200:
        return False
    return bool(
        _LONE_LABEL.match(line)
        or _FILE_NAME.match(line)
        or _STOCK_IMAGE_NAME.match(line)
        or _DOWNLOAD_LINE.match(line)
        or _READ_MORE_LINE.match(line)
    )


# ---------------------------------------------------------------- entry point


def extract_html(
    data: bytes,
    *,
    content_type: str | None = None,
    fetched_at: dt.date | None = None,
) -> list[Article]:
    """One Article per article on the page: several for a listing page, else one.

    Raises ExtractionError for empty input, binary data, or a page with no
    readable text; stray bad bytes in a page never raise (they decode to
    U+FFFD). ``fetched_at`` caps every date (today when not given).
    """
    if not data or not data.strip():
        raise ExtractionError("empty HTML document")
    if _looks_binary(data):
        raise ExtractionError("not an HTML document: binary data")
    text, encoding = decode_html(data, content_type)
    if not text.strip():
        raise ExtractionError("empty HTML document")
    if _garbage_share(text) > _MAX_GARBAGE_SHARE:
        raise ExtractionError(f"not an HTML document: binary data (decoded as {encoding})")
    try:
        articles = _extract(text, fetched_at)
    except RecursionError as error:
        raise ExtractionError("HTML document nested too deeply to read") from error
    for article in articles:
        article.metadata["encoding"] = encoding
    return articles


def _extract(text: str, fetched_at: dt.date | None) -> list[Article]:
    with warnings.catch_warnings():
        # XHTML served as HTML, or a page that is only a URL: parsed as HTML on purpose.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    page = page_metadata(soup, fetched_at=fetched_at, ignore=inside_widget)
    articles = _listing_articles(soup, page, fetched_at)
    return articles or [_single_article(text, soup, page, fetched_at)]


_TEXT_CONTROL_BYTES = {0x09, 0x0A, 0x0C, 0x0D, 0x1B}  # tab, newlines, form feed, ISO-2022 escape


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes: an image, archive or PDF, not a page.

    UTF-16 and UTF-32 pages are full of NULs but start with a byte-order mark.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROL_BYTES)
    return controls > 0.05 * len(sample)


def _garbage_share(text: str) -> float:
    sample = text[:20_000]
    bad = len(_GARBAGE.findall(sample))
    return bad / len(sample)


# ---------------------------------------------------------------- one-article pages


def _single_article(
    text: str, soup: BeautifulSoup, page: PageMetadata, fetched_at: dt.date | None
) -> Article:
    """The page's main text (trafilatura), with metadata in order of trust."""
    document, cleaned, extractor = None, CleanText(text=""), "trafilatura"
    tree = _tree_without_furniture(text)
    precise_words = 0  # what the first, most precise reading found
    for extractor, precision, tables in _TRAFILATURA_PASSES:  # noqa: B007 (the last pass names the source)
        attempt = _trafilatura(
            tree, fetched_at, precision=precision, tables=tables, metadata=document is None
        )
        if document is None:
            document = attempt
        cleaned = _clean_body(attempt, page.languages)
        if extractor == "trafilatura":
            precise_words = _word_count(cleaned.text)
        if cleaned.text:
            break
    if extractor == "trafilatura" and _word_count(cleaned.text) < _SHORT_BODY_WORDS:
        balanced = _clean_body(
            _trafilatura(tree, fetched_at, precision=False, tables=False, metadata=False), page.languages
        )
        if _word_count(cleaned.text) < _MIN_SHARE_OF_BALANCED * _word_count(balanced.text):
            cleaned, extractor = balanced, "trafilatura-balanced"
    if precise_words < _TINY_BODY_WORDS and _prose_words(cleaned.text) < _FEW_PROSE_WORDS:
        whole = _clean_body(
            _trafilatura(load_html(text), fetched_at, precision=False, tables=False, metadata=False),
            page.languages,
        )
        headline = page.title or (document.title if document is not None else None)
        if _reads_better(whole.text, cleaned.text, _title_words(headline)):
            cleaned, extractor = whole, "trafilatura-whole-page"
    if not cleaned.text:
        cleaned = clean_paragraphs(_soup_paragraphs(_main_region(soup), tables=True), page.languages)
        extractor = "paragraphs"
    if not cleaned.text:
        raise ExtractionError("no extractable text in HTML document")

    article = Article(text=cleaned.text, doc_type="html", extractor_version=VERSION)
    meta = article.metadata
    meta["body_extractor"] = extractor

    if page.title:
        article.title, meta["title_source"] = page.title, page.title_source
    elif document is not None and document.title:
        article.title = (
            strip_site_name(normalise_text(document.title), page.site_names, page.headings) or None
        )
        meta["title_source"] = "trafilatura" if article.title else None
    article.text = _without_title(article.text, article.title)

    candidates = [
        (page.authors, page.authors_source),
        (cleaned.authors, "byline"),
        (page.byline_authors, "page-byline"),
        (page.markup_authors, f"markup:{page.markup_authors_source}"),
        (byline_near_heading(page.printed, page.languages) if page.printed else [], "printed-byline"),
        (page.meta_authors, page.meta_authors_source),
    ]
    if document is not None and document.author:
        candidates.append(
            (without_site_names(split_authors(document.author), page.site_names), "trafilatura")
        )
    for authors, source in candidates:
        authors = clean_authors(authors)
        if _unseen_source(source) and page.printed is not None:
            # A name only the markup knows is often the site owner or the
            # account that uploaded the page, not a by-line a reader sees.
            authors = [name for name in authors if page.printed.prints(name)]
        if authors:  # a source naming only placeholders ("admin") gives way to the next
            article.authors, meta["authors_source"] = authors, source
            break

    # No fallback to trafilatura's date: page_metadata has weighed every date
    # the page prints or declares, and when it finds none, "undated" is the
    # answer; trafilatura's guess would only overrule it.
    published = (
        page.published or _dated(cleaned.byline_date, "byline", page, fetched_at) or page.byline_published
    )
    _set_date(article, published)

    if cleaned.category:
        article.category, meta["category_source"] = cleaned.category, "published-in-line"
    if page.site_names:
        meta["site_name"] = page.site_names[0]
    return article


def _unseen_source(source: str | None) -> bool:
    """Author sources that read markup a reader never sees: JSON-LD, <meta>, trafilatura's guess."""
    return source is not None and (source in ("json-ld", "trafilatura") or source.startswith("meta:"))


def _without_title(text: str, title: str | None) -> str:
    """Drop a leading paragraph that repeats the title: the title is metadata, not body.

    Offsets downstream refer to the body, and a headline repeated at its top
    would make every article start with a sentence that is not in it.
    """
    if not title:
        return text
    first, separator, rest = text.partition("\n\n")
    if rest and word_key(first) == word_key(title):
        return rest
    return text


def _clean_body(document, languages: tuple[str, ...]) -> CleanText:
    if document is None or document.body is None:
        return CleanText(text="")
    return clean_paragraphs(_xml_paragraphs(document.body), languages)


# Precision first; when that finds nothing, the page is unusual rather than
# empty: let trafilatura keep more, then keep layout tables (old sites put
# the whole page in a <table>, which include_tables=False throws away).
_TRAFILATURA_PASSES = (
    ("trafilatura", True, False),
    ("trafilatura-balanced", False, False),
    ("trafilatura-tables", False, True),
)


# Precision mode sometimes keeps only a stub of a short article (a teaser
# box, a caption) where the balanced mode finds the whole of it. A body far
# shorter than what the balanced mode finds is taken to be such a stub; long
# bodies are never second-guessed (and cost no second pass).
_SHORT_BODY_WORDS = 400
_MIN_SHARE_OF_BALANCED = 0.3


def _word_count(text: str) -> int:
    return len(text.split())


# When the precise reading finds (almost) nothing, the furniture filter below
# may have removed the article with the furniture: markup left unclosed puts
# a whole article inside a <nav>; a live report's class is
# "live-match-comments"; a post's class list says "comments-open". What
# trafilatura then chose among the rest was page furniture: a league table, a
# score bar, a disclaimer, or nothing. Such a body, if it has little prose, is
# checked against trafilatura's reading of the whole page, taken when it holds
# several times the prose and is as much about the headline. Prose: words in
# lines of at least six words ending in sentence punctuation, which a table
# row, a menu item or a headline in a list never are. On the development pages
# of the shared sets (benchmarks/main_text.py) this found the article on 4
# pages that had a table, a score bar, a disclaimer or nothing instead.
_TINY_BODY_WORDS = 50
_FEW_PROSE_WORDS = 150
_MIN_PROSE_WORDS = 50
_PROSE_GAIN = 3
_PROSE_LINE_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?\u2026:;]['\"\u201d\u2019\u00bb)\]]*$")


def _reads_better(candidate: str, chosen: str, title: set[str]) -> bool:
    """``candidate`` is the article rather than ``chosen``: several times its prose, and as much about the title.

    The title test keeps what is about the page when the rest of the page is
    prose about something else (a newsletter form, a cookie notice).
    """
    if _prose_words(candidate) < max(_MIN_PROSE_WORDS, _PROSE_GAIN * _prose_words(chosen)):
        return False
    return _title_share(candidate, title) >= _title_share(chosen, title)


def _title_words(title: str | None) -> set[str]:
    """The headline's words of four letters or more, case-folded (the ones that say what it is about)."""
    return {word.casefold() for word in re.findall(r"\w{4,}", title or "")}


def _title_share(text: str, title: set[str]) -> float:
    if not title:
        return 0.0
    words = {word.casefold() for word in re.findall(r"\w{4,}", text)}
    return len(title & words) / len(title)


def _prose_words(text: str) -> int:
    """Words in lines that read as sentences (six words or more, ending in sentence punctuation)."""
    total = 0
    for line in text.split("\n"):
        count = len(line.split())
        if count >= _PROSE_LINE_WORDS and _SENTENCE_END.search(line.rstrip()):
            total += count
    return total


def _tree_without_furniture(text: str):
    """The page as an lxml tree without navigation and related/most-read/comment boxes.

    trafilatura drops these from the body on its own, but reads its metadata
    from the whole page first, and a "most read" box is full of other
    articles' dates. Only unambiguous furniture is removed. Falls back to
    the text when no tree can be built (trafilatura then tries itself).
    """
    tree = load_html(text)  # trafilatura's own parser settings: results differ with lxml's defaults
    if tree is None:
        return text
    doomed = [el for el in tree.iter() if isinstance(el.tag, str) and _is_furniture(el)]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return tree


# Not <aside>: many sites print the article's own date and author in one.
_FURNITURE_TAGS = {"nav"}
_FURNITURE_NAME = re.compile(
    r"^(?!(?:has|no|with|without|show|hide|is)[-_])(?:[\w-]*[-_])?"
    r"(?:related|most-?read|most-?popular|popular-posts|recommended|comments?)(?:[-_][\w-]*)?$",
    re.I,
)


def _is_furniture(element) -> bool:
    if element.tag in _FURNITURE_TAGS:
        return True
    if element.tag in ("html", "body"):  # page-type classes such as "pageLayout--related"
        return False
    names = (element.get("class") or "").split() + (element.get("id") or "").split()
    return any(_FURNITURE_NAME.match(name) for name in names)


def _trafilatura(tree, fetched_at: dt.date | None, *, precision: bool, tables: bool, metadata: bool = True):
    """trafilatura's main-text extraction, precision first, with its metadata when asked.

    Only the first pass's metadata is read (a title or author fallback), and
    trafilatura's metadata search (with its date search) costs as much as a
    fifth of a pass, so later passes skip it. The date search is kept to
    markup (no guessing from free text or URLs) and capped at the fetch date,
    because a date the page does not state is worse than none.
    """
    params = {"extensive_search": False, "original_date": True}
    if fetched_at is not None:
        params["max_date"] = fetched_at.isoformat()
    try:
        return trafilatura.bare_extraction(
            tree,
            favor_precision=precision,
            include_comments=False,
            include_tables=tables,
            include_images=False,
            with_metadata=metadata,
            date_extraction_params=params,
        )
    except Exception:  # trafilatura/lxml fail on some malformed trees; fall back to our own reading
        return None


_XML_LEAF_BLOCKS = {"p", "head", "item", "code", "quote", "cell"}
_XML_CONTAINERS = {"list", "table", "row", "div", "main", "body", "doc", "quote", "item", "cell"}


def _xml_paragraphs(body: etree._Element) -> list[str]:
    """Paragraph texts from trafilatura's XML body; <lb/> becomes a line break.

    trafilatura sometimes leaves loose text as the tail of the block before
    it (a paragraph right after a heading); that text is a paragraph too.
    """
    paragraphs: list[str] = []

    def is_block(element: etree._Element) -> bool:
        return element.tag in _XML_LEAF_BLOCKS or element.tag in _XML_CONTAINERS

    def render(element: etree._Element, parts: list[str]) -> None:
        """Inline text of one block; nested blocks are left to walk()."""
        if element.text:
            parts.append(element.text)
        for child in element:
            if isinstance(child.tag, str) and is_block(child):
                continue
            if child.tag == "lb":
                parts.append("\n")
            elif isinstance(child.tag, str):
                render(child, parts)
            if child.tail:
                parts.append(child.tail)

    def walk(element: etree._Element) -> None:
        inline_done = element.tag in _XML_LEAF_BLOCKS  # its inline text is already a paragraph
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if is_block(child):
                if child.tag in _XML_LEAF_BLOCKS:
                    parts: list[str] = []
                    render(child, parts)
                    paragraphs.append("".join(parts))
                if child.tag in _XML_CONTAINERS:
                    walk(child)
            elif inline_done or child.tag == "lb":
                continue
            else:
                parts = []
                render(child, parts)
                paragraphs.append("".join(parts))
            if child.tail and child.tail.strip():
                paragraphs.append(child.tail)

    walk(body)
    return paragraphs


def _main_region(soup: BeautifulSoup) -> Tag:
    """Where to read paragraphs when trafilatura finds nothing: <article>, <main>, or the body."""
    for name in ("article", "main"):
        found = soup.find(name)
        if isinstance(found, Tag) and not inside_widget(found):
            return found
    return soup.body if isinstance(soup.body, Tag) else soup


# ---------------------------------------------------------------- listing pages


def _listing_articles(soup: BeautifulSoup, page: PageMetadata, fetched_at: dt.date | None) -> list[Article]:
    """One Article per listing block; empty when the page is not a listing.

    Page-level metadata is not inherited: a listing's JSON-LD, title and
    dates describe the page, and its date is typically the newest item's.
    """
    items = find_listing_items(soup, page.base_url, page.languages)
    articles = [a for a in (_item_article(item, page, fetched_at) for item in items) if a is not None]
    return articles if len(articles) >= 2 else []


def _item_article(item: ListingItem, page: PageMetadata, fetched_at: dt.date | None) -> Article | None:
    cleaned = clean_paragraphs(_soup_paragraphs(item.body), page.languages)
    if not cleaned.text:
        return None
    article = Article(
        text=cleaned.text,
        doc_type="html",
        source_item=item.source_item,
        title=item.title,
        permalink=item.permalink,
        extractor_version=VERSION,
    )
    meta = article.metadata
    meta["body_extractor"] = "listing-block"
    if item.title:
        meta["title_source"] = "item-title"

    element_authors = clean_authors(split_authors(item.author_text))
    if element_authors:
        article.authors, meta["authors_source"] = element_authors, "item-author-element"
    elif cleaned.authors:
        article.authors, meta["authors_source"] = cleaned.authors, "byline"

    source = "item-time-element" if item.date_from_attribute else "item-date-element"
    published = _dated(item.date_text, source, page, fetched_at)
    published = published or _dated(cleaned.byline_date, "byline", page, fetched_at)
    _set_date(article, published)

    if item.category:
        article.category, meta["category_source"] = item.category, "item-category-element"
    elif cleaned.category:
        article.category, meta["category_source"] = cleaned.category, "published-in-line"
    return article


# ---------------------------------------------------------------- paragraphs from markup

_SKIPPED_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "embed",
    "img",
    "picture",
    "video",
    "audio",
    "source",
    "figure",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "aside",
    "head",
    "title",
    "meta",
    "link",
}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "caption",
    "hr",
    "address",
    "details",
    "summary",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "body",
    "html",
    "center",
}
_NOT_TEXT = (Comment, Doctype, ProcessingInstruction)


def _soup_paragraphs(root: Tag, *, tables: bool = False) -> list[str]:
    """Paragraph texts of a fragment, one per block element; <br> becomes a line break.

    Used for listing blocks, where trafilatura's page-level heuristics do
    not apply (a two-sentence teaser is the whole article), and as the last
    resort for pages where trafilatura finds nothing. Tables are skipped
    unless asked for, as trafilatura is told to skip them.
    """
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        if text.strip():
            paragraphs.append(text)

    # An explicit stack rather than recursion: real pages nest thousands deep.
    stack = [iter(root.children)]
    closes_block = [False]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if closes_block.pop():
                flush()
            continue
        if isinstance(child, NavigableString):
            if not isinstance(child, _NOT_TEXT):
                buffer.append(re.sub(r"\s+", " ", str(child)))
            continue
        if not isinstance(child, Tag) or child.name in _SKIPPED_TAGS:
            continue
        if child.name == "table" and not tables:
            continue
        if child.name == "br":
            buffer.append("\n")
            continue
        is_block = child.name in _BLOCK_TAGS
        if is_block:
            flush()
        stack.append(iter(child.children))
        closes_block.append(is_block)
    flush()
    return paragraphs


# ---------------------------------------------------------------- dates


def _dated(
    text: str | None, source: str, page: PageMetadata, fetched_at: dt.date | None
) -> DatedValue | None:
    parsed = parse_date(text, languages=page.languages, fetched_at=fetched_at)
    return DatedValue(parsed[0], parsed[1], source) if parsed else None


def _set_date(article: Article, published: DatedValue | None) -> None:
    if published is None:
        return
    article.published = published.date
    article.published_precision = published.precision
    article.metadata["date_source"] = published.source
