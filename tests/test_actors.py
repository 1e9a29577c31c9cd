from extractors.actors import extract_actors


def actors_of(nlp, text):
    found, mentions = extract_actors(nlp(text))
    return {a.canonical_name: a for a in found}, mentions


def test_surname_alone_joins_the_full_name(nlp):
    actors, mentions = actors_of(nlp, "Prime Minister Amira Okonkwo opened the talks. Later, Okonkwo left Baku.")
    assert "Amira Okonkwo" in actors
    assert "Okonkwo" not in actors
    assert {m.surface for m in mentions if m.actor_key == actors["Amira Okonkwo"].key} == {"Amira Okonkwo", "Okonkwo"}


def test_title_is_a_role_not_part_of_the_name(nlp):
    actors, mentions = actors_of(nlp, "Secretary General Kubanychbek Omuraliev highlighted the projects.")
    person = actors["Kubanychbek Omuraliev"]
    assert person.kind == "person"
    assert [m.role for m in mentions if m.actor_key == person.key] == ["Secretary General"]


def test_demonym_before_a_title_gives_country_and_affiliation(nlp):
    actors, _ = actors_of(nlp, "Kazakh President Kassym-Jomart Tokayev met the delegation in Astana.")
    assert actors["Kazakhstan"].kind == "country" and actors["Kazakhstan"].country_code == "KAZ"
    assert actors["Kassym-Jomart Tokayev"].country_code == "KAZ"


def test_country_name_forms_are_one_actor_with_iso_code(nlp):
    actors, _ = actors_of(nlp, "Turkey and Uzbekistan signed. Türkiye later ratified it.")
    turkey = actors["Türkiye"]
    assert turkey.country_code == "TUR"
    assert {"Turkey", "Türkiye"} <= set(turkey.aliases)


def test_acronym_defined_in_parentheses_binds_to_long_form(nlp):
    actors, mentions = actors_of(nlp, "The Caspian Rivers Commission (CRC) met in Baku. The CRC adopted a plan.")
    crc = actors["Caspian Rivers Commission"]
    assert [m.surface for m in mentions if m.actor_key == crc.key].count("CRC") == 2


def test_two_people_sharing_a_surname_stay_apart(nlp):
    actors, _ = actors_of(nlp, "Ilham Karimov met Dilnoza Karimov in Tashkent on Monday.")
    assert {"Ilham Karimov", "Dilnoza Karimov"} <= set(actors)
