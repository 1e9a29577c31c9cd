"""Name keys and given-name agreement, which let spellings of one person meet."""

from extractors.actors.names import given_names_agree, name_key, skeleton


def test_transliterations_share_a_skeleton_and_agree_as_given_names():
    assert skeleton("Kassym-Jomart Tokayev") == skeleton("Kasim-Jomart Tokayev")
    assert name_key("person", "Kassym-Jomart Tokayev") == name_key("person", "Kasim-Jomart Tokayev")
    assert given_names_agree(["Recep", "Tayyip"], ["Tayyip"])
    assert given_names_agree(["F.", "W."], ["Frederik", "Willem"])
    assert not given_names_agree(["Ilham"], ["Dilnoza"])
