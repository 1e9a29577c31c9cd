"""Reading the raw markup: JSON-LD nodes, <meta> values, canonical and base URLs, and small helpers.

Shared by the date, author and title readers of a page (``extractors.html.metadata``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from bs4 import BeautifulSoup, Tag

from extractors.html.page_search import named, with_attribute

# schema.org types whose datePublished/author describe the article itself.
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "liveblogposting",
    "socialmediaposting",
    "posting",
}


# Page types: their dates usually equal the article's, but trusted less.
_PAGE_TYPES = {"webpage", "itempage", "aboutpage", "medicalwebpage"}


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
    link = next(
        (tag for tag in with_attribute(soup, "rel", _CANONICAL, "link") if tag.get("href") is not None), None
    )
    return str(link["href"]) if link is not None else None


_CANONICAL = re.compile(r"\Acanonical\Z")


_JSON_LD_TYPE = re.compile(r"ld\+json", re.I)


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


def _dedupe(names: list[str]) -> list[str]:
    seen, result = set(), []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            result.append(name)
    return result
