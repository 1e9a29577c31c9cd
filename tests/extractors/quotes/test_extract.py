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


def test_a_cue_the_parse_left_with_no_speaker_takes_the_reporter_of_its_sentence(nlp):
    text = 'Ruth Adebayo said the council was wrong to tell residents "to stop asking about the money."'
    quote = the_quote(nlp, text, "to stop asking about the money")
    assert quote.speaker_key == "person:ruth adebaio"


def test_a_message_with_no_author_is_the_reporters_whose_clause_holds_it(nlp):
    text = 'Rosa Delgado said she hopes the march sends a message that "nurses will not be ignored again."'
    (quote,) = [q for q in quotes_of(nlp, text) if q.quote_text.startswith("nurses will not")]
    assert quote.speaker_key == "person:rosa delgado"


def test_a_finite_verb_does_not_borrow_the_reporter_of_its_sentence(nlp):
    text = (
        "Pruitt, later claiming - wrongly - that Mayor Ana Ruiz wanted to admit 9,000 migrants, said he "
        'would send back refugees, who he speculates are "mostly young men" and perhaps part of a gang.'
    )
    quote = the_quote(nlp, text, "mostly young men")
    assert "Ruiz" not in (quote.speaker_text or "") and quote.speaker_key != "person:ana ruiz"


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


def test_a_date_inside_the_quotation_is_what_was_talked_about_not_when_it_was_said(nlp):
    text = '"In 2019 the canal ran dry for a month," Minister Dilnoza Yusupova said.'
    event = _event(text, text, dt.date(2019, 1, 1), "year", date_text="2019")
    (q,) = quotes_of(nlp, text, events=[event], published=dt.date(2024, 4, 11))
    assert (q.event, q.quote_date, q.date_anchor) == (None, dt.date(2024, 4, 11), "publication")


def test_terms_have_no_speaker_and_no_date(nlp):
    (q,) = quotes_of(nlp, 'The "Look North" policy failed.', published=dt.date(2024, 1, 1))
    assert (q.kind, q.speaker_key, q.quote_date) == ("term", None, None)


# ---------------------------------------------------------------- speakers on news text (issue 17)


def test_the_speaker_as_written_is_kept_beside_the_resolved_actor(nlp):
    text = 'Governor Rustam Aliev visited the dam. "The water will come back," he said.'
    q = the_quote(nlp, text, "The water will come back")
    assert q.speaker_key == "person:rustam aliev"
    assert text[q.speaker_char_start : q.speaker_char_end] == "he"


def test_a_named_speaker_is_kept_as_written_with_its_title(nlp):
    text = '"We are ready," Energy Minister Laila Nazari said on Tuesday.'
    q = the_quote(nlp, text, "We are ready")
    assert text[q.speaker_char_start : q.speaker_char_end] == "Energy Minister Laila Nazari"


def test_she_is_not_given_to_a_man_the_text_calls_mr(nlp):
    text = (
        "Mrs. Odina Karim met Mr. Farid Karim in Dushanbe. Mr. Karim left early. "
        '"We agreed on nothing," she said.'
    )
    assert the_quote(nlp, text, "We agreed on nothing").speaker_key == "person:odina karim"


def test_he_takes_the_subject_of_the_main_clause_not_of_a_subordinate_one(nlp):
    text = (
        "Reid recalled the example of Obama, just as President Abraham Lincoln did. "
        '"He reached out to his rival and gave him the best job," he said.'
    )
    assert (
        the_quote(nlp, text, "He reached out to his rival and gave him the best job").speaker_key
        == "person:reid"
    )


def test_a_reporting_clause_after_a_question_mark_gives_the_speaker(nlp):
    text = 'Senator Tom Bekov spoke in Osh. "Who will pay for the canal?" Bekov asked on Friday. "Not the farmers."'
    quotes = quotes_of(nlp, text)
    assert [(q.quote_text, q.speaker_key) for q in quotes] == [
        ("Who will pay for the canal", "person:tom bekov"),
        ("Not the farmers", "person:tom bekov"),
    ]


def test_a_fragment_inside_reported_speech_is_a_quotation_with_the_reporting_verb_as_cue(nlp):
    text = 'Mayor Jana Roberts said the new tariff was "deeply unfair" to farmers.'
    q = the_quote(nlp, text, "deeply unfair")
    assert (q.kind, q.cue, q.speaker_key) == ("quote", "said", "person:jana roberts")


def test_a_fragment_under_a_belief_verb_belongs_to_the_reporting_verb_above_it(nlp):
    text = 'Farida Osmon said that she thinks the treaty is "a great thing" for the valley.'
    q = the_quote(nlp, text, "a great thing")
    assert (q.kind, q.speaker_key) == ("quote", "person:farida osmon")


def test_a_parenthetical_reporting_clause_attributes_the_fragment(nlp):
    text = 'Aida Rahimova spoke about the deal. There was, she said, "an implicit bargain" between the two capitals.'
    q = the_quote(nlp, text, "an implicit bargain")
    assert (q.kind, q.speaker_key) == ("quote", "person:aida rahimova")


def test_a_name_in_reported_speech_is_a_term_but_the_speakers_wording_is_a_quotation(nlp):
    # Marks inside reported speech are the speaker's words far more often than the writer's
    # (PolNeAR news), even in the subject of the reported clause; a capitalised name stays a term.
    text = 'The envoy said the "Green Corridor" would open in May and that the "water diplomacy" model works.'
    assert [(q.quote_text, q.kind) for q in quotes_of(nlp, text)] == [
        ("Green Corridor", "term"),
        ("water diplomacy", "quote"),
    ]


# ---------------------------------------------------------------- news conventions (quotes-0.4)


def test_a_straight_mark_closes_a_curly_one(nlp):
    text = '“The port will reopen in May," said harbour master Tomas Vidmar. "We have waited long enough.”'
    quotes = quotes_of(nlp, text)
    assert [q.quote_text for q in quotes] == ["The port will reopen in May", "We have waited long enough"]
    assert quotes[0].speaker_key == "person:tomas vidmar"


def test_concluded_reports_speech(nlp):
    text = 'Auditor Grete Halvorsen read the figures aloud. "The fund is solvent for ten more years," Halvorsen concluded.'
    assert (
        the_quote(nlp, text, "The fund is solvent for ten more years").speaker_key == "person:grete halvorsen"
    )


def test_continued_to_do_something_is_not_a_cue(nlp):
    text = 'The ferry continued to sail under the "temporary" licence.'
    assert the_quote(nlp, text, "temporary").kind == "term"


def test_a_dash_and_a_name_credit_a_quotation(nlp):
    text = (
        "Readers sent us their views on the bridge.\n\n"
        "“It cuts my drive to the hospital by an hour, and that matters to me.” ― Ingrid Solberg\n\n"
        "“Nobody asked the fishermen what they thought of it.” ― Pavel Dusek"
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker_key for q in quotes] == ["person:ingrid solberg", "person:pavel dusek"]


def test_a_paragraph_that_is_only_a_quotation_continues_the_previous_speaker(nlp):
    text = (
        "“The river is lower than in any year I remember,” said farmer Anton Brezik.\n\n"
        "“My father planted rice here. My son will not be able to.”\n\n"
        "The ministry did not answer questions about the canal."
    )
    quotes = quotes_of(nlp, text)
    assert [q.speaker_key for q in quotes] == ["person:anton brezik", "person:anton brezik"]


def test_a_paragraph_with_its_own_words_does_not_inherit_the_speaker(nlp):
    text = (
        "“The river is lower than in any year I remember,” said farmer Anton Brezik.\n\n"
        "Officials call the new canal “a lifeline”, and the ministry will fund it."
    )
    assert the_quote(nlp, text, "a lifeline").speaker_key != "person:anton brezik"


def test_a_pronoun_between_two_equally_likely_people_is_left_unresolved(nlp):
    text = (
        "Mayor Jonas Keller and Governor Erik Lindahl toured the new quay on Monday.\n\n"
        "“We will need twice as many cranes,” he said."
    )
    q = the_quote(nlp, text, "We will need twice as many cranes")
    assert q.speaker_key is None
    assert text[q.speaker_char_start : q.speaker_char_end] == "he"  # the evidence stays visible


def test_the_speaker_of_a_long_quotation_stays_in_reach_of_his_pronoun(nlp):
    text = (
        "The engineer Peter Walsh described the flood of 1997 to reporters on Tuesday.\n\n"
        "“The water came at night. Nobody had warned us. The road was gone by morning.\n\n"
        "“We rebuilt the dike ourselves. It took two summers. It still holds,” he said."
    )
    (q,) = quotes_of(nlp, text)
    assert q.speaker_key == "person:peter walsh"


def test_an_agreement_concluded_is_not_a_cue(nlp):
    text = (
        "According to the Agreement on Water Sharing concluded between the two republics in 2012, both "
        'Kyrgyzstan and Kazakhstan will release water "in equal shares" during a drought.'
    )
    q = the_quote(nlp, text, "in equal shares")
    assert q.cue == "according to" and "Agreement on Water Sharing" in q.speaker_text


# ---------------------------------------------------------------- the reporting clause read as a sequence


def test_a_reporting_clause_after_the_quote_names_its_speaker_even_with_a_long_title(nlp):
    text = (
        'The inquiry into the flooding opened on Monday. "We will find out what happened on that bridge, '
        'and we will say so in public," Harbour police Chief Tomas Ekberg said Monday.'
    )
    q = the_quote(nlp, text, "We will find out what happened on that bridge, and we will say so in public")
    assert q.speaker_text is not None and q.speaker_text.endswith("Ekberg")


def test_an_apposition_between_speaker_and_verb_is_skipped(nlp):
    text = (
        '"The river has never been this low in living memory," Okafor, a hydrologist at the Delta '
        "Institute, said on Tuesday."
    )
    q = the_quote(nlp, text, "The river has never been this low in living memory")
    assert q.speaker_text is not None and q.speaker_text.endswith("Okafor")


def test_said_before_its_subject_credits_the_name_after_it(nlp):
    text = 'The vote was close. Said Ingrid Solberg: "I do not think the council understood what it passed."'
    q = the_quote(nlp, text, "I do not think the council understood what it passed")
    assert q.speaker_text is not None and q.speaker_text.endswith("Solberg")


def test_according_to_before_a_quotation_names_the_speaker(nlp):
    text = (
        'The harbour will close for a month. According to Lindqvist, "the repairs cannot wait for the '
        'summer, whatever the shippers say."'
    )
    q = the_quote(nlp, text, "the repairs cannot wait for the summer, whatever the shippers say")
    assert q.speaker_text == "Lindqvist"


def test_a_passive_reporting_verb_does_not_credit_the_one_asked(nlp):
    text = (
        'The mayor, Petra Holm, spoke at noon. Holm was asked, "Would you close the harbour again if '
        'the water rose?"'
    )
    q = the_quote(nlp, text, "Would you close the harbour again if the water rose")
    assert q.speaker_key != "person:petra holm"


def test_credited_quotations_one_to_a_line_each_take_their_own_credit(nlp):
    text = (
        "Readers told us what they thought of the debate.\n"
        "\u201cHe never answered a single question about the budget.\u201d \u2015 Sofia Lindgren\n"
        "\u201cI was surprised how calm both of them stayed the whole night.\u201d \u2015 Jonas Berglund\n"
    )
    got = [(q.quote_text[:10], q.speaker_key) for q in quotes_of(nlp, text)]
    assert got == [("He never a", "person:sofia lindgren"), ("I was surp", "person:jonas berglund")]


# ---------------------------------------------------------------- a pronoun stands for the last source


def test_she_said_goes_to_the_last_person_reported_speaking_not_the_last_person_named(nlp):
    text = (
        'Senator Ruth Abernathy spoke first. "This just is not right," Abernathy said at the hearing. The bank\'s chief, '
        'Harold Brandt, earned $19 million last year. "You squeezed your own staff to the breaking point," '
        "she said."
    )
    first = the_quote(nlp, text, "This just is not right")
    q = the_quote(nlp, text, "You squeezed your own staff to the breaking point")
    assert first.speaker_key is not None and first.speaker_key.startswith("person:ruth")
    assert q.speaker_key == first.speaker_key


def test_according_to_makes_a_source_for_the_next_he(nlp):
    text = (
        "General Tobias Marsh retired in June. According to Marsh, the army lost three commanders in a year. "
        'The president, Leon Varga, replaced them. "We are on our fourth commander," he said.'
    )
    q = the_quote(nlp, text, "We are on our fourth commander")
    assert q.speaker_key == "person:tobias marsh"


def test_a_source_of_the_other_gender_is_passed_over(nlp):
    text = (
        "Mr. Daniel Okoro said the plan was late. Mrs. Grace Mbeki, who chairs the board, said it was "
        'on time. Mr. Okoro disagreed. "The plan is on time and the money is there," she said.'
    )
    q = the_quote(nlp, text, "The plan is on time and the money is there")
    assert q.speaker_key == "person:grace mbeki"


def test_a_bare_surname_stands_for_the_namesake_the_story_reports_speaking(nlp):
    text = (
        "Former governor Arthur Pennington spoke in Ohio on Monday. Arthur Pennington said the bill "
        "had failed. His daughter, Clara Pennington, was in the audience. "
        '"It does not make any sense to anyone who reads it," Pennington said.'
    )
    q = the_quote(nlp, text, "It does not make any sense to anyone who reads it")
    assert q.speaker_key is not None and q.speaker_key.startswith("person:arthur")


def test_a_quotation_after_a_paraphrase_goes_on_with_the_paraphrased_speaker(nlp):
    text = (
        "The board may wait until the audit is done, Councillor Nadia Petrov said on Friday. "
        '"The other question is whether anyone would believe a result we published before the audit."'
    )
    q = the_quote(
        nlp, text, "The other question is whether anyone would believe a result we published before the audit"
    )
    assert q.speaker_key is not None and q.speaker_key.endswith("nadia petrov")


def test_a_quotation_after_a_sentence_with_no_report_keeps_no_speaker(nlp):
    text = (
        "Councillor Nadia Petrov arrived late on Friday. "
        '"The other question is whether anyone would believe a result we published before the audit."'
    )
    q = the_quote(
        nlp, text, "The other question is whether anyone would believe a result we published before the audit"
    )
    assert q.speaker_key is None


# ---------------------------------------------------------------- a document as speaker


def test_a_statement_is_the_organisation_that_released_the_communique(nlp):
    text = (
        "The Organization of Turkic States released a communiqué on Monday after talks between Turkmenistan "
        'and Iran. The statement said the parties "remain committed to sharing every gauge reading".'
    )
    q = the_quote(nlp, text, "remain committed to sharing every gauge reading")
    assert q.speaker_key is not None and "turkic states" in q.speaker_key
    assert q.speaker_kind == "document"


def test_the_statement_issued_by_names_its_issuer(nlp):
    text = (
        "Kazakhstan and Kyrgyzstan signed the water accord in Almaty. The statement issued by the Aral "
        'Basin Council called the accord "the first step of many".'
    )
    q = the_quote(nlp, text, "the first step of many")
    assert q.speaker_key is not None and "council" in q.speaker_key


def test_a_charter_with_no_issuer_named_is_the_document_not_the_nearest_country(nlp):
    text = (
        "Turkmenistan and Iran met in Ashgabat in May. The charter says both sides will "
        '"share every gauge reading within a day of taking it".'
    )
    q = the_quote(nlp, text, "share every gauge reading within a day of taking it")
    assert (q.speaker_key, q.speaker_kind, q.speaker_text) == (None, "document", "charter")


def test_a_source_named_in_apposition_takes_the_next_he(nlp):
    text = (
        "Envoy Roza Amanova warned of a crisis. A spokesman for the water ministry, Daniyar Seitkali, "
        'rejected the figures. He said the ministry was "working day and night" on the canal.'
    )
    q = the_quote(nlp, text, "working day and night")
    assert q.speaker_key is not None and q.speaker_key.endswith("seitkali")


# ---------------------------------------------------------------- quotes-0.6: speakers on real news


def test_she_is_never_a_man_the_first_name_says_is_one(nlp):
    text = (
        "Gulnara Sadykova runs the co-operative. John Kemper, a buyer, said prices would fall. "
        '"We will not sell," she said.'
    )
    q = the_quote(nlp, text, "We will not sell")
    assert q.speaker_text == "Gulnara Sadykova"


def test_a_chain_of_he_sentences_carries_its_person_to_he_said(nlp):
    text = (
        "Ruslan Bekov has toured the valley for a month. He speaks at length about water. "
        "Lately, he has stressed the canals. He tries to meet every farmer. He rarely rests.\n\n"
        '"I faced these problems in my own life," he said at a meeting in Osh.'
    )
    q = the_quote(nlp, text, "I faced these problems in my own life")
    assert q.speaker_key == "person:ruslan bekov"


def test_any_verb_before_a_name_right_after_the_quotation_reports_it(nlp):
    text = (
        '"An awful lot of analysts said no, and she went ahead," remembered Roy Kestrel, a former spokesman.'
    )
    (q,) = quotes_of(nlp, text)
    assert (q.cue, q.speaker_text) == ("remembered", "Roy Kestrel")


def test_a_that_clause_reports_what_its_subject_said_whatever_the_verb(nlp):
    text = 'Mayor Aliya Nurova fired back that "the people of this city voted for me twice and will again."'
    (q,) = quotes_of(nlp, text)
    assert (q.cue, q.speaker_text) == ("fired", "Mayor Aliya Nurova")


def test_a_report_inside_a_report_is_told_by_the_outer_speaker(nlp):
    text = (
        "Rep. Daniel Okafor said Minister Farida Osmon reassured them that the ministry "
        '"was not going to abandon the farmers."'
    )
    (q,) = quotes_of(nlp, text)
    assert q.speaker_key == "person:daniel okafor"


def test_a_surname_that_is_also_a_country_is_the_person_the_story_named(nlp):
    text = 'Businessman Michael Jordan visited the port. "Trade is the future," Jordan said.'
    (q,) = quotes_of(nlp, text)
    assert q.speaker_key == "person:michael jordan"


def test_a_name_and_any_verb_ending_the_clause_after_the_quotation_report_it(nlp):
    text = 'Bekov interjected again.\n\n"Aliya wants to be tough tonight," Ruslan Bekov shot back. "Let me talk."'
    q = the_quote(nlp, text, "Aliya wants to be tough tonight")
    assert (q.cue, q.speaker_text) == ("shot", "Ruslan Bekov")


# ---------------------------------------------------------------- quotes-0.7: a thing speaks for its author


def test_an_ad_speaks_for_whoever_released_it(nlp):
    text = 'Senator Aliya Nurova released a radio ad calling the tariff "a tax on every family."'
    (q,) = quotes_of(nlp, text)
    assert (q.cue, q.speaker_text, q.speaker_kind) == ("calling", "Aliya Nurova", "person")


def test_a_statement_put_out_by_a_ministry_is_the_ministrys_quotation(nlp):
    text = (
        "The Ministry of Water put out a statement saying the canal "
        '"will be finished before the spring floods, whatever the weather."'
    )
    (q,) = quotes_of(nlp, text)
    assert (q.speaker_key, q.speaker_kind) == ("organization:ministry of water", "organization")


def test_a_letter_asks_what_its_writer_asks(nlp):
    text = 'Mayor Daniel Okafor wrote a letter to the minister asking the inspectors to investigate the "fiasco" at the dam.'
    (q,) = quotes_of(nlp, text)
    assert (q.cue, q.speaker_key) == ("asking", "person:daniel okafor")


def test_a_thing_that_is_no_verbs_object_still_speaks_for_itself(nlp):
    text = 'Farmers in Osh were angry. The ad, which says "every family will pay for this canal," ran for a week.'
    (q,) = quotes_of(nlp, text)
    assert (q.speaker_key, q.speaker_text) == (None, "ad")


def test_he_going_on_after_a_named_speaker_says_the_speaker_is_a_man_whatever_his_first_name(nlp):
    text = (
        "Senator Lindsey Okafor toured the border on Tuesday. "
        '"We lose elections because voters think we do not like them," Lindsey Okafor said.\n\n'
        'He continued, "The party must repair the damage before the autumn."\n\n'
        'He added, "It is not a wall, it is a moat."\n\n'
        "He then left for the capital. He will speak again on Friday.\n\n"
        '"We will win this fight," he said.'
    )
    for words in ("The party must repair the damage before the autumn", "We will win this fight"):
        assert the_quote(nlp, text, words).speaker_text == "Lindsey Okafor"


# ---------------------------------------------------------------- names the actors step missed


def test_a_name_the_actors_took_for_a_thing_still_stands_behind_he_said(nlp):
    text = (
        "The fund has raised $2 million for the repairs, and donors want to give more, Law said.\n\n"
        '"What we see now is a flight to safety," he said.'
    )
    q = the_quote(nlp, text, "What we see now is a flight to safety")
    assert (q.speaker_text, q.speaker_kind) == ("Law", "person")


def test_a_speaker_the_actors_did_not_find_at_all_is_kept_by_name_without_an_actor(nlp):
    text = 'Okafor said he never met the driver.\n\n"We are shocked," he said.'
    q = the_quote(nlp, text, "We are shocked")
    assert (q.speaker_key, q.speaker_text, q.speaker_kind) == (None, "Okafor", "person")
    assert text[q.speaker_char_start : q.speaker_char_end] == "he"


def test_a_name_typed_as_an_organisation_needs_she_to_go_on_after_it_more_than_once(nlp):
    text = (
        "Reynolds says that is what local radio is for. "
        '"His show is a form of protest," she says. '
        "Reynolds says she is sure the jail will only make him louder. "
        '"They are creating a martyr," she says.'
    )
    for words in ("His show is a form of protest", "They are creating a martyr"):
        assert the_quote(nlp, text, words).speaker_text == "Reynolds"


def test_a_newspaper_reporting_what_he_did_does_not_become_he(nlp):
    text = 'The Courier reported that he had resigned on Monday. "It is over," he said.'
    q = the_quote(nlp, text, "It is over")
    assert q.speaker_key is None and q.speaker_text is None


def test_an_unnamed_official_of_a_country_is_not_the_country(nlp):
    text = (
        "The talks on the river dam ended without a deal on Friday. "
        '"We will not sign anything this year," a Kazakh official said.'
    )
    q = the_quote(nlp, text, "We will not sign anything this year")
    assert (q.speaker_key, q.speaker_text, q.speaker_kind) == (None, "Kazakh official", "person")


def test_a_spokesman_still_speaks_for_the_ministry_he_is_named_with(nlp):
    text = (
        "The investors met the government on Friday. "
        '"The tariff will not change," a spokesman for the Ministry of Energy said.'
    )
    q = the_quote(nlp, text, "The tariff will not change")
    assert q.speaker_key is not None and q.speaker_key.startswith(("organization:", "country:"))


def test_a_person_called_by_a_first_name_alone_has_that_names_gender(nlp):
    text = (
        "Melanie watched the speech from the couch. Beside her, Kevin was drifting off again.\n\n"
        '"It is finished," she said of the election.'
    )
    q = the_quote(nlp, text, "It is finished")
    assert q.speaker_text == "Melanie"


def test_she_is_not_given_to_a_husband_who_shares_her_surname(nlp):
    text = (
        "Dana Whitcombe ran the company for six years. Her husband, Frank Whitcombe, sat on the board. "
        "Whitcombe and the other directors wrote letters to the shareholders.\n\n"
        '"This is a choice between charging ahead or retreating," she said at a conference.'
    )
    q = the_quote(nlp, text, "This is a choice between charging ahead or retreating")
    assert q.speaker_key == "person:dana whitcombe"


def test_a_dash_credit_names_a_person_the_actors_missed(nlp):
    text = (
        "Readers wrote in after the debate.\n\n"
        "“He never once answered the question about the wage.” ― Christina N Luis Olidem\n"
        "“The night belonged to nobody.” ― Nell Carden Grey"
    )
    q = the_quote(nlp, text, "He never once answered the question about the wage")
    assert q.speaker_text is not None and "Olidem" in q.speaker_text


def test_a_claim_credited_by_a_dash_in_the_next_paragraph_is_that_persons(nlp):
    text = (
        "The fact check looks at three claims from the debate.\n\n"
        '"The average family pays more in fees than in taxes."\n\n'
        "- Marta Kowalczyk.\n\n"
        "The figure comes from a study of 2009 and has not been updated since."
    )
    q = the_quote(nlp, text, "The average family pays more in fees than in taxes")
    assert q.speaker_text == "Marta Kowalczyk"
