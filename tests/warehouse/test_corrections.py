"""Analysts' corrections: kept by their evidence, applied again after every load, reported when lost.

The sources here are loaded with a stand-in for the extractors (``extracted``)
that finds the words listed below in whatever text it is given, so a test can
edit a document, or change what "the extractors" produce, and see what each
correction does with it. tests/dossier/test_correct.py runs the same story
through the real CLI, flows and extractors.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from core.records import Actor, Article, Event, Extraction, Mention, Quote
from warehouse import corrections, db, lake, load
from warehouse.corrections import Request

STATEMENT = (
    "Water ministers meet in Dushanbe\n\n"
    "Tajik Foreign Minister Sirojiddin Muhriddin met Uzbek Foreign Minister Bakhtiyor Saidov in Dushanbe "
    "on 3 May 2024.\n\n"
    '"The river belongs to all of us," Muhriddin said.\n\n'
    "Saidov said Uzbekistan would build new canals in 2025 and would open a water school in 2025. "
    '"We will not waste a single drop," he said.\n\n'
    'The Interstate Commission for Water Coordination called the deal "historic". '
    '"Talks were useful," Saidov added.\n'
)
VISIT = "Visit\n\nSirojiddin Mukhriddin will visit Tashkent in June 2024.\n"

# What the stand-in extractors know: actors (key: name, kind, country, the words naming them) ...
ACTORS = {
    "person:muhriddin": ("Sirojiddin Muhriddin", "person", "TJK", ("Sirojiddin Muhriddin", "Muhriddin")),
    "person:mukhriddin": ("Sirojiddin Mukhriddin", "person", None, ("Sirojiddin Mukhriddin",)),
    "person:saidov": ("Bakhtiyor Saidov", "person", "UZB", ("Bakhtiyor Saidov", "Saidov")),
    "country:uzbekistan": ("Uzbekistan", "country", "UZB", ("Uzbekistan",)),
    "organization:icwc": (
        "Interstate Commission for Water Coordination",
        "organization",
        None,
        ("Interstate Commission for Water Coordination",),
    ),
    "location:tashkent": ("Tashkent", "location", "UZB", ("Tashkent",)),
}
# ... events (their words, type, date, precision, actors) ...
EVENTS = [
    (
        "Sirojiddin Muhriddin met Uzbek Foreign Minister Bakhtiyor Saidov in Dushanbe on 3 May 2024",
        "CONSULT",
        dt.date(2024, 5, 3),
        "day",
        [("person:muhriddin", "source"), ("person:saidov", "target")],
    ),
    (
        "Uzbekistan would build new canals in 2025",
        "AGREE",
        dt.date(2025, 1, 1),
        "year",
        [("country:uzbekistan", "source")],
    ),
    (  # another clause of the same sentence, overlapping the one above
        "Uzbekistan would build new canals in 2025 and would open a water school",
        "AID",
        dt.date(2025, 1, 1),
        "year",
        [("country:uzbekistan", "source")],
    ),
    (
        "Sirojiddin Mukhriddin will visit Tashkent in June 2024",
        "CONSULT",
        dt.date(2024, 6, 1),
        "month",
        [("person:mukhriddin", "source"), ("location:tashkent", "target")],
    ),
]
# ... and quotations (their words, kind, speaker, the words naming the speaker after them).
QUOTES = [
    ("The river belongs to all of us", "quote", "person:muhriddin", "Muhriddin"),
    ("We will not waste a single drop", "quote", "person:saidov", "he"),
    ("historic", "quote", "organization:icwc", "The Interstate Commission for Water Coordination"),
    ("Talks were useful", "quote", "person:saidov", "Saidov"),
]


def extracted(text: str, key_prefix: str = "", quotes: bool = True) -> Extraction:
    """What the stand-in extractors find in ``text``; ``key_prefix`` gives every actor another key (new ids)."""
    mentions, taken = [], set()
    for key, (_, _, _, words) in ACTORS.items():
        for surface in words:
            at = text.find(surface)
            while at >= 0:
                span = set(range(at, at + len(surface)))
                if not span & taken:
                    taken |= span
                    mentions.append(Mention(key_prefix + key, surface, at, at + len(surface), "X"))
                at = text.find(surface, at + 1)
    named = {m.actor_key for m in mentions}
    actors = [
        Actor(key_prefix + key, name, kind, country, list(words))
        for key, (name, kind, country, words) in ACTORS.items()
        if key_prefix + key in named
    ]
    events = []
    for words, kind, date, precision, roles in EVENTS:
        at = text.find(words)
        if at >= 0:
            sentence = text[text.rfind("\n", 0, at) + 1 : text.find(".", at + len(words)) + 1]
            taking = [(key_prefix + k, role) for k, role in roles]
            events.append(
                Event(
                    date, precision, str(date.year), "explicit", kind, sentence, at, at + len(words), taking
                )
            )
    found = []
    for words, kind, speaker, speaker_words in QUOTES if quotes else []:
        at = text.find(words)
        if at >= 0:
            said = text.find(speaker_words, at)
            said = said if said >= 0 else text.rfind(speaker_words, 0, at)  # "X called the deal "historic""
            found.append(
                Quote(words, kind, at, at + len(words), text[at - 1 : text.find(".", at) + 1], key_prefix + speaker,
                      speaker_words, "said", ACTORS[speaker][1], said, said + len(speaker_words))
            )  # fmt: skip
    return Extraction(
        actors=actors, mentions=mentions, events=events, quotes=found, versions={"stand-in": "1"}
    )


def put(con, uri: str, text: str, version: str = "v1", **options) -> None:
    """Load (or reload) one text source, then apply the corrections, as a run does."""
    article = Article(text=text, doc_type="text", title=text.splitlines()[0])
    sha = hashlib.sha256((text + version).encode()).hexdigest()
    src = load.LoadedSource(
        uri, sha, "text", f"/archive/{sha}", version, [(article, extracted(text, **options))]
    )
    load.load_source(con, src)
    corrections.apply_all(con, f"run-{version}")


def correct(con, kind: str, **fields) -> corrections.Outcome:
    """Record a correction as ``dossier correct`` does, apply them all; the new one's outcome."""
    new = corrections.add(con, Request(kind=kind, made_by="ana", reason="test", **fields))
    (outcome,) = [o for o in corrections.apply_all(con, "dossier correct") if o.correction_id == new]
    return outcome


def views(con) -> dict:
    """What an analyst reads, without generated ids: speakers, the timeline, actors and their mentions."""
    return {
        "quotes": con.execute("SELECT quote_text, speaker FROM who_said_what ORDER BY char_start").fetchall(),
        "events": con.execute(
            "SELECT event_type, event_date, actor_names FROM timeline ORDER BY source_uri, char_start, event_type"
        ).fetchall(),
        "actors": con.execute(
            "SELECT canonical_name, kind, mentions, quotes FROM actor_profiles ORDER BY canonical_name"
        ).fetchall(),
    }


@pytest.fixture
def path(tmp_path, request):
    """A warehouse holding the statement and the visit, no corrections yet.

    One file, or a DuckLake for the tests parametrized with ``BOTH`` (a lake is
    several times slower to write, so not every test runs on both).
    """
    where = tmp_path / getattr(request, "param", "w.duckdb")
    with db.connect(where) as connection:
        put(connection, "/news/statement.txt", STATEMENT)
        put(connection, "/news/visit.txt", VISIT)
    yield where
    if lake.is_lake(where):
        lake.forget(lake.parse(where))


BOTH = pytest.mark.parametrize("path", ["w.duckdb", "w.ducklake"], indirect=True)


@pytest.fixture
def con(path):
    with db.connect(path) as connection:
        yield connection


def correct_everything(con) -> list[corrections.Outcome]:
    """One correction of each kind, as an analyst would make them reading the views."""
    drop = con.execute("SELECT quote_id FROM quotes WHERE quote_text LIKE 'We will not%'").fetchone()[0]
    return [
        correct(con, "merge-actors", actor="Sirojiddin Mukhriddin", into_actor="Sirojiddin Muhriddin"),
        correct(con, "rename-actor", actor="Interstate Commission for Water Coordination", name="ICWC"),
        correct(
            con,
            "split-actor",
            doc="statement.txt",
            span=_span("Muhriddin", after='"The river'),
            name="Rustam Muhriddin",
        ),
        correct(
            con,
            "set-speaker",
            item_id=drop,
            name="Uzbek Ministry of Water Resources",
            actor_kind="organization",
        ),
        correct(con, "clear-speaker", doc="statement.txt", text="talks were useful"),
        correct(con, "reject-quote", doc="/news/statement.txt", text="historic"),
        correct(
            con, "reject-event", doc="statement.txt", span=_span("Uzbekistan would build new canals in 2025")
        ),
    ]


def _span(words: str, after: str = "", text: str = STATEMENT) -> tuple[int, int]:
    at = text.index(words, text.index(after))
    return at, at + len(words)


@BOTH
def test_each_kind_of_correction_shows_in_the_analyst_views(con):
    before = views(con)
    outcomes = correct_everything(con)
    assert [o.status for o in outcomes] == ["applied"] * 7
    after = views(con)

    assert after["quotes"] == [
        ("The river belongs to all of us", "Rustam Muhriddin"),  # split: its speaker's mention went with it
        ("We will not waste a single drop", "Uzbek Ministry of Water Resources"),  # set-speaker
        ("Talks were useful", None),  # clear-speaker; "historic" rejected
    ]
    assert before["events"][1:3] == [
        ("AGREE", dt.date(2025, 1, 1), ["Uzbekistan"]),
        ("AID", dt.date(2025, 1, 1), ["Uzbekistan"]),
    ]
    assert after["events"] == [
        ("CONSULT", dt.date(2024, 5, 3), ["Bakhtiyor Saidov", "Sirojiddin Muhriddin"]),
        ("AID", dt.date(2025, 1, 1), ["Uzbekistan"]),  # the overlapping clause stays
        ("CONSULT", dt.date(2024, 6, 1), ["Sirojiddin Muhriddin", "Tashkent"]),  # merged actor, other source
    ]
    assert after["actors"] == [
        ("Bakhtiyor Saidov", "person", 3, 0),
        ("ICWC", "organization", 1, 0),
        ("Rustam Muhriddin", "person", 1, 1),
        ("Sirojiddin Muhriddin", "person", 2, 0),  # its own first mention and Mukhriddin's
        ("Tashkent", "location", 1, 0),
        ("Uzbek Ministry of Water Resources", "organization", 0, 1),
        ("Uzbekistan", "country", 1, 0),
    ]


def test_rejected_rows_leave_the_tables_but_are_kept_whole(con):
    correct_everything(con)
    rejected = con.execute(
        "SELECT item_kind, actors, item->>'$.event_type', item->>'$.quote_text' FROM rejected_items ORDER BY item_kind"
    ).fetchall()
    assert rejected == [
        ("event", ["Uzbekistan (source)"], "AGREE", None),
        ("quote", ["ICWC"], None, "historic"),  # the rename came first
    ]
    assert con.execute("SELECT count(*) FROM quotes WHERE quote_text = 'historic'").fetchone()[0] == 0
    audit = con.execute(
        "SELECT kind, made_by, reason, old_value FROM corrections WHERE kind LIKE 'reject%' ORDER BY 1"
    ).fetchall()
    assert audit == [
        ("reject-event", "ana", "test", "AGREE 2025-01-01 (year)"),
        ("reject-quote", "ana", "test", "quote, speaker: ICWC"),  # the rename came first
    ]


def test_corrections_survive_re_extraction_even_when_the_extractors_change_their_ids(con):
    correct_everything(con)
    corrected = views(con)
    put(con, "/news/statement.txt", STATEMENT, version="v2")  # re-extracted: new rows, same ids
    put(con, "/news/visit.txt", VISIT, version="v2")
    assert views(con) == corrected
    put(con, "/news/statement.txt", STATEMENT, version="v3", key_prefix="v3:")  # every actor id changes
    put(con, "/news/visit.txt", VISIT, version="v3", key_prefix="v3:")
    assert views(con) == corrected
    statuses = con.execute("SELECT DISTINCT status, checked_by FROM corrections").fetchall()
    assert statuses == [("applied", "run-v3")]


def test_corrections_follow_their_words_when_the_document_is_edited(con):
    correct_everything(con)
    corrected = views(con)
    edited = STATEMENT.replace(
        "Tajik Foreign", "Updated on 4 May with the minister's remarks.\n\nTajik Foreign"
    )
    put(con, "/news/statement.txt", edited, version="edited")
    assert views(con) == corrected
    (note,) = con.execute("SELECT status_note FROM corrections WHERE kind = 'reject-event'").fetchone()
    words = "Uzbekistan would build new canals in 2025"
    (now, now_end), (was, was_end) = _span(words, text=edited), _span(words)
    assert now == was + len("Updated on 4 May with the minister's remarks.\n\n")
    assert note == f"the document changed: the words are now at {now}:{now_end} (were at {was}:{was_end})"


def test_a_correction_whose_evidence_is_gone_is_reported_and_applies_again_when_it_returns(con):
    correct_everything(con)
    cut = STATEMENT.replace('"We will not waste a single drop," he said.', "")
    cut = cut.replace("would build new canals in 2025 and ", "")
    put(con, "/news/statement.txt", cut, version="cut")
    lost = con.execute(
        "SELECT kind, status, status_note FROM corrections WHERE status <> 'applied' ORDER BY kind"
    ).fetchall()
    assert lost == [
        ("reject-event", "evidence-missing", "the words are no longer in the document"),
        ("set-speaker", "evidence-missing", "the words are no longer in the document"),
    ]
    put(con, "/news/statement.txt", STATEMENT, version="back")
    assert con.execute("SELECT DISTINCT status FROM corrections").fetchall() == [("applied",)]
    assert ("We will not waste a single drop", "Uzbek Ministry of Water Resources") in views(con)["quotes"]


def test_words_still_there_but_no_longer_extracted_are_reported_as_missing_evidence(con):
    correct_everything(con)
    put(con, "/news/statement.txt", STATEMENT, version="no-quotes", quotes=False)
    lost = dict(
        con.execute("SELECT kind, status_note FROM corrections WHERE status = 'evidence-missing'").fetchall()
    )
    assert lost == {
        kind: "the words are still there, but no quotation is extracted from them any more"
        for kind in ("set-speaker", "clear-speaker", "reject-quote")
    }


def test_a_merge_reaches_a_source_loaded_after_it(con):
    correct(con, "merge-actors", actor="Sirojiddin Mukhriddin", into_actor="Sirojiddin Muhriddin")
    put(con, "/news/later.txt", "Later\n\nSirojiddin Mukhriddin will visit Tashkent in June 2024.\n")
    names = con.execute(
        "SELECT DISTINCT canonical_name FROM mentions JOIN actors USING (actor_id) WHERE surface LIKE 'Sirojiddin%'"
    )
    assert names.fetchall() == [("Sirojiddin Muhriddin",)]


def test_a_mention_split_out_then_merged_elsewhere_does_not_take_its_old_actor_along(con):
    correct(
        con,
        "split-actor",
        doc="statement.txt",
        span=_span("Muhriddin", after='"The river'),
        name="Rustam Muhriddin",
    )
    correct(con, "merge-actors", actor="Rustam Muhriddin", into_actor="Bakhtiyor Saidov")
    corrected = views(con)
    put(con, "/news/statement.txt", STATEMENT, version="v2")  # the split mention re-extracted under Muhriddin
    put(con, "/news/visit.txt", VISIT, version="v2")
    assert views(con) == corrected
    muhriddin = [a for a in corrected["actors"] if a[0] == "Sirojiddin Muhriddin"]
    assert muhriddin == [("Sirojiddin Muhriddin", "person", 1, 0)]


def test_applying_twice_changes_nothing(con):
    correct_everything(con)
    corrected = views(con), con.execute("SELECT count(*) FROM rejected_items").fetchone()
    corrections.apply_all(con, "again")
    assert (views(con), con.execute("SELECT count(*) FROM rejected_items").fetchone()) == corrected


@pytest.mark.parametrize(
    "kind, fields, why",
    [
        ("rename-actor", {"actor": "Rustam Nazarov", "name": "X"}, "no actor is named 'Rustam Nazarov'"),
        ("reject-quote", {"doc": "statement.txt", "text": "s"}, "4 quotations match in that document"),
        ("reject-event", {"doc": "nowhere.txt", "text": "met"}, "no document matches 'nowhere.txt'"),
        ("set-speaker", {"item_id": "0000", "name": "X"}, "no quotation has the id '0000'"),
        ("merge-actors", {"actor": "Saidov", "into_actor": "Bakhtiyor Saidov"}, "are one actor already"),
        (
            "split-actor",
            {"doc": "visit.txt", "text": "Mukhriddin", "name": "X"},
            "no actor mention written 'Mukhriddin'",
        ),
    ],
)
def test_what_names_nothing_or_several_things_is_refused(con, kind, fields, why):
    with pytest.raises(corrections.CorrectionRefused, match=why):
        corrections.add(con, Request(kind=kind, made_by="ana", **fields))


def test_the_same_correction_twice_is_refused(con):
    correct(con, "clear-speaker", doc="statement.txt", text="talks were useful")
    with pytest.raises(corrections.CorrectionRefused, match="recorded already: correction 1"):
        corrections.add(con, Request(kind="clear-speaker", made_by="bob", doc="statement.txt", text="Talks"))


@BOTH
def test_removing_a_rename_restores_the_name_and_other_removals_leave_their_sources_to_reextract(path):
    with db.connect(path) as con:
        correct(con, "rename-actor", actor="Interstate Commission for Water Coordination", name="ICWC")
        correct(con, "reject-quote", doc="statement.txt", text="historic")
    assert "named 'Interstate Commission for Water Coordination' again" in corrections.remove(path, 1)
    assert "1 source(s) keep its change until `dossier reextract`" in corrections.remove(path, 2)
    with db.connect(path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM actors WHERE canonical_name = 'ICWC'").fetchone()[0] == 0
        stale = con.execute("SELECT source_uri FROM sources WHERE pipeline_version LIKE 'stale%'").fetchall()
    assert stale == [("/news/statement.txt",)]
    with pytest.raises(corrections.CorrectionRefused, match="no correction 2"):
        corrections.remove(path, 2)


@BOTH
def test_a_removed_correction_s_number_is_never_given_again(path):
    """Correction 2 removed, the next one is 3: "correction 2" in a note or a stale marker means one thing."""
    with db.connect(path) as con:
        correct(con, "rename-actor", actor="Interstate Commission for Water Coordination", name="ICWC")
        correct(con, "reject-quote", doc="statement.txt", text="historic")
    corrections.remove(path, 2)
    request = Request(
        kind="clear-speaker", made_by="ana", reason=None, doc="statement.txt", text="talks were useful"
    )
    new_id, _ = corrections.record(path, request)
    assert new_id == 3
    with db.connect(path, read_only=True) as con:
        removed = con.execute("SELECT correction_id, kind, made_by FROM removed_corrections").fetchall()
    assert removed == [(2, "reject-quote", "ana")]


@pytest.mark.parametrize("path", ["w.ducklake"], indirect=True)
def test_dossier_correct_on_a_ducklake_records_and_applies_in_place(path):
    request = Request(
        kind="clear-speaker", made_by="ana", reason=None, doc="statement.txt", text="talks were useful"
    )
    new_id, outcomes = corrections.record(path, request)
    assert (new_id, [o.status for o in outcomes]) == (1, ["applied"])
    with db.connect(path, read_only=True) as con:
        speakers = con.execute(
            "SELECT speaker FROM who_said_what WHERE quote_text ILIKE '%talks were useful%'"
        )
        assert speakers.fetchall() == [(None,)]


def test_a_correction_to_a_warehouse_not_there_is_refused_and_creates_nothing(tmp_path):
    request = Request(kind="rename-actor", made_by="ana", reason=None, actor="X", name="Y")
    for missing in (tmp_path / "w.ducklake", tmp_path / "w.duckdb"):
        with pytest.raises(corrections.CorrectionRefused, match="no warehouse at"):
            corrections.record(missing, request)
        assert not missing.exists()
