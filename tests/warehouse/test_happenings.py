"""One happening told by several documents: event_links and the happenings view (no spaCy)."""

import datetime as dt

import pytest

from core.records import Actor, Article, Event, Extraction, Mention
from warehouse import db, load


@pytest.fixture
def con(tmp_path):
    with db.connect(tmp_path / "w.duckdb") as connection:
        yield connection


def a_report(
    uri,
    text,
    date,
    precision,
    repeats=(),
    source="country:KAZ",
    predicate="condemn",
    event_type="ACCUSE",
    subtype=None,
):
    """One document stating that Kazakhstan condemned the dam (at the given date), maybe several times."""
    name = {"country:KAZ": "Kazakhstan", "country:UZB": "Uzbekistan"}[source]
    event = Event(
        date,
        precision,
        "March 2025",
        "explicit",
        event_type,
        text,
        0,
        len(text),
        actors=[(source, "source")],
        predicate=predicate,
        event_subtype=subtype,
        mentions=list(repeats),
    )
    extraction = Extraction(
        actors=[Actor(source, name, "country", source[-3:])],
        mentions=[Mention(source, name, 0, len(name), "GPE")],
        events=[event],
        versions={"events": "t"},
    )
    article = Article(text=text, doc_type="text", title=uri)
    return load.LoadedSource(uri, uri, "text", "/archive/" + uri, "v1", [(article, extraction)])


def happenings(con):
    return con.execute(
        "SELECT event_date, date_precision, num_mentions, num_sources, num_documents, num_events "
        "FROM happenings ORDER BY event_date"
    ).fetchall()


def test_the_same_event_in_three_documents_is_one_happening_with_three_sources(con):
    load.load_source(
        con, a_report("/a.txt", "Kazakhstan condemned the dam in March 2025.", dt.date(2025, 3, 1), "month")
    )
    load.load_source(
        con, a_report("/b.txt", "Kazakhstan condemned the dam on 31 March 2025.", dt.date(2025, 3, 31), "day")
    )
    load.load_source(
        con, a_report("/c.txt", "Kazakhstan condemned the dam in 2025.", dt.date(2025, 1, 1), "year")
    )
    # the most precise date stated; every document's evidence still in event_mentions
    assert happenings(con) == [(dt.date(2025, 3, 31), "day", 3, 3, 3, 3)]
    assert con.execute("SELECT count(DISTINCT happening_id) FROM event_links").fetchone()[0] == 1


def test_a_document_stating_the_event_four_times_counts_four_mentions_and_one_source(con):
    text = "Kazakhstan condemned the dam in March 2025. " * 4
    repeats = [(44 * i, 44 * i + 43) for i in (1, 2, 3)]
    load.load_source(con, a_report("/a.txt", text, dt.date(2025, 3, 1), "month", repeats))
    assert happenings(con) == [(dt.date(2025, 3, 1), "month", 4, 1, 1, 1)]


def test_other_sources_other_dates_or_other_acts_are_other_happenings(con):
    load.load_source(
        con, a_report("/a.txt", "Kazakhstan condemned the dam in March 2025.", dt.date(2025, 3, 1), "month")
    )
    load.load_source(
        con,
        a_report(
            "/b.txt",
            "Uzbekistan condemned the dam in March 2025.",
            dt.date(2025, 3, 1),
            "month",
            source="country:UZB",
        ),
    )
    load.load_source(
        con, a_report("/c.txt", "Kazakhstan condemned the dam in May 2025.", dt.date(2025, 5, 1), "month")
    )
    load.load_source(
        con,
        a_report(
            "/d.txt",
            "Kazakhstan praised the dam in March 2025.",
            dt.date(2025, 3, 1),
            "month",
            predicate="praise",
        ),
    )
    assert [row[3] for row in happenings(con)] == [1, 1, 1, 1]
    assert con.execute("SELECT count(*) FROM event_links").fetchone()[0] == 0


def test_two_disasters_of_one_month_and_place_are_two_happenings(con):
    for uri, text, predicate in (
        ("/a.txt", "An earthquake struck Kazakhstan in March 2025.", "earthquake"),
        ("/b.txt", "Landslides buried villages in Kazakhstan in March 2025.", "landslide"),
    ):
        report = a_report(
            uri,
            text,
            dt.date(2025, 3, 1),
            "month",
            predicate=predicate,
            event_type="OTHER",
            subtype="natural disaster",
        )
        load.load_source(con, report)
    assert [row[3] for row in happenings(con)] == [1, 1]


def test_reloading_a_document_keeps_its_happening_and_deleting_it_unlinks(con):
    first = a_report("/a.txt", "Kazakhstan condemned the dam in March 2025.", dt.date(2025, 3, 1), "month")
    load.load_source(con, first)
    load.load_source(
        con, a_report("/b.txt", "Kazakhstan condemned the dam on 31 March 2025.", dt.date(2025, 3, 31), "day")
    )
    before = con.execute("SELECT * FROM event_links ORDER BY event_id").fetchall()
    load.load_source(con, first)
    assert con.execute("SELECT * FROM event_links ORDER BY event_id").fetchall() == before
    load.load_source(
        con,
        a_report(
            "/b.txt",
            "Kazakhstan praised the dam on 31 March 2025.",
            dt.date(2025, 3, 31),
            "day",
            predicate="praise",
        ),
    )
    assert con.execute("SELECT count(*) FROM event_links").fetchone()[0] == 0
