"""Name normalisation shared by the actor, event and quote extractors.

Actors are merged by a folded form of their name, so "Erdoğan", "Erdogan" and
"ERDOGAN" must fold to one key, and a leading "the" or trailing possessive must
not split an actor in two.
"""

from __future__ import annotations

import re
import unicodedata

_EXTRA = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe",
                        "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_POSSESSIVE = re.compile(r"['’]s?$")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Case-, diacritic- and ligature-insensitive form of ``text``."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_EXTRA)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip()


def clean_surface(text: str) -> str:
    """The name as written, without a leading article, possessive or stray punctuation."""
    text = _SPACES.sub(" ", text).strip(" \t\n,;:.()[]\"'“”‘’")
    text = re.sub(r"^(the|The|THE)\s+", "", text)
    return _POSSESSIVE.sub("", text).strip()


def name_key(kind: str, name: str) -> str:
    """Actors of the same kind whose names fold alike are the same actor."""
    return f"{kind}:{fold(clean_surface(name))}"
