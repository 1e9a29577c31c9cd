"""Events dated by the publication day, dates as precise as the text, one event per happening,
implied actors: each case a small document of our own."""

import datetime as dt

from tests.extractors.events.test_extract import events_of

PUBLISHED = dt.date(2013, 5, 3)  # a Friday


def by_predicate(events):
    return {e.predicate: e for e in events}


def test_said_on_a_weekday_is_an_event_anchored_on_the_publication_day(nlp):
    text = "The Uzbek foreign ministry said on Tuesday that talks would resume."
    (said,) = events_of(nlp, text, PUBLISHED)  # typed by what was said: talks (AGREE)
    assert (said.event_date, said.date_precision, said.date_anchor) == (
        dt.date(2013, 4, 30),
        "day",
        "publication",
    )
    assert dict(said.actors) == {"country:UZB": "source"}


def test_the_act_a_speaker_reports_shares_the_day_of_the_report(nlp):
    text = "Her lawyer said Thursday the actress checked into a clinic in California."
    events = by_predicate(events_of(nlp, text, PUBLISHED))
    assert events["check"].event_date == dt.date(2013, 5, 2)
    assert events["check"].date_anchor == "publication"


def test_a_plan_a_speaker_reports_is_not_dated_by_the_report(nlp):
    text = "Her lawyer said Thursday the actress will check into a clinic."
    assert "check" not in by_predicate(events_of(nlp, text, PUBLISHED))


def test_an_event_noun_a_dated_verb_takes_happened_that_day(nlp):
    text = "The old dairy warehouse in Palmer was destroyed by a fire on Tuesday."
    events = by_predicate(events_of(nlp, text, PUBLISHED))
    assert events["fire"].event_date == events["destroy"].event_date == dt.date(2013, 4, 30)


def test_a_week_is_an_event_date_of_week_precision(nlp):
    text = "Tajikistan and Kyrgyzstan signed a border accord last week."
    event = by_predicate(events_of(nlp, text, PUBLISHED))["sign"]
    assert (event.event_date, event.date_precision) == (dt.date(2013, 4, 22), "week")


def test_relative_days_count_from_the_last_day_the_story_named(nlp):
    text = (
        "Talks between Kazakhstan and Uzbekistan opened in Tashkent on 3 May 2024. "
        "A day later, Kazakhstan signed the water accord. "
        "That same day, Uzbekistan ratified the accord."
    )
    events = by_predicate(events_of(nlp, text, dt.date(2024, 6, 1)))
    assert events["sign"].event_date == dt.date(2024, 5, 4)
    assert events["sign"].date_anchor == "narrative"
    assert events["ratify"].event_date == dt.date(2024, 5, 4)


def test_quarters_seasons_and_halves_are_periods_of_their_own(nlp):
    text = (
        "Kazakhstan cut its grain exports in the third quarter of 2012. "
        "Uzbekistan opened the canal in the summer of 2011. "
        "Tajikistan raised power prices in the first half of 2010."
    )
    found = {e.predicate: (e.event_date, e.date_precision, e.date_qualifier) for e in events_of(nlp, text)}
    assert found["cut"] == (dt.date(2012, 7, 1), "quarter", "Q3")
    assert found["open"] == (dt.date(2011, 6, 1), "season", "summer")
    assert found["raise"] == (dt.date(2010, 1, 1), "half", "half1")


def test_a_clock_time_and_its_zone_give_hour_precision_on_the_day_written(nlp):
    events = events_of(nlp, "The earthquake struck Tashkent at 16:15 UTC, June 1st.", dt.date(2013, 6, 5))
    event = by_predicate(events)["strike"]  # and the earthquake, at the same time
    assert (event.event_date, event.date_precision) == (dt.date(2013, 6, 1), "hour")
    assert (event.event_time, event.time_zone) == ("16:15", "UTC")


def test_early_and_the_part_of_the_day_are_kept(nlp):
    (event,) = events_of(nlp, "Police arrested the Kazakh suspect early Tuesday morning.", PUBLISHED)
    assert (event.event_date, event.date_qualifier, event.event_time) == (dt.date(2013, 4, 30), "early", "MO")


def test_one_event_stated_in_four_sentences_is_one_event_with_four_mentions(nlp):
    text = (
        "Kazakhstan condemned the dam project in March 2025. "
        "On 31 March 2025 Kazakhstan condemned the project again. "
        "Kazakhstan condemned the dam project in March 2025, officials recalled. "
        "In March 2025 Kazakhstan condemned the plan."
    )
    (event,) = events_of(nlp, text, dt.date(2025, 4, 10))
    assert len(event.mentions) + 1 == 4
    assert (event.event_date, event.date_precision) == (dt.date(2025, 3, 31), "day")  # the most precise date


def test_two_different_acts_of_one_actor_in_one_period_stay_two_events(nlp):
    text = (
        "Kazakhstan predicted a record harvest by the end of 2024. "
        "In November 2024 Kazakhstan spearheaded a publicity drive for its grain."
    )
    events = events_of(nlp, text, dt.date(2025, 2, 1))
    assert sorted((e.predicate, len(e.mentions)) for e in events) == [("predict", 0), ("spearhead", 0)]


def test_the_noun_naming_the_act_is_one_more_mention_of_it(nlp):
    text = (
        "Kazakhstan arraigned the Uzbek smuggler on Wednesday. "
        "At the arraignment on Wednesday, Kazakhstan described the raid."
    )
    (event,) = events_of(nlp, text, PUBLISHED)
    assert event.predicate == "arraign"
    (((start, end), _),) = event.mention_words  # told by its own word, not by the whole sentence
    assert text[start:end] == "arraignment"


def test_the_same_act_by_different_sources_stays_two_events(nlp):
    text = (
        "Kazakhstan condemned the dam project in March 2025. In March 2025 Uzbekistan condemned the project."
    )
    assert len(events_of(nlp, text, dt.date(2025, 4, 10))) == 2


def test_the_statement_is_issued_by_whoever_issued_it_earlier_in_the_paragraph(nlp):
    text = (
        "The Organization of Turkic States issued a statement on 31 March 2025. "
        "The statement condemned the attack on 2 April 2025."
    )
    condemn = by_predicate(events_of(nlp, text, dt.date(2025, 7, 1)))["condemn"]
    assert ("organization:organization of turkic states", "source") in condemn.actors


def test_it_carries_the_subject_of_the_sentence_before(nlp):
    text = (
        "The European Union held a summit in Brussels in June 2025. It adopted a declaration on 20 June 2025."
    )
    adopt = by_predicate(events_of(nlp, text, dt.date(2025, 7, 1)))["adopt"]
    assert dict(adopt.actors) == {"organization:european union": "source"}


def test_both_sides_are_the_two_parties_named(nlp):
    text = "Kazakhstan and Uzbekistan met in Tashkent in May 2025. Both sides signed an accord on 5 May 2025."
    sign = by_predicate(events_of(nlp, text, dt.date(2025, 7, 1)))["sign"]
    assert {k for k, r in sign.actors if r == "source"} == {"country:KAZ", "country:UZB"}


def test_a_disaster_named_by_a_noun_is_an_event_of_its_clause_date(nlp):
    text = "A powerful storm struck the coastal town of Dover on Sunday, killing four people."
    storm = by_predicate(events_of(nlp, text, PUBLISHED))["storm"]
    assert (storm.event_type, storm.event_subtype) == ("OTHER", "natural disaster")
    assert storm.event_date == dt.date(2013, 4, 28)


def test_what_a_dated_verb_thwarts_or_sparks_happened_that_day(nlp):
    text = "Navy commandos thwarted a pirate attack on a cargo ship on Thursday."
    events = by_predicate(events_of(nlp, text, PUBLISHED))
    assert events["attack"].event_date == events["thwart"].event_date == dt.date(2013, 5, 2)


def test_a_court_hearing_dated_in_its_clause_is_an_event(nlp):
    text = "A bail hearing for the suspect was held at Preston Crown Court on Wednesday."
    events = by_predicate(events_of(nlp, text, PUBLISHED))
    assert any(
        e.event_subtype == "court proceeding" and e.event_date == dt.date(2013, 5, 1) for e in events.values()
    )


def test_the_verb_keeps_the_date_when_nobody_takes_part_in_the_event_noun(nlp):
    text = "Years of rivalry between the two parties culminated in armed clashes in May 1920."
    (event,) = events_of(nlp, text, PUBLISHED)
    assert (event.predicate, event.event_date, event.date_precision) == (
        "culminate",
        dt.date(1920, 5, 1),
        "month",
    )


def test_now_dates_no_event_noun_elsewhere_in_the_sentence(nlp):
    text = (
        "Plans to put him on trial in Moscow were cancelled when the army, now under General Smith, advanced."
    )
    assert events_of(nlp, text, PUBLISHED) == []


def test_a_noun_modifying_another_is_not_a_name_for_the_later_event(nlp):
    text = (
        "The region was devastated by the quake-triggered tsunami of 2004 in Aceh. "
        "The quake struck inland near Takengon, the agency said."
    )
    assert [e.predicate for e in events_of(nlp, text, PUBLISHED)] == ["tsunami"]


def test_a_date_does_not_reach_the_subject_of_a_clause_below_its_verb(nlp):
    text = "The aftershock shook the island on Monday as the death toll from the earthquake rose to 10."
    assert "earthquake" not in by_predicate(events_of(nlp, text, PUBLISHED))


def test_the_participles_coordination_shares_the_date_too(nlp):
    text = "A strong earthquake hit southern Iran on Sunday, killing ten people and injuring eighty."
    events = by_predicate(events_of(nlp, text, PUBLISHED))
    assert events["injure"].event_date == events["kill"].event_date == dt.date(2013, 4, 28)


def test_now_beside_a_date_is_no_second_date(nlp):
    text = "In 1862 the rebels now seized the town and burned the granary."
    events = events_of(nlp, text, PUBLISHED)
    assert sorted((e.predicate, e.event_date.year) for e in events) == [("burn", 1862), ("seize", 1862)]


def test_now_lends_its_date_to_no_coordinated_verb(nlp):
    text = "The rebels now seized the town and burned the granary."
    assert "burn" not in by_predicate(events_of(nlp, text, PUBLISHED))


def test_what_happened_as_or_when_the_dated_act_did_shares_its_date(nlp):
    text = "Marines evacuated the embassy on 30 April 1975 as civilians swamped the perimeter."
    events = by_predicate(events_of(nlp, text, PUBLISHED))
    assert events["swamp"].event_date == events["evacuate"].event_date == dt.date(1975, 4, 30)
    text = "The crisis ended in March 1955 when the army ceased its bombardment."
    cease = by_predicate(events_of(nlp, text, PUBLISHED))["cease"]
    assert (cease.event_date, cease.date_precision) == (dt.date(1955, 3, 1), "month")


def test_nobody_hurt_is_no_event(nlp):
    text = "The minister resigned on Monday while protesters marched outside, and nobody was hurt."
    assert set(by_predicate(events_of(nlp, text, PUBLISHED))) == {"resign", "march"}


def test_the_disaster_behind_a_when_clause_shares_its_date(nlp):
    text = "Ten people were killed on Sunday when an earthquake razed villages on the island of Qeshm."
    earthquake = by_predicate(events_of(nlp, text, PUBLISHED))["earthquake"]
    assert earthquake.event_date == dt.date(2013, 4, 28)


def test_what_followed_the_dated_act_does_not_share_its_time(nlp):
    text = "The quake hit at 1:53 p.m. local time on Sunday and was followed by four strong aftershocks."
    assert "aftershock" not in by_predicate(events_of(nlp, text, PUBLISHED))


def test_a_date_written_into_an_event_noun_is_the_nouns_not_the_verbs(nlp):
    text = "The prime minister apologised to Turkey for errors during the 2010 commando raid on the flotilla."
    events = events_of(nlp, text, PUBLISHED)
    assert [(e.predicate, e.event_date.year) for e in events] == [("raid", 2010)]
    (election,) = events_of(nlp, "Kennedy won the 1960 presidential election.", PUBLISHED)
    assert (election.predicate, election.event_date.year) == ("election", 1960)


def test_a_date_the_parser_hangs_on_a_name_still_dates_the_clause(nlp):
    (event,) = events_of(nlp, "On April 8 Union cavalry destroyed three trains of supplies.", PUBLISHED)
    assert (event.predicate, event.event_date) == ("destroy", dt.date(2013, 4, 8))


def test_a_reported_acts_coordination_is_not_dated_by_the_report(nlp):
    text = "A dismissed worker returned with a handgun, found her foes in a break room and wounded a third, police said Friday."
    assert {"find", "wound"}.isdisjoint(by_predicate(events_of(nlp, text, PUBLISHED)))


def test_a_dated_happening_keeps_its_date_beside_a_typed_verb_coordinated_with_it(nlp):
    text = (
        "The ferry service broke down on Wednesday 1 May 2013, and the operator says repairs may take weeks."
    )
    events = by_predicate(events_of(nlp, text, PUBLISHED))
    assert events["break"].event_date == dt.date(2013, 5, 1)


def test_the_first_of_two_coordinated_acts_is_dated_when_only_the_second_has_a_type(nlp):
    text = "The singer checked into a clinic in Arizona Wednesday morning, but then left an hour later."
    events = by_predicate(events_of(nlp, text, PUBLISHED))
    assert events["check"].event_date == dt.date(2013, 5, 1)


def test_the_verb_a_date_hangs_on_keeps_it_beside_the_event_noun_below(nlp):
    text = "The Berlin bakery caught fire on Wednesday, causing heavy damage to its roof."
    events = by_predicate(events_of(nlp, text, PUBLISHED))
    assert events["fire"].event_date == dt.date(2013, 5, 1)
    assert events["catch"].event_date == dt.date(2013, 5, 1)
    assert events["cause"].event_date == dt.date(2013, 5, 1)  # the caught fire's participle too


def test_a_verb_of_planning_leaves_the_date_to_what_it_plans(nlp):
    text = "Poland planned an offensive against Russia for November 11."
    assert [e.predicate for e in events_of(nlp, text, PUBLISHED)] == ["offensive"]


def test_the_event_noun_a_dated_relative_clause_describes_shares_its_date(nlp):
    text = "Eight crews fought the blaze which broke out at the Berlin bakery on Sunday."
    events = by_predicate(events_of(nlp, text, PUBLISHED))
    assert events["blaze"].event_date == dt.date(2013, 4, 28)
    assert events["break"].event_date == dt.date(2013, 4, 28)


def test_what_the_dated_act_came_right_after_shares_its_day(nlp):
    text = "On Friday, a climber from Essex died after slipping and falling from a ridge near the Tasman Glacier."
    events = by_predicate(events_of(nlp, text, PUBLISHED))
    assert events["slip"].event_date == dt.date(2013, 5, 3)
    assert events["fall"].event_date == dt.date(2013, 5, 3)


def test_a_year_is_too_coarse_to_share_with_what_came_before(nlp):
    text = "In 2009 the Berlin bakery closed after losing its lease."
    assert "lose" not in by_predicate(events_of(nlp, text, PUBLISHED))
