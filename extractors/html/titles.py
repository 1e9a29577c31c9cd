"""A page's title and site names: the headline without the site's name around it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from extractors.common.text import alnum_key
from extractors.html.markup import _as_strings, _dedupe, _normalise_spaces, _types
from extractors.html.records import PageMetadata

_META_SITE_KEYS = ("og:site_name", "application-name", "twitter:site", "publisher")


_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ", " » ", " • ", " ~ ")


def strip_site_name(title: str, site_names: Iterable[str], headings: Iterable[str] = ()) -> str:
    """Drop the site's name from "Title | Site", "Site - Title" and the like.

    A part is dropped when it names the site (its name or its host), or
    when the other part is the page's own <h1>; with the unambiguous "|" a
    short trailing part is dropped even if unnamed, but never with dashes
    alone, which are common inside real titles.
    """
    heading_keys = {alnum_key(h) for h in headings if alnum_key(h)}
    for separator in _TITLE_SEPARATORS:
        for part in title.split(separator) if separator in title else ():
            if alnum_key(part) in heading_keys:
                return part.strip()
    keys = {alnum_key(name) for name in site_names if alnum_key(name)}
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
    key = alnum_key(part)
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
