"""Searches over a parsed page that walk its tree once.

The metadata, date, by-line and listing readers each ask the same page a dozen
questions ("every <h1>", "every element with an author class", "every text
that starts with 'By'"). BeautifulSoup's ``find_all`` answers each by walking
the whole tree again through its general-purpose matcher: a third of the time
spent reading a page's metadata (15.6 ms of a page went to 10.8 without it).
Here the page's elements and strings are listed once (and kept with the page)
and each question is a plain filter over that list.

Results are the same elements, in the same (document) order, as the
``find_all`` call named in each docstring: the extractors read them exactly as
before. Only a whole page (a ``BeautifulSoup``) keeps its lists; a detached
copy of a block may still be edited, so it is walked each time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import BeautifulSoup, NavigableString, Tag

_TAGS_KEY = "_dossier_tags"
_STRINGS_KEY = "_dossier_strings"


def elements(root: Tag) -> list[Tag]:
    """Every element under ``root`` in document order (``root.find_all(True)``)."""
    return _listed(root, Tag, _TAGS_KEY)


def strings(root: Tag) -> list[NavigableString]:
    """Every string under ``root``, comments included (``root.find_all(string=True)``)."""
    return _listed(root, NavigableString, _STRINGS_KEY)


def _listed(root: Tag, kind: type, key: str) -> list:
    """The nodes of one kind under ``root``; a whole page keeps the list, a block is walked again."""
    whole_page = isinstance(root, BeautifulSoup)
    found = root.__dict__.get(key) if whole_page else None
    if found is None:
        found = [node for node in root.descendants if isinstance(node, kind)]
        if whole_page:
            root.__dict__[key] = found
    return found


def named(root: Tag, names: str | Iterable[str], limit: int | None = None) -> list[Tag]:
    """Elements with one of ``names`` (``root.find_all(names, limit=limit)``)."""
    wanted = {names} if isinstance(names, str) else set(names)
    found = [tag for tag in elements(root) if tag.name in wanted]
    return found[:limit] if limit else found


def with_attribute(
    root: Tag,
    attribute: str,
    pattern: re.Pattern[str],
    names: str | Iterable[str] | None = None,
) -> list[Tag]:
    """Elements whose ``attribute`` matches ``pattern`` (``find_all(names, attrs={attribute: pattern})``)."""
    wanted = None if names is None else ({names} if isinstance(names, str) else set(names))
    return [
        tag
        for tag in elements(root)
        if (wanted is None or tag.name in wanted) and attribute_matches(tag, attribute, pattern)
    ]


def attribute_matches(tag: Tag, attribute: str, pattern: re.Pattern[str]) -> bool:
    """BeautifulSoup's rule: any one value of a multi-valued attribute (class, rel), or all of them joined."""
    value = tag.get(attribute)
    if value is None:
        return False
    if isinstance(value, str):
        return pattern.search(value) is not None
    if any(pattern.search(item) for item in value):
        return True
    return len(value) != 1 and pattern.search(" ".join(value)) is not None


def strings_matching(root: Tag, pattern: re.Pattern[str], limit: int | None = None) -> list[NavigableString]:
    """Strings in which ``pattern`` is found (``root.find_all(string=pattern, limit=limit)``)."""
    found = []
    for string in strings(root):
        if pattern.search(string):
            found.append(string)
            if limit and len(found) >= limit:
                break
    return found
