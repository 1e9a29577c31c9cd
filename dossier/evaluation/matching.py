"""How a predicted value matches a gold one: normalisation (FORMAT §2), aliases (§3), dates (§6)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_CHAR_MAP = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u201f": '"',  # double high-reversed-9 quotation mark
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
    }
)


_WHITESPACE = re.compile(r"\s+")


def fold(s: str | None) -> str:
    """Compare text the way a reader does: no case, no diacritics, no typography.

    The steps and their order are FORMAT §2's; NFKC comes first so ligatures are
    split before case folding, and NFKD comes after the letter map so ``ı`` (which
    has no decomposition) is handled explicitly.
    """
    return _fold(s) if s else ""


@lru_cache(maxsize=1 << 16)
def _fold(s: str) -> str:
    """Cached: matching folds the same names and aliases thousands of times."""
    s = unicodedata.normalize("NFKC", s).casefold().translate(_CHAR_MAP)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return _WHITESPACE.sub(" ", s).strip()


def text_key(s: str | None) -> str:
    """Letters and digits only, so line breaks, hyphenation and quote style never matter."""
    return "".join(c for c in fold(s) if c.isalnum())


def name_norm(s: str | None) -> str:
    """Fold a name and drop a leading article: "The OTS" names the same thing as "OTS"."""
    s = fold(s)
    return s[4:] if s.startswith("the ") else s


def _occurs_as_word(needle: str, hay: str) -> bool:
    """Whole-word occurrence, so short acronyms ('us', 'sco') don't match inside words."""
    start = hay.find(needle)
    while start >= 0:
        end = start + len(needle)
        left_ok = start == 0 or not hay[start - 1].isalnum()
        right_ok = end == len(hay) or not hay[end].isalnum()
        if left_ok and right_ok:
            return True
        start = hay.find(needle, start + 1)
    return False


def alias_matches(predicted: str | None, alias: str) -> bool:
    """One predicted name against one alias (§3): containment either way, guarded.

    Short aliases must stand as whole words; a short prediction may not match by
    being inside a long alias, otherwise 'the' or 'us' would match almost anything.
    """
    p = name_norm(predicted)
    a = fold(alias)
    if not p or not a:
        return False
    if len(a) <= 3:
        if _occurs_as_word(a, p):
            return True
    elif a in p:
        return True
    return len(p) >= 4 and p in a


def matches_any_alias(predicted: str | None, aliases: Iterable[str]) -> bool:
    """True when ``predicted`` matches at least one alias of the list."""
    return any(alias_matches(predicted, a) for a in aliases)


def matches_key(predicted: str | None, key: str, aliases: dict[str, list[str]]) -> bool:
    """Does a predicted name denote the gold alias key ``key``?"""
    return matches_any_alias(predicted, aliases.get(key, []))


def date_matches(predicted: str | None, gold: str | None) -> bool:
    """At least as precise as the gold and equal at the gold's precision.

    Works on ISO strings only: a decade rendered as its 3-digit prefix ("199")
    is shorter than any year, so it can never be credited for one.
    """
    if not predicted or not gold:
        return False
    return len(predicted) >= len(gold) and predicted[: len(gold)] == gold


def year_matches(predicted: str | None, gold: str | None) -> bool:
    """The same rule with both dates cut to the year (recall at year precision)."""
    if not predicted or not gold:
        return False
    return date_matches(predicted[:4], gold[:4])
