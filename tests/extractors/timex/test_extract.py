import datetime as dt

import pytest

from extractors.nlp import paragraph_spans
from extractors.timex.extract import find_timexes

NEWS_DAY = dt.date(2013, 3, 22)  # a Friday


def dates(text, published=None, paragraphs=None):
    return [
        (t.text, t.value and t.value.isoformat(), t.precision, t.anchor, t.role)
        for t in find_timexes(text, paragraphs, published)
    ]


def parsed(nlp, text, published=None):
    return {t.text: t for t in find_timexes(nlp(text), None, published)}


# --------------------------------------------------------------------------- explicit dates
def test_explicit_dates_at_their_precision():
    assert dates("On March 13, 2025 and 4 June 2021, in November 2023, in 2019.") == [
        ("March 13, 2025", "2025-03-13", "day", "explicit", "date"),
        ("4 June 2021", "2021-06-04", "day", "explicit", "date"),
        ("November 2023", "2023-11-01", "month", "explicit", "date"),
        ("2019", "2019-01-01", "year", "explicit", "date"),
    ]


def test_day_month_year_with_dots_and_without_comma():
    assert dates("Received 5.6.2024; the summit of June 15 2021.")[1][1] == "2021-06-15"
    assert dates("Received 5.6.2024; the summit of June 15 2021.")[0][1:3] == ("2024-06-05", "day")


def test_a_two_digit_year_ending_the_clause_is_read():
    assert dates("The warship foiled an attack on 10 Nov 11.")[0][:3] == ("10 Nov 11", "2011-11-10", "day")
    assert dates("It sailed on 3 Jan 12, after repairs.")[0][1] == "2012-01-03"


def test_a_count_after_a_day_and_month_is_no_year():
    assert "3 Jan 12" not in [d[0] for d in dates("On 3 Jan 12 sailors deserted.", NEWS_DAY)]


def test_decades_seasons_and_early_late_are_qualifiers():
    (decade,) = find_timexes("in the late 2000s")
    assert (decade.value, decade.precision, decade.qualifier, decade.timeml) == (
        dt.date(2000, 1, 1),
        "decade",
        "late",
        "200",
    )
    (season,) = find_timexes("in the summer of 2019")
    assert (season.value, season.precision, season.qualifier, season.timeml) == (
        dt.date(2019, 6, 1),
        "season",
        "summer",
        "2019-SU",
    )
    (early,) = find_timexes("in early 2020")
    assert (early.precision, early.qualifier) == ("year", "early")


def test_year_ranges_are_two_years():
    assert [d[1] for d in dates("the pandemic of 2009-2010 and the expedition of 1957-58")] == [
        "2009-01-01",
        "2010-01-01",
        "1957-01-01",
        "1958-01-01",
    ]


# --------------------------------------------------------------------------- anchoring on the narrative
def test_that_year_takes_the_last_explicit_date_and_records_it():
    text = "The treaty was signed in 2021. In November of that year it entered into force."
    first, second = find_timexes(text)
    assert (second.text, second.value, second.precision, second.anchor) == (
        "November of that year",
        dt.date(2021, 11, 1),
        "month",
        "narrative",
    )
    assert second.anchor_start == first.char_start


def test_following_year_and_years_later_count_from_the_last_explicit_date():
    found = dates(
        "The council was founded in 2009. The following year it met; twelve years later it dissolved."
    )
    assert [f[1] for f in found] == ["2009-01-01", "2010-01-01", "2021-01-01"]
    assert [f[3] for f in found] == ["explicit", "narrative", "narrative"]


def test_the_same_month_needs_a_date_precise_to_the_month():
    assert dates("Talks opened on 3 May 2020. The same month a deal was signed.")[1][1:3] == (
        "2020-05-01",
        "month",
    )
    assert dates("Talks opened in 2020. The same month a deal was signed.")[1][1] is None


def test_relative_date_without_anchor_stays_undated():
    assert dates("In November of that year it entered into force.")[0][1:4] == (None, None, "none")


def test_the_anchor_does_not_cross_into_another_section():
    text = "The pact was signed in 2014.\n\nLater developments\n\nThe following year trade doubled."
    paragraphs = [(0, 28), (30, 48), (50, len(text))]
    assert dates(text, paragraphs=paragraphs)[1][1] is None


def test_publication_date_is_not_a_narrative_anchor():
    assert dates("The following year it met.", NEWS_DAY)[0][1] is None


# --------------------------------------------------------------------------- deictic words
def test_deictic_words_use_the_publication_date_only():
    assert dates("This year the summit moves.", dt.date(2024, 5, 1))[0][1:4] == (
        "2024-01-01",
        "year",
        "publication",
    )
    assert dates("This year the summit moves.")[0][1] is None
    assert dates("Sales fell last week and rose six years ago.", NEWS_DAY)[0][1:3] == ("2013-03-11", "week")
    assert dates("Sales fell last week and rose six years ago.", NEWS_DAY)[1][1] == "2007-01-01"


def test_recently_is_no_date():
    (recently,) = find_timexes("The minister recently resigned.", None, NEWS_DAY)
    assert (recently.value, recently.timeml) == (None, "PAST_REF")


def test_inside_a_quotation_cited_to_a_dated_source_deictic_words_speak_from_its_year():
    text = (
        'He said: "this year\'s summit was a success, and now we lead (Yuan, 2021)". This year is different.'
    )
    found = dates(text, dt.date(2024, 1, 1))
    assert found[0][1:4] == ("2021-01-01", "year", "quotation")
    assert found[-1][1:4] == ("2024-01-01", "year", "publication")


def test_weekdays_and_month_names_follow_the_tense(nlp):
    found = parsed(
        nlp,
        "The FAA announced on Friday that closures will begin on April 7. "
        "Police arrested him in August, and the trial will open in June.",
        NEWS_DAY,
    )
    assert found["Friday"].value == dt.date(2013, 3, 22)
    assert found["April 7"].value == dt.date(2013, 4, 7)
    assert found["August"].value == dt.date(2012, 8, 1)
    assert found["June"].value == dt.date(2013, 6, 1)


def test_a_month_name_in_a_dated_paragraph_takes_the_story_year(nlp):
    found = parsed(nlp, "The war began in 1941. In June the front collapsed.", NEWS_DAY)
    assert (found["June"].value, found["June"].anchor) == (dt.date(1941, 6, 1), "narrative")


# --------------------------------------------------------------------------- what is not an event date
def test_citations_horizons_and_credits_are_not_event_dates():
    roles = {
        f[0]: f[4]
        for f in dates(
            "Trade grew (Tao, 2016; Cai & Yi, 2020). Smith (2019) disagrees. The Vision 2040 plan runs through 2030 "
            "under the Strategy for 2022-2026. (Photo: Reuters, 2018). Retrieved July 14, 2024."
        )
    }
    assert roles == {
        "2016": "citation",
        "2020": "citation",
        "2019": "citation",
        "2040": "horizon",
        "2030": "horizon",
        "2022": "horizon",
        "2026": "horizon",
        "2018": "credit",
        "July 14, 2024": "retrieval",
    }


def test_a_year_in_parentheses_after_an_event_is_a_date_not_a_citation():
    roles = [f[4] for f in dates("after the October Revolution (1917) and the Second World War (1941)")]
    assert roles == ["date", "date"]


def test_durations_and_sets_are_not_event_dates():
    found = find_timexes("He served five years and met them annually for the past two years.")
    assert [(t.text, t.type, t.timeml, t.is_event_date) for t in found] == [
        ("five years", "DURATION", "P5Y", False),
        ("annually", "SET", "P1Y", False),
        ("the past two years", "DURATION", "P2Y", False),
    ]


def test_an_amount_is_not_a_year(nlp):
    assert parsed(nlp, "The army sent 2000 troops in 2019.").keys() == {"2019"}


def test_a_month_inside_a_name_is_not_a_date(nlp):
    assert "May" not in parsed(nlp, "Theresa May spoke after the October Revolution.", NEWS_DAY)
    assert "October" not in parsed(nlp, "Theresa May spoke after the October Revolution.", NEWS_DAY)


@pytest.mark.parametrize(
    "text, value",
    [
        ("late last July", "2012-07"),
        ("last summer", "2012-SU"),
        ("this week", "2013-W12"),
        ("Sunday night", "2013-03-17TNI"),
        ("the 20th century", "19"),
        ("the first quarter", "2013-Q1"),
    ],
)
def test_timeml_values(text, value):
    (found,) = find_timexes(f"It happened {text}.", None, NEWS_DAY)
    assert found.timeml == value


def test_a_shift_past_the_calendar_is_an_expression_without_a_date():
    found = find_timexes(
        "The book appeared in 2020. Its story begins 200,000 years ago in the Horn of Africa.",
        published=dt.date(2024, 5, 3),
    )
    assert [(t.value, t.precision) for t in found] == [(dt.date(2020, 1, 1), "year"), (None, None)]


def test_an_undated_history_reads_its_months_without_a_year_of_writing(nlp):
    """A plain-text history has no publication date: months in new paragraphs must not need one."""
    text = (
        "The treaty was signed in 1921. Talks had begun in 1919 and stalled in 1920.\n\n"
        "The border was drawn in 1924 and redrawn in 1929.\n\n"
        "In April the commission met again in Tashkent."
    )
    from extractors.nlp import paragraph_spans

    found = find_timexes(nlp(text), paragraph_spans(text), None)
    assert [t.text for t in found][:2] == ["1921", "1919"] and "April" in [t.text for t in found]


def test_a_clock_time_alone_is_on_the_day_the_story_is_on():
    text = (
        "A fire on Tuesday destroyed the old dairy warehouse. A call came in at 3:33 a.m. from a neighbour."
    )
    found = {d[0]: d for d in dates(text, NEWS_DAY)}
    assert found["Tuesday"][1] == "2013-03-19"
    assert found["3:33 a.m."][1:4] == ("2013-03-19", "hour", "narrative")


def test_a_clock_time_with_no_day_named_before_is_on_the_day_of_writing():
    (clock,) = find_timexes("The polls closed at 8 p.m. across the country.", None, NEWS_DAY)
    assert (clock.value, clock.anchor, clock.time) == (NEWS_DAY, "publication", "20")


def test_the_early_hours_are_the_small_hours_of_the_day_the_story_is_on():
    text = (
        "Four men rammed a car into a Tashkent jewellery store on Tuesday. "
        "Police said they drove into the store in the early hours of the morning."
    )
    hours = {t.text: t for t in find_timexes(text, None, NEWS_DAY)}["the early hours of the morning"]
    assert (hours.value, hours.time, hours.qualifier, hours.anchor) == (
        dt.date(2013, 3, 19),
        "MO",
        "early",
        "narrative",
    )


def test_the_early_hours_of_a_named_day_are_that_day():
    found = dates("The raid began in the early hours of Sunday.", NEWS_DAY)
    assert [(d[0], d[1]) for d in found] == [("Sunday", "2013-03-17")]


def test_what_a_past_act_was_able_to_do_or_did_it_for_is_past(nlp):
    found = parsed(
        nlp, "However the Uzbek operator was able to restore some lines by Saturday afternoon.", NEWS_DAY
    )
    assert found["Saturday afternoon"].value == dt.date(2013, 3, 16)
    found = parsed(
        nlp,
        "The Kazakh champion stopped his rival in the sixth round to keep his title on Saturday.",
        NEWS_DAY,
    )
    assert found["Saturday"].value == dt.date(2013, 3, 16)
    found = parsed(
        nlp, "The ministry said the pipeline was on track to reach Tashkent by Saturday.", NEWS_DAY
    )
    assert found["Saturday"].value == dt.date(2013, 3, 23)


def test_hours_minutes_and_seconds_taken_are_a_duration_not_a_time_of_day():
    (race,) = find_timexes("The Tashkent marathon's winner finished in 2:21:09.", None, NEWS_DAY)
    assert (race.text, race.value, race.timeml) == ("2:21:09", None, "PT2H21M9S")
    (blast,) = find_timexes("The blast came at 14:05:30 local time.", None, NEWS_DAY)
    assert (blast.value, blast.precision) == (NEWS_DAY, "hour")


def test_a_wire_s_four_digit_time_with_its_zone_is_a_clock_time():
    (clock,) = find_timexes("The quake struck at 0737 GMT near the coast.", None, NEWS_DAY)
    assert (clock.text, clock.value, clock.precision, clock.time, clock.zone) == (
        "0737 GMT",
        NEWS_DAY,
        "hour",
        "07:37",
        "GMT",
    )


def test_a_year_before_gmt_is_still_a_year():
    (year,) = find_timexes("In 1945 GMT was still the standard at sea.", None, NEWS_DAY)
    assert (year.text, year.precision) == ("1945", "year")


def test_a_month_told_after_a_date_of_the_story_is_in_the_story_s_year():
    text = (
        "The Soviets invaded Poland on September 17, 1939. By early October, Poland was divided. "
        "The siege ended in November 1944. In January, the offensive resumed."
    )
    found = {d[0]: d[1] for d in dates(text, dt.date(2009, 12, 19))}
    assert found["early October"] == "1939-10-01"
    assert found["January"] == "1945-01-01"


def test_a_history_s_next_section_goes_on_with_its_story():
    text = (
        "In 1939 the war began in Europe. Poland fell in 1939 and Finland was invaded in 1939.\n\n"
        "The Western Front\n\n"
        "Denmark was occupied in 1940 and Norway fought on through 1940.\n\n"
        "Battle of France\n\n"
        "On June 10, Italy invaded France."
    )
    paragraphs = [(m.start(), m.end()) for m in __import__("re").finditer(r"[^\n]+", text)]
    found = {d[0]: d for d in dates(text, dt.date(2009, 12, 19), paragraphs)}
    assert found["June 10"][1:4] == ("1940-06-10", "day", "narrative")


def test_a_history_s_month_in_a_clause_without_a_past_verb_is_still_the_story_s(nlp):
    """ "After crossing the river on 2 August" has no past verb to lean on; in a history it is not the year of writing."""
    text = (
        "After the battles of 1917, 1918 and 1919, and the armistice of 1919, the campaign of 1920 began.\n\n"
        "After crossing the river on 2 August, the army was only sixty miles from the capital.\n\n"
        "The next offensive will be planned for November, the general wrote."
    )
    found = {t.text: t for t in find_timexes(nlp(text), paragraph_spans(text), dt.date(2009, 12, 19))}
    assert found["2 August"].value == dt.date(1920, 8, 2)
    assert found["November"].anchor == "publication"  # a future still counts from the writing


def test_a_count_after_the_day_and_month_is_no_year():
    assert dates("By 28 March, 35,000 troops were poised to attack.", NEWS_DAY)[0][:3] == (
        "28 March",
        "2013-03-28",
        "day",
    )
    assert dates("On March 2, 12,500 people marched.", NEWS_DAY)[0][:3] == ("March 2", "2013-03-02", "day")
    assert dates("It fell on 28 March, 2009.")[0][:2] == ("28 March, 2009", "2009-03-28")


def test_news_sections_start_afresh_from_the_day_of_writing():
    text = "Talks resumed in 2010 and again in 2010.\n\nSecond section\n\nThe ministers met on June 10 in Astana."
    paragraphs = [(m.start(), m.end()) for m in __import__("re").finditer(r"[^\n]+", text)]
    found = {d[0]: d for d in dates(text, NEWS_DAY, paragraphs)}
    assert found["June 10"][1:4] == ("2012-06-10", "day", "publication")


def test_a_year_heading_sets_the_year_of_the_section_it_opens(nlp):
    text = (
        "Origins\n\nThe border had been disputed since 1795, and again in 1815 and 1863. "
        "Both states were formed in 1918.\n\n1919\n\n"
        "The first serious clash took place on February 16, near Bereza.\n\n1920\n\n"
        "On 25 April the army began its offensive."
    )
    found = {t.text: t for t in find_timexes(nlp(text), paragraph_spans(text), dt.date(2009, 12, 19))}
    assert found["1919"].role == "heading"  # not itself an event date
    assert (found["February 16"].value, found["February 16"].anchor) == (dt.date(1919, 2, 16), "narrative")
    assert found["25 April"].value == dt.date(1920, 4, 25)


def test_a_dated_heading_in_news_is_no_anchor_for_the_previous_day(nlp):
    text = (
        "Council meets\n\n10 March 2009\n\nThe council met on Tuesday. The previous day, the mayor resigned."
    )
    found = {t.text: t for t in find_timexes(nlp(text), paragraph_spans(text), dt.date(2009, 12, 19))}
    assert found["The previous day"].value == found["Tuesday"].value - dt.timedelta(days=1)


def test_a_year_the_story_looks_back_or_forward_to_does_not_move_it(nlp):
    text = (
        "Origins\n\nThe border had been disputed since 1795, and again in 1815 and 1863. "
        "Both states were formed in 1918. The war began in 1919.\n\nThe battle\n\n"
        "In mid-August 1920 the cavalry turned south. It was the largest cavalry battle since 1813. "
        "Documents found in 2004 proved that the ciphers had been broken. On 31 August the cavalry withdrew."
    )
    found = {t.text: t for t in find_timexes(nlp(text), paragraph_spans(text), dt.date(2009, 12, 19))}
    assert found["1813"].value == dt.date(1813, 1, 1) and found["2004"].value == dt.date(2004, 1, 1)
    assert found["31 August"].value == dt.date(1920, 8, 31)


def test_a_year_a_plan_is_set_for_does_not_move_the_story(nlp):
    text = (
        "Background\n\nThe war began in 1955, grew in 1965 and 1968, and went on through 1973 and 1974.\n\n"
        "The fall\n\nAt the start of 1975 the North attacked in the highlands. "
        "A larger offensive might interfere with the big push planned for 1976. "
        "On 11 March the town fell."
    )
    found = {t.text: t for t in find_timexes(nlp(text), paragraph_spans(text), dt.date(2009, 12, 19))}
    assert found["11 March"].value == dt.date(1975, 3, 11)
