"""Sides in a sentence's event: who acts, on whom, and who only reports it."""

from extractors.actors.extract import extract_actors
from extractors.events.roles import event_roles


def test_the_speaker_is_the_source_and_who_the_statement_is_about_the_target(nlp):
    doc = nlp("Russia said on Tuesday that Sudan must return the helicopter.")
    _, mentions = extract_actors(doc)
    assert {m.surface: side for m, side in event_roles(doc, mentions)} == {
        "Russia": "source",
        "Sudan": "target",
    }


def test_a_trailing_attribution_is_no_side_of_the_event(nlp):
    doc = nlp("The United States sent arms to Pakistan last year, a Jordanian official said.")
    _, mentions = extract_actors(doc)
    sides = {m.surface: side for m, side in event_roles(doc, mentions)}
    assert sides == {"United States": "source", "Pakistan": "target", "Jordanian": "participant"}
