"""The word lists actors are read with, loaded once from ``extractors/data``.

Titles and the sector each gives ("Foreign Minister", GOV), the words that
name parts of the state (sectors), what a name's head word says it names
("Council" an organisation, "Sea" a place), capitalised words that are never
actors, and the gazetteer of organisations with their acronyms. They are data
rather than code so that a word can be added without touching a rule; this
module is the one place that knows the files' formats, and reads each once per
process. Reading mentions (``candidates``), resolving them
(``actor_resolution``) and giving them sectors (``actor_sectors``) all ask it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.actors import countries, names
from extractors.actors.names import clean_surface
from extractors.common.datafiles import data_files, data_lines

# Folding is pure and the same few thousand words come back in every document:
# caching it took a seventh of the extractors' time away.
fold = lru_cache(maxsize=1 << 16)(names.fold)

_NAME_CUTS = {
    "of",
    "for",
    "on",
    "in",
    "to",
    "against",
}  # the head of "Organization of Turkic States" comes before these
_FUNCTION_WORDS = {"of", "for", "and", "on", "the", "in", "to", "&", "de", "at"}


@dataclass(frozen=True)
class Title:
    """A title from roles.txt: its folded words, the sector it gives its holder, and whether it is weak."""

    words: tuple[str, ...]
    sector: str | None
    weak: bool  # its last word also starts names of things ("General Electric")


@lru_cache(maxsize=1)
def titles() -> dict[str, Title]:
    """Every title by its folded text ("foreign minister")."""
    found = {}
    for line in data_lines("roles.txt"):
        cols = line.split("\t")
        title = fold(cols[0])
        found[title] = Title(
            tuple(title.split()),
            (cols[1] if len(cols) > 1 and cols[1].strip() else None),
            len(cols) > 2 and cols[2].strip() == "?",
        )
    return found


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Every word of any title: what may stand in a title before a name."""
    return frozenset(word for title in titles().values() for word in title.words)


@lru_cache(maxsize=1)
def role_heads() -> frozenset[str]:
    """The last words of titles: a run of title words ending in one of these is a title."""
    return frozenset(title.words[-1] for title in titles().values())


@lru_cache(maxsize=1)
def sectors() -> dict[str, str]:
    """Institution word (folded) -> PLOVER sector ("army" MIL, "ministry" GOV; "-": a word of generic names)."""
    return dict(line.split("\t")[:2] for line in data_lines("sectors.tsv"))


@lru_cache(maxsize=1)
def name_heads() -> dict[str, str]:
    """Head word of a name (folded) -> the kind of thing it names ("council" organization, "sea" location)."""
    return {
        fold(word): kind for word, kind in (line.split("\t")[:2] for line in data_lines("name_heads.tsv"))
    }


@lru_cache(maxsize=1)
def not_actors() -> frozenset[str]:
    """Capitalised words and acronyms that look like names but never name an actor."""
    return frozenset(data_lines("not_actors.txt"))


@dataclass(frozen=True)
class OrgEntry:
    """An organisation from a gazetteer file: its one canonical name and what it is."""

    name: str
    agent_type: str | None  # IGO | NGO | IMG
    country: str | None
    sector: str | None


@lru_cache(maxsize=1)
def _organizations() -> tuple[dict[str, OrgEntry], dict[str, OrgEntry]]:
    """(acronyms, matched case-sensitively; names, matched folded) from every organizations*.tsv."""
    acronyms: dict[str, OrgEntry] = {}
    names: dict[str, OrgEntry] = {}
    for name in data_files("organizations", ".tsv"):
        for line in data_lines(name):
            cols = (line.split("\t") + [""] * 5)[:5]
            entry = OrgEntry(
                cols[0].strip(), cols[1].strip() or None, cols[2].strip() or None, cols[3].strip() or None
            )
            names.setdefault(fold(entry.name), entry)
            for other in filter(None, (o.strip() for o in cols[4].split("|"))):
                if other == other.upper() and any(c.isalpha() for c in other):
                    acronyms.setdefault(other, entry)
                else:
                    names.setdefault(fold(other), entry)
    return acronyms, names


def organization(text: str) -> OrgEntry | None:
    """The gazetteer organisation ``text`` names: an acronym as written, or a name in any case."""
    acronyms, names = _organizations()
    text = re.sub(r"\s+", " ", text).strip()
    return acronyms.get(text) or names.get(fold(clean_surface(text)))


@lru_cache(maxsize=1)
def first_words() -> dict[str, int]:
    """First word of every gazetteer name -> how many tokens its names may take, so the scan
    tries long spans only where one may start (hyphens and commas are tokens of their own)."""
    acronyms, names = _organizations()
    keys = list(names) + [fold(a) for a in acronyms] + list(countries.known_forms())
    longest: dict[str, int] = {}
    for key in filter(None, keys):
        words = key.split()
        size = len(words) + sum(w.count("-") * 2 + w.count(",") + w.count("'") for w in words)
        longest[words[0]] = max(longest.get(words[0], 1), size)
    return longest


def head_word(words: list[str]) -> str | None:
    """The head of a name: the word before "of"/"for"/"on" that says what it is.

    "Organization of Turkic States" -> Organization; "Heads of State Summit of
    the Council" -> Summit (the longest such stretch ending in a known head);
    "Turkic Green Finance Council" -> Council.
    """
    if not words:
        return None
    ends = [i for i, word in enumerate(words) if i > 0 and word in _NAME_CUTS] + [len(words)]
    known = [words[i - 1] for i in ends if fold(words[i - 1]) in name_heads()]
    return known[-1] if known else words[ends[0] - 1]


def institution_words_only(name: str) -> bool:
    """Whether every word of ``name`` but its function words is an institution word of sectors.tsv.

    Such a name ("Ministry of Foreign Affairs", "Digital Development") says what
    kind of body it is but not whose: any state's body may bear it, or it is a
    piece of a longer name.
    """
    words = [fold(w) for w in name.replace("-", " ").split() if fold(w) not in _FUNCTION_WORDS]
    return bool(words) and all(w in sectors() or w.rstrip("s") in sectors() for w in words)
