"""Where the time of a cold `dossier ingest` of one document goes.

Runs each phase in a fresh process (so nothing is warm), several times, and
prints the median of each: Python imports, Prefect's temporary server start,
spaCy model load, text extraction, NLP, and the warehouse load.

    .venv/bin/python benchmarks/cold_ingest.py [SOURCE] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PHASES = r"""
import json, os, sys, time
t = {}
t0 = time.perf_counter()
from flows.ingest import ingest_flow
from extractors import documents, nlp, pipeline
t["import"] = time.perf_counter() - t0
from core.settings import Settings
from warehouse import db, load
source = sys.argv[1]
data = open(source, "rb").read()
s = time.perf_counter(); model = nlp.load_model(Settings.from_env().spacy_model); t["spacy_load"] = time.perf_counter() - s
s = time.perf_counter(); doc_type, articles = documents.extract(data, source); t["extract"] = time.perf_counter() - s
s = time.perf_counter(); analysed = [(a, pipeline.analyse(a, model(a.text))) for a in articles]; t["nlp"] = time.perf_counter() - s
s = time.perf_counter()
con = db.connect(os.environ["BENCH_DB"] + ".direct")
load.load_source(con, load.LoadedSource(source, "x", doc_type, "", "v", analysed)); con.close()
t["load"] = time.perf_counter() - s
s = time.perf_counter(); ingest_flow([source], os.environ["BENCH_DB"]); t["flow_total"] = time.perf_counter() - s
# The flow repeats extract + nlp + load (the model is cached): the rest is Prefect.
t["prefect_overhead"] = t["flow_total"] - t["extract"] - t["nlp"] - t["load"]
print(json.dumps(t))
"""


def one_run(source: str, prefect_home: str | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "DOSSIER_PREFECT_HOME": prefect_home or f"{tmp}/prefect",
            "DOSSIER_ARCHIVE": f"{tmp}/archive",
            "BENCH_DB": f"{tmp}/w.duckdb",
        }
        import os

        out = subprocess.run(
            [sys.executable, "-c", PHASES, source],
            cwd=REPO,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(REPO / "raw" / "samples" / "press-statement.txt"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--reuse-prefect-home",
        action="store_true",
        help="keep Prefect's home (and its SQLite database) between runs, as repeated CLI use does",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        prefect_home = home if args.reuse_prefect_home else None
        if prefect_home:
            one_run(args.source, prefect_home)  # creates Prefect's database once, not counted
        runs = [one_run(args.source, prefect_home) for _ in range(args.runs)]
    state = "an existing" if args.reuse_prefect_home else "a new"
    print(
        f"cold ingest of {Path(args.source).name} with {state} Prefect home: "
        f"median of {args.runs} fresh processes (seconds)"
    )
    for phase in runs[0]:
        values = sorted(r[phase] for r in runs)
        print(
            f"  {phase:17s} median {statistics.median(values):6.2f}   min {values[0]:6.2f}   max {values[-1]:6.2f}"
        )


if __name__ == "__main__":
    main()
