"""The warehouse as a DuckLake: the same schema and rows as a DuckDB file, snapshots, upkeep, export."""

import duckdb
import pytest

from tests.helpers.warehouse_rows import a_source
from warehouse import db, lake, load, queries, runs


@pytest.fixture
def lake_path(tmp_path):
    path = tmp_path / "w.ducklake"
    yield path
    lake.forget(lake.parse(path))


def rows(con, table):
    """A table's rows without load times, in a stable order: what two warehouses must agree on."""
    columns = [c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE {table})").fetchall()]
    kept = ", ".join(c for c in columns if c not in ("loaded_at", "applied_at", "checked_at"))
    return con.execute(f"SELECT {kept} FROM {table} ORDER BY ALL").fetchall()


TABLES = ("sources", "documents", "actors", "actor_aliases", "mentions", "events", "event_actors", "quotes")


def test_a_location_names_a_lake_by_its_suffix_or_prefix(tmp_path):
    assert lake.is_lake(tmp_path / "w.ducklake") and lake.is_lake("ducklake:postgres:dbname=dossier")
    assert not lake.is_lake(tmp_path / "w.duckdb")
    local = lake.parse(tmp_path / "w.ducklake")
    assert local.catalog == f"sqlite:{tmp_path / 'w.ducklake' / 'catalog.sqlite'}"
    assert local.data_path == f"{tmp_path / 'w.ducklake' / 'data'}/"
    remote = lake.parse("ducklake:postgres:dbname=dossier host=db;data_path=s3://bucket/dossier/")
    assert (remote.catalog, remote.data_path) == ("postgres:dbname=dossier host=db", "s3://bucket/dossier/")
    assert remote.extensions() == ["ducklake", "postgres", "httpfs"]


def test_a_migration_loses_on_a_lake_only_what_ducklake_lacks():
    sql = """CREATE TABLE notes (
    note_id   VARCHAR PRIMARY KEY,  -- one per note
    position  INTEGER NOT NULL,     -- order
    made_at   TIMESTAMP DEFAULT current_timestamp,
    kind      VARCHAR DEFAULT 'plain',
    PRIMARY KEY (note_id, position)
);"""
    assert (
        lake.lake_sql(sql)
        == """CREATE TABLE notes (
    note_id   VARCHAR,  -- one per note
    position  INTEGER NOT NULL,     -- order
    made_at   TIMESTAMP,
    kind      VARCHAR DEFAULT 'plain'
);"""
    )


def test_the_migrations_build_the_same_tables_and_views_without_keys(tmp_path, lake_path):
    with db.connect(tmp_path / "w.duckdb") as file_con, db.connect(lake_path) as lake_con:
        schema = (
            "SELECT t.table_name, t.table_type, c.column_name, c.data_type FROM information_schema.tables t "
            "JOIN information_schema.columns c USING (table_catalog, table_schema, table_name) "
            "WHERE t.table_catalog = current_database() ORDER BY ALL"
        )
        lake_tables = lake_con.execute(schema).fetchall()
        assert lake_tables == file_con.execute(schema).fetchall()
        lake_tables = [(name, kind) for name, kind, _, _ in lake_tables]
        assert ("timeline", "VIEW") in lake_tables
        assert db.migrate(lake_con) == []  # applied once


def with_aliases():
    source = a_source()
    source.documents[0][1].actors[0].aliases = ["Tokayev", "President Tokayev", "Tokayev"]
    return source


def test_a_lake_holds_the_same_rows_as_a_file_and_replaces_a_changed_source(tmp_path, lake_path):
    changed = a_source(text="Tokayev spoke.", sha="def")
    extraction = changed.documents[0][1]
    extraction.mentions, extraction.actors, extraction.events = (
        extraction.mentions[:1],
        extraction.actors[:1],
        [],
    )
    with db.connect(tmp_path / "w.duckdb") as file_con, db.connect(lake_path) as lake_con:
        for con in (file_con, lake_con):
            load.load_source(con, with_aliases(), replace=False)
            load.load_source(con, with_aliases())  # the same source again: nothing doubles
        for table in TABLES:
            assert rows(lake_con, table) == rows(file_con, table), table
        assert len(rows(lake_con, "actor_aliases")) == 2  # MERGE, not ON CONFLICT, keeps one row each
        for con in (file_con, lake_con):
            load.load_source(con, changed)
        assert rows(lake_con, "actors") == rows(file_con, "actors") == [(rows(lake_con, "actors")[0])]
        assert lake_con.execute("SELECT text FROM documents").fetchall() == [("Tokayev spoke.",)]


def test_every_run_keeps_its_snapshot_and_the_warehouse_can_be_read_as_a_run_left_it(lake_path):
    with db.connect(lake_path) as con:
        load.load_source(con, a_source(), replace=False)
        runs.record(con, {"run_id": "first", "flow": "ingest", "started_at": "2026-01-01 00:00:00"})
        first = runs.stamp_snapshot(con, "first")
        load.load_source(con, a_source(text="Tokayev spoke.", sha="def"))
        assert runs.snapshot_of(con, "fir") == first
    with db.connect(lake_path, read_only=True, snapshot=first) as then:
        assert then.execute("SELECT text FROM documents").fetchall() == [(a_source().documents[0][0].text,)]
        assert then.execute("SELECT count(*) FROM timeline").fetchone()[0] == 1  # views read the snapshot too
    with db.connect(lake_path, read_only=True) as now:
        assert now.execute("SELECT text FROM documents").fetchall() == [("Tokayev spoke.",)]
        with pytest.raises(ValueError, match="no run"):
            runs.snapshot_of(now, "second")


def test_a_single_file_warehouse_has_no_snapshots(tmp_path):
    db.connect(tmp_path / "w.duckdb").close()
    with pytest.raises(ValueError, match="keeps no snapshots"):
        db.connect(tmp_path / "w.duckdb", read_only=True, snapshot=1)


def test_maintenance_merges_small_files_and_keeps_every_row(lake_path):
    with db.connect(lake_path) as con:
        for i in range(4):  # four commits: four small files per table
            source = a_source(text=f"Tokayev met Aliyev in Baku on {i + 1} May 2024.", sha=str(i))
            source.source_uri = f"/data/meeting-{i}.txt"
            load.load_source(con, source, replace=False)
        before = rows(con, "events")
        done = lake.maintain(con, keep_days=0)
        assert done.files_after < done.files_before
        assert done.snapshots_expired > 0 and done.files_deleted > 0
        assert rows(con, "events") == before


def test_export_writes_the_current_snapshot_as_one_duckdb_file(tmp_path, lake_path):
    with db.connect(lake_path) as con:
        load.load_source(con, a_source(), replace=False)
        expected = rows(con, "events")
    queries.export(str(lake_path), str(tmp_path / "handover.duckdb"), "duckdb")
    with duckdb.connect(str(tmp_path / "handover.duckdb"), read_only=True) as out:
        assert rows(out, "events") == expected
        assert out.execute("SELECT count(*) FROM who_said_what").fetchone()[0] == 0  # views came along


def test_dossier_sql_reads_a_lake_and_refuses_to_write_into_its_folder(lake_path):
    with db.connect(lake_path) as con:
        load.load_source(con, a_source(), replace=False)
    con = queries.lock_down(db.connect(lake_path, read_only=True))
    assert queries.run_read_only(con, "SELECT count(*) FROM events")[1] == [(1,)]
    data = lake.parse(lake_path).data_path
    for statement in (
        f"COPY (SELECT 1) TO '{data}x.parquet'",  # the data folder is readable, so it must be refused here
        "SELECT * FROM ducklake_cleanup_old_files('lake')",
        "DELETE FROM events",
    ):
        with pytest.raises(queries.Refused):
            queries.run_read_only(con, statement)


def test_a_conflicting_commit_is_run_again_and_other_errors_are_not():
    attempts = []

    def commit():
        attempts.append(1)
        if len(attempts) < 3:
            raise duckdb.TransactionException("Failed to commit DuckLake transaction: database is locked")
        return "landed"

    assert lake.retrying(commit, wait=0.001) == "landed" and len(attempts) == 3
    with pytest.raises(duckdb.CatalogException):
        lake.retrying(lambda: (_ for _ in ()).throw(duckdb.CatalogException("no table x")), wait=0.001)
