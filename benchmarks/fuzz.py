"""Fuzz benchmark: damaged inputs either load or leave an ``ingest_errors`` row; the run never crashes.

    .venv/bin/python benchmarks/fuzz.py [--count 1000] [--seed 1] [--keep DIR]

Makes ``--count`` inputs from the bundled samples (``raw/samples``) and, when
it is beside the checkout, the shared corpus (``../shared/corpus``): each a
copy truncated at a random point, two files spliced together, or a copy with
random bytes flipped, zeroed or duplicated. All go into one folder, which one
``dossier ingest`` run reads into a fresh warehouse (two worker processes),
while a sampler records the peak memory of the whole process tree. Then it
checks, source by source, that every input is either in ``sources`` or in
``ingest_errors``, and prints the counts by kind of damage and by failure
stage, the exit status, the wall time and the peak memory.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.throughput import PeakSampler  # noqa: E402

SUFFIXES = (".html", ".htm", ".xhtml", ".pdf", ".txt")


def seeds() -> list[Path]:
    """The real files to damage: the samples, and the shared corpus when present."""
    folders = [REPO / "raw" / "samples", REPO.parent / "shared" / "corpus"]
    return sorted(
        p for folder in folders if folder.exists() for p in folder.rglob("*") if p.suffix in SUFFIXES
    )


def damage(rng: random.Random, data: bytes, other: bytes) -> tuple[str, bytes]:
    """One damaged copy of ``data`` and the name of what was done to it."""
    kind = rng.choice(("truncate", "splice", "flip", "zero", "duplicate"))
    if kind == "truncate":
        return kind, data[: rng.randrange(0, max(1, len(data)))]
    if kind == "splice":
        return kind, data[: rng.randrange(0, len(data) + 1)] + other[rng.randrange(0, len(other) + 1) :]
    out = bytearray(data)
    if not out:
        return kind, bytes(out)
    for _ in range(rng.randint(1, 64)):
        at = rng.randrange(len(out))
        if kind == "flip":
            out[at] ^= 1 << rng.randrange(8)
        elif kind == "zero":
            out[at : at + rng.randint(1, 512)] = bytes(min(512, len(out) - at))
        else:
            size = rng.randint(1, 4096)
            out[at:at] = out[at : at + size]
    return kind, bytes(out)


def make_inputs(folder: Path, count: int, seed: int) -> dict[str, str]:
    """Write ``count`` damaged files into ``folder``; returns file path -> kind of damage."""
    rng = random.Random(seed)
    originals = [(p, p.read_bytes()) for p in seeds()]
    kinds: dict[str, str] = {}
    for n in range(count):
        path, data = rng.choice(originals)
        _, other = rng.choice(originals)
        kind, damaged = damage(rng, data, other)
        target = folder / f"{n:05d}-{kind}{path.suffix}"
        target.write_bytes(damaged)
        kinds[str(target.resolve())] = kind
    return kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep", type=Path, help="write inputs and warehouse here instead of a temporary folder"
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="dossier-fuzz-"))
    inputs = work / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    kinds = make_inputs(inputs, args.count, args.seed)
    db = work / "fuzz.duckdb"
    env = {
        **os.environ,
        "DOSSIER_DB": str(db),
        "DOSSIER_ARCHIVE": str(work / "archive"),
        "DOSSIER_PREFECT_HOME": str(work / "prefect"),
        "DOSSIER_TASK_RUNNER": "process",
        "DOSSIER_WORKERS": "2",
    }
    started = time.monotonic()
    run = subprocess.Popen(
        [sys.executable, "-m", "dossier.cli", "ingest", str(inputs)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    with PeakSampler(run.pid, every=0.2) as sampler:
        output, _ = run.communicate()
    wall = time.monotonic() - started
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = {uri for (uri,) in con.execute("SELECT source_uri FROM sources").fetchall()}
        failed = dict(con.execute("SELECT source_uri, stage FROM ingest_errors").fetchall())
    missing = [uri for uri in kinds if uri not in loaded and uri not in failed]
    by_kind: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for uri, kind in kinds.items():
        by_kind[kind][
            "loaded" if uri in loaded else f"error:{failed[uri]}" if uri in failed else "MISSING"
        ] += 1
    print(
        f"{len(kinds)} damaged inputs from {len(seeds())} real files; exit status {run.returncode}; "
        f"wall {wall:.0f} s; peak memory of the run's process tree {sampler.peak / 2**20:,.0f} MB"
    )
    columns = sorted({c for counter in by_kind.values() for c in counter})
    print(f"{'damage':<10}" + "".join(f"{c:>14}" for c in columns))
    for kind in sorted(by_kind):
        print(f"{kind:<10}" + "".join(f"{by_kind[kind][c]:>14}" for c in columns))
    print(
        f"loaded {len(loaded & kinds.keys())}, ingest_errors rows {len(failed.keys() & kinds.keys())}, "
        f"neither (lost) {len(missing)}"
    )
    crashed = run.returncode not in (0, 1)
    if crashed or missing:
        print(output[-3000:])
    return 1 if crashed or missing else 0


if __name__ == "__main__":
    sys.exit(main())
