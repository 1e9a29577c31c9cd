"""Schema migrations and the transactional, idempotent loader (no Prefect, no spaCy)."""

import duckdb
import pytest

from core.records import Mention, SourceFailure
from tests.helpers.warehouse_rows import a_source
from warehouse import db, load


@pytest.fixture
def con(tmp_path):
    with db.connect(tmp_path / "w.duckdb") as connection:
        yield connection


def test_migrations_are_recorded_and_applied_once(con):
    shipped = [number for number, _, _ in db.migrations()]
    assert shipped[:2] == [1, 2] and shipped == sorted(set(shipped))
    assert [
        v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    ] == shipped
    assert db.migrate(con) == []


def test_load_fills_the_tables_and_links_rows(con):
    load.load_source(con, a_source())
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    roles = con.execute("""SELECT a.canonical_name, ea.role FROM event_actors ea JOIN actors a USING (actor_id)
                           ORDER BY role""").fetchall()
    assert roles == [("Tokayev", "source"), ("Aliyev", "target")]


def test_loading_the_same_source_twice_changes_nothing(con):
    load.load_source(con, a_source())
    first = con.execute("SELECT * FROM events").fetchall()
    load.load_source(con, a_source())
    assert con.execute("SELECT * FROM events").fetchall() == first
    assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] == 2


def test_a_changed_source_replaces_rows_and_drops_orphan_actors(con):
    load.load_source(con, a_source())
    changed = a_source(text="Tokayev spoke.", sha="def")
    changed.documents[0][1].mentions = changed.documents[0][1].mentions[:1]
    changed.documents[0][1].actors = changed.documents[0][1].actors[:1]
    changed.documents[0][1].events = []
    load.load_source(con, changed)
    assert con.execute("SELECT text FROM documents").fetchall() == [("Tokayev spoke.",)]
    assert con.execute("SELECT canonical_name FROM actors").fetchall() == [("Tokayev",)]
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_known_sources_give_the_content_and_versions_a_rerun_compares(con):
    load.load_source(con, a_source())
    assert load.known_sources(con) == {"/data/meeting.txt": ("abc", "v1")}
    assert load.stale_sources(con, "v1") == []
    assert [uri for uri, *_ in load.stale_sources(con, "v2")] == ["/data/meeting.txt"]


def test_a_failed_load_leaves_the_previous_rows(con):
    load.load_source(con, a_source())
    broken = a_source(sha="new")
    broken.documents[0][1].mentions.append(Mention("person:x", None, 0, 1, "PERSON"))  # surface NOT NULL
    with pytest.raises(duckdb.Error, match="NOT NULL"):  # the real reason, not "transaction aborted"
        load.load_source(con, broken)
    assert con.execute("SELECT content_sha256 FROM sources").fetchall() == [("abc",)]
    assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] == 2


def test_a_batch_loads_together_and_a_bad_source_fails_alone(con):
    good, other, broken = a_source(), a_source(), a_source()
    other.source_uri, broken.source_uri = "/data/other.txt", "/data/broken.txt"
    broken.documents[0][1].mentions.append(Mention("person:x", None, 0, 1, "PERSON"))  # surface NOT NULL
    errors = load.load_sources(con, [(good, False), (broken, False), (other, False)])
    assert [e is None for e in errors] == [True, False, True]
    assert sorted(u for (u,) in con.execute("SELECT source_uri FROM sources").fetchall()) == [
        "/data/meeting.txt",
        "/data/other.txt",
    ]
    assert (
        con.execute("SELECT count(*) FROM actors").fetchone()[0] == 2
    )  # shared by both documents, one row each


def test_a_batch_gives_the_same_rows_as_loading_one_by_one(tmp_path):
    def snapshot(connection):
        tables = [
            connection.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("events", "mentions", "actors", "quotes")
        ]
        return tables + [
            connection.execute("SELECT * EXCLUDE (loaded_at) FROM documents ORDER BY ALL").fetchall()
        ]

    first, second = a_source(), a_source(text="Aliyev answered on 4 May 2024.", sha="xyz")
    second.source_uri = "/data/answer.txt"
    with db.connect(tmp_path / "one.duckdb") as one, db.connect(tmp_path / "batch.duckdb") as batch:
        load.load_source(one, first)
        load.load_source(one, second)
        assert load.load_sources(batch, [(first, False), (second, False)]) == [None, None]
        assert snapshot(batch) == snapshot(one)


def test_the_same_failure_is_recorded_once(con):
    failure = SourceFailure("/data/broken.pdf", "extract", "ExtractionError: PDF is truncated")
    load.record_failure(con, failure)
    load.record_failure(con, failure)
    assert con.execute("SELECT count(*) FROM ingest_errors").fetchone()[0] == 1


def test_read_only_connection_needs_an_existing_warehouse(tmp_path):
    with pytest.raises(FileNotFoundError):
        db.connect(tmp_path / "missing.duckdb", read_only=True)
