"""Reading actor mentions (titles, countries and their forms, organisations) and their records."""

import datetime as dt

import pytest

from core.records import Actor, Article, Event, Extraction, Mention
from extractors.actors.extract import extract_actors
from tests.helpers.actor_lookup import actors_of, surfaces
from warehouse import db, load

# --- names and titles


def test_title_is_a_role_not_part_of_the_name(nlp):
    actors, mentions = actors_of(nlp, "Secretary General Kubanychbek Omuraliev highlighted the projects.")
    person = actors["Kubanychbek Omuraliev"]
    assert person.kind == "person"
    assert [m.role for m in mentions if m.actor_key == person.key] == ["Secretary General"]
    assert [m.sector for m in mentions if m.actor_key == person.key] == ["GOV"]


def test_a_common_given_name_makes_a_person_of_what_the_model_took_for_a_place(nlp):
    actors, _ = actors_of(nlp, "Nino Beridze leads the opposition bloc in Tbilisi. Virginia Beach voted too.")
    assert actors["Nino Beridze"].kind == "person"
    assert actors["Tbilisi"].kind == "location"
    assert "Virginia Beach" not in actors or actors["Virginia Beach"].kind != "person"


def test_a_name_cut_after_its_particle_runs_on_to_the_surname(nlp):
    text = "French Foreign Minister Jean-Yves Le Drian met officials in Astana. Le Drian said the talks went well."
    actors, mentions = actors_of(nlp, text)
    person = actors["Jean-Yves Le Drian"]
    assert person.kind == "person"
    assert [m.surface for m in mentions if m.actor_key == person.key] == ["Jean-Yves Le Drian", "Le Drian"]


def test_a_little_known_place_the_model_takes_for_a_person_is_a_place_where_the_sentence_puts_it(nlp):
    text = (
        "Floodwater cut the road in Banda Sulu on Friday, and aid reached the village of Ordanek two days later. "
        "The convoy stopped near Kara Bulak. The pipeline will run to the provincial capital Banda Sulu."
    )
    actors, _ = actors_of(nlp, text)
    assert {name: actors[name].kind for name in ("Banda Sulu", "Ordanek", "Kara Bulak")} == {
        "Banda Sulu": "location",
        "Ordanek": "location",
        "Kara Bulak": "location",
    }


def test_a_person_met_in_a_place_stays_a_person(nlp):
    actors, _ = actors_of(
        nlp, "Aibek Dzhaparov met the governor in Osh and held talks with Nurlan Baltabaev."
    )
    assert actors["Aibek Dzhaparov"].kind == "person"
    assert actors["Nurlan Baltabaev"].kind == "person"


def test_a_word_capitalised_because_it_opens_the_sentence_is_not_part_of_the_name(nlp):
    actors, _ = actors_of(nlp, "Without Ruslan Bekov, the talks stalled.")
    assert "Ruslan Bekov" in actors


def test_a_ministers_portfolio_is_not_part_of_the_name(nlp):
    actors, _ = actors_of(nlp, "Kazakh Minister of Water Resources Saule Zhakupova attended the launch.")
    assert actors["Saule Zhakupova"].kind == "person"
    assert not any("Water Resources" in name for name in actors)


def test_a_possessive_does_not_split_a_person(nlp):
    text = (
        "Relations improved after Shavkat Mirziyoyev's election in 2016. In 2017, Mirziyoyev visited Ankara."
    )
    actors, mentions = actors_of(nlp, text)
    person = actors["Shavkat Mirziyoyev"]
    assert surfaces(mentions, person) == ["Shavkat Mirziyoyev", "Mirziyoyev"]


# --- countries, demonyms, capitals


def test_demonym_before_a_title_gives_country_and_affiliation(nlp):
    actors, _ = actors_of(nlp, "Kazakh President Kassym-Jomart Tokayev met the delegation in Astana.")
    assert actors["Kazakhstan"].kind == "country" and actors["Kazakhstan"].country_code == "KAZ"
    assert actors["Kassym-Jomart Tokayev"].country_code == "KAZ"


def test_a_possessive_country_gives_the_affiliation(nlp):
    actors, _ = actors_of(nlp, "Kazakhstan's President Tokayev opened the forum.")
    assert actors["Tokayev"].country_code == "KAZ"


def test_country_name_forms_are_one_actor_with_iso_code(nlp):
    actors, _ = actors_of(nlp, "Turkey and Uzbekistan signed. Türkiye later ratified it.")
    turkey = actors["Türkiye"]
    assert turkey.country_code == "TUR"
    assert {"Turkey", "Türkiye"} <= set(turkey.aliases)


def test_a_demonym_is_its_country_and_the_noun_it_modifies_gives_the_sector(nlp):
    actors, mentions = actors_of(nlp, "Hungarian officials met Ugandan troops near the border.")
    assert actors["Hungary"].country_code == "HUN" and actors["Uganda"].country_code == "UGA"
    sectors = {m.surface: m.sector for m in mentions}
    assert sectors == {"Hungarian": "GOV", "Ugandan": "MIL"}


def test_a_capital_that_acts_is_its_government_and_a_capital_where_things_happen_is_a_place(nlp):
    actors, mentions = actors_of(nlp, "Ankara condemned the attack. The talks were held in Baku.")
    assert actors["Türkiye"].kind == "country"
    assert [m.sector for m in mentions if m.surface == "Ankara"] == ["GOV"]
    assert actors["Baku"].kind == "location" and actors["Baku"].country_code == "AZE"


def test_a_seat_of_government_speaks_for_its_country(nlp):
    actors, mentions = actors_of(nlp, "The Kremlin rejected the proposal.")
    assert actors["Russia"].country_code == "RUS"
    assert surfaces(mentions, actors["Russia"]) == ["Kremlin"]


# --- organisations


def test_international_organisations_are_known_by_name_and_acronym(nlp):
    actors, _ = actors_of(
        nlp, "NATO and the Collective Security Treaty Organization (CSTO) met. The CSTO left."
    )
    assert actors["North Atlantic Treaty Organization"].agent_type == "IGO"
    assert actors["North Atlantic Treaty Organization"].country_code is None
    assert {"CSTO", "Collective Security Treaty Organization"} <= set(
        actors["Collective Security Treaty Organization"].aliases
    )


def test_an_untagged_acronym_is_an_organisation_but_an_abbreviation_is_nothing(nlp):
    actors, _ = actors_of(nlp, "The party forged an alliance with BVP in 2018. AI will change Baku.")
    assert actors["BVP"].kind == "organization"
    assert "AI" not in actors


def test_what_a_name_ends_in_says_what_it_names(nlp):
    actors, _ = actors_of(nlp, "The Karabakh War ended. The Aral Sea shrank. The Turkic world changed.")
    kinds = {name: a.kind for name, a in actors.items()}
    assert kinds.get("Karabakh War") == "other"
    assert kinds.get("Aral Sea") == "location"
    assert "Turkic" not in kinds


# --- across documents


def _source(uri, text, actor, surfaces_and_starts):
    mentions = [Mention(actor.key, s, i, i + len(s), "PERSON") for s, i in surfaces_and_starts]
    extraction = Extraction(
        actors=[actor],
        mentions=mentions,
        versions={"actors": "t"},
        events=[
            Event(
                dt.date(2024, 5, 3),
                "day",
                "3 May 2024",
                "explicit",
                "CONSULT",
                text,
                0,
                len(text),
                actors=[(actor.key, "source")],
            )
        ],
    )
    return load.LoadedSource(
        uri, uri, "text", "/archive/x", "v1", [(Article(text=text, doc_type="text"), extraction)]
    )


def test_a_surname_only_actor_joins_the_one_full_name_that_has_it_as_alias(tmp_path):
    full = Actor(
        "person:kasim jomart tokaiev",
        "Kassym-Jomart Tokayev",
        "person",
        "KAZ",
        aliases=["Kassym-Jomart Tokayev", "Tokayev"],
    )
    short = Actor("person:tokaiev", "Tokayev", "person")
    with db.connect(tmp_path / "w.duckdb") as con:
        load.load_source(con, _source("/a.txt", "Tokayev spoke on 3 May 2024.", short, [("Tokayev", 0)]))
        load.load_source(
            con,
            _source(
                "/b.txt",
                "Kassym-Jomart Tokayev spoke. Tokayev left.",
                full,
                [("Kassym-Jomart Tokayev", 0), ("Tokayev", 29)],
            ),
        )
        names = con.execute(
            "SELECT DISTINCT a.canonical_name FROM mentions JOIN actors a USING (actor_id)"
        ).fetchall()
        assert names == [("Kassym-Jomart Tokayev",)]
        assert con.execute("SELECT count(DISTINCT actor_id) FROM event_actors").fetchone()[0] == 1


@pytest.fixture(scope="module")
def parsed(nlp):
    return nlp("Uzbek President Shavkat Mirziyoyev visited Ankara.")


def test_mentions_carry_offsets_into_the_text(parsed):
    _, mentions = extract_actors(parsed)
    for m in mentions:
        assert parsed.text[m.char_start : m.char_end] == m.surface
