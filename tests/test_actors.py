import datetime as dt

import pytest

from dossier.records import Actor, Article, Event, Extraction, Mention
from extractors.actors import event_roles, extract_actors
from extractors.names import given_names_agree, name_key, skeleton
from warehouse import db, load


def actors_of(nlp, text):
    found, mentions = extract_actors(nlp(text))
    return {a.canonical_name: a for a in found}, mentions


def surfaces(mentions, actor):
    return [m.surface for m in mentions if m.actor_key == actor.key]


# --- names within one document


def test_surname_alone_joins_the_full_name(nlp):
    actors, mentions = actors_of(nlp, "Prime Minister Amira Okonkwo opened the talks. Later, Okonkwo left Baku.")
    assert "Amira Okonkwo" in actors
    assert "Okonkwo" not in actors
    assert set(surfaces(mentions, actors["Amira Okonkwo"])) == {"Amira Okonkwo", "Okonkwo"}


def test_title_is_a_role_not_part_of_the_name(nlp):
    actors, mentions = actors_of(nlp, "Secretary General Kubanychbek Omuraliev highlighted the projects.")
    person = actors["Kubanychbek Omuraliev"]
    assert person.kind == "person"
    assert [m.role for m in mentions if m.actor_key == person.key] == ["Secretary General"]
    assert [m.sector for m in mentions if m.actor_key == person.key] == ["GOV"]


def test_two_people_sharing_a_surname_stay_apart(nlp):
    actors, _ = actors_of(nlp, "Ilham Karimov met Dilnoza Karimov in Tashkent on Monday.")
    assert {"Ilham Karimov", "Dilnoza Karimov"} <= set(actors)


def test_a_surname_means_the_person_named_last_before_it(nlp):
    text = ("Ilham Karimov met Dilnoza Karimov in Tashkent. Dilnoza Karimov spoke first. "
            "Then Karimov thanked the hosts.")
    actors, mentions = actors_of(nlp, text)
    assert "Karimov" in surfaces(mentions, actors["Dilnoza Karimov"])
    assert "Karimov" not in actors


def test_spellings_of_one_name_and_labels_the_model_got_wrong_are_one_person(nlp):
    text = ("When Kasim-Jomart Tokayev came to power in 2019, he kept the course. "
            "President Tokayev later visited Ankara. Kassym-Jomart Tokayev spoke there.")
    found, _ = extract_actors(nlp(text))
    people = [a for a in found if "tokai" in a.key]
    assert len(people) == 1 and people[0].kind == "person"
    assert {"Kasim-Jomart Tokayev", "Tokayev", "Kassym-Jomart Tokayev"} <= set(people[0].aliases)


def test_a_possessive_does_not_split_a_person(nlp):
    text = "Relations improved after Shavkat Mirziyoyev's election in 2016. In 2017, Mirziyoyev visited Ankara."
    actors, mentions = actors_of(nlp, text)
    person = actors["Shavkat Mirziyoyev"]
    assert surfaces(mentions, person) == ["Shavkat Mirziyoyev", "Mirziyoyev"]


def test_a_name_shared_with_a_known_person_is_that_person_whatever_its_label(nlp):
    text = ("During the era of Nursultan Nazarbayev, Kazakhstan grew. "
            "Both Erdogan and Nazarbayev emphasized that cooperation mattered.")
    found, _ = extract_actors(nlp(text))
    people = [a for a in found if "nazarba" in a.key]
    assert [(a.canonical_name, a.kind) for a in people] == [("Nursultan Nazarbayev", "person")]


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


def test_acronym_defined_in_parentheses_binds_to_long_form(nlp):
    actors, mentions = actors_of(nlp, "The Caspian Rivers Commission (CRC) met in Baku. The CRC adopted a plan.")
    crc = actors["Caspian Rivers Commission"]
    assert surfaces(mentions, crc).count("CRC") == 2


def test_acronym_first_with_the_long_form_in_parentheses(nlp):
    actors, mentions = actors_of(nlp, "The ARWC (Aral Regional Water Council) met. Later the ARWC voted.")
    assert surfaces(mentions, actors["Aral Regional Water Council"]).count("ARWC") == 2


def test_international_organisations_are_known_by_name_and_acronym(nlp):
    actors, _ = actors_of(nlp, "NATO and the Collective Security Treaty Organization (CSTO) met. The CSTO left.")
    assert actors["North Atlantic Treaty Organization"].agent_type == "IGO"
    assert actors["North Atlantic Treaty Organization"].country_code is None
    assert {"CSTO", "Collective Security Treaty Organization"} <= set(
        actors["Collective Security Treaty Organization"].aliases)


def test_the_council_means_the_nearest_council_named_before(nlp):
    text = ("The Aral Green Finance Council was founded in Bishkek. The Council will fund projects. "
            "The organization grew.")
    actors, mentions = actors_of(nlp, text)
    council = actors["Aral Green Finance Council"]
    assert surfaces(mentions, council) == ["Aral Green Finance Council", "Council"]
    assert "Council" not in council.aliases[1:]


def test_a_ministry_belongs_to_the_country_that_owns_it(nlp):
    text = "Tajikistan's Ministry of Foreign Affairs protested. Kyrgyzstan's Ministry of Foreign Affairs replied."
    found, mentions = extract_actors(nlp(text))
    ministries = {a.canonical_name: a.country_code for a in found if a.kind == "organization"}
    assert ministries == {"Ministry of Foreign Affairs (Tajikistan)": "TJK",
                          "Ministry of Foreign Affairs (Kyrgyzstan)": "KGZ"}
    assert {m.sector for m in mentions if m.surface == "Ministry of Foreign Affairs"} == {"GOV"}


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


# --- sides in events


def test_the_speaker_is_the_source_and_who_the_statement_is_about_the_target(nlp):
    doc = nlp("Russia said on Tuesday that Sudan must return the helicopter.")
    _, mentions = extract_actors(doc)
    assert {m.surface: side for m, side in event_roles(doc, mentions)} == {"Russia": "source", "Sudan": "target"}


def test_a_trailing_attribution_is_no_side_of_the_event(nlp):
    doc = nlp("The United States sent arms to Pakistan last year, a Jordanian official said.")
    _, mentions = extract_actors(doc)
    sides = {m.surface: side for m, side in event_roles(doc, mentions)}
    assert sides == {"United States": "source", "Pakistan": "target", "Jordanian": "participant"}


# --- names and keys


def test_transliterations_share_a_skeleton_and_agree_as_given_names():
    assert skeleton("Kassym-Jomart Tokayev") == skeleton("Kasim-Jomart Tokayev")
    assert name_key("person", "Kassym-Jomart Tokayev") == name_key("person", "Kasim-Jomart Tokayev")
    assert given_names_agree(["Recep", "Tayyip"], ["Tayyip"])
    assert given_names_agree(["F.", "W."], ["Frederik", "Willem"])
    assert not given_names_agree(["Ilham"], ["Dilnoza"])


# --- across documents


def _source(uri, text, actor, surfaces_and_starts):
    mentions = [Mention(actor.key, s, i, i + len(s), "PERSON") for s, i in surfaces_and_starts]
    extraction = Extraction(actors=[actor], mentions=mentions, versions={"actors": "t"}, events=[
        Event(dt.date(2024, 5, 3), "day", "3 May 2024", "explicit", "CONSULT", text, 0, len(text),
              actors=[(actor.key, "source")])])
    return load.LoadedSource(uri, uri, "text", "/archive/x", "v1", [(Article(text=text, doc_type="text"), extraction)])


def test_a_surname_only_actor_joins_the_one_full_name_that_has_it_as_alias(tmp_path):
    full = Actor("person:kasim jomart tokaiev", "Kassym-Jomart Tokayev", "person", "KAZ",
                 aliases=["Kassym-Jomart Tokayev", "Tokayev"])
    short = Actor("person:tokaiev", "Tokayev", "person")
    with db.connect(tmp_path / "w.duckdb") as con:
        load.load_source(con, _source("/a.txt", "Tokayev spoke on 3 May 2024.", short, [("Tokayev", 0)]))
        load.load_source(con, _source("/b.txt", "Kassym-Jomart Tokayev spoke. Tokayev left.", full,
                                      [("Kassym-Jomart Tokayev", 0), ("Tokayev", 29)]))
        names = con.execute("SELECT DISTINCT a.canonical_name FROM mentions JOIN actors a USING (actor_id)").fetchall()
        assert names == [("Kassym-Jomart Tokayev",)]
        assert con.execute("SELECT count(DISTINCT actor_id) FROM event_actors").fetchone()[0] == 1


@pytest.fixture(scope="module")
def parsed(nlp):
    return nlp("Uzbek President Shavkat Mirziyoyev visited Ankara.")


def test_mentions_carry_offsets_into_the_text(parsed):
    _, mentions = extract_actors(parsed)
    for m in mentions:
        assert parsed.text[m.char_start:m.char_end] == m.surface
