from extractors.quotes.marks import find_quote_spans


def quoted(text, style=None):
    return [text[s.start : s.end] for s in find_quote_spans(text) if style is None or s.style == style]


def test_offsets_point_at_the_words_inside_the_marks():
    text = 'He said "it is done." Then “more”.'
    assert quoted(text) == ["it is done", "more"]


def test_curly_marks_are_paired_by_type():
    text = "He said „so geht das“, «ça va» and “fine”."
    assert quoted(text) == ["so geht das", "ça va", "fine"]


def test_a_stray_straight_mark_costs_only_itself():
    assert quoted('A stray " mark here. She said "this survives".') == ["this survives"]
    assert quoted('She said "this survives". A stray " mark.\n\nNext "para" is fine.') == [
        "this survives",
        "para",
    ]


def test_an_unbalanced_mark_costs_only_its_paragraph():
    text = 'A stray " mark here.\nShe said "this survives".'
    assert quoted(text) == ["this survives"]


def test_an_inch_mark_does_not_open_a_quotation():
    assert quoted('An 18" pipe was shown. The minister called it "a disgrace".') == ["a disgrace"]


def test_a_quotation_over_several_paragraphs_is_one_span_without_the_repeated_marks():
    text = "She said:\n\n“We will win.\n\n“The people are with us,” she added. Then “more”."
    first, second = find_quote_spans(text)
    assert text[first.start : first.end] == "We will win.\n\n“The people are with us"
    assert first.text == "We will win.\n\nThe people are with us"
    assert second.text == "more"


def test_a_run_of_paragraphs_that_never_closes_is_dropped_and_the_rest_paired_afresh():
    text = "“Unclosed forever.\n\n“Still open.\n\nNormal “closed” here."
    assert quoted(text) == ["closed"]


def test_single_marks_count_where_the_style_uses_them():
    text = "He told the BBC: 'We will not back down.' The talks 'failed', the Allies' view and don't 'worry'."
    assert quoted(text) == ["We will not back down", "failed", "worry"]


def test_single_marks_are_apostrophes_or_nested_where_double_marks_are_the_style():
    text = '"He called it \'a scandal\'," she said of the minister\'s plan. The "reform" stalled.'
    assert quoted(text) == ["He called it 'a scandal'", "reform"]


def test_a_trailing_citation_inside_the_marks_is_left_out():
    assert quoted('He said it would "lead the whole Turkic world (Yuan, 2021)".') == [
        "lead the whole Turkic world"
    ]


def test_a_paragraph_after_a_colon_is_a_block_quotation_candidate():
    text = (
        "The minister said:\n\nWe will build the canal and nobody will stop us this year.\n\nNext paragraph."
    )
    assert quoted(text, "block") == ["We will build the canal and nobody will stop us this year"]


def test_lines_marked_with_a_chevron_are_a_block_quotation():
    (span,) = find_quote_spans("> We will build it.\n> And more.\n\nAfter.")
    assert (span.style, span.text) == ("block", "We will build it.\nAnd more")


def test_a_name_and_a_colon_before_a_sentence_is_a_label_candidate_without_its_photo_credit():
    text = "March 16, 2023, President Erdogan: The new centre of the system is here (Photo: TCCB, 2023)."
    assert quoted(text, "label") == ["The new centre of the system is here"]


def test_headings_and_lists_after_a_colon_are_not_candidates():
    text = "Keywords: rivers, dams\n\nThe three factors:\n\n- water is scarce and prices are rising fast.\n\nUnit Factors: Autonomy"
    assert quoted(text) == []
