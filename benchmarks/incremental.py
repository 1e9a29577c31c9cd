"""Incremental re-ingest and Prefect start-up: what a repeated or scheduled run costs.

(a) **No-op re-run**: 1,000 small text documents (paragraph pairs of the
    html-benchmark articles in ``../shared/data``, written to a temporary
    folder) are ingested once, then ingested again unchanged. The re-run must
    only hash, compare and skip (target < 10 s). Both are timed through the CLI
    (``dossier ingest FOLDER``, a fresh process, as a scheduled run would be)
    and the re-run also inside one process (the flow alone, Prefect warm).
(b) **Cold ingest of one document**: a fresh ``dossier ingest FILE`` process,
    with no Prefect server (Prefect starts a temporary one) and with a running
    ``dossier server``, interleaved, median of ``--runs`` each.

The real server is started with ``dossier server --background`` on a free port
with a temporary Prefect home, and stopped at the end.

    .venv/bin/python benchmarks/incremental.py [--docs 1000] [--runs 3] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOSSIER = REPO / ".venv" / "bin" / "dossier"
ARTICLES = REPO.parent / "shared" / "data" / "html-benchmark" / "ground-truth.json"


def write_small_documents(folder: Path, count: int) -> list[Path]:
    """``count`` small .txt documents of two consecutive paragraphs each, from the benchmark articles."""
    if not ARTICLES.exists():
        raise SystemExit(f"{ARTICLES} not found: the shared benchmark data is needed")
    truth = json.loads(ARTICLES.read_text("utf8"))
    pairs = []
    for item in truth.values():
        paragraphs = [p.strip() for p in item["articleBody"].split("\n") if len(p.strip()) > 80]
        pairs += ["\n\n".join(paragraphs[i : i + 2]) for i in range(0, len(paragraphs) - 1, 2)]
    if len(pairs) < count:
        pairs = [f"{p}\n\n(Copy {n}.)" for n in range(-(-count // len(pairs))) for p in pairs]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(pairs[:count]):
        path = folder / f"doc-{i:04d}.txt"
        path.write_text(text + "\n", "utf8")
        paths.append(path)
    return paths


def cli(args: list[str], env: dict[str, str]) -> float:
    """Seconds a fresh ``dossier`` process takes; exit 1 (some sources failed) is still a run."""
    start = time.perf_counter()
    done = subprocess.run(
        [str(DOSSIER), *args], cwd=REPO, env={**os.environ, **env}, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"dossier {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed


def summary_line(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(DOSSIER), *args], cwd=REPO, env={**os.environ, **env}, capture_output=True, text=True
    )
    return next((line for line in done.stdout.splitlines() if line.startswith("sources:")), done.stdout[:200])


IN_PROCESS_RERUN = r"""
import json, sys, time
from flows.ingest import ingest_flow
ingest_flow([sys.argv[2]], sys.argv[3] + ".warm.duckdb")  # Prefect up, imports done
times = []
for _ in range(int(sys.argv[4])):
    start = time.perf_counter()
    summary = ingest_flow([sys.argv[1]], sys.argv[3])
    times.append(time.perf_counter() - start)
print(json.dumps({"times": times, "unchanged": len(summary.unchanged), "loaded": len(summary.loaded)}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def median(values: list[float]) -> str:
    return f"{statistics.median(values):6.1f} s  (runs: {', '.join(f'{v:.1f}' for v in values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measurement (median printed)")
    parser.add_argument("--quick", action="store_true", help="200 documents")
    args = parser.parse_args()
    count = 200 if args.quick else args.docs
    with tempfile.TemporaryDirectory(prefix="dossier-incremental-") as tmp:
        tmp = Path(tmp)
        home = tmp / "prefect"
        base = {"DOSSIER_PREFECT_HOME": str(home), "DOSSIER_ARCHIVE": str(tmp / "archive")}
        no_server = {**base, "DOSSIER_PREFECT_SERVER": "off"}
        corpus = tmp / "docs"
        write_small_documents(corpus, count)
        single = write_small_documents(tmp / "single", 1)[0]
        db = tmp / "w.duckdb"
        print(f"(a) {count} small documents in {corpus}", flush=True)
        first = cli(["ingest", str(corpus), "--db", str(db)], no_server)
        print(
            f"  first ingest (CLI, temporary Prefect server): {first:6.1f} s  "
            f"= {count / first:.1f} documents/s",
            flush=True,
        )
        print(f"    {summary_line(['ingest', str(corpus), '--db', str(db)], no_server)}", flush=True)

        port = free_port()
        started = time.perf_counter()
        up = subprocess.run(
            [str(DOSSIER), "server", "--background", "--port", str(port)],
            cwd=REPO,
            env={**os.environ, **base},
            capture_output=True,
            text=True,
        )
        server_start = time.perf_counter() - started
        if up.returncode:
            raise SystemExit(f"dossier server failed:\n{up.stdout}{up.stderr}")
        try:
            print(f"  `dossier server` started in {server_start:.1f} s (once)", flush=True)
            rerun_temp, rerun_srv, cold_temp, cold_srv = [], [], [], []
            for i in range(args.runs):  # interleaved, so a busy moment hits both alike
                rerun_temp.append(cli(["ingest", str(corpus), "--db", str(db)], no_server))
                rerun_srv.append(cli(["ingest", str(corpus), "--db", str(db)], base))
                cold_temp.append(
                    cli(["ingest", str(single), "--db", str(tmp / f"cold-t{i}.duckdb")], no_server)
                )
                cold_srv.append(cli(["ingest", str(single), "--db", str(tmp / f"cold-s{i}.duckdb")], base))
            inproc = subprocess.run(
                [sys.executable, "-c", IN_PROCESS_RERUN, str(corpus), str(single), str(db), str(args.runs)],
                cwd=REPO,
                env={**os.environ, **base},
                capture_output=True,
                text=True,
            )
            if inproc.returncode:
                raise SystemExit(f"in-process re-run failed:\n{inproc.stderr[-3000:]}")
            flow_only = json.loads(inproc.stdout.strip().splitlines()[-1])
        finally:
            subprocess.run(
                [str(DOSSIER), "server", "stop"], cwd=REPO, env={**os.environ, **base}, capture_output=True
            )

        print(f"  no-op re-run of {count} unchanged documents (target < 10 s), median of {args.runs}:")
        print(f"    CLI, temporary Prefect server : {median(rerun_temp)}")
        print(f"    CLI, with `dossier server`    : {median(rerun_srv)}")
        print(
            f"    flow alone (Prefect warm)     : {median(flow_only['times'])}  "
            f"[{flow_only['unchanged']} unchanged, {flow_only['loaded']} loaded]"
        )
        print(f"(b) cold `dossier ingest` of one document, median of {args.runs}:")
        print(f"    without a Prefect server      : {median(cold_temp)}")
        print(f"    with `dossier server` running : {median(cold_srv)}")


if __name__ == "__main__":
    main()
