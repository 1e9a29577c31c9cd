"""Acronyms a text defines for itself: "Organization of Turkic States (OTS)", "OTS (Organization of ...)".

Finding candidates needs the definitions (a two-letter acronym is an
organisation only when the text defines it) and so does resolution (the
acronym joins its long form); they read the text alone, so they live apart
from both.
"""

from __future__ import annotations

import re


def initials(name: str) -> str:
    """The first letters of the capitalised words: what an acronym of ``name`` spells."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


_ACRONYM_DEF = re.compile(
    r"((?:[A-Z][\w'’&-]*\s+)(?:(?:of|for|and|the|on|in|&)\s+|[A-Z][\w'’&-]*\s+){1,10})\(([A-Z][A-Za-z&]{1,9})\)"
)
_ACRONYM_FIRST = re.compile(
    r"\b([A-Z][A-Z&]{1,9})\s+\(((?:[A-Z][\w'’&-]*)(?:\s+(?:of|for|and|the|on|in|&|[A-Z][\w'’&-]*)){1,10})\)"
)


def acronym_definitions(text: str) -> dict[str, str]:
    """'Organization of Turkic States (OTS)' and 'OTS (Organization of Turkic States)' -> {'OTS': long form}.

    The long form is trimmed from the left until its capitalised words' initials
    spell the acronym, so a preceding sentence start is not taken along.
    """
    found: dict[str, str] = {}
    for m in _ACRONYM_DEF.finditer(text):
        words, acronym = m.group(1).split(), m.group(2)
        for i in range(len(words)):
            if initials(" ".join(words[i:])).upper() == acronym.upper().replace("&", ""):
                while words[i][:1].islower():  # "... and the Collective Security Treaty Organization"
                    i += 1
                found.setdefault(acronym, " ".join(words[i:]))
                break
    for m in _ACRONYM_FIRST.finditer(text):
        acronym, long_form = m.group(1), m.group(2)
        if initials(long_form).upper() == acronym.replace("&", ""):
            found.setdefault(acronym, long_form)
    return found
