"""The maintenance flow: what a schedule runs to keep a DuckLake's files few and its snapshots bounded."""

from __future__ import annotations

import pytest

from tests.helpers.warehouse_rows import a_source
from warehouse import db, lake, load

pytestmark = pytest.mark.flow


def test_the_maintenance_flow_compacts_a_lake_and_keeps_its_rows(harness, tmp_path):
    from flows.maintain import maintain_flow

    lake_path = tmp_path / "w.ducklake"
    with db.connect(lake_path) as con:
        for i in range(3):  # three batches committed: three small files per table
            source = a_source(text=f"Tokayev met Aliyev in Baku on {i + 1} May 2024.", sha=str(i))
            source.source_uri = f"/data/meeting-{i}.txt"
            load.load_source(con, source, replace=False)
        events = con.execute("SELECT * FROM events ORDER BY ALL").fetchall()

    line = maintain_flow(str(lake_path), keep_days=0)

    assert "data files" in line and "snapshots expired" in line
    before, after = (int(n) for n in line.split("data files ")[1].split(",")[0].split(" -> "))
    assert after < before
    with db.connect(lake_path, read_only=True) as con:
        assert con.execute("SELECT * FROM events ORDER BY ALL").fetchall() == events
    lake.forget(lake.parse(lake_path))


def test_a_single_file_warehouse_has_nothing_to_maintain(harness, tmp_path):
    from flows.maintain import maintain_flow

    assert "single DuckDB file" in maintain_flow(str(tmp_path / "w.duckdb"))
