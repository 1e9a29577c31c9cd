"""The gender a first name points to, for telling "he" from "she" when a document does not say.

The table is ``extractors/data/first_name_genders.tsv``, derived from nomquamgender's counts
over 36 national sources (``scripts/build_first_name_genders.py`` says how; 111,628 names kept:
"Nurlan" and "Gulnara" as well as "John"). Its 2,945 common names also tell the actors that
"Nino Beridze" is a person where the model said a place. On PolNeAR news it keeps "she posted" from going to a
John Krystek named just before it. A document's own words ("Mrs.", "spokeswoman", the he/she of
a sentence naming the person alone) outweigh it wherever the caller weighs both.
"""

from __future__ import annotations

from functools import cache

from extractors.common.datafiles import data_lines
from extractors.common.text import fold


@cache
def _table() -> dict[str, tuple[str, bool]]:
    rows = (line.split("\t") for line in data_lines("first_name_genders.tsv"))
    return {name: (gender, common == "1") for name, gender, common in rows}


def _folded(word: str) -> str:
    return fold(word).replace("-", "").replace("'", "").replace("’", "")


def first_name_gender(name: str) -> str | None:
    """'m' or 'f' when the first word of a person's name is strongly one gender, else None."""
    words = name.split()
    if len(words) < 2:
        return None  # a lone word is a surname as often as a given name ("Jordan", "Kelly")
    gender = _table().get(_folded(words[0]), ("u", False))[0]
    return gender if gender in ("m", "f") else None


def lone_given_name_gender(word: str) -> str | None:
    """'m' or 'f' for a single word that is a given name in wide use and strongly one gender
    ("Melanie", "Kevin"): for a person a story calls by the first name alone. Callers must know
    the word is not a surname there (the person is never named in full)."""
    gender, common = _table().get(_folded(word), ("u", False))
    return gender if common and gender in ("m", "f") else None


def is_common_given_name(word: str) -> bool:
    """A given name in wide use (seen 10,000 times in 20 or more national sources: "Nino", "Kim",
    "George"), whatever its gender."""
    return _table().get(_folded(word), ("u", False))[1]


def is_given_name(word: str) -> bool:
    """A word the table knows as a man's or a woman's given name, common or not ("Saule", "Sergei")."""
    return _table().get(_folded(word), ("u", False))[0] in ("m", "f")
