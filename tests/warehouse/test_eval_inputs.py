"""Reading the warehouse into evaluation predictions, on a tiny hand-filled warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from core.predictions import PredActor, PredEvent, PredQuote
from warehouse.eval_inputs import file_name, iso_at_precision, load_predictions

MIGRATION = Path(__file__).resolve().parents[2] / "warehouse" / "migrations" / "001_initial.sql"

ROWS = """
INSERT INTO documents (document_id, source_uri, source_item, title, authors, published, published_precision,
                       category, abstract, metadata, text) VALUES
  ('d2', 'https://example.org/listing/page.html?p=1', '2', NULL, ['Bea Two'], DATE '2023-12-08', 'day',
   'Features', NULL, NULL, 'Second article body.'),
  ('d1', 'https://example.org/listing/page.html?p=1', '1', NULL, ['Ann One', 'Al Co'], NULL, NULL,
   'Analyses', NULL, NULL, 'First article body.'),
  ('d3', '/data/in/paper.pdf', NULL, 'A Paper', ['Cem Writer'], DATE '2024-01-01', 'year', NULL,
   'This paper asks.', '{"journal": "Water Quarterly", "volume": 5, "issue": "4", "pages": "10-28",
                         "received": "2024-06-05", "accepted": "2024-06-25"}', 'RIVERS ARE BORDERS.');

INSERT INTO actors VALUES
  ('a1', 'Recep Tayyip Erdoğan', 'person', 'TUR'),
  ('a2', 'Türkiye', 'country', 'TUR'),
  ('a3', 'Kazakhstan', 'country', 'KAZ');

INSERT INTO mentions (actor_id, document_id, surface, char_start, char_end) VALUES
  ('a1', 'd3', 'President Erdoğan', 0, 17),
  ('a1', 'd3', 'Erdogan', 30, 37),
  ('a2', 'd3', 'Turkey', 40, 46),
  ('a3', 'd1', 'Kazakh', 0, 6);

INSERT INTO quotes (quote_id, document_id, quote_text, kind, speaker_actor_id, speaker_text, char_start, char_end)
VALUES
  ('q2', 'd3', 'second words', 'term', NULL, NULL, 50, 62),
  ('q1', 'd3', 'first words', 'quote', 'a1', NULL, 10, 21),
  ('q3', 'd3', 'third words', 'quote', 'a1', 'the President', 70, 81);

INSERT INTO events (event_id, document_id, event_date, date_precision, char_start, char_end) VALUES
  ('e1', 'd3', DATE '2021-11-01', 'month', 0, 5),
  ('e2', 'd3', DATE '1990-01-01', 'decade', 10, 15),
  ('e3', 'd1', DATE '2024-04-11', 'day', 0, 5);

INSERT INTO event_actors VALUES ('e1', 'a2', 'participant'), ('e1', 'a3', 'participant');
"""


@pytest.fixture
def con(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    writer = duckdb.connect(str(path))
    writer.execute(MIGRATION.read_text(encoding="utf-8"))
    writer.execute(ROWS)
    writer.close()
    reader = duckdb.connect(str(path), read_only=True)
    yield reader
    reader.close()


def test_file_name_is_the_last_path_segment():
    assert file_name("/data/in/paper.pdf") == "paper.pdf"
    assert file_name("https://example.org/a/page%201.html?x=1#top") == "page 1.html"
    assert file_name("https://example.org/a/b/") == "b"
    assert file_name(r"C:\data\note.txt") == "note.txt"


def test_dates_are_cut_to_their_precision():
    import datetime as dt

    day = dt.date(1994, 3, 7)
    assert [iso_at_precision(day, p) for p in ("day", "month", "year", "decade", None)] == [
        "1994-03-07",
        "1994-03",
        "1994",
        "199",
        "1994-03-07",
    ]
    assert iso_at_precision(None, "year") is None


def test_items_come_in_source_order_with_metadata(con):
    items = load_predictions(con).items
    assert [(i.file, i.author) for i in items] == [
        ("paper.pdf", "Cem Writer"),
        ("page.html", "Ann One, Al Co"),
        ("page.html", "Bea Two"),
    ]
    paper, first, second = items
    assert (paper.published, paper.title, paper.abstract, paper.body) == (
        "2024",
        "A Paper",
        "This paper asks.",
        "RIVERS ARE BORDERS.",
    )
    assert (paper.journal, paper.volume, paper.issue, paper.pages) == ("Water Quarterly", "5", "4", "10-28")
    assert (paper.received, paper.accepted) == ("2024-06-05", "2024-06-25")
    assert (first.published, first.category, first.journal) == (None, "Analyses", None)
    assert second.published == "2023-12-08"


def test_quotes_in_reading_order_with_resolved_speaker_first(con):
    # The resolved actor's full name beats the words of the text ("the President"):
    # it is what an analyst would group by, and what the gold's aliases list.
    assert load_predictions(con).quotes == [
        PredQuote("paper.pdf", "first words", "Recep Tayyip Erdoğan", False),
        PredQuote("paper.pdf", "second words", None, True),
        PredQuote("paper.pdf", "third words", "Recep Tayyip Erdoğan", False),
    ]


def test_events_carry_dates_at_precision_and_actor_names(con):
    assert load_predictions(con).events == [
        PredEvent("paper.pdf", "2021-11", ["Kazakhstan", "Türkiye"]),
        PredEvent("paper.pdf", "199", []),
        PredEvent("page.html", "2024-04-11", []),
    ]


def test_actors_are_canonical_names_once_per_file(con):
    actors = load_predictions(con).actors
    assert sorted(actors, key=lambda a: (a.file, a.name)) == [
        PredActor("page.html", "Kazakhstan", "country"),
        PredActor("paper.pdf", "Recep Tayyip Erdoğan", "person"),
        PredActor("paper.pdf", "Türkiye", "country"),
    ]
