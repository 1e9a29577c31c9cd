"""Mentions of one document agreeing on who they name: people by surname, acronyms, "the Council"."""

from extractors.actors.extract import extract_actors
from tests.helpers.actor_lookup import actors_of, surfaces

# --- names within one document


def test_surname_alone_joins_the_full_name(nlp):
    actors, mentions = actors_of(
        nlp, "Prime Minister Amira Okonkwo opened the talks. Later, Okonkwo left Baku."
    )
    assert "Amira Okonkwo" in actors
    assert "Okonkwo" not in actors
    assert set(surfaces(mentions, actors["Amira Okonkwo"])) == {"Amira Okonkwo", "Okonkwo"}


def test_two_people_sharing_a_surname_stay_apart(nlp):
    actors, _ = actors_of(nlp, "Ilham Karimov met Dilnoza Karimov in Tashkent on Monday.")
    assert {"Ilham Karimov", "Dilnoza Karimov"} <= set(actors)


def test_a_surname_means_the_person_named_last_before_it(nlp):
    text = (
        "Ilham Karimov met Dilnoza Karimov in Tashkent. Dilnoza Karimov spoke first. "
        "Then Karimov thanked the hosts."
    )
    actors, mentions = actors_of(nlp, text)
    assert "Karimov" in surfaces(mentions, actors["Dilnoza Karimov"])
    assert "Karimov" not in actors


def test_spellings_of_one_name_and_labels_the_model_got_wrong_are_one_person(nlp):
    text = (
        "When Kasim-Jomart Tokayev came to power in 2019, he kept the course. "
        "President Tokayev later visited Ankara. Kassym-Jomart Tokayev spoke there."
    )
    found, _ = extract_actors(nlp(text))
    people = [a for a in found if "tokai" in a.key]
    assert len(people) == 1 and people[0].kind == "person"
    assert {"Kasim-Jomart Tokayev", "Tokayev", "Kassym-Jomart Tokayev"} <= set(people[0].aliases)


def test_a_name_shared_with_a_known_person_is_that_person_whatever_its_label(nlp):
    text = (
        "During the era of Nursultan Nazarbayev, Kazakhstan grew. "
        "Both Erdogan and Nazarbayev emphasized that cooperation mattered."
    )
    found, _ = extract_actors(nlp(text))
    people = [a for a in found if "nazarba" in a.key]
    assert [(a.canonical_name, a.kind) for a in people] == [("Nursultan Nazarbayev", "person")]


# --- organisations


def test_acronym_defined_in_parentheses_binds_to_long_form(nlp):
    actors, mentions = actors_of(
        nlp, "The Caspian Rivers Commission (CRC) met in Baku. The CRC adopted a plan."
    )
    crc = actors["Caspian Rivers Commission"]
    assert surfaces(mentions, crc).count("CRC") == 2


def test_acronym_first_with_the_long_form_in_parentheses(nlp):
    actors, mentions = actors_of(nlp, "The ARWC (Aral Regional Water Council) met. Later the ARWC voted.")
    assert surfaces(mentions, actors["Aral Regional Water Council"]).count("ARWC") == 2


def test_the_council_means_the_nearest_council_named_before(nlp):
    text = (
        "The Aral Green Finance Council was founded in Bishkek. The Council will fund projects. "
        "The organization grew."
    )
    actors, mentions = actors_of(nlp, text)
    council = actors["Aral Green Finance Council"]
    assert surfaces(mentions, council) == ["Aral Green Finance Council", "Council"]
    assert "Council" not in council.aliases[1:]


def test_a_ministry_belongs_to_the_country_that_owns_it(nlp):
    text = "Tajikistan's Ministry of Foreign Affairs protested. Kyrgyzstan's Ministry of Foreign Affairs replied."
    found, mentions = extract_actors(nlp(text))
    ministries = {a.canonical_name: a.country_code for a in found if a.kind == "organization"}
    assert ministries == {
        "Ministry of Foreign Affairs (Tajikistan)": "TJK",
        "Ministry of Foreign Affairs (Kyrgyzstan)": "KGZ",
    }
    assert {m.sector for m in mentions if m.surface == "Ministry of Foreign Affairs"} == {"GOV"}
