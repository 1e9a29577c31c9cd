"""`dossier sql` reads the warehouse and nothing else; `dossier export` is the door to files."""

import duckdb
import pytest

from dossier.cli import main
from tests.helpers.warehouse_rows import a_source
from warehouse import db, load


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.connect(path) as con:
        load.load_source(con, a_source())
    return path


def _events(path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from events").fetchone()[0]


@pytest.mark.parametrize(
    "statement",
    [
        "COPY (SELECT 'x') TO '{warehouse}' (FORMAT csv)",
        "COPY events TO '{tmp}/events.csv'",
        "EXPORT DATABASE '{tmp}/dump'",
        "INSTALL httpfs",
        "LOAD httpfs",
        "ATTACH '{tmp}/other.duckdb' AS other (READ_WRITE)",
        "SELECT * FROM read_csv('/etc/hostname')",
        "SET threads = 1",
        "RESET threads",
        "SET enable_external_access = true",
        "PRAGMA threads = 1",
        "DELETE FROM events",
        "DROP TABLE events",
    ],
)
def test_writes_fetches_and_settings_are_refused_in_one_line(warehouse, tmp_path, capsys, statement):
    before = warehouse.read_bytes()
    sql = statement.format(warehouse=warehouse, tmp=tmp_path)
    assert main(["sql", sql, "--db", str(warehouse)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("dossier sql: refused:") and "\n" not in err
    assert warehouse.read_bytes() == before, "the warehouse file must be untouched"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb"], "no file may be written"
    assert _events(warehouse) == 1


def test_reading_still_works_after_the_lock_down(warehouse, capsys):
    assert main(["sql", "select count(*) as n from events", "--db", str(warehouse), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "1"]


def test_export_writes_one_database_file_with_tables_and_views(warehouse, tmp_path, capsys):
    out = tmp_path / "handout.duckdb"
    assert main(["export", str(out), "--db", str(warehouse)]) == 0
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("select count(*) from events").fetchone()[0] == 1
        assert con.execute("select count(*) from timeline").fetchone()[0] == 1  # a view came along
    assert "wrote" in capsys.readouterr().out


def test_export_of_a_query_and_of_parquet(warehouse, tmp_path):
    csv = tmp_path / "actors.csv"
    assert (
        main(
            [
                "export",
                str(csv),
                "--query",
                "select canonical_name from actors order by 1",
                "--db",
                str(warehouse),
            ]
        )
        == 0
    )
    assert csv.read_text().splitlines() == ["canonical_name", "Aliyev", "Tokayev"]
    folder = tmp_path / "pq"
    assert main(["export", str(folder), "--format", "parquet", "--db", str(warehouse)]) == 0
    assert (folder / "events.parquet").exists() and (folder / "schema.sql").exists()


def test_export_never_overwrites_the_warehouse(warehouse, capsys):
    assert main(["export", str(warehouse), "--db", str(warehouse)]) == 2
    assert "warehouse itself" in capsys.readouterr().err
    assert _events(warehouse) == 1
