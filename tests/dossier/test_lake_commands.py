"""The commands on a DuckLake warehouse: sql --at a run, export one file, maintain; refusals on a file."""

from __future__ import annotations

import duckdb
import pytest

from dossier import cli
from tests.helpers.warehouse_rows import a_source
from warehouse import db, lake, load, runs


@pytest.fixture
def lake_with_two_runs(tmp_path):
    """A lake where run 'aaa111' loaded the meeting and run 'bbb222' replaced its text."""
    path = tmp_path / "w.ducklake"
    with db.connect(path) as con:
        for run_id, source in (
            ("aaa111", a_source()),
            ("bbb222", a_source(text="Tokayev spoke.", sha="def")),
        ):
            load.load_source(con, source)
            runs.record(con, {"run_id": run_id, "flow": "ingest", "started_at": "2026-01-01 00:00:00"})
            runs.stamp_snapshot(con, run_id)
    yield path
    lake.forget(lake.parse(path))


def test_sql_at_a_run_reads_the_warehouse_as_that_run_left_it(lake_with_two_runs, capsys):
    query = "SELECT text FROM documents"
    assert cli.main(["sql", query, "--db", str(lake_with_two_runs), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["Tokayev spoke."]
    assert cli.main(["sql", query, "--at", "aaa", "--db", str(lake_with_two_runs), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["Tokayev met Aliyev in Baku on 3 May 2024."]


def test_sql_at_an_unknown_run_or_on_a_file_says_why_in_one_line(lake_with_two_runs, tmp_path, capsys):
    assert cli.main(["sql", "SELECT 1", "--at", "zzz", "--db", str(lake_with_two_runs)]) == cli.EXIT_USAGE
    assert "no run 'zzz'" in capsys.readouterr().err
    db.connect(tmp_path / "w.duckdb").close()
    assert cli.main(["sql", "SELECT 1", "--at", "aaa", "--db", str(tmp_path / "w.duckdb")]) == cli.EXIT_USAGE
    assert "needs a DuckLake warehouse" in capsys.readouterr().err


def test_export_hands_over_the_current_snapshot_as_one_file(lake_with_two_runs, tmp_path, capsys):
    out = tmp_path / "handover.duckdb"
    assert cli.main(["export", str(out), "--db", str(lake_with_two_runs)]) == 0
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("SELECT text FROM documents").fetchall() == [("Tokayev spoke.",)]
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2


def test_maintain_expires_old_snapshots_so_old_runs_can_no_longer_be_read(lake_with_two_runs, capsys):
    assert cli.main(["maintain", "--db", str(lake_with_two_runs), "--keep-days", "0"]) == 0
    assert "snapshots expired" in capsys.readouterr().out
    at_first = ["sql", "SELECT count(*) FROM documents", "--at", "aaa", "--db", str(lake_with_two_runs)]
    assert cli.main(at_first) == cli.EXIT_USAGE
    assert "expired by `dossier maintain`" in capsys.readouterr().err


def test_maintain_refuses_a_single_file(tmp_path, capsys):
    db.connect(tmp_path / "w.duckdb").close()
    assert cli.main(["maintain", "--db", str(tmp_path / "w.duckdb")]) == cli.EXIT_USAGE
    assert "single DuckDB file" in capsys.readouterr().err


def test_search_on_a_lake_reads_the_index_its_last_run_built(lake_with_two_runs, capsys):
    from warehouse import search

    query = ["search", "Tokayev", "--in", "documents", "--db", str(lake_with_two_runs), "--format", "csv"]
    assert cli.main(query) == cli.EXIT_USAGE
    assert "no search index yet" in capsys.readouterr().err
    with db.connect(lake_with_two_runs) as con:
        assert search.refresh(con, changed=True)  # as every run that changed rows does
        assert not search.refresh(con, changed=False)
    assert cli.main(query) == 0
    assert "Tokayev spoke." in capsys.readouterr().out
    assert (lake_with_two_runs / search.LAKE_INDEX_FILE).is_file()
    with db.connect(lake_with_two_runs, read_only=True) as con:  # the lake itself is still what is read
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
