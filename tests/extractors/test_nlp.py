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
