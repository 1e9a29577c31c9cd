"""The ingest flow end to end, under Prefect's test harness, into a temporary warehouse.

One module-scoped run over a copy of the bundled samples feeds most tests, so
the temporary Prefect server and the spaCy model start once.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.helpers.paths import SAMPLES
from warehouse.queries import CONTRACT_TABLES, table_counts

pytestmark = pytest.mark.flow


@pytest.fixture(scope="module")
def run(harness, tmp_path_factory, monkeypatch_module):
    from flows.ingest import ingest_flow

    root = tmp_path_factory.mktemp("ingest")
    sources = root / "samples"
    shutil.copytree(SAMPLES, sources)
    monkeypatch_module.setenv("DOSSIER_ARCHIVE", str(root / "archive"))
    db_path = root / "warehouse.duckdb"
    first = ingest_flow([str(sources)], str(db_path))
    return {"root": root, "sources": sources, "db": db_path, "first": first, "ingest": ingest_flow}


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def counts(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return table_counts(con)


def test_samples_fill_every_contract_table(run):
    filled = counts(run["db"])
    assert all(filled[t] > 0 for t in CONTRACT_TABLES), filled


def test_listing_page_becomes_one_document_per_article(run):
    with duckdb.connect(str(run["db"]), read_only=True) as con:
        items = con.execute("""SELECT source_item FROM documents
                               WHERE source_uri LIKE '%analysis-listing.html' ORDER BY source_item""").fetchall()
    assert [i[0] for i in items] == ["item-101", "item-102"]


def test_corrupt_pdf_is_recorded_and_the_others_load(run):
    first = run["first"]
    assert [(f.source_uri.rsplit("/", 1)[-1], f.stage) for f in first.failures] == [
        ("damaged-download.pdf", "extract")
    ]
    assert (
        len(first.loaded) == len(list(run["sources"].glob("*.*"))) - 2
    )  # all but the damaged PDF and the README
    with duckdb.connect(str(run["db"]), read_only=True) as con:
        (error,) = con.execute("SELECT error FROM ingest_errors").fetchone()
    assert "truncated" in error.lower()


def test_every_row_keeps_its_provenance(run):
    with duckdb.connect(str(run["db"]), read_only=True) as con:
        bad = con.execute("""
            SELECT count(*) FROM quotes q JOIN documents d USING (document_id)
            WHERE substr(d.text, q.char_start + 1, q.char_end - q.char_start) <> q.quote_text""").fetchone()[
            0
        ]
        pages = con.execute("""
            SELECT count(*) FILTER (WHERE page IS NULL), count(*) FROM mentions
            JOIN documents USING (document_id) WHERE doc_type = 'pdf'""").fetchone()
    assert bad == 0
    assert pages[0] == 0 and pages[1] > 0


def test_reingesting_the_same_sources_changes_nothing(run):
    before = counts(run["db"])
    second = run["ingest"]([str(run["sources"])], str(run["db"]))
    assert second.loaded == []
    assert len(second.unchanged) == len(run["first"].loaded)
    assert counts(run["db"]) == before


def test_a_changed_source_replaces_its_rows(run):
    statement = run["sources"] / "press-statement.txt"
    statement.write_text(
        statement.read_text("utf-8").replace("Basin Early Warning Network", "Basin Alert Grid"), "utf-8"
    )
    result = run["ingest"]([str(statement)], str(run["db"]))
    assert result.loaded == [str(statement)]
    with duckdb.connect(str(run["db"]), read_only=True) as con:
        rows = con.execute("SELECT title FROM documents WHERE source_uri = ?", [str(statement)]).fetchall()
        stale = con.execute(
            "SELECT count(*) FROM mentions WHERE document_id NOT IN (SELECT document_id FROM documents)"
        ).fetchone()[0]
    assert rows == [("Central Asian Rivers Commission launches Basin Alert Grid",)]
    assert stale == 0
