"""Full-text search: ranked hits with their words in context and offsets that cut the evidence back out.

The index is a snapshot of the rows (DuckDB's fts), so the tests also show it
follows a changed source and a re-extraction once the run rebuilds it.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from acquire import sources
from dossier.cli import main
from extractors import documents, nlp, pipeline
from tests.helpers.sample_warehouse import sample_warehouse
from warehouse import db, load, search


@pytest.fixture(scope="module")
def samples(tmp_path_factory, nlp):
    with db.connect(sample_warehouse(tmp_path_factory, nlp), read_only=True) as con:
        yield search.load_fts(con)


def _text(con, document_id: str) -> str:
    return con.execute("SELECT text FROM documents WHERE document_id = ?", [document_id]).fetchone()[0]


def test_quotation_hits_come_best_first_with_the_word_in_context(samples):
    hits = search.search(samples, "water", "quotes")
    assert len(hits) >= 3
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        text = _text(samples, hit.document_id)
        assert text[hit.char_start : hit.char_end] == hit.text  # the quotation, cut out of documents.text
        assert text[hit.match_start : hit.match_end].lower() == "water"
        assert hit.char_start <= hit.match_start < hit.match_end <= hit.char_end
        assert "water" in hit.context.lower() and len(hit.context) < 200
        assert hit.title and hit.source_uri and hit.date


def test_a_pdf_hit_names_the_page_of_its_first_match(samples):
    hits = [h for h in search.search(samples, "Aral", "documents", limit=50) if h.source_uri.endswith(".pdf")]
    assert hits
    for hit in hits:
        starts = samples.execute(
            "SELECT page_starts FROM documents WHERE document_id = ?", [hit.document_id]
        ).fetchone()[0]
        assert _text(samples, hit.document_id)[hit.char_start : hit.char_end].lower() == "aral"
        assert hit.page >= 1 and starts[hit.page - 1] <= hit.char_start


def test_filters_by_actor_and_date(samples):
    everyone = search.search(samples, "water", "quotes", limit=50)
    speaker = everyone[0].actors[0]
    assert {h.hit_id for h in search.search(samples, "water", "quotes", actor=speaker.lower(), limit=50)} == {
        h.hit_id for h in everyone if speaker in h.actors
    }
    assert search.search(samples, "water", "quotes", since=dt.date(2100, 1, 1)) == []


def test_the_same_search_from_sql_in_a_locked_down_session(samples, tmp_path_factory, nlp, capsys):
    path = sample_warehouse(tmp_path_factory, nlp)
    assert (
        main(
            ["sql", "SELECT hit_id, score FROM search_quotes('water')", "--db", str(path), "--format", "json"]
        )
        == 0
    )
    from_sql = json.loads(capsys.readouterr().out)
    assert [r["hit_id"] for r in from_sql] == [
        h.hit_id for h in search.search(samples, "water", "quotes", limit=100)
    ]


def test_the_command_prints_hits_as_json(tmp_path_factory, nlp, capsys):
    path = sample_warehouse(tmp_path_factory, nlp)
    assert (
        main(
            [
                "search",
                "flood forecasting",
                "--in",
                "events",
                "--limit",
                "2",
                "--db",
                str(path),
                "--format",
                "json",
            ]
        )
        == 0
    )
    hits = json.loads(capsys.readouterr().out)
    assert 1 <= len(hits) <= 2 and all(h["hit_kind"] == "event" for h in hits)
    assert "flood" in hits[0]["context"].lower() or "forecast" in hits[0]["context"].lower()


# --- a warehouse of two small documents written here --------------------------------------------

DRY = """Drought in the valley

The drought has lasted three years. Farmers say the drought is the worst since records began,
and the drought has emptied the reservoirs. "The drought will not end this summer," Minister Anna Berg said.
"""

MIXED = """A budget for the river towns

The council debated roads, schools and bridges. One member mentioned the drought in passing.
"We will build two bridges before the winter," Mayor Tomas Lind said.
"""


def _load(con, language, path, version="v1"):
    raw = sources.read(str(path), max_bytes=2**20)
    doc_type, articles = documents.extract(raw.data, name_hint=str(path), fetched_at=dt.date(2024, 6, 1))
    analysed = [
        (a, pipeline.analyse(a, d))
        for a, d in zip(articles, nlp.parse_many(language, (a.text for a in articles)))
    ]
    load.load_source(con, load.LoadedSource(str(path), raw.sha256, doc_type, str(path), version, analysed))


@pytest.fixture
def small(tmp_path, nlp):
    (tmp_path / "dry.txt").write_text(DRY)
    (tmp_path / "mixed.txt").write_text(MIXED)
    con = db.connect(tmp_path / "w.duckdb")
    for name in ("dry.txt", "mixed.txt"):
        _load(con, nlp, tmp_path / name)
    search.rebuild_index(con)
    yield con, tmp_path
    con.close()


def _sources_of(hits):
    return [h.source_uri.rsplit("/", 1)[-1] for h in hits]


def test_the_document_about_the_words_ranks_first(small):
    con, _ = small
    assert _sources_of(search.search(con, "drought", "documents")) == ["dry.txt", "mixed.txt"]
    assert _sources_of(search.search(con, "bridges", "documents")) == ["mixed.txt"]


def test_a_changed_source_is_found_by_its_new_words_once_the_run_rebuilds_the_index(small, nlp):
    con, folder = small
    (folder / "mixed.txt").write_text(MIXED.replace("drought", "monsoon"))
    _load(con, nlp, folder / "mixed.txt")
    assert search.search(con, "monsoon", "documents") == []  # the index is a snapshot
    assert search.refresh(con, changed=True)
    assert _sources_of(search.search(con, "monsoon", "documents")) == ["mixed.txt"]
    assert _sources_of(search.search(con, "drought", "documents")) == ["dry.txt"]


def test_after_re_extraction_the_index_holds_exactly_the_new_rows(small, nlp):
    con, folder = small
    before = [(h.hit_id, h.char_start, h.char_end) for h in search.search(con, "drought", "quotes")]
    assert before
    for name in ("dry.txt", "mixed.txt"):
        _load(con, nlp, folder / name, version="v2")
    search.refresh(con, changed=True)
    assert [(h.hit_id, h.char_start, h.char_end) for h in search.search(con, "drought", "quotes")] == before
    for table in ("documents", "quotes", "events"):
        indexed = con.execute(f"SELECT count(*) FROM fts_main_{table}.docs").fetchone()[0]
        assert indexed == con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_an_unchanged_run_keeps_the_index_and_a_warehouse_without_one_gets_it(small):
    con, _ = small
    assert not search.refresh(con, changed=False)
    con.execute("DROP SCHEMA fts_main_quotes CASCADE")
    assert search.refresh(con, changed=False)
    assert search.has_index(con)
