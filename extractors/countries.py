"""Country names, demonyms and capitals to ISO 3166-1 alpha-3.

pycountry supplies the official names; ``data/country_aliases.tsv`` adds the
short and former names, demonyms and capitals that news text uses instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry

from extractors.names import fold


@dataclass(frozen=True)
class CountryName:
    iso3: str
    form: str  # name | demonym | capital ('alt' names are reported as 'name')


def _alias_rows() -> list[tuple[str, str, str]]:
    table = resources.files("extractors").joinpath("data/country_aliases.tsv").read_text("utf-8")
    return [tuple(line.split("\t")) for line in table.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _index() -> dict[str, CountryName]:
    index: dict[str, CountryName] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(fold(value), CountryName(country.alpha_3, "name"))
    for alias, iso3, form in _alias_rows():
        index[fold(alias)] = CountryName(iso3, "name" if form == "alt" else form)
    return index


def lookup(text: str) -> CountryName | None:
    """The country that ``text`` names, or None. Case and diacritics are ignored."""
    key = fold(text)
    if key.startswith("the "):
        key = key[4:]
    return _index().get(key)


@lru_cache(maxsize=None)
def display_name(iso3: str) -> str:
    """The short English name analysts expect ("Russia", not "Russian Federation")."""
    for alias, code, form in _alias_rows():
        if code == iso3 and form == "name":
            return alias
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return getattr(country, "common_name", None) or country.name.split(",")[0]
