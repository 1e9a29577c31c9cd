"""A page's authors: by-lines, markup authors, and names told apart from organisations and desks."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bs4 import BeautifulSoup, Tag

from extractors.common.text import alnum_key
from extractors.html.markup import _dedupe, _is_url, _normalise_spaces, _types
from extractors.html.page_dates import _DATE_LABEL, _YEAR
from extractors.html.page_search import strings_matching, with_attribute
from extractors.html.titles import _names_site

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


_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
)


# A date glued to a by-line ("Jeff Foust Monday, November 18, 2019"): a weekday
# or month name followed by a number or a month name, and all after it.
_DATE_AFTER_NAME = re.compile(
    rf"\s*[,|]?\s*\b(?:{_WEEKDAYS}|{_MONTHS})\.?,?\s+(?:\d|(?:{_MONTHS})\b).*$", re.I
)


_NAME_PARTICLES = {
    "al",
    "bin",
    "binti",
    "da",
    "de",
    "del",
    "della",
    "der",
    "di",
    "dos",
    "du",
    "el",
    "ibn",
    "la",
    "le",
    "van",
    "von",
    "y",
    "zu",
    "ten",
    "ter",
    "af",
    "av",
}


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


def _markup_authors(
    soup: BeautifulSoup, ignore: Callable[[Tag], bool] | None
) -> tuple[list[str], str | None]:
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
    return (
        1 <= len(words) <= 4
        and not re.search(r"[.!?:]\s|[:!?]$|[<>{}=]", name)
        and not name.islower()
        or (len(words) == 1 and len(name) >= 2)
    )


def without_site_names(names: list[str], site_names: list[str]) -> list[str]:
    """Author names without the site's own name: a publisher credited as author is not a person.

    JSON-LD and <meta> often name the site ("Lakeside Review", "lakeside.org")
    where no person is credited; that is no author, and a real by-line lower
    in the order of trust may still name one.
    """
    keys = {alnum_key(name) for name in site_names if alnum_key(name)}
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
_NAME_LABEL = re.compile(
    r"^(?:interview|text|zum profil von|profil von|profile of|[\w-]*experte?)\s*:?\s+", re.I
)


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
        name
        for name in names
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
