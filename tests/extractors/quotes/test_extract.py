import datetime as dt

from core.records import Event
from extractors.actors.extract import extract_actors
from extractors.quotes.extract import extract_quotes, find_quote_spans


def quotes_of(nlp, text, events=None, published=None):
    doc = nlp(text)
    _, mentions = extract_actors(doc)
    return extract_quotes(doc, mentions, events, published)


def speakers(nlp, text):
    return [(q.quote_text, q.kind, q.speaker_key) for q in quotes_of(nlp, text)]


def the_quote(nlp, text, words):
    (q,) = [q for q in quotes_of(nlp, text) if q.quote_text == words]
    return q


# ---------------------------------------------------------------- cue and speaker


def test_full_sentence_quote_with_said_has_the_subject_as_speaker(nlp):
    (q,) = quotes_of(
        nlp, 'Foreign Minister Amira Okonkwo met the press. "We will open a new chapter," Okonkwo said.'
    )
    assert (q.quote_text, q.kind, q.cue, q.speaker_key, q.speaker_kind) == (
        "We will open a new chapter",
        "quote",
        "said",
        "person:amira okonkwo",
        "person",
    )


def test_pronoun_speaker_takes_the_nearest_person(nlp):
    quotes = quotes_of(nlp, "President Dilnoza Karimova arrived. She called the summit “historic”.")
    assert [(q.quote_text, q.kind, q.speaker_key) for q in quotes] == [
        ("historic", "quote", "person:dilnoza karimova")
    ]


def test_pronoun_prefers_the_person_who_was_the_subject(nlp):
    text = (
        "Senator Laura Whitfield met the envoy Omar Haddad on Monday. Later she described the talks "
        "as “frank and useful”."
    )
    assert the_quote(nlp, text, "frank and useful").speaker_key == "person:laura whitfield"


def test_according_to_names_the_speaker(nlp):
    (q,) = quotes_of(
        nlp, 'According to the Caspian Rivers Commission, the plan "is final and binding for all members".'
    )
    assert (q.cue, q.speaker_text) == ("according to", "Caspian Rivers Commission")


def test_the_agent_of_a_passive_is_the_speaker(nlp):
    text = (
        'The dam was described as "a turning point for the whole region" by Prime Minister Adilet Toktogulov.'
    )
    assert (
        the_quote(nlp, text, "a turning point for the whole region").speaker_key == "person:adilet toktogulov"
    )


def test_a_relative_clause_gives_its_quotation_to_the_noun_it_hangs_from(nlp):
    text = 'Adilet Toktogulov, who said the works would end "by the end of 2027", spoke at the ceremony.'
    assert the_quote(nlp, text, "by the end of 2027").speaker_key == "person:adilet toktogulov"


def test_as_x_put_it(nlp):
    text = (
        'As the World Bank director Maria Lindqvist put it, "The money is ready; the question is governance."'
    )
    q = the_quote(nlp, text, "The money is ready; the question is governance")
    assert (q.cue, q.speaker_key) == ("put", "person:maria lindqvist")


def test_a_title_in_apposition_gives_way_to_the_name(nlp):
    text = 'The group\'s chairman, Nurlan Osmonov, called the assessment "superficial".'
    assert the_quote(nlp, text, "superficial").speaker_key == "person:nurlan osmonov"


def test_a_clause_ending_with_a_colon_introduces_its_subject_as_speaker(nlp):
    text = 'Her colleague Marat Dzhumabaev is more optimistic: "The models are too pessimistic about rain."'
    assert (
        the_quote(nlp, text, "The models are too pessimistic about rain").speaker_key
        == "person:marat dzhumabaev"
    )


def test_two_quotations_in_one_sentence_each_take_their_own_clause(nlp):
    text = (
        'President Shavkat Mirzaev praised the "courage and wisdom" of his counterpart, while President '
        'Emomali Rasulov said the deal "opens a new page in our common history".'
    )
    assert [(q.quote_text, q.speaker_key) for q in quotes_of(nlp, text)] == [
        ("courage and wisdom", "person:shavkat mirzaev"),
        ("opens a new page in our common history", "person:emomali rasulov"),
    ]


def test_a_statement_opening_the_next_sentence_continues_the_speaker(nlp):
    text = 'Farrukh Nazarov opened the session. "The flow is low this year," Nazarov said. "We must plan for the worst."'
    q = the_quote(nlp, text, "We must plan for the worst")
    assert (q.kind, q.cue) == ("quote", None)
    assert q.speaker_key.startswith("person:") and q.speaker_key.endswith("nazarov")


def test_a_statement_after_a_narrative_sentence_does_not_inherit_a_speaker(nlp):
    text = (
        '"The flow is low this year," Farrukh Nazarov said. The commission\'s budget is small. '
        '"Every farmer knows what a dry August means."'
    )
    q = the_quote(nlp, text, "Every farmer knows what a dry August means")
    assert (q.kind, q.speaker_key, q.speaker_text) == ("quote", None, None)


def test_a_new_paragraph_does_not_continue_a_closed_quotation(nlp):
    text = (
        '"The flow is low this year," Farrukh Nazarov said.\n\n"Every farmer knows what a dry August means."'
    )
    assert the_quote(nlp, text, "Every farmer knows what a dry August means").speaker_key is None


def test_a_quotation_over_several_paragraphs_takes_the_speaker_of_its_introduction(nlp):
    text = (
        "Tajikistan's Ministry of Foreign Affairs published a commentary on its website:\n\n"
        "“The meeting showed that the region can solve its own problems.\n\n"
        "“There is no alternative to dialogue.”"
    )
    (q,) = quotes_of(nlp, text)
    assert q.quote_text.endswith("There is no alternative to dialogue")
    assert q.speaker_key.startswith("organization:ministry of foreign affairs")


# ---------------------------------------------------------------- who the speaker is


def test_it_said_resolves_to_the_organisation_that_was_the_subject(nlp):
    text = (
        "The Turkmen Foreign Ministry on Friday rejected reports of a dispute with Iran. In a statement, it said "
        'relations were "developing steadily".'
    )
    q = the_quote(nlp, text, "developing steadily")
    assert q.speaker_key is not None and "ministry" in q.speaker_key


def test_the_ministry_resolves_to_the_ministry_named_before(nlp):
    text = (
        "Uzbekistan's Ministry of Energy opened the talks. Two days later the ministry repeated that the sides "
        'would settle "all technical questions" soon.'
    )
    q = the_quote(nlp, text, "all technical questions")
    assert q.speaker_key.startswith("organization:ministry of energy") and q.speaker_kind == "organization"


def test_the_statement_resolves_to_whoever_issued_it(nlp):
    text = (
        "Uzbekistan's Ministry of Energy issued a statement in the evening. The statement said the country "
        '"remains committed to a fair allocation of water".'
    )
    q = the_quote(nlp, text, "remains committed to a fair allocation of water")
    assert q.speaker_key.startswith("organization:ministry of energy")
    assert (q.speaker_text, q.speaker_kind) == ("statement", "document")


def test_a_statement_from_a_delegation_is_the_delegations(nlp):
    text = 'A statement from the Tajik delegation described the text as "a fair balance for all the parties".'
    q = the_quote(nlp, text, "a fair balance for all the parties")
    assert (q.speaker_key, q.speaker_kind) == ("country:TJK", "document")


def test_a_goal_without_owner_belongs_to_the_subject_of_the_sentence_before(nlp):
    text = (
        'Uzbekistan has been investing in a national programme for years. The goal is to "train one million '
        'programmers".'
    )
    assert the_quote(nlp, text, "train one million programmers").speaker_key == "country:UZB"


# ---------------------------------------------------------------- quotations without marks


def test_a_block_quotation_after_she_said_is_hers(nlp):
    text = (
        "Ruth Okafor spoke last. She said:\n\n"
        "Nobody in this hall believes that a single technical fix will reverse fifty years of damage.\n\nThen lunch."
    )
    (q,) = quotes_of(nlp, text)
    assert (q.kind, q.speaker_key) == ("quote", "person:ruth okafor")


def test_a_paragraph_after_a_heading_with_a_colon_is_not_a_quotation(nlp):
    assert (
        quotes_of(nlp, "BACKGROUND:\n\nThe commission was founded in 1992 and has met every year since then.")
        == []
    )


def test_transcript_lines_are_quotations_of_the_named_speakers(nlp):
    text = (
        "Daniyar Sadykov: We have to stop treating water as a free resource and price it.\n\n"
        "Ruth Okafor: I agree, but prices alone will not save the Aral Sea."
    )
    assert [(q.quote_text[:10], q.speaker_text) for q in quotes_of(nlp, text)] == [
        ("We have to", "Daniyar Sadykov"),
        ("I agree, b", "Ruth Okafor"),
    ]


# ---------------------------------------------------------------- quote or term


def test_short_quoted_name_without_cue_is_a_term(nlp):
    (q,) = quotes_of(nlp, "The so-called “Middle Corridor” carries more freight every year.")
    assert (q.kind, q.speaker_key) == ("term", None)


def test_titles_names_and_words_as_words_are_terms(nlp):
    text = (
        'India moved from the "Look North" policy to the "Connect Central Asia" plan. The word "debt" is '
        'absent from the report "Rivers Without Borders". Analysts called it a "water diplomacy" experiment.'
    )
    assert {q.quote_text: q.kind for q in quotes_of(nlp, text)} == {
        "Look North": "term",
        "Connect Central Asia": "term",
        "debt": "term",
        "Rivers Without Borders": "term",
        "water diplomacy": "term",
    }


def test_what_someone_calls_the_x_is_a_name(nlp):
    text = 'Cargo moves on what planners call the "Middle Corridor" and what analysts call the "water-energy nexus".'
    assert [(q.quote_text, q.kind) for q in quotes_of(nlp, text)] == [
        ("Middle Corridor", "term"),
        ("water-energy nexus", "term"),
    ]


def test_scare_quotes_are_terms_even_near_a_reporting_verb(nlp):
    text = (
        'The minister stressed that the "Turkic world" should be united. Critics see the country as a '
        '"bridge". The region is often described as a "springboard".'
    )
    assert [(q.quote_text, q.kind, q.speaker_key) for q in quotes_of(nlp, text)] == [
        ("Turkic world", "term", None),
        ("bridge", "term", None),
        ("springboard", "term", None),
    ]


def test_a_slogan_is_a_term_even_when_it_is_a_sentence(nlp):
    (q,) = quotes_of(nlp, 'The campaign used the slogan "Water is life, save it" on every poster.')
    assert q.kind == "term"


def test_a_fragment_governed_by_a_reporting_verb_is_a_quote(nlp):
    text = 'Kazakh President Kassym Tokayev pledged to "create a national AI model and train specialists".'
    q = the_quote(nlp, text, "create a national AI model and train specialists")
    assert (q.kind, q.cue) == ("quote", "pledged")


def test_a_long_statement_with_no_source_is_a_quote_without_speaker(nlp):
    (q,) = quotes_of(
        nlp, 'The Council will "provide member states with an additional boost for developing green finance."'
    )
    assert (q.kind, q.speaker_key, q.speaker_text) == ("quote", None, None)


def test_spans_are_found_on_the_text_with_exact_offsets(nlp):
    text = 'He said "it is done." Then “more”.'
    assert [text[q.char_start : q.char_end] for q in quotes_of(nlp, text)] == ["it is done", "more"]
    assert [text[s.start : s.end] for s in find_quote_spans(text)] == ["it is done", "more"]


# ---------------------------------------------------------------- when it was said


def _event(text, sentence, date, precision="day", **extra):
    start = text.index(sentence)
    return Event(
        event_date=date,
        date_precision=precision,
        date_text=extra.pop("date_text", ""),
        date_anchor="explicit",
        event_type="STATEMENT",
        sentence=sentence,
        char_start=start,
        char_end=start + len(sentence),
        **extra,
    )


def test_a_quotation_takes_the_date_of_the_event_in_its_sentence(nlp):
    text = 'The summit opened in Gabala. On 3 May 2025 President Ilham Aliyev said the region "must act together".'
    event = _event(text, text[text.index("On 3 May") :], dt.date(2025, 5, 3), date_text="3 May 2025")
    (q,) = quotes_of(nlp, text, events=[event], published=dt.date(2025, 6, 1))
    assert (q.event, q.quote_date, q.date_precision, q.date_anchor) == (
        event,
        dt.date(2025, 5, 3),
        "day",
        "event",
    )


def test_a_goal_quotation_is_dated_by_the_sentence_its_speaker_came_from(nlp):
    text = (
        "In September 2025 President Kassym Tokayev gave a public address. The aim is to set up the country as a "
        '"fully digital state".'
    )
    event = _event(
        text, text[: text.index(" The aim")], dt.date(2025, 9, 1), "month", date_text="September 2025"
    )
    (q,) = quotes_of(nlp, text, events=[event])
    assert (q.quote_date, q.date_precision, q.date_anchor) == (dt.date(2025, 9, 1), "month", "event")


def test_without_a_dated_event_the_publication_date_is_used_and_said_so(nlp):
    text = '"We will not sign," Foreign Minister Aliya Serikbayeva said.'
    (q,) = quotes_of(nlp, text, events=[], published=dt.date(2024, 4, 11))
    assert (q.event, q.quote_date, q.date_anchor) == (None, dt.date(2024, 4, 11), "publication")


def test_a_future_event_does_not_date_what_was_said(nlp):
    text = 'President Ilham Aliyev said the next summit "will be held in Baku in 2027".'
    event = _event(text, text, dt.date(2027, 1, 1), "year", date_text="2027", mode="future")
    (q,) = quotes_of(nlp, text, events=[event])
    assert (q.event, q.quote_date) == (None, None)


def test_terms_have_no_speaker_and_no_date(nlp):
    (q,) = quotes_of(nlp, 'The "Look North" policy failed.', published=dt.date(2024, 1, 1))
    assert (q.kind, q.speaker_key, q.quote_date) == ("term", None, None)
