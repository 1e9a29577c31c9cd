"""Name normalisation shared by the actor, event and quote extractors.

Actors are merged by a folded form of their name, so "Erdoğan", "Erdogan" and
"ERDOGAN" must fold to one key, and a leading "the" or trailing possessive must
not split an actor in two. Personal names get a looser key still, because the
same person is transliterated several ways ("Kassym-Jomart" / "Kasim-Jomart").
"""

from __future__ import annotations

import re

from extractors.common.text import fold

__all__ = ["PARTICLES", "clean_surface", "fold", "given_names_agree", "name_key", "skeleton"]

_POSSESSIVE = re.compile(r"['’]s?$")
_SPACES = re.compile(r"\s+")
_DOUBLED = re.compile(r"(.)\1+")
# Name particles that may be written in lower case inside a personal name.
PARTICLES = frozenset(
    {
        "al",
        "al-",
        "el",
        "bin",
        "ibn",
        "bint",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "dos",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "ter",
        "ul",
        "ur",
        "abu",
        "ben",
        "st",
    }
)


def clean_surface(text: str) -> str:
    """The name as written, without a leading article, possessive or stray punctuation."""
    text = _SPACES.sub(" ", text).strip(" \t\n,;:.([]\"'“”‘’")
    if text.count(")") > text.count("("):  # a closing bracket of its own is stray; "X (Kazakhstan)" keeps it
        text = text.rstrip(")").strip()
    text = re.sub(r"^(the|The|THE)\s+", "", text)
    return _POSSESSIVE.sub("", text).strip()


def skeleton(text: str) -> str:
    """A transliteration-blind form of a name: folded, letters only, y as i, no doubled letters.

    Russian and Turkic names reach English in several romanisations that differ
    mostly in doubled consonants and y/i ("Kassym" / "Kasim", "Tokaev" keeps its
    own form). Used only for personal names, where such variants are one person.
    """
    words = []
    for word in fold(text).replace("-", " ").split():
        letters = "".join(c for c in word if c.isalpha()).replace("y", "i")
        if letters:
            words.append(_DOUBLED.sub(r"\1", letters))
    return " ".join(words)


def name_key(kind: str, name: str) -> str:
    """Actors of the same kind whose names fold alike are the same actor.

    Persons are compared by ``skeleton`` (spelling variants of one name merge);
    everything else by ``fold``.
    """
    cleaned = clean_surface(name)
    return f"{kind}:{skeleton(cleaned) if kind == 'person' else fold(cleaned)}"


def given_names_agree(first: list[str], second: list[str]) -> bool:
    """Whether two lists of given names can belong to one person.

    They agree when every given name of the shorter list appears in the longer
    one, written alike up to transliteration or as its initial: "Recep Tayyip"
    and "Tayyip", "F. W." and "Frederik Willem", "Kassym-Jomart" and
    "Kasim-Jomart" agree; "Ilham" and "Dilnoza" do not.
    """
    short, long_ = sorted(
        ([skeleton(n) for n in first if skeleton(n)], [skeleton(n) for n in second if skeleton(n)]), key=len
    )
    if not short:
        return True
    short_parts = [p for n in short for p in n.split()]
    long_parts = [p for n in long_ for p in n.split()]
    for part in short_parts:
        if len(part) == 1:
            if not any(p.startswith(part) for p in long_parts):
                return False
        elif not any(p == part or (len(p) == 1 and part.startswith(p)) for p in long_parts):
            return False
    return True
