import datetime as dt

from extractors.actors.extract import extract_actors
from extractors.events.extract import extract_events
from extractors.events.plover import main_event_type
from extractors.nlp import paragraph_spans
from extractors.timex.extract import find_timexes


def events_of(nlp, text, published=None):
    doc = nlp(text)
    _, mentions = extract_actors(doc)
    return extract_events(doc, find_timexes(doc, paragraph_spans(text), published), mentions, published)


def summary(events):
    return [(e.event_date.isoformat(), e.date_precision, e.event_type) for e in events]


def roles(event):
    return dict(event.actors)


def test_a_dated_clause_with_an_action_is_an_event_typed_by_its_predicate(nlp):
    text = "Kazakhstan and Uzbekistan signed a water treaty on 14 March 2023."
    (event,) = events_of(nlp, text)
    # PLOVER codes signing a formal agreement as SUPPORT (CAMEO 057)
    assert summary([event]) == [("2023-03-14", "day", "SUPPORT")]
    assert (event.date_text, event.predicate, event.date_anchor) == ("14 March 2023", "sign", "explicit")
    assert (
        text[event.char_start : event.char_end]
        == "Kazakhstan and Uzbekistan signed a water treaty on 14 March 2023"
    )


def test_subject_is_source_and_object_is_target(nlp):
    (event,) = events_of(nlp, "In 2019, Russia condemned Ukraine in a statement.")
    assert roles(event) == {"country:RUS": "source", "country:UKR": "target"}
    assert event.event_type == "ACCUSE"


def test_between_x_and_y_are_participants_and_a_place_is_the_location(nlp):
    (event,) = events_of(nlp, "In May 2022, talks were held between Armenia and Azerbaijan in Brussels.")
    assert event.event_type == "CONSULT"
    assert roles(event)["country:ARM"] == roles(event)["country:AZE"] == "participant"
    assert "location" in roles(event).values()


def test_an_event_nobody_takes_part_in_is_not_kept(nlp):
    assert events_of(nlp, "The war in 2020 changed the region.") == []


def test_a_stative_sentence_with_a_date_and_an_actor_is_no_event(nlp):
    assert events_of(nlp, "In 2020, Kazakhstan was the largest economy of the region.") == []


def test_one_event_per_distinct_date_of_a_clause(nlp):
    events = events_of(nlp, "The summits of 2021, 2022 and 2023 expressed support for Azerbaijan.")
    assert sorted(e.event_date.year for e in events) == [2021, 2022, 2023]
    assert {e.event_type for e in events} == {"SUPPORT"}


def test_one_event_per_clause_however_often_the_date_is_said(nlp):
    text = "In 2019 Turkey and Russia signed a deal in Ankara, in 2019 of all years."
    assert len(events_of(nlp, text)) == 1


def test_coordinated_clauses_are_separate_events_sharing_their_subject(nlp):
    text = "Turkey and Kazakhstan are close. The two countries established a partnership in 2009 and formed a committee in 2012."
    events = events_of(nlp, text)
    assert sorted(e.event_date.year for e in events) == [2009, 2012]
    assert all({"country:TUR", "country:KAZ"} <= set(roles(e)) for e in events)


def test_citation_years_and_undated_sentences_make_no_event(nlp):
    assert events_of(nlp, "Turkey expanded its influence (Tao, 2016). Russia objected recently.") == []


def test_a_relative_date_is_resolved_from_the_sentence_before(nlp):
    events = events_of(nlp, "The commission was founded in 2009. In June of that year, Kazakhstan joined it.")
    (joined,) = [e for e in events if e.predicate == "join"]
    assert (joined.event_date.isoformat(), joined.date_precision, joined.date_anchor) == (
        "2009-06-01",
        "month",
        "narrative",
    )
    assert joined.date_anchor_start is not None


def test_the_meeting_of_the_sentence_before_dates_what_it_resulted_in(nlp):
    text = (
        "The council's first meeting in September 2025 was attended by Kazakhstan. "
        "The meeting resulted in the adoption of a joint plan."
    )
    adopted = [e for e in events_of(nlp, text) if e.predicate == "adoption"]
    assert [(e.event_date.isoformat(), e.date_anchor) for e in adopted] == [("2025-09-01", "narrative")]
    assert "country:KAZ" in roles(adopted[0])


def test_after_an_event_dates_nothing(nlp):
    events = events_of(
        nlp, "Turkey and Russia met in Sochi in 2017. After this meeting, Iran joined the talks."
    )
    assert summary(events) == [("2017-01-01", "year", "CONSULT")]


def test_days_counted_from_an_undated_event_never_take_the_publication_day(nlp):
    events = events_of(
        nlp,
        "Two days after the burst, the village was evacuated by the army.",
        published=dt.date(2024, 6, 1),
    )
    assert events == []


def test_a_historical_event_in_parentheses_takes_its_actors_from_the_phrase(nlp):
    (event,) = events_of(
        nlp, "Turkish policy changed after the Soviet-German War (1941).", dt.date(2024, 1, 1)
    )
    assert (event.event_date.year, event.event_type, event.mode) == (1941, "ASSAULT", "historical")
    assert {"country:SUN", "country:DEU"} & set(roles(event))


def test_pronouns_and_the_two_countries_name_the_actors_said_before(nlp):
    text = (
        "Kazakhstan welcomed Turkey's offer. The two countries signed a treaty in 2009. "
        "President Tokayev arrived later. In May 2022, he visited Ankara."
    )
    by_year = {e.event_date.year: e for e in events_of(nlp, text)}
    assert {"country:KAZ", "country:TUR"} <= set(roles(by_year[2009]))
    assert any(key.startswith("person:") and role == "source" for key, role in by_year[2022].actors)


def test_one_event_mentioned_twice_is_merged(nlp):
    text = (
        "In April 2018, Erdogan visited Uzbekistan and met Mirziyoyev.\n\n"
        "The economy grew.\n\n"
        "In April 2018, Erdogan visited Tashkent (Photo: TCCB, 2018)."
    )
    visits = [e for e in events_of(nlp, text) if e.event_subtype == "visit"]
    assert len(visits) == 1
    assert len(visits[0].mentions) == 1 and visits[0].mentions[0][0] > text.index("The economy")


def test_different_precisions_stay_apart(nlp):
    text = "The war between Armenia and Azerbaijan in 2020 changed the region. In September 2020, Turkey supported Azerbaijan."
    assert sorted(e.date_precision for e in events_of(nlp, text)) == ["month", "year"]


def test_modes(nlp):
    published = dt.date(2024, 1, 1)
    assert events_of(nlp, "Turkey will host the summit in 2026.", published)[0].mode == "future"
    assert events_of(nlp, "In 2021, Russia did not sign the treaty.", published)[0].mode == "negated"
    assert events_of(nlp, "In 2021, Russia would have attacked Georgia.", published)[0].mode == "hypothetical"
    assert events_of(nlp, "In 2023, Russia attacked Ukraine.", published)[0].mode is None


def test_intentions_are_coded_as_cameo_codes_them(nlp):
    def category(text):
        return main_event_type(next(nlp(text).sents)).category

    assert category("Russia said it will release the prisoners.") == "AGREE"
    assert category("The rebels said they would blockade the capital.") == "THREATEN"
    assert category("France said that Iran must release the sailors.") == "REQUEST"
    assert category("Syria said it will not accept more refugees.") == "REJECT"
    assert category("The two sides held talks in Geneva.") == "CONSULT"
    assert category("The government lifted the curfew.") == "CONCEDE"


def test_two_events_of_one_sentence_on_one_date_keep_distinct_ids():
    from core.ids import event_id
    from core.records import Event

    text = "The council decided last night to meet and concluded that the talks would go on."
    decided = Event(
        dt.date(2019, 11, 17), "day", "last night", "publication", "AGREE", text, 0, 60, predicate="decide"
    )
    concluded = Event(
        dt.date(2019, 11, 17),
        "day",
        "last night",
        "publication",
        "SUPPORT",
        text,
        0,
        len(text),
        predicate="conclude",
    )
    assert event_id("doc", decided) != event_id("doc", concluded)
    assert event_id("doc", decided) == event_id("doc", decided)  # stable across runs


def test_a_dated_happening_without_a_plover_category_is_an_other_event_with_its_predicate(nlp):
    (event,) = events_of(nlp, "The Dow Jones index fell sharply on 4 September 2008.")
    assert summary([event]) == [("2008-09-04", "day", "OTHER")]
    assert event.predicate == "fall"
    assert nlp_text(event, "The Dow Jones index fell sharply on 4 September 2008.") == "fell"


def nlp_text(event, text):
    start, end = event.predicate_span
    return text[start:end]


def test_verbs_sharing_a_date_are_one_event_each(nlp):
    text = "A gunman shot and killed a guard and wounded two visitors in Almaty on Monday."
    events = events_of(nlp, text, published=dt.date(2024, 3, 13))
    assert sorted(nlp_text(e, text) for e in events) == ["killed", "shot", "wounded"]
    assert {e.event_date for e in events} == {dt.date(2024, 3, 11)}


def test_a_participle_after_the_dated_verb_is_its_own_event(nlp):
    text = "An earthquake hit southern Iran on Sunday, killing ten people."
    events = events_of(nlp, text, published=dt.date(2005, 11, 28))
    assert sorted(nlp_text(e, text) for e in events) == ["earthquake", "hit", "killing"]
    assert {e.event_date for e in events} == {dt.date(2005, 11, 27)}


def test_stative_verbs_stay_out_even_with_a_date(nlp):
    assert events_of(nlp, "In 2020, the region seemed calm.") == []


def test_in_a_history_a_month_without_year_takes_the_sections_year(nlp):
    text = (
        "The war began in 1939. Poland fell in 1939 and Denmark in 1940. Norway resisted in 1940, "
        "France in 1940 and Greece in 1941.\n\n"
        "In April, Germany invaded Norway."
    )
    events = events_of(nlp, text, published=dt.date(2009, 12, 19))
    invasion = next(e for e in events if e.predicate == "invade")
    assert (invasion.event_date, invasion.date_precision) == (dt.date(1941, 4, 1), "month")


def test_a_news_story_recalling_a_past_year_keeps_its_own_year_for_a_month(nlp):
    text = (
        "The flu of 2010 was mild.\n\nThis flu season started in early December, a month earlier than usual."
    )
    events = events_of(nlp, text, published=dt.date(2013, 3, 22))
    assert [(e.event_date, e.date_qualifier) for e in events] == [(dt.date(2012, 12, 1), "early")]


def test_by_a_year_with_a_past_verb_dates_the_clause(nlp):
    (event,) = events_of(nlp, "By early 1941, Churchill had sent troops to Greece.")
    assert (event.event_date.year, event.date_precision, event.date_qualifier) == (1941, "year", "early")


def test_a_date_inside_a_quotation_dates_what_is_quoted_not_the_verb_that_reports_it(nlp):
    text = '"In 2019 KazMunayGas invested $8bn in the new pipeline," the Kazakh minister said.'
    events = events_of(nlp, text, dt.date(2024, 5, 3))
    assert [(e.predicate, e.event_date.year) for e in events] == [("invest", 2019)]


def test_a_date_in_a_quoted_name_dates_nothing_outside_it(nlp):
    text = 'Protesters in Bishkek marched under the banner "Spring 2020" and blocked the main square.'
    assert events_of(nlp, text, dt.date(2024, 5, 3)) == []


def test_a_capture_or_a_victory_named_by_a_noun_is_an_event(nlp):
    text = (
        "Kazakh troops completed the capture of the border post on 4 May 2021. "
        "The rebels won a decisive victory at Tamdy in June 2021."
    )
    found = {
        e.predicate: (e.event_type, e.event_date.isoformat())
        for e in events_of(nlp, text, dt.date(2024, 5, 3))
    }
    assert found["capture"] == ("COERCE", "2021-05-04")
    assert found["victory"] == ("OTHER", "2021-06-01")
