from extractors.actors import extract_actors
from extractors.quotes import extract_quotes, find_quote_spans


def quotes_of(nlp, text):
    doc = nlp(text)
    _, mentions = extract_actors(doc)
    return extract_quotes(doc, mentions)


def test_full_sentence_quote_with_said_has_the_subject_as_speaker(nlp):
    (q,) = quotes_of(nlp, 'Foreign Minister Amira Okonkwo met the press. "We will open a new chapter," Okonkwo said.')
    assert (q.quote_text, q.kind, q.cue, q.speaker_key) == (
        "We will open a new chapter", "quote", "said", "person:amira okonkwo")


def test_pronoun_speaker_takes_the_nearest_person(nlp):
    quotes = quotes_of(nlp, "President Dilnoza Karimova arrived. She called the summit “historic”.")
    assert [(q.quote_text, q.kind, q.speaker_key) for q in quotes] == [
        ("historic", "quote", "person:dilnoza karimova")]


def test_according_to_names_the_speaker(nlp):
    (q,) = quotes_of(nlp, 'According to the Caspian Rivers Commission, the plan "is final and binding for all members".')
    assert q.speaker_text == "Caspian Rivers Commission"


def test_short_quoted_name_without_cue_is_a_term(nlp):
    (q,) = quotes_of(nlp, "The so-called “Middle Corridor” carries more freight every year.")
    assert (q.kind, q.speaker_key) == ("term", None)


def test_offsets_point_at_the_words_inside_the_marks():
    text = 'He said "it is done." Then “more”.'
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["it is done", "more"]


def test_an_unbalanced_mark_costs_only_its_paragraph():
    text = 'A stray " mark here.\nShe said "this survives".'
    assert [text[s.start:s.end] for s in find_quote_spans(text)] == ["this survives"]
