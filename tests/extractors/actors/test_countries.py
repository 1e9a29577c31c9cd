import pytest

from extractors.actors import countries


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("Kazakhstan", "KAZ"),
        ("Russian Federation", "RUS"),
        ("Russia", "RUS"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("turkiye", "TUR"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("Iran", "IRN"),
        ("Czechia", "CZE"),
        ("Burma", "MMR"),
        ("Soviet Union", "SUN"),
    ],
)
def test_names_short_forms_and_former_names(text, iso3):
    found = countries.lookup(text)
    assert found is not None and found.iso3 == iso3 and found.form == "name"


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("Hungarian", "HUN"),
        ("Ugandan", "UGA"),
        ("Iraqi", "IRQ"),
        ("Iraqis", "IRQ"),
        ("Lebanese", "LBN"),
        ("Sri Lankan", "LKA"),
        ("Swedish", "SWE"),
        ("Kazakh", "KAZ"),
        ("Kazakhs", "KAZ"),
        ("Nigerian", "NGA"),
    ],
)
def test_demonyms_derived_or_listed(text, iso3):
    found = countries.lookup(text)
    assert found is not None and found.iso3 == iso3 and found.form == "demonym"


@pytest.mark.parametrize(
    "text", ["Christian", "Roman", "Green", "George", "Turkic", "Korea", "European", "Asian"]
)
def test_words_that_only_look_like_demonyms_or_name_two_countries_are_nothing(text):
    assert countries.lookup(text) is None


def test_capitals_and_seats_of_government_know_their_country():
    assert countries.lookup("Ankara") == countries.CountryName("TUR", "capital", "GOV")
    assert countries.lookup("the Kremlin") == countries.CountryName("RUS", "seat", "GOV")
    assert countries.lookup("Pentagon").sector == "MIL"


def test_display_names_are_the_short_english_ones():
    assert [countries.display_name(c) for c in ("RUS", "TUR", "KOR", "IRN", "SUN")] == [
        "Russia",
        "Türkiye",
        "South Korea",
        "Iran",
        "Soviet Union",
    ]


def test_codes_are_current_or_of_states_that_are_gone():
    assert countries.is_code("KAZ") and countries.is_code("SUN")
    assert not countries.is_code("IGO") and not countries.is_code("XYZ")
