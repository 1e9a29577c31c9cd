from extractors.common.genders import first_name_gender, is_common_given_name, lone_given_name_gender


def test_a_first_name_that_is_strongly_one_gender_gives_it():
    assert first_name_gender("John Kemper") == "m"
    assert first_name_gender("Gulnara Sadykova") == "f"
    assert first_name_gender("Nurlan Abdrakhmanov") == "m"


def test_a_lone_word_or_an_ambiguous_name_gives_nothing():
    assert first_name_gender("Kemper") is None  # a lone word is as often a surname
    assert first_name_gender("Jordan Smith") is None


def test_a_common_given_name_is_known_whatever_its_gender():
    assert is_common_given_name("Nino") and is_common_given_name("Kim")
    assert not is_common_given_name("Beridze")


def test_a_lone_common_first_name_gives_its_gender_only_when_the_caller_asks():
    assert lone_given_name_gender("Melanie") == "f" and lone_given_name_gender("Kevin") == "m"
    assert lone_given_name_gender("Kemper") is None  # not a given name
    assert lone_given_name_gender("Jordan") is None  # both genders
