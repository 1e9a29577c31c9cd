"""Dump every table of a warehouse to a folder, sorted, without run-time columns.

    .venv/bin/python benchmarks/dump_tables.py WAREHOUSE.duckdb OUT_FOLDER

Used to show that a change of structure leaves the extraction output unchanged:
ingest the same sources (from the same paths, so ids agree) into two fresh
warehouses, one per version of the code, dump both and compare the folders
with ``diff -r``. Each table (and view) becomes ``OUT_FOLDER/<name>.jsonl``,
one JSON object per row with sorted keys, rows sorted by their JSON text, so
the order rows were inserted in does not matter.

Left out because they change from run to run, not with the code: the time a
row was loaded, checked, applied or failed, the date a URL was fetched, the
run ids (random), and the archive folder (only the file name inside it, the
content hash, is kept).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb

#: Columns whose value depends on when or where the run happened, not on the code.
TIME_DEPENDENT = {
    "loaded_at",
    "occurred_at",
    "started_at",
    "finished_at",
    "checked_at",
    "applied_at",
    "fetched_on",
    "run_id",
}


def _plain(value: object) -> object:
    """A JSON-friendly value: dates and decimals as text, lists kept as lists."""
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def dump(warehouse: Path, out: Path) -> dict[str, int]:
    """Write one sorted JSONL file per table and view; return rows per relation."""
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        relations = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'main' order by table_name"
            ).fetchall()
        ]
        for name in relations:
            cursor = con.execute(f'select * from "{name}"')
            columns = [column[0] for column in cursor.description]
            lines = []
            for row in cursor.fetchall():
                record = {}
                for column, value in zip(columns, row):
                    if column in TIME_DEPENDENT:
                        continue
                    if column == "archive_path" and value is not None:
                        value = Path(str(value)).name
                    record[column] = _plain(value)
                lines.append(json.dumps(record, sort_keys=True, ensure_ascii=False))
            lines.sort()
            (out / f"{name}.jsonl").write_text("".join(line + "\n" for line in lines), "utf8")
            counts[name] = len(lines)
    finally:
        con.close()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    for name, rows in dump(args.warehouse, args.out).items():
        print(f"{name:24} {rows:7d}")


if __name__ == "__main__":
    main()
