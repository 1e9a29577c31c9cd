"""Ingest throughput against spaCy's parse alone, on the same documents, in the same run.

Writes a few hundred benchmark pages from ``../shared/data`` (see
``bench_corpus.py``) as ``.html`` files into a temporary folder, then measures,
each in a fresh child process (so memory is that of one run):

* **end to end**: ``ingest_flow`` into a fresh warehouse and archive, on the
  process task runner with both cores: reading, archiving, text extraction,
  one spaCy parse per article, the extractors, loading, publishing. Prefect's
  server is started (by a one-document warm-up ingest) before the clock starts:
  its start-up is a per-process cost measured by ``benchmarks/incremental.py``.
* **spaCy alone**: ``nlp.pipe(texts, n_process=2)`` with the model the
  extractors use (``extractors.nlp.load_model``), on exactly the article texts
  the extractor produces for those pages (extracted once beforehand, untimed).

Both are printed as documents (pages) per second with their ratio (target:
≥ 0.8), and the peak resident memory of each child's whole process tree (the
run, its worker processes, Prefect's temporary server) for 1× and 4× the corpus:
flat memory means a larger corpus costs time, not memory.

Then each stage alone, in one process, over the 1× corpus (``child_stages``):
CPU per page of text extraction, the parse, the NLP extractors and the load,
and of plain trafilatura for reference; what the end-to-end run spends beyond
their sum is orchestration (Prefect, worker start-up, passing records between
processes).

    .venv/bin/python benchmarks/throughput.py            # 200 pages: 1x median of 3, 4x once (~10 min)
    .venv/bin/python benchmarks/throughput.py --quick    # 60 pages, 1x and 4x, once each (~4 min)
    .venv/bin/python benchmarks/throughput.py --pages 0  # every page (327)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_corpus  # noqa: E402

PIPE_BATCH = 8  # small batches keep both spaCy processes busy to the end (spaCy deals batches round-robin)


# --------------------------------------------------------------------------- memory of a process tree


def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (Linux /proc; no extra dependency)."""
    tree, total, todo = _children_of(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_bytes(pid)
        todo += tree.get(pid, [])
    return total


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds (user + system) used so far by ``root``, its live descendants and the children they reaped.

    Under a busy machine wall-clock rates move with the neighbours' load;
    CPU seconds per page do not, so both are printed.
    """
    tree, total, todo = _children_of(), 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
        todo += tree.get(pid, [])
    return total / os.sysconf("SC_CLK_TCK")


class _Sampler:
    """Calls ``sample`` every ``every`` seconds in a thread while in the ``with`` block, and once at its end."""

    def __init__(self, every: float):
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def __enter__(self):
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.sample()


class PeakSampler(_Sampler):
    """Samples a process tree's RSS; ``peak`` is the largest sum seen."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(every)
        self.pid, self.peak = pid, 0

    def sample(self) -> None:
        self.peak = max(self.peak, tree_rss(self.pid))


class CpuByRole(_Sampler):
    """CPU seconds of each process of a tree by its role in the run, sampled in a thread.

    The flow's own process (planning, archiving, loading, Prefect's flow
    bookkeeping) counts only its own time, not that of the workers it reaps;
    the workers and Prefect's server are told apart by their command lines. A
    worker's last fraction of a second before it exits can be missed, so the
    roles add up to a little less than the tree's total.
    """

    ROLES = {b"spawn_main": "workers", b"uvicorn": "Prefect server"}

    def __init__(self, root: int, every: float = 0.2):
        super().__init__(every)
        self.root = root
        self._start = self._processes()
        self._last: dict[int, tuple[str, float]] = {}

    def _processes(self) -> dict[int, tuple[str, float]]:
        tree, seen, todo = _children_of(), {}, [self.root]
        while todo:
            pid = todo.pop()
            todo += tree.get(pid, [])
            try:
                with open(f"/proc/{pid}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    command = fh.read()
            except OSError:
                continue
            role = (
                "flow process"
                if pid == self.root
                else next((name for key, name in self.ROLES.items() if key in command), "other")
            )
            seen[pid] = (role, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
        return seen

    def sample(self) -> None:
        """Keep each process's latest CPU, and its role once its command line has shown it.

        A process about to be reaped (a zombie) has no command line left, and
        one just forked has its parent's: neither must relabel it.
        """
        for pid, (role, cpu) in self._processes().items():
            known = self._last.get(pid)
            if known is not None and role == "other":
                role = known[0]
            self._last[pid] = (role, max(cpu, known[1]) if known else cpu)

    def seconds(self) -> dict[str, float]:
        roles: dict[str, float] = {}
        for pid, (role, cpu) in self._last.items():
            roles[role] = roles.get(role, 0.0) + cpu - self._start.get(pid, (role, 0.0))[1]
        return roles


# --------------------------------------------------------------------------- the two children


def child_spacy(texts_file: str, scale: int, repeats: int) -> dict:
    """Time nlp.pipe(n_process=2) over the extracted texts, ``scale`` times over."""
    from core.settings import Settings
    from extractors import nlp

    texts = json.loads(Path(texts_file).read_text("utf8")) * scale
    model = nlp.load_model(Settings.from_env().spacy_model)
    times, cpu = [], []
    for _ in range(repeats):
        start, cpu0 = time.perf_counter(), tree_cpu_seconds(os.getpid())
        for _doc in model.pipe(texts, n_process=2, batch_size=PIPE_BATCH):
            pass  # parse only: each Doc is dropped as it arrives
        times.append(time.perf_counter() - start)
        cpu.append(tree_cpu_seconds(os.getpid()) - cpu0)
    return {"times": times, "cpu": cpu, "pipes": model.pipe_names}


def child_e2e(corpus: str, warmup: str, work: str, repeats: int) -> dict:
    """Time ingest_flow over the corpus folder into a fresh warehouse and archive, ``repeats`` times."""
    os.environ["DOSSIER_ARCHIVE"] = f"{work}/archive-warmup"
    from flows.ingest import ingest_flow

    ingest_flow([warmup], f"{work}/warmup.duckdb")  # starts Prefect's server, imports everything
    times, cpu, roles, loaded, failed = [], [], [], 0, 0
    for i in range(repeats):
        os.environ["DOSSIER_ARCHIVE"] = f"{work}/archive-{i}"
        start, cpu0 = time.perf_counter(), tree_cpu_seconds(os.getpid())
        with CpuByRole(os.getpid()) as by_role:
            summary = ingest_flow([corpus], f"{work}/run-{i}.duckdb")
        times.append(time.perf_counter() - start)
        cpu.append(tree_cpu_seconds(os.getpid()) - cpu0)
        roles.append(by_role.seconds())
        loaded, failed = len(summary.loaded), len(summary.failures)
    return {
        "times": times,
        "cpu": cpu,
        "roles": roles,
        "loaded": loaded,
        "failed": failed,
        "runner": summary.runner,
    }


def child_stages(corpus: str, work: str) -> dict:
    """CPU seconds of each stage run alone, in one process, over the 1x corpus: where the time goes.

    The stages are the ones a worker and the flow run (text extraction, the
    parse, the NLP extractors, the load), plus two parts of text extraction
    timed alone: plain trafilatura on the same pages (main-text extraction with
    no metadata, no listing detection and no cleaning, a floor for any
    extractor built on it) and building BeautifulSoup's tree of each page
    (done once per page for the listing, metadata and date readers).
    Whatever the end-to-end run spends beyond their sum is orchestration:
    Prefect's task engine and API server, worker start-up, handing records
    between processes.
    """
    import trafilatura
    from bs4 import BeautifulSoup

    from core.settings import Settings
    from extractors import documents, nlp, pipeline
    from flows.runners import MAX_BATCH
    from warehouse import db, load

    paths = sorted(Path(corpus).glob("*.html"))
    datas = [p.read_bytes() for p in paths]
    model = nlp.load_model(Settings.from_env().spacy_model)
    list(model.pipe(["Warm-up sentence in Ankara."]))
    cpu: dict[str, float] = {}

    def timed(name, fn):
        start = time.process_time()
        result = fn()
        cpu[name] = time.process_time() - start
        return result

    timed(
        "trafilatura alone",
        lambda: [trafilatura.extract(d.decode("utf8", "replace"), include_comments=False) for d in datas],
    )
    timed("BeautifulSoup alone", lambda: [BeautifulSoup(d.decode("utf8", "replace"), "lxml") for d in datas])
    extracted = timed(
        "text extraction", lambda: [_extract_or_none(documents, str(p), d) for p, d in zip(paths, datas)]
    )
    articles = [(p, a) for p, arts in zip(paths, extracted) for a in arts or []]
    docs = timed("spaCy parse", lambda: list(nlp.parse_many(model, [a.text for _, a in articles])))
    analysed = timed("NLP extractors", lambda: [pipeline.analyse(a, d) for (_, a), d in zip(articles, docs)])
    by_path: dict[Path, list] = {}
    for (path, article), extraction in zip(articles, analysed):
        by_path.setdefault(path, []).append((article, extraction))
    sources = [
        load.LoadedSource(str(p), str(i), "html", str(p), "v", found)
        for i, (p, found) in enumerate(by_path.items())
    ]

    def load_all():
        with db.connect(f"{work}/stages.duckdb") as con:
            for i in range(0, len(sources), MAX_BATCH):  # the flow loads a worker's batch at a time
                load.load_sources(con, [(s, False) for s in sources[i : i + MAX_BATCH]])

    timed("load", load_all)
    return {"cpu": cpu, "pages": len(paths)}


def _extract_or_none(documents, name: str, data: bytes):
    try:
        return documents.extract(data, name_hint=name)[1]
    except Exception:  # the flow records such a page as failed and parses nothing
        return None


def run_child(args: list[str], env: dict[str, str]) -> tuple[dict, int]:
    """Run this script as a child with ``args``; return its JSON answer and its tree's peak RSS."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", *args],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with PeakSampler(proc.pid) as sampler:
        out, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"child {args[0]} failed ({proc.returncode}):\n{err[-3000:]}")
    return json.loads(out.strip().splitlines()[-1]), sampler.peak


# --------------------------------------------------------------------------- the driver


def extracted_texts(paths: list[Path]) -> list[str]:
    """The article texts the extractor produces for the pages (what the flow parses)."""
    from extractors import documents

    texts = []
    for path in paths:
        try:
            _, articles = documents.extract(path.read_bytes(), name_hint=str(path))
        except Exception:  # the flow records such a page as failed and parses nothing
            continue
        texts += [a.text for a in articles]
    return texts


def measure(pages, scales: list[int], repeats: int, workers: int, tmp: Path) -> tuple[list[dict], dict]:
    base = bench_corpus.write_corpus(tmp / "corpus-1x", pages)
    texts_file = tmp / "texts.json"
    texts_file.write_text(json.dumps(extracted_texts(base)), "utf8")
    warmup = bench_corpus.write_corpus(tmp / "warmup", pages[:1])[0]
    env = {
        "DOSSIER_TASK_RUNNER": "process",
        "DOSSIER_WORKERS": str(workers),
        "DOSSIER_PREFECT_HOME": str(tmp / "prefect"),
    }
    rows = []
    for scale in scales:
        corpus = tmp / "corpus-1x" if scale == 1 else tmp / f"corpus-{scale}x"
        if scale != 1:
            bench_corpus.write_corpus(corpus, pages, copies=scale)
        work = tmp / f"work-{scale}x"
        work.mkdir()
        runs = repeats if scale == scales[0] else 1  # the larger corpora are there for memory
        e2e, e2e_peak = run_child(["e2e", str(corpus), str(warmup), str(work), str(runs)], env)
        parse, parse_peak = run_child(["spacy", str(texts_file), str(scale), str(runs)], env)
        rows.append(
            {
                "scale": scale,
                "pages": len(pages) * scale,
                "e2e": e2e,
                "e2e_peak": e2e_peak,
                "spacy": parse,
                "spacy_peak": parse_peak,
            }
        )
        print(
            f"  {scale}x done: end to end {statistics.median(e2e['times']):.1f} s, "
            f"spaCy {statistics.median(parse['times']):.1f} s",
            flush=True,
        )
    (tmp / "work-stages").mkdir()
    stages, _ = run_child(["stages", str(tmp / "corpus-1x"), str(tmp / "work-stages")], env)
    return rows, stages


def report(rows: list[dict], repeats: int, workers: int) -> None:
    print(
        f"\nthroughput, pages per second (median of {repeats} at {rows[0]['scale']}x, one run above; "
        f"{workers} workers; spaCy pipes: {', '.join(rows[0]['spacy']['pipes'])})"
    )
    print(
        f"{'corpus':>6} {'pages':>6} {'end-to-end':>11} {'spaCy alone':>12} {'ratio':>6} {'CPU ratio':>10} "
        f"{'peak MB e2e':>12} {'peak MB spaCy':>14}  loaded/failed"
    )
    for r in rows:
        e2e, parse = statistics.median(r["e2e"]["times"]), statistics.median(r["spacy"]["times"])
        e2e_rate, parse_rate = r["pages"] / e2e, r["pages"] / parse
        cpu_ratio = statistics.median(r["spacy"]["cpu"]) / statistics.median(r["e2e"]["cpu"])
        print(
            f"{str(r['scale']) + 'x':>6} {r['pages']:>6} {e2e_rate:>11.2f} {parse_rate:>12.2f} "
            f"{e2e_rate / parse_rate:>6.2f} {cpu_ratio:>10.2f} {r['e2e_peak'] / 2**20:>12.0f} "
            f"{r['spacy_peak'] / 2**20:>14.0f}  {r['e2e']['loaded']}/{r['e2e']['failed']}"
        )
    for r in rows:
        print(f"  {r['scale']}x: end to end {_runs(r['e2e'])}; spaCy {_runs(r['spacy'])}")
    print(
        "ratio: end-to-end rate / spaCy rate (target >= 0.8); CPU ratio: spaCy CPU seconds / end-to-end "
        "CPU seconds\n(the same comparison, unaffected by other load on the machine)"
    )


def report_stages(stages: dict, rows: list[dict]) -> None:
    """Each stage's CPU per page as a share of the parse, and the end-to-end run's CPU by process."""
    pages, cpu = stages["pages"], stages["cpu"]
    parse = cpu["spaCy parse"] / pages
    print(
        f"\nwhere the CPU goes: each stage alone, one process, {pages} pages (ms per page, share of the parse)"
    )
    for name, seconds in cpu.items():
        print(f"  {name:<20} {1000 * seconds / pages:>7.1f} ms {seconds / pages / parse:>7.0%}")
    worker_stages = (cpu["text extraction"] + cpu["spaCy parse"] + cpu["NLP extractors"]) / pages
    for r in rows:
        runs = sorted(range(len(r["e2e"]["cpu"])), key=r["e2e"]["cpu"].__getitem__)
        roles = r["e2e"]["roles"][runs[len(runs) // 2]]  # the run with the median CPU
        split = ", ".join(
            f"{name} {1000 * seconds / r['pages']:.1f}" for name, seconds in sorted(roles.items())
        )
        beyond = roles.get("workers", 0.0) / r["pages"] - worker_stages
        print(
            f"  {r['scale']}x end-to-end CPU by process, ms per page: {split}; the workers spend "
            f"{1000 * beyond:.1f} beyond their stages (start-up, Prefect's task engine, passing records; "
            "noisy: stages and run are measured apart)"
        )
    best = parse / (parse + (cpu["text extraction"] + cpu["NLP extractors"]) / pages)
    print(f"CPU ratio if orchestration and loading cost nothing: {best:.2f}")


def _runs(result: dict) -> str:
    return ", ".join(f"{t:.1f} s ({c:.0f} CPU s)" for t, c in zip(result["times"], result["cpu"]))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        if kind == "spacy":
            answer = child_spacy(rest[0], int(rest[1]), int(rest[2]))
        elif kind == "stages":
            answer = child_stages(rest[0], rest[1])
        else:
            answer = child_e2e(rest[0], rest[1], rest[2], int(rest[3]))
        print(json.dumps(answer))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="60 pages, one repeat")
    parser.add_argument("--pages", type=int, help="use the first N pages (default 200; 0: all)")
    parser.add_argument("--repeats", type=int, help="timed runs per measurement (default 3, 1 with --quick)")
    parser.add_argument("--scales", default="1,4", help="corpus multiples to measure (default 1,4)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    pages = bench_corpus.benchmark_pages()
    limit = 60 if args.quick else 200 if args.pages is None else args.pages
    pages = pages[: limit or len(pages)]
    repeats = args.repeats or (1 if args.quick else 3)
    scales = [int(s) for s in args.scales.split(",")]
    print(f"{len(pages)} benchmark pages, scales {scales}, {repeats} repeat(s)", flush=True)
    with tempfile.TemporaryDirectory(prefix="dossier-throughput-") as tmp:
        rows, stages = measure(pages, scales, repeats, args.workers, Path(tmp))
    report(rows, repeats, args.workers)
    report_stages(stages, rows)


if __name__ == "__main__":
    main()
