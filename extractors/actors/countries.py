"""Country names, demonyms, capitals, seats of government and regions to ISO 3166-1 alpha-3.

pycountry supplies the names and codes (current countries, and the withdrawn
codes of states that no longer exist: SUN for the Soviet Union). News text
names countries in other ways too, so ``data/country_aliases.tsv`` adds short
and former names, irregular demonyms, capitals and seats of government
("the Kremlin"), and regular demonyms ("Hungarian", "Ugandan", "Iraqis") are
derived from the names themselves rather than listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry

from extractors.actors.names import fold
from extractors.common.datafiles import data_lines

# Endings that turn a country name into its demonym, longest first, with how many
# letters of the name the stem may lack: "Ukrain|ian" (Ukraine), "Leban|ese"
# (Lebanon), "Swed|ish" (Sweden), "Mexic|an" (Mexico), "Iraq|i", "Syria|n".
_DEMONYM_ENDINGS = (("ian", 2), ("ean", 2), ("ese", 2), ("ish", 2), ("an", 1), ("er", 0), ("i", 0), ("n", 0))
_HISTORIC = {"SUN", "YUG", "CSK", "DDR", "SCG"}  # withdrawn codes kept: the states themselves are gone


@dataclass(frozen=True)
class CountryName:
    iso3: str
    form: str  # name | demonym | capital | seat | region ('alt' names are reported as 'name')
    sector: str | None = None  # for capitals and seats: the sector they speak for


def _alias_rows() -> list[list[str]]:
    return [line.split("\t") for line in data_lines("country_aliases.tsv")]


def _short_names(name: str) -> list[str]:
    """'Korea, Republic of' -> ['Korea, Republic of', 'Korea']: the part people write."""
    return [name, name.split(",")[0].strip()] if "," in name else [name]


@lru_cache(maxsize=1)
def _index() -> dict[str, CountryName]:
    index: dict[str, CountryName] = {}
    ambiguous: set[str] = set()
    for country in list(pycountry.countries) + [
        c for c in pycountry.historic_countries if c.alpha_3 in _HISTORIC
    ]:
        for attr in ("name", "official_name", "common_name"):
            for value in _short_names(getattr(country, attr, None) or ""):
                key = fold(value)
                if not key:
                    continue
                if key in index and index[key].iso3 != country.alpha_3:
                    ambiguous.add(key)  # "Korea", "Congo", "Virgin Islands": not a country on their own
                index.setdefault(key, CountryName(country.alpha_3, "name"))
    for key in ambiguous:
        del index[key]
    for row in _alias_rows():
        alias, iso3, form = row[0], row[1], row[2]
        sector = row[3] if len(row) > 3 and row[3] else ("GOV" if form in ("capital", "seat") else None)
        index[fold(alias)] = CountryName(iso3, "name" if form == "alt" else form, sector)
    return index


@lru_cache(maxsize=1)
def _names() -> tuple[tuple[str, str], ...]:
    """(folded name, ISO3) of every country name, for deriving demonyms."""
    return tuple((key, c.iso3) for key, c in _index().items() if c.form == "name")


@lru_cache(maxsize=4096)
def _derived_demonym(key: str) -> str | None:
    """The country whose name this word is a regular demonym of, when exactly one fits.

    The stem left after removing the ending must be nearly the whole country
    name, so "Christian" never becomes Christmas Island, "Roman" never becomes
    Romania and "Green" never becomes Greece.
    """
    for ending, missing in _DEMONYM_ENDINGS:
        if not key.endswith(ending):
            continue
        stem = key[: -len(ending)]
        if len(stem) < 4:
            continue
        found = {
            iso3 for name, iso3 in _names() if name.startswith(stem) and len(name) - len(stem) <= missing
        }
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


@lru_cache(maxsize=16384)
def lookup(text: str) -> CountryName | None:
    """The country that ``text`` names, or None. Case and diacritics are ignored."""
    key = fold(text).replace("’", "'")
    if key.startswith("the "):
        key = key[4:]
    if not key or not any(c.isalpha() for c in key):
        return None
    found = _index().get(key)
    if found is not None:
        return found
    for candidate in (key, key[:-1] if key.endswith("s") else None):
        if candidate is None:
            continue
        if (plain := _index().get(candidate)) is not None and plain.form == "demonym":
            return plain  # "Kazakhs", "Poles"
        if (iso3 := _derived_demonym(candidate)) is not None:
            return CountryName(iso3, "demonym")
    return None


@cache
def display_name(iso3: str) -> str:
    """The short English name analysts expect ("Russia", not "Russian Federation")."""
    for row in _alias_rows():
        if row[1] == iso3 and row[2] == "name":
            return row[0]
    country = pycountry.countries.get(alpha_3=iso3) or pycountry.historic_countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return getattr(country, "common_name", None) or country.name.split(",")[0]


@cache
def is_code(iso3: str | None) -> bool:
    """Whether ``iso3`` is an alpha-3 code this module can produce."""
    if not iso3 or len(iso3) != 3:
        return False
    return pycountry.countries.get(alpha_3=iso3) is not None or iso3 in _HISTORIC


def known_forms() -> list[str]:
    """Every folded name, demonym, capital and seat listed (derived demonyms excluded)."""
    return list(_index())
