"""The CLI is a thin layer: these tests run it on a warehouse built without Prefect."""

import json

import pytest

from dossier.cli import main
from tests.helpers.warehouse_rows import a_source
from warehouse import db, load


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.connect(path) as con:
        load.load_source(con, a_source())
    return str(path)


def test_sql_prints_a_table(warehouse, capsys):
    assert main(["sql", "select event_date, date_precision from events limit 5", "--db", warehouse]) == 0
    out = capsys.readouterr().out
    assert "2024-05-03" in out and "(1 row)" in out


def test_sql_as_json_and_csv(warehouse, capsys):
    main(["sql", "select canonical_name from actors order by 1", "--db", warehouse, "--format", "json"])
    assert json.loads(capsys.readouterr().out) == [
        {"canonical_name": "Aliyev"},
        {"canonical_name": "Tokayev"},
    ]
    main(["sql", "select canonical_name from actors order by 1", "--db", warehouse, "--format", "csv"])
    assert capsys.readouterr().out == "canonical_name\nAliyev\nTokayev\n"  # no \r for the shell to keep


def test_sql_is_read_only(warehouse, capsys):
    assert main(["sql", "delete from events", "--db", warehouse]) == 2
    assert "read-only" in capsys.readouterr().err.lower()


def test_missing_warehouse_is_a_clear_error(tmp_path, capsys):
    assert main(["sql", "select 1", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "dossier ingest" in capsys.readouterr().err


def test_eval_prints_every_section(warehouse, tmp_path, capsys):
    gold = tmp_path / "gold.json"
    gold.write_text(
        json.dumps(
            {
                "aliases": {"KAZ": ["kazakhstan", "tokayev"]},
                "documents": [
                    {"file": "meeting.txt", "items": [{"author": "Nobody", "starts_with": "Tokayev met"}]}
                ],
                "quotes": [],
                "events": [{"file": "meeting.txt", "date": "2024-05", "actors": ["KAZ"]}],
                "actors": {"meeting.txt": {"required": [], "one_actor_per_surname": []}},
            }
        )
    )
    assert main(["eval", str(gold), "--db", warehouse, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["events"]["overall"]["recall"] == 1.0


def test_ingest_needs_something_to_read(capsys):
    assert main(["ingest"]) == 2
    assert "--sources" in capsys.readouterr().err
    assert main(["ingest", "--only", "news", "raw/samples"]) == 2
    assert "--only needs --sources" in capsys.readouterr().err


def test_a_second_writer_is_refused_at_once(harness, warehouse, capsys):
    from warehouse import publish

    with publish.writer(warehouse):  # another run holds the warehouse
        assert main(["reextract", "--db", warehouse]) == 2
    assert "another dossier run is writing" in capsys.readouterr().err


def test_a_file_that_is_not_a_warehouse_is_one_line_with_its_own_status(tmp_path, capsys):
    bad = tmp_path / "notes.duckdb"
    bad.write_text("my notes, not a database")
    assert main(["ingest", "raw/samples/press-statement.txt", "--db", str(bad)]) == 3
    err = capsys.readouterr().err.strip()
    assert "not a DuckDB warehouse" in err and "\n" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.duckdb"]  # no .staging, no .lock
    assert bad.read_text() == "my notes, not a database"
    for command in (["sql", "select 1"], ["report"], ["search", "water"]):
        assert main([*command, "--db", str(bad)]) == 2, command
        err = capsys.readouterr().err.strip()
        assert "not a DuckDB warehouse" in err and "\n" not in err, command


def test_a_second_writer_is_refused_before_anything_starts(tmp_path, capsys):
    import fcntl
    import time

    path = tmp_path / "w.duckdb"
    with open(tmp_path / "w.duckdb.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running ingest holds
        started = time.monotonic()
        assert main(["ingest", "raw/samples/press-statement.txt", "--db", str(path)]) == 2
        assert time.monotonic() - started < 5  # no Prefect start-up first
    err = capsys.readouterr().err.strip()
    assert err.startswith("dossier: another dossier run is writing") and "\n" not in err
    assert not path.exists()


def test_the_run_summary_notes_repairs(harness, tmp_path, capsys):
    source = tmp_path / "statement.txt"
    source.write_bytes(b"Statement\n\nThe commission\x00 met in Nukus on 4 May 2024.\x00")
    assert main(["ingest", str(source), "--db", str(tmp_path / "w.duckdb")]) == 0
    assert f"note: {source}: 2 NUL characters removed from the text" in capsys.readouterr().out


@pytest.mark.parametrize(
    "variable, value, says",
    [
        ("DOSSIER_WORKERS", "abc", "it takes a whole number"),
        ("DOSSIER_PROGRESS", "bogus", "it takes auto, live, log or off"),
        ("DOSSIER_PROGRESS_EVERY", "0", "it takes a number of seconds above 0"),
    ],
)
def test_a_setting_that_cannot_be_read_is_one_line_before_anything_starts(
    tmp_path, monkeypatch, capsys, variable, value, says
):
    monkeypatch.setenv(variable, value)
    assert main(["ingest", "raw/samples/press-statement.txt", "--db", str(tmp_path / "w.duckdb")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"dossier: {variable}={value!r} cannot be used: {says}"
    assert not (tmp_path / "w.duckdb").exists()
