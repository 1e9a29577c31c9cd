"""Listing pages: one page, several articles, each its own document.

Blogs, journals and CMS category pages print several articles one after the
other, each in a block made from the same template: same tag, same class,
with a by-line, a date or a "read more" link. Generic main-text extractors
merge them into one text, which attaches one author and one date to four
articles' worth of sentences. Here we find those blocks and read each one's
own fields.

The danger is the opposite mistake: calling an ordinary article page a
listing because of its "related stories" or "most read" boxes, its comments,
or a menu. So a block only counts when it holds real paragraph text and at
least one sign of being an article, and never when it sits inside page
furniture.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

from extractors.html.metadata import looks_like_name_list, parse_byline
from extractors.html.page_search import named
from extractors.html.printed_dates import prints_full_date

__all__ = ["ListingItem", "find_listing_items", "inside_widget", "declares_single_article"]

_BLOCK_TAGS = ("article", "div", "section", "li")
_MIN_ITEMS = 2
_MIN_PARAGRAPH_CHARS = 40  # shorter <p>s are labels, captions or links
_MIN_TEXT_CHARS = 300  # a single-paragraph teaser must be at least this long
_MAX_LINK_SHARE = 0.5  # above this a block is a link list, not an article

# Class/id words that mark page furniture. Matched at the start of a class
# token or of one of its dash/underscore parts ("td-related-posts",
# "mostRead", "sidebar-left"), but not after layout modifiers such as
# "has-sidebar" or "no-comments", which describe the page, not a widget.
_WIDGET_WORDS = (
    "related",
    "mostread",
    "most-read",
    "mostpopular",
    "mostviewed",
    "popular",
    "sidebar",
    "widget",
    "recommend",
    "teaserlist",
    "teaser-list",
    "trending",
    "morestories",
    "more-stories",
    "alsoread",
    "readnext",
    "read-next",
    "comment",
    "promo",
    "newsletter",
    "breadcrumb",
    "navbar",
    "menu",
    "share",
    "social",
    "outbrain",
    "taboola",
    "review",
    "rating",
    "testimonial",
    "bewertung",
    "kommentar",
    "reply",
    "carousel",
    "slider",
)
# Site header and footer: only as whole class names or ids, because an
# article's own "entry-header" holds its title and date.
_WIDGET_NAMES = {
    "header",
    "footer",
    "site-header",
    "site-footer",
    "page-header",
    "page-footer",
    "masthead",
    "banner",
    "global-header",
    "global-footer",
}
_LAYOUT_MODIFIERS = {
    "has",
    "with",
    "no",
    "without",
    "is",
    "show",
    "hide",
    "layout",
    "page",
    "template",
    "body",
}
_WIDGET_TAGS = {"nav", "aside"}
# A <footer> outside an article is the site's; a <header> may be the article's
# own (title, by-line, date), so only a named or role="banner" one counts.
_CHROME_TAGS = {"footer"}

# Body classes CMSs give a page showing one article (WordPress, Joomla, K2,
# Drupal, and the common "news-detail" naming).
# Open Graph types of one object (the protocol's own, plus "video.other",
# "music.song" and the like by their first part); a namespaced "site:type"
# is a custom object type, also one object.
_ONE_THING_TYPES = frozenset(("article", "product", "book", "profile", "video", "music", "food", "place"))

_SINGLE_ARTICLE_BODY_CLASS = re.compile(
    r"^(?:single|single-post|postid-\d+|view-article|view-item|(?:page-)?node-type-article"
    r"|(?:news|article|post|blog|story)[-_]?(?:detail|single))$",
    re.I,
)

_READ_MORE_TEXT = re.compile(
    r"^\W*(?:(?:read|continue|view)\s+(?:more|reading|the full|full)\b.*"
    r"|more|mehr|weiterlesen|lire la suite|leer más)\W*$",
    re.I,
)
_READ_MORE_CLASS = re.compile(r"read-?more|more-?link|continue", re.I)
# A printed date names its year ("April 11, 2024", "19.11.21"); "13:15 Uhr",
# "13 August" or "65.06 sek." in a date-classed element are not dates.
_DATE_LIKE = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d)(?!\d)|\b\d{1,2}[./]\d{1,2}[./]\d{2}\b")
_AUTHOR_CLASS = re.compile(r"author|byline|writer", re.I)
_DATE_CLASS = re.compile(r"date|time|publish|posted|created", re.I)
_NOT_PUBLICATION_DATE = re.compile(r"updat|modif|edit", re.I)
_CATEGORY_CLASS = re.compile(r"categor|section-name|kicker|rubri", re.I)
_CATEGORY_LABEL = re.compile(
    r"^\s*(?:published in|posted in|filed under|categories|category|in)(?:\s*:\s*|\s+)", re.I
)
_AUTHOR_LABEL = re.compile(r"^\s*(?:written by|posted by|by|author|von|par|por)(?:\s*:\s*|\s+)", re.I)


@dataclass
class ListingItem:
    """One article block of a listing page and the fields its template shows.

    ``body`` is a copy of the block with the title, author, date, category
    and "read more" elements removed, so its text is the article's own.
    """

    body: Tag
    source_item: str
    permalink: str | None = None
    title: str | None = None
    author_text: str | None = None
    date_text: str | None = None
    date_from_attribute: bool = False
    category: str | None = None


def find_listing_items(
    soup: BeautifulSoup, base_url: str | None = None, languages: tuple[str, ...] = ("en",)
) -> list[ListingItem]:
    """The article blocks of a listing page, in page order; empty for a one-article page.

    Blocks are grouped by tag and class across the page, not only among
    siblings: CMS templates often wrap every item in its own container (K2
    puts the first item in a "leading" group and the rest in a "primary"
    one), so the items are cousins rather than siblings.
    """
    if declares_single_article(soup):
        return []
    best = _best_group(soup)
    if not best:
        return []
    ids = [str(block.get("id") or "").strip() for block in best]
    use_ids = all(ids) and len(set(ids)) == len(ids)
    items = [_read_item(block, ids[i] if use_ids else str(i + 1), base_url) for i, block in enumerate(best)]
    return items if _titled(items) and _dated_or_signed(items, best, languages) else []


def _titled(items: list[ListingItem]) -> bool:
    """A listing's items name themselves: most carry a title, a by-line or a link of their own.

    A long article printed in sections, each under the same dated share bar
    (alacarte.at), looked like three items with a date and nothing else, and
    was split into three documents. Untitled items with their own authors (a
    think tank's list of analyses) stay a listing. On the 1,032 shared
    benchmark pages this changes that one page only.
    """
    named = sum(1 for item in items if item.title or item.author_text or item.permalink)
    return named * 2 >= len(items)


def _dated_or_signed(items: list[ListingItem], blocks: list[Tag], languages: tuple[str, ...]) -> bool:
    """A listing's items are articles: most show a date or an author of their own.

    A post, an analysis or a news item is dated or signed, in an element
    (``<time>``, a date or author class) or in its printed text ("Feb 18
    2009 ... Abgelegt unter", "Publiziert am 13. Januar 2014 von uriebe"). A
    shop's product tiles, a category's sub-category tiles or a site's
    feature boxes have titles, links and descriptions but neither, and
    splitting such a page loses the page's own text. The date is looked for
    in the first 300 characters of the item, where templates print it.
    """
    shown = 0
    for item, block in zip(items, blocks, strict=True):
        if item.date_text or item.author_text or prints_full_date(_text(block)[:300], languages):
            shown += 1
    return shown * 2 >= len(items)


def declares_single_article(soup: BeautifulSoup) -> bool:
    """True when the page says it is one article or one thing (og:type, or the CMS's body class).

    Article pages are full of article-like blocks (teasers under the text,
    "more from this author", the same story twice for mobile and desktop);
    the page's own word is more reliable than any layout heuristic. Listing
    pages declare themselves as "website" or not at all.

    Not only "article": a shop's product page ("product"), a video page, a
    book, a profile, or a site's own object type ("trustpilot:review",
    "mes-opinions:petition") is also one thing with other things' tiles
    around it. Of the 690 development pages, 8 declare such a type (a product,
    a review, a petition, three videos) and none is a listing; both true
    listings there declare nothing.
    """
    for tag in named(soup, "meta"):
        if tag.get("property") != "og:type":
            continue
        if _names_one_thing(str(tag.get("content", "")).strip().lower()):
            return True
    body = soup.body
    classes = body.get("class") or [] if isinstance(body, Tag) else []
    return any(_SINGLE_ARTICLE_BODY_CLASS.match(c) for c in classes)


def _names_one_thing(og_type: str) -> bool:
    """An Open Graph type naming one object; "website" (and "blog", "news") describe a whole site."""
    if og_type in ("", "website", "blog", "news"):
        return False
    return og_type in _ONE_THING_TYPES or og_type.split(".")[0] in _ONE_THING_TYPES or ":" in og_type


def inside_widget(tag: Tag) -> bool:
    """True when ``tag`` is, or sits inside, a navigation, sidebar, related or comment box."""
    node: Tag | None = tag
    while isinstance(node, Tag) and node.name not in ("body", "html", "[document]"):
        if node.name in _WIDGET_TAGS or node.get("role") in ("navigation", "complementary", "banner"):
            return True
        if node.name in _CHROME_TAGS and node.find_parent("article") is None:
            return True
        if _is_widget_name(node):
            return True
        node = node.parent
    return False


# ---------------------------------------------------------------- detection


def _best_group(soup: BeautifulSoup) -> list[Tag]:
    """The largest group of same-template article blocks; innermost on a tie."""
    groups: dict[tuple[str, str], list[Tag]] = defaultdict(list)
    for tag in named(soup, _BLOCK_TAGS):
        classes = tag.get("class") or []
        keys = [(tag.name, c) for c in classes] or ([(tag.name, "")] if tag.name == "article" else [])
        for key in keys:
            groups[key].append(tag)

    best: list[Tag] = []
    best_score = (0, 0.0)
    qualified: dict[int, bool] = {}
    for members in groups.values():
        if len(members) < _MIN_ITEMS:
            continue
        members = _outermost(members)
        members = [m for m in members if not inside_widget(m)]
        if len(members) < _MIN_ITEMS:
            continue
        articles = []
        for member in members:
            if id(member) not in qualified:
                qualified[id(member)] = _is_article_block(member)
            if qualified[id(member)]:
                articles.append(member)
        articles = _same_template(_distinct(articles))
        if len(articles) < _MIN_ITEMS or len(articles) * 2 < len(members):
            continue
        if _inside_one_article(articles) or _outweighed(soup, articles):
            continue
        score = (len(articles), sum(_depth(a) for a in articles) / len(articles))
        if score > best_score:
            best, best_score = articles, score
    return best


def _same_template(blocks: list[Tag]) -> list[Tag]:
    """Blocks whose classes resemble the first one's.

    Sharing one class is not enough: "article detail" (the page's article)
    and "article list" (its related links) share "article". Classes with
    digits (post-6195, category ids) are left out of the comparison.
    """

    def signature(tag: Tag) -> set[str]:
        return {c for c in tag.get("class") or [] if not re.search(r"\d", c)}

    first = signature(blocks[0]) if blocks else set()
    result = []
    for block in blocks:
        other = signature(block)
        union = first | other
        if not union or len(first & other) * 3 >= len(union):
            result.append(block)
    return result


def _inside_one_article(blocks: list[Tag]) -> bool:
    """True when all blocks sit inside the same <article>: teasers or sections of one article."""
    shared = None
    for block in blocks:
        ancestors = {id(a) for a in block.find_parents("article")}
        shared = ancestors if shared is None else shared & ancestors
        if not shared:
            return False
    return bool(shared)


def _outweighed(soup: BeautifulSoup, blocks: list[Tag]) -> bool:
    """True when the page has more paragraph text outside the blocks than inside them.

    On a listing page the items are the content. Teasers printed under a
    long article are not, and the article's own paragraphs give them away.
    """
    inside = sum(len(_text(b)) for b in blocks)
    ids = {id(b) for b in blocks}
    outside = 0
    for paragraph in named(soup, "p"):
        text = _text(paragraph)
        if len(text) < _MIN_PARAGRAPH_CHARS or any(id(p) in ids for p in paragraph.parents):
            continue
        if not inside_widget(paragraph):
            outside += len(text)
            if outside > inside:
                return True
    return False


def _distinct(blocks: list[Tag]) -> list[Tag]:
    """One block per text: responsive templates print the same article twice."""
    seen: set[str] = set()
    result = []
    for block in blocks:
        text = _text(block)
        if text not in seen:
            seen.add(text)
            result.append(block)
    return result


def _outermost(members: list[Tag]) -> list[Tag]:
    """Drop members nested inside another member of the same group."""
    ids = {id(m) for m in members}
    return [m for m in members if not any(id(p) in ids for p in m.parents)]


def _is_article_block(block: Tag) -> bool:
    """Real paragraph text, not mostly links, and at least one sign of an article."""
    text = _text(block)
    if len(text) < 150:
        return False
    link_chars = sum(len(_text(a)) for a in block.find_all("a"))
    if link_chars > _MAX_LINK_SHARE * len(text):
        return False
    paragraphs = [p for p in block.find_all("p") if len(_text(p)) >= _MIN_PARAGRAPH_CHARS]
    if len(paragraphs) < 2 and len(text) - link_chars < _MIN_TEXT_CHARS:
        return False
    return _has_article_sign(block)


def _has_article_sign(block: Tag) -> bool:
    """A by-line, an author or date element, a "read more" link or a linked title."""
    if block.find("time") is not None:
        return True
    if _find_author(block) is not None or _find_date(block) is not None:
        return True
    if _find_read_more(block) is not None or _find_title(block) is not None:
        return True
    return any(parse_byline(_text(p)) for p in block.find_all("p", limit=3))


def _is_widget_name(tag: Tag) -> bool:
    names = list(tag.get("class") or [])
    if isinstance(tag.get("id"), str):
        names.append(tag["id"])
    for name in names:
        if name.lower() in _WIDGET_NAMES:
            return True
        parts = [p for p in re.split(r"[-_\s]+", name.lower()) if p]
        if not parts or parts[0] in _LAYOUT_MODIFIERS:
            continue
        joined = name.lower()
        if any(joined.startswith(w) for w in _WIDGET_WORDS):
            return True
        if any(part.startswith(w) for part in parts[1:] for w in _WIDGET_WORDS):
            return True
    return False


# ---------------------------------------------------------------- reading one block


def _read_item(block: Tag, source_item: str, base_url: str | None) -> ListingItem:
    """The block's own title, author, date, category and permalink, and its bare body."""
    title_el = _find_title(block) or _leading_heading(block)
    author_el = _find_author(block)
    time_el = block.find("time", attrs={"datetime": True})
    date_el = time_el if isinstance(time_el, Tag) and not inside_widget(time_el) else _find_date(block)
    category_el = _find_category(block)
    read_more = _find_read_more(block)

    item = ListingItem(body=block, source_item=source_item)
    if title_el is not None:
        item.title = _text(title_el) or None
        link = title_el if title_el.name == "a" else title_el.find("a", href=True)
        if isinstance(link, Tag) and link.get("href"):
            item.permalink = _absolute(str(link["href"]), base_url)
    if item.permalink is None and read_more is not None:
        item.permalink = _absolute(str(read_more["href"]), base_url)
    if author_el is not None:
        item.author_text = _AUTHOR_LABEL.sub("", _text(author_el)) or None
        if item.author_text and not looks_like_name_list(item.author_text):
            item.author_text = None  # a label such as "Posted on", not a name
    if date_el is not None:
        if date_el.get("datetime"):
            item.date_text, item.date_from_attribute = str(date_el["datetime"]), True
        elif date_el.get("content"):
            item.date_text, item.date_from_attribute = str(date_el["content"]), True
        else:
            item.date_text = _text(date_el) or None
    if category_el is not None:
        item.category = _CATEGORY_LABEL.sub("", _text(category_el)) or None

    item.body = _without(block, [title_el, author_el, date_el, category_el, read_more])
    return item


def _find_title(block: Tag) -> Tag | None:
    """A heading that links to the article (the template's title)."""
    for heading in block.find_all(["h1", "h2", "h3", "h4"]):
        link = heading.find("a", href=True)
        if isinstance(link, Tag) and not str(link["href"]).startswith("#") and _text(heading):
            return heading
    return None


def _leading_heading(block: Tag) -> Tag | None:
    """A heading printed before any other text of the block: the title, even without a link."""
    heading = block.find(["h1", "h2", "h3", "h4"])
    if isinstance(heading, Tag) and _text(heading) and _text(block).startswith(_text(heading)):
        return heading
    return None


def _find_author(block: Tag) -> Tag | None:
    for tag in block.find_all(True):
        if tag.get("rel") and "author" in tag.get("rel", []):
            return _outer_author(tag, block)
        if tag.get("itemprop") == "author" or _class_matches(tag, _AUTHOR_CLASS):
            if _text(tag) and len(_text(tag)) <= 120:
                return tag
    return None


def _outer_author(tag: Tag, block: Tag) -> Tag:
    """Prefer the author wrapper (span.catItemAuthor) over the bare link inside it."""
    parent = tag.parent
    if isinstance(parent, Tag) and parent is not block and _class_matches(parent, _AUTHOR_CLASS):
        return parent
    return tag


def _find_date(block: Tag) -> Tag | None:
    for tag in block.find_all(True):
        if tag.name == "time" and tag.get("datetime"):
            return tag
        if tag.get("itemprop") in ("datePublished", "dateCreated"):
            return tag
        if tag.name in ("span", "div", "p", "time", "small", "li") and _class_matches(tag, _DATE_CLASS):
            classes = " ".join(tag.get("class") or [])
            text = _text(tag)
            if (
                not _NOT_PUBLICATION_DATE.search(classes)
                and text
                and len(text) <= 80
                and _DATE_LIKE.search(text)
            ):
                return tag
    return None


def _find_category(block: Tag) -> Tag | None:
    for tag in block.find_all(True):
        if "category" in (tag.get("rel") or []) or _class_matches(tag, _CATEGORY_CLASS):
            if _text(tag) and len(_text(tag)) <= 100:
                return _with_label(tag, block)
    return None


def _with_label(tag: Tag, block: Tag) -> Tag:
    """The element together with its printed label ("Posted in <a>Transport</a>"), if it has one."""
    parent = tag.parent
    if not isinstance(parent, Tag) or parent is block:
        return tag
    rest = _text(parent)[: -len(_text(tag))] if _text(parent).endswith(_text(tag)) else None
    if (
        rest is not None
        and _CATEGORY_LABEL.match(rest + " ")
        and not _CATEGORY_LABEL.sub("", rest + " ").strip()
    ):
        return parent
    return tag


def _find_read_more(block: Tag) -> Tag | None:
    for link in block.find_all("a", href=True):
        text = _text(link)
        if (text and len(text) <= 40 and _READ_MORE_TEXT.match(text)) or _class_matches(
            link, _READ_MORE_CLASS
        ):
            return link
    return None


def _without(block: Tag, remove: list[Tag | None]) -> Tag:
    """A copy of ``block`` without the given descendants (matched by position in the tree)."""
    paths = [_path(block, el) for el in remove if el is not None and el is not block]
    copy = _copy(block)
    targets = [_follow(copy, path) for path in paths if path is not None]
    for target in targets:
        if target is not None:
            target.decompose()
    return copy


def _path(root: Tag, el: Tag) -> list[int] | None:
    """Child indexes leading from ``root`` down to ``el``."""
    path: list[int] = []
    node = el
    while node is not root:
        parent = node.parent
        if parent is None:
            return None
        path.append(next(i for i, child in enumerate(parent.contents) if child is node))
        node = parent
    return list(reversed(path))


def _follow(root: Tag, path: list[int]) -> Tag | None:
    node: Tag = root
    for index in path:
        if index >= len(node.contents) or not isinstance(node.contents[index], Tag):
            return None
        node = node.contents[index]
    return node


def _copy(block: Tag) -> Tag:
    """A detached deep copy, so removing elements never changes the page tree."""
    return copy.copy(block)


# ---------------------------------------------------------------- small helpers


def _class_matches(tag: Tag, pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(c) for c in tag.get("class") or [])


def _text(tag: Tag | NavigableString) -> str:
    if isinstance(tag, NavigableString):
        return " ".join(str(tag).split())
    return " ".join(tag.get_text(" ", strip=True).split())


def _depth(tag: Tag) -> int:
    return sum(1 for _ in tag.parents)


def _absolute(href: str, base_url: str | None) -> str:
    href = href.strip()
    return urljoin(base_url, href) if base_url else href
