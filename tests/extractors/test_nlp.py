"""The shared parse: batches bounded by characters, so long documents never pile up in memory."""

from extractors.nlp import parse_many


class CountingModel:
    """Stands in for a spaCy pipeline: records the batches ``pipe`` receives and echoes its input."""

    def __init__(self):
        self.batches = []

    def pipe(self, texts, batch_size, as_tuples=False):
        self.batches.append(list(texts))
        yield from texts


def test_short_texts_share_a_batch_up_to_the_count():
    model = CountingModel()
    out = list(parse_many(model, ["a" * 10] * 5, batch_size=2, max_chars=1000))
    assert len(out) == 5
    assert [len(b) for b in model.batches] == [2, 2, 1]


def test_a_long_text_goes_alone_and_the_order_is_kept():
    model = CountingModel()
    texts = ["short one", "L" * 700, "short two", "short three"]
    assert list(parse_many(model, texts, batch_size=16, max_chars=600)) == texts
    assert [len(b) for b in model.batches] == [1, 1, 2]


def test_pairs_are_measured_by_their_text():
    model = CountingModel()
    pairs = [("x" * 400, 1), ("y" * 400, 2)]
    assert list(parse_many(model, pairs, max_chars=600, as_tuples=True)) == pairs
    assert len(model.batches) == 2


def test_real_parses_come_back_in_order(nlp):
    texts = ["Ankara hosted the summit.", "Astana replied in May."]
    docs = list(parse_many(nlp, texts, max_chars=10))
    assert [d.text for d in docs] == texts


def test_a_long_text_is_parsed_in_pieces_with_its_offsets_intact(nlp):
    from extractors.nlp import chunks, parse_long

    paragraph = "The commission met in Nukus on 4 May 2024. “We agreed,” the chair said.\n\n"
    text = paragraph * 40 + "Last line without a break"
    pieces = list(chunks(text, 500))
    assert "".join(pieces) == text and len(pieces) > 5
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # cut after paragraph breaks
    doc = parse_long(nlp, text, chunk_chars=500)
    assert doc.text == text
    whole = nlp(text)
    assert [(s.start_char, s.end_char) for s in doc.sents] == [
        (s.start_char, s.end_char) for s in whole.sents
    ]
    assert [(e.text, e.start_char) for e in doc.ents] == [(e.text, e.start_char) for e in whole.ents]


def test_a_piece_with_no_break_is_still_cut():
    from extractors.nlp import chunks

    text = "x" * 1234
    assert "".join(chunks(text, 100)) == text


def test_a_paragraph_starts_a_sentence(nlp):
    doc = nlp(
        "Historic dairy building destroyed by fire\n\nPublished: 2012.\n\nA fire on Tuesday destroyed it."
    )
    assert [s.text.strip() for s in doc.sents] == [
        "Historic dairy building destroyed by fire",
        "Published: 2012.",
        "A fire on Tuesday destroyed it.",
    ]


def test_a_paragraph_opening_in_lower_case_goes_on_with_the_sentence_before(nlp):
    doc = nlp("The ministers met in Tashkent and\n\nsigned the water agreement on Monday.")
    assert len(list(doc.sents)) == 1
