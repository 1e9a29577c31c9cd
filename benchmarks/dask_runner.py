"""Cold-ingest throughput on the Dask runner against the process runner, on the same workers.

Writes benchmark pages from ``../shared/data`` (see ``bench_corpus.py``) as
``.html`` files into a temporary folder, then, in one child process (Prefect's
server started once by a one-document warm-up, as in ``throughput.py``),
ingests them into a fresh warehouse and archive again and again, alternating
``DOSSIER_TASK_RUNNER=process`` and ``dask`` (a local cluster) so that the
machine's other load falls on both alike. Each run is cold: a new process pool
or a new Dask cluster, its workers each loading the spaCy model. Prints the
median pages per second of each, the ratio (target: dask >= 0.9 x process), and
CPU seconds of the whole process tree per run (unaffected by other load).

Then why workers return records instead of committing them: one batch of the
pages analysed in this process (``tasks.analyse_sources``, as a worker does),
its outcomes pickled and unpickled (what Dask sends back), and loaded
(``tasks.load_batch``'s work, done by the flow process): CPU and bytes per page.

    .venv/bin/python benchmarks/dask_runner.py                 # 100 pages, 3 runs each (~8 min)
    .venv/bin/python benchmarks/dask_runner.py --pages 40 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_corpus  # noqa: E402
from throughput import tree_cpu_seconds  # noqa: E402

KINDS = ("process", "dask")


def child_runs(corpus: str, warmup: str, work: str, repeats: int) -> dict:
    """Cold ingests of ``corpus``, alternating the runners; times and CPU seconds of each."""
    os.environ["DOSSIER_ARCHIVE"] = f"{work}/archive-warmup"
    os.environ["DOSSIER_TASK_RUNNER"] = "thread"
    from flows.ingest import ingest_flow

    ingest_flow([warmup], f"{work}/warmup.duckdb")  # starts Prefect's server, imports everything
    results: dict[str, dict[str, list]] = {kind: {"times": [], "cpu": [], "loaded": []} for kind in KINDS}
    for i in range(repeats):
        for kind in KINDS if i % 2 == 0 else reversed(KINDS):
            os.environ["DOSSIER_TASK_RUNNER"] = kind
            os.environ["DOSSIER_ARCHIVE"] = f"{work}/archive-{kind}-{i}"
            start, cpu0 = time.perf_counter(), tree_cpu_seconds(os.getpid())
            summary = ingest_flow([corpus], f"{work}/{kind}-{i}.duckdb")
            results[kind]["times"].append(time.perf_counter() - start)
            results[kind]["cpu"].append(tree_cpu_seconds(os.getpid()) - cpu0)
            results[kind]["loaded"].append(len(summary.loaded))
            assert summary.runner == kind, summary.runner
            print(f"  {kind} run {i + 1}: {results[kind]['times'][-1]:.1f} s", file=sys.stderr, flush=True)
    return results


def child_transfer(corpus: str, work: str, pages: int) -> dict:
    """A worker's batch analysed here, its records sent (pickled both ways) and loaded: cost per page."""
    from core.settings import Settings
    from flows import tasks
    from warehouse import db

    paths = sorted(Path(corpus).glob("*.html"))[:pages]
    items = [
        tasks.Acquired(f"file://{p}", f"{i:064x}", str(p), tasks.SourceState.NEW, fetched_on="2024-01-01")
        for i, p in enumerate(paths)
    ]
    model = Settings.from_env().spacy_model
    tasks.analyse_sources(items[:1], model)  # loads the model: not part of a batch's cost
    start = time.process_time()
    outcomes = tasks.analyse_sources(items, model)
    analyse = time.process_time() - start
    start = time.process_time()
    sent = pickle.dumps(outcomes, protocol=pickle.HIGHEST_PROTOCOL)
    received = pickle.loads(sent)
    transfer = time.process_time() - start
    good = [(o.result(), item) for o, item in zip(received, items) if not o.is_failed()]
    db_path = f"{work}/transfer.duckdb"
    with db.connect(db_path):
        pass  # a migrated warehouse to load into
    start = time.process_time()
    tasks.load_batch.fn(db_path, good, "bench")
    load = time.process_time() - start
    return {
        "pages": len(items),
        "input_bytes": sum(p.stat().st_size for p in paths),
        "records_bytes": len(sent),
        "analyse": analyse,
        "transfer": transfer,
        "load": load,
    }


def run_child(args: list[str], env: dict[str, str]) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        text=True,
    )
    if proc.returncode:
        raise SystemExit(f"child {args[0]} failed ({proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report(runs: dict, transfer: dict, pages: int, workers: int, repeats: int) -> None:
    print(f"\ncold ingest of {pages} pages on {workers} workers, median of {repeats} runs each")
    print(f"{'runner':>8} {'pages/s':>8} {'median s':>9} {'CPU s':>7}  runs (s)                  loaded")
    rate = {}
    for kind in KINDS:
        times, cpu = runs[kind]["times"], runs[kind]["cpu"]
        rate[kind] = pages / statistics.median(times)
        print(
            f"{kind:>8} {rate[kind]:>8.2f} {statistics.median(times):>9.1f} {statistics.median(cpu):>7.1f}  "
            f"{', '.join(f'{t:.1f}' for t in times):<25} {runs[kind]['loaded']}"
        )
    cpu_ratio = statistics.median(runs["process"]["cpu"]) / statistics.median(runs["dask"]["cpu"])
    print(
        f"ratio dask / process: {rate['dask'] / rate['process']:.2f} pages/s (target >= 0.9); "
        f"CPU: {cpu_ratio:.2f} (process CPU s / dask CPU s)"
    )
    n = transfer["pages"]
    print(f"\nreturning records, per page ({n} pages analysed in one process, as one worker batch):")
    print(
        f"  analyse (read, extract, parse, extractors) {1000 * transfer['analyse'] / n:7.1f} ms CPU\n"
        f"  records pickled + unpickled               {1000 * transfer['transfer'] / n:7.1f} ms CPU, "
        f"{transfer['records_bytes'] / n / 1024:.1f} KB (input page {transfer['input_bytes'] / n / 1024:.1f} KB)\n"
        f"  load into the warehouse (flow process)    {1000 * transfer['load'] / n:7.1f} ms CPU"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *args = sys.argv[2:]
        if kind == "runs":
            answer = child_runs(args[0], args[1], args[2], int(args[3]))
        else:
            answer = child_transfer(args[0], args[1], int(args[2]))
        print(json.dumps(answer))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100, help="the first N benchmark pages (default 100)")
    parser.add_argument("--repeats", type=int, default=3, help="cold ingests per runner (default 3)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--transfer-pages", type=int, default=30, help="pages of the records measurement")
    args = parser.parse_args()
    pages = bench_corpus.benchmark_pages()[: args.pages]
    with tempfile.TemporaryDirectory(prefix="dossier-dask-bench-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus"
        bench_corpus.write_corpus(corpus, pages)
        warmup = bench_corpus.write_corpus(tmp / "warmup", pages[:1])[0]
        env = {
            "DOSSIER_WORKERS": str(args.workers),
            "DOSSIER_PREFECT_HOME": str(tmp / "prefect"),
            "DOSSIER_DASK_ADDRESS": "",
        }
        (tmp / "work").mkdir()
        runs = run_child(["runs", str(corpus), str(warmup), str(tmp / "work"), str(args.repeats)], env)
        transfer = run_child(["transfer", str(corpus), str(tmp / "work"), str(args.transfer_pages)], env)
    report(runs, transfer, len(pages), args.workers, args.repeats)


if __name__ == "__main__":
    main()
