"""No-op re-ingest of one file against a small and a large warehouse: single DuckDB file vs DuckLake.

A run against a single-file warehouse copies the whole file to a staging copy
and renames it back (``warehouse/publish.py``), so even a run that loads
nothing costs time that grows with the warehouse. A DuckLake run commits into
the published warehouse and copies nothing. This script measures both, side
by side, in one run:

1. four warehouses (file/lake x small/large) each get one real ingest of
   ``raw/samples/press-statement.txt``;
2. each is padded with synthetic documents (hex text that compresses like
   prose does not: ``--small-mb`` and ``--large-mb`` of text);
3. ``dossier ingest press-statement.txt`` (a fresh CLI process, as a scheduled
   run is, Prefect's temporary server included) is timed ``--runs`` times per
   warehouse, interleaved, and the median printed with the size on disk;
4. on the large lake: a query at the current snapshot and at the last run's
   (``dossier sql --at``), and a compaction (``dossier maintain``).

    .venv/bin/python benchmarks/ducklake_noop.py [--small-mb 10] [--large-mb 1000] [--runs 3]

Measured 2026-12-03 with ``--runs 5``, 2 cores otherwise quiet (single runs
vary by about 1 s):

    warehouse   size  on disk MB  median s  runs
    file       small        22.8     10.17  9.34 8.58 10.22 10.82 10.17
    ducklake   small        16.3      9.23  9.20 9.23 8.95 9.76 10.19
    file       large      1813.3     14.40  15.12 10.52 14.40 12.49 14.74
    ducklake   large      1007.3      9.65  9.32 9.38 10.39 9.65 11.05
    file: large/small = 1.42
    ducklake: large/small = 1.05

    snapshot query on the large lake, median of 5: current 0.33 s, --at the last run 0.30 s
    compaction (dossier maintain --keep-days 0): 5.8 s, data files 33 -> 23,
      33 snapshots expired, 19 old files deleted

Earlier the same day with the defaults (3 runs), 2 cores shared with other work
(single runs vary by about 1.5 s):

    warehouse   size  on disk MB  median s  runs
    file       small        22.0     10.99  8.56 11.61 10.99
    ducklake   small        10.2     10.53  9.92 10.53 10.68
    file       large      1813.0     14.98  17.89 13.39 14.98
    ducklake   large      1001.3     11.78  11.78 12.50 9.44
    file: large/small = 1.36
    ducklake: large/small = 1.12

and with ``--skip-noop`` (the same 1.0 GB lake, two more runs):

    snapshot query (SELECT count(*), sum(length(text)) FROM documents), median of 3:
      current snapshot                           0.69 s
      --at the last run (snapshot 24)            0.54 s
    compaction (dossier maintain --keep-days 0): 13.4 s, data files 29 -> 22,
      26 snapshots expired, 13 old files deleted
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from warehouse import db, lake  # noqa: E402

SOURCE = REPO / "raw" / "samples" / "press-statement.txt"
#: Characters of text per padding document: 300 md5 hex digests and spaces.
PAD_CHARS = 300 * 33


def ingest(location: Path, archive: Path) -> float:
    """Wall time of one ``dossier ingest SOURCE --db location`` in a fresh process."""
    env = {**os.environ, "DOSSIER_ARCHIVE": str(archive), "DOSSIER_TASK_RUNNER": "thread"}
    command = [sys.executable, "-m", "dossier.cli", "ingest", str(SOURCE), "--db", str(location), "--quiet"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"ingest into {location} failed:\n{done.stdout}\n{done.stderr}")
    return took


def pad(location: Path, megabytes: int) -> None:
    """Add documents whose text totals about ``megabytes`` MB, in batches of at most 20,000."""
    remaining = megabytes * 1_000_000 // PAD_CHARS
    first = 0
    with db.connect(location) as con:
        while remaining > 0:
            count = min(remaining, 20_000)
            con.execute(
                """INSERT INTO documents (document_id, source_uri, title, doc_type, text, loaded_at)
                   SELECT 'pad-' || i, 'pad://' || i, 'padding', 'text',
                          array_to_string(list_transform(range(300), j -> md5(i::VARCHAR || '-' || j::VARCHAR)), ' '),
                          now()::TIMESTAMP
                   FROM range(?, ?) t(i)""",
                [first, first + count],
            )
            first += count
            remaining -= count
    lake.forget()


def snapshots_and_compaction(location: Path, runs: int) -> None:
    """What reading an old snapshot and compacting cost on the large lake (in-process, warm)."""
    from warehouse import runs as run_rows

    query = "SELECT count(*), sum(length(text)) FROM documents"
    with db.connect(location, read_only=True) as con:
        # The last run's snapshot holds the same rows as the current one: the cost is the going back.
        last = con.execute("SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()[0]
        snapshot = run_rows.snapshot_of(con, last)
    timings = {}
    for label, at in (("current snapshot", None), (f"--at the last run (snapshot {snapshot})", snapshot)):
        con = db.connect(location, read_only=True, snapshot=at)
        con.execute(query).fetchall()  # attach and first read outside the timing
        took = []
        for _ in range(runs):
            start = time.perf_counter()
            con.execute(query).fetchall()
            took.append(time.perf_counter() - start)
        timings[label] = statistics.median(took)
        con.close()
    print(f"\nsnapshot query on the large lake ({query}), median of {runs}:")
    for label, seconds in timings.items():
        print(f"  {label:40} {seconds:6.2f} s")
    start = time.perf_counter()
    done = lake.maintain_location(location, keep_days=0)
    print(f"compaction (dossier maintain --keep-days 0): {time.perf_counter() - start:.1f} s, {done.line()}")


def size_mb(location: Path) -> float:
    if location.is_dir():
        return sum(p.stat().st_size for p in location.rglob("*") if p.is_file()) / 1e6
    return location.stat().st_size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small-mb", type=int, default=10)
    parser.add_argument("--large-mb", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--skip-noop", action="store_true", help="only the snapshot and compaction figures")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="dossier-noop-"))
    try:
        archive = work / "archive"
        warehouses = {
            (kind, size): work / f"{size}.{'duckdb' if kind == 'file' else 'ducklake'}"
            for size in ("small", "large")
            for kind in ("file", "ducklake")
        }
        build = {}
        for (kind, size), location in warehouses.items():
            start = time.perf_counter()
            ingest(location, archive)
            pad(location, args.small_mb if size == "small" else args.large_mb)
            build[kind, size] = time.perf_counter() - start
            print(
                f"built {kind:8} {size:5} {size_mb(location):8.1f} MB in {build[kind, size]:.0f} s",
                flush=True,
            )
        if args.skip_noop:
            ingest(warehouse := warehouses["ducklake", "large"], archive)  # a run after the padding
            ingest(warehouse, archive)  # and one more commit after it, so its snapshot is not the latest
            snapshots_and_compaction(warehouses["ducklake", "large"], args.runs)
            return
        times: dict[tuple[str, str], list[float]] = {key: [] for key in warehouses}
        for _ in range(args.runs):
            for key, location in warehouses.items():
                times[key].append(ingest(location, archive))
        print(f"\nno-op re-ingest of {SOURCE.name}, median of {args.runs} (fresh CLI process each):")
        print(f"{'warehouse':10} {'size':>5} {'on disk MB':>11} {'median s':>9}  runs")
        for (kind, size), location in warehouses.items():
            runs = times[kind, size]
            print(
                f"{kind:10} {size:>5} {size_mb(location):11.1f} {statistics.median(runs):9.2f}  "
                + " ".join(f"{t:.2f}" for t in runs)
            )
        for kind in ("file", "ducklake"):
            small, large = (statistics.median(times[kind, s]) for s in ("small", "large"))
            print(f"{kind}: large/small = {large / small:.2f}")
        snapshots_and_compaction(warehouses["ducklake", "large"], args.runs)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
