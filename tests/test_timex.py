import datetime as dt

from extractors.timex import find_timexes


def dates(text, published=None):
    return [(t.text, t.value and t.value.isoformat(), t.precision, t.anchor, t.role)
            for t in find_timexes(text, None, published)]


def test_explicit_dates_at_their_precision():
    assert dates("On March 13, 2025 and 4 June 2021, in November 2023, in 2019.") == [
        ("March 13, 2025", "2025-03-13", "day", "explicit", "date"),
        ("4 June 2021", "2021-06-04", "day", "explicit", "date"),
        ("November 2023", "2023-11-01", "month", "explicit", "date"),
        ("2019", "2019-01-01", "year", "explicit", "date"),
    ]


def test_that_year_takes_the_last_explicit_date_of_the_narrative():
    found = dates("The treaty was signed in 2021. In November of that year it entered into force.")
    assert found[1] == ("November of that year", "2021-11-01", "month", "narrative", "date")


def test_following_year_and_years_later_count_from_the_anchor():
    found = dates("The council was founded in 2009. The following year it met; twelve years later it dissolved.")
    assert [f[1] for f in found] == ["2009-01-01", "2010-01-01", "2021-01-01"]


def test_relative_date_without_anchor_stays_undated():
    assert dates("In November of that year it entered into force.")[0][1] is None


def test_deictic_words_use_the_publication_date_only():
    assert dates("This year the summit moves.", dt.date(2024, 5, 1))[0][1:4] == ("2024-01-01", "year", "publication")
    assert dates("This year the summit moves.")[0][1] is None


def test_citations_horizons_and_credits_are_not_event_dates():
    roles = {f[0]: f[4] for f in dates(
        "Trade grew (Tao, 2016). Smith (2019) disagrees. The Vision 2040 plan runs through 2030. "
        "(Photo: Reuters, 2018). Retrieved July 14, 2024.")}
    assert roles == {"2016": "citation", "2019": "citation", "2040": "horizon", "2030": "horizon",
                     "2018": "citation", "July 14, 2024": "retrieval"}


def test_decades_keep_their_qualifier():
    (found,) = find_timexes("in the late 2000s", None, None)
    assert (found.value, found.precision, found.qualifier) == (dt.date(2000, 1, 1), "decade", "late")
