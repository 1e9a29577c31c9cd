"""The gender a first name points to, for telling "he" from "she" when a document does not say.

The table is ``extractors/data/first_name_genders.tsv``, derived from nomquamgender's counts
over 36 national sources (``scripts/build_first_name_genders.py`` says how; 111,305 names kept:
"Nurlan" and "Gulnara" as well as "John"). On PolNeAR news it keeps "she posted" from going to a
John Krystek named just before it. A document's own words ("Mrs.", "spokeswoman", the he/she of
a sentence naming the person alone) outweigh it wherever the caller weighs both.
"""

from __future__ import annotations

from functools import cache

from extractors.common.datafiles import data_lines
from extractors.common.text import fold


@cache
def _table() -> dict[str, str]:
    return dict(line.split("\t") for line in data_lines("first_name_genders.tsv"))


def first_name_gender(name: str) -> str | None:
    """'m' or 'f' when the first word of a person's name is strongly one gender, else None."""
    words = name.split()
    if len(words) < 2:
        return None  # a lone word is a surname as often as a given name ("Jordan", "Kelly")
    first = fold(words[0]).replace("-", "").replace("'", "").replace("’", "")
    return _table().get(first)
