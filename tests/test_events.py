from extractors.actors import extract_actors
from extractors.events import extract_events
from extractors.nlp import paragraph_spans
from extractors.timex import find_timexes


def events_of(nlp, text):
    doc = nlp(text)
    _, mentions = extract_actors(doc)
    return extract_events(doc, find_timexes(text, paragraph_spans(text)), mentions)


def test_a_dated_sentence_with_an_actor_is_an_event_typed_by_its_verb(nlp):
    (event,) = events_of(nlp, "Kazakhstan and Uzbekistan signed a water treaty on 14 March 2023.")
    assert (event.event_date.isoformat(), event.date_precision, event.event_type) == ("2023-03-14", "day", "AGREE")
    assert event.date_text == "14 March 2023"


def test_subject_is_source_and_object_is_target(nlp):
    (event,) = events_of(nlp, "In 2019, Russia condemned Ukraine in a statement.")
    roles = dict((key, role) for key, role in event.actors)
    assert roles == {"country:RUS": "source", "country:UKR": "target"}


def test_one_event_per_date_not_per_mention(nlp):
    events = events_of(nlp, "Summits were held in Baku in 2019 and in Astana in 2021.")
    assert sorted(e.event_date.year for e in events) == [2019, 2021]


def test_citation_years_and_undated_sentences_make_no_event(nlp):
    assert events_of(nlp, "Turkey expanded its influence (Tao, 2016). Russia objected recently.") == []


def test_relative_date_resolved_from_the_previous_sentence(nlp):
    events = events_of(nlp, "The commission was founded in 2009. In June of that year, Kazakhstan joined it.")
    assert [(e.event_date.isoformat(), e.date_anchor) for e in events][-1] == ("2009-06-01", "narrative")
