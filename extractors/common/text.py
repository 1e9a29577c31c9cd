"""Keys for comparing text: the forms under which two spellings count as the same words.

Each reader compares different things (names across documents, a pull quote
with its body sentence, a by-line with a heading), so there are a few keys, each
named for what it ignores; they live here so that one rule is written once.
"""

from __future__ import annotations

import re
import unicodedata

_EXTRA = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe",
                        "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})  # fmt: skip
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"\W+")
_NON_ALNUM = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Case-, diacritic- and ligature-insensitive form of ``text`` (how actor names are merged)."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_EXTRA)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip()


def alnum_key(text: str) -> str:
    """Letters and digits only, case-folded: line breaks, punctuation and quote marks never matter."""
    return _NON_ALNUM.sub("", text.casefold())


def word_key(text: str) -> str:
    """Case-folded words separated by single spaces: punctuation counts as a space."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def squash(text: str | None) -> str:
    """Lower case with runs of white space as one space (None as the empty string)."""
    return _SPACES.sub(" ", text or "").strip().lower()
