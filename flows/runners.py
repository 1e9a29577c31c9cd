"""Which Prefect task runner extracts documents, and how work is handed to it.

spaCy gains nothing from threads (the GIL), so parallel extraction uses
processes; but a process pool costs each worker a Python start, a Prefect import
and a model load (a few seconds), which only pays off when there are several
documents to process. ``DOSSIER_TASK_RUNNER`` picks: ``process``, ``thread``,
``dask`` (a Dask cluster through prefect-dask: the one at ``DOSSIER_DASK_ADDRESS``,
or a local one of worker processes; see ``flows/dask_runner.py``), or ``auto``
(the default: processes when at least ``DOSSIER_PROCESS_THRESHOLD`` sources need
extracting). ``DOSSIER_WORKERS`` sets the pool size (default: CPUs), for the
process pool and the local Dask cluster alike.

Sources go to the workers in batches (``DOSSIER_BATCH_SIZE``, default: enough
batches for about four per worker, at most 64 sources each): one Prefect task
per page cost more than parsing it, a batch pays that once and lets spaCy
parse a stream of articles. Results come back in order while later batches
are still being parsed, so the flow loads as it goes and only a few batches'
records are ever held in memory.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections import deque
from collections.abc import Iterator

from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from core.errors import Failure
from core.settings import Settings
from extractors import nlp
from flows import lifeline, tasks

MAX_BATCH = 64  # each batch costs about half a CPU second of Prefect bookkeeping (task runs, states, events)

#: The values of ``DOSSIER_TASK_RUNNER``.
KINDS = ("auto", "process", "thread", "dask")


def choose(pending: int) -> str:
    """The runner kind for a run with ``pending`` sources to extract."""
    settings = Settings.from_env()
    kind = settings.task_runner
    if kind not in KINDS:
        raise ValueError(f"DOSSIER_TASK_RUNNER must be auto, process, thread or dask, not {kind!r}")
    if kind == "auto":
        kind = "process" if pending >= settings.process_threshold and (os.cpu_count() or 1) > 1 else "thread"
    return kind


def workers() -> int:
    return Settings.from_env().workers or (os.cpu_count() or 1)


def make(kind: str, model: str | None = None):
    if kind == "process":
        return SharedServerProcessPool(max_workers=workers(), initializer=prepare_worker, initargs=(model,))
    if kind == "dask":
        from flows import dask_runner  # imports distributed (about a second): only when asked for

        return dask_runner.DossierDaskRunner(model, workers(), Settings.from_env().dask_address)
    # One thread: extraction is CPU-bound Python, more threads only contend.
    return ThreadPoolTaskRunner(max_workers=1)


def prepare_worker(model: str | None) -> None:
    """Load the spaCy model in a new worker and make the garbage collector run less often.

    Each page's BeautifulSoup tree is a web of reference cycles that only the
    cyclic collector frees, and a worker creates hundreds of thousands of
    objects per batch; with Python's defaults (a collection every 700 net
    allocations) the collector ran about ten times per page, and its older
    generations walk every object of the loaded model too: 14 ms of a page's
    236 (measured with ``gc.callbacks`` over 200 benchmark pages). Collecting
    the young generation every 20,000 allocations brings that to about 4 ms
    for a few MB more memory. (``gc.freeze`` would save a little more but
    keeps DuckDB's bindings alive past exit, which they report as leaks.)
    Loading here also moves the model's load out of the first batch; if it
    fails, each batch reports the error for its sources.
    """
    if model:
        try:
            nlp.load_model(model)
        except Exception:  # reported per source by the batch that needs the model
            pass
    gc.set_threshold(*GC_THRESHOLD)


#: Collect the young generation every 20,000 net allocations, not 700 (see ``prepare_worker``).
GC_THRESHOLD = (20_000, 50, 50)


@contextlib.contextmanager
def _collect_less_often() -> Iterator[None]:
    """The worker's garbage-collection setting for a block of this process (the thread runner's).

    A 320-page report read in the flow process spent 2.4 of its 14 CPU
    seconds of PDF reading in the collector, its older generations walking
    Prefect's and spaCy's objects each time; with the workers' setting,
    0.1 s (extraction 15.6 -> 13.4 s).
    """
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def batch_size(pending: int, pool: int) -> int:
    """Sources per task: about four batches per worker, so a slow batch does not leave a core idle."""
    configured = Settings.from_env().batch_size
    if configured > 0:
        return configured
    return max(1, min(MAX_BATCH, -(-pending // (pool * 4))))


def extract_batches(
    pending: list[tasks.Acquired], model: str, kind: str
) -> Iterator[list[tuple[tasks.Acquired, tasks.Outcome]]]:
    """Extract, parse and analyse every pending source on a runner of ``kind``, a batch at a time.

    Yields each batch's (source, outcome) pairs in order, for loading a batch at
    once. Call inside a flow run. At most a few batches per worker are in
    flight, so the records waiting to be loaded stay bounded however long the run.
    """
    if not pending:
        return
    fewer = _collect_less_often() if kind == "thread" else contextlib.nullcontext()
    with fewer, make(kind, model) as runner:
        pool = capacity(runner, kind)
        size = batch_size(len(pending), pool)
        batches = [pending[i : i + size] for i in range(0, len(pending), size)]
        window = 2 * pool + 1
        in_flight: deque = deque()
        for batch in batches:
            in_flight.append((batch, runner.submit(tasks.process_batch, {"items": batch, "model": model})))
            if len(in_flight) >= window:
                done, future = in_flight.popleft()
                yield list(zip(done, _outcomes(done, future)))
        while in_flight:
            done, future = in_flight.popleft()
            yield list(zip(done, _outcomes(done, future)))


def capacity(runner, kind: str) -> int:
    """How many batches the started ``runner`` works on at once (a Dask cluster's, whatever its size)."""
    if kind == "dask":
        return runner.capacity()
    return workers() if kind == "process" else 1


def _outcomes(batch: list[tasks.Acquired], future) -> list[tasks.Outcome]:
    """A batch's outcomes; if the task itself crashed (a worker died), every source in it failed."""
    state = future.wait() or future.state
    if state.is_failed():
        try:
            future.result(raise_on_failure=True)
            failure = Failure("nlp", state.message or "failed")
        except Exception as exc:
            failure = Failure.of(exc, "nlp")
        return [tasks.Outcome(None, failure) for _ in batch]
    return future.result()


class SharedServerProcessPool(ProcessPoolTaskRunner):
    """A process pool whose workers report to the Prefect API this process already uses.

    Without a ``PREFECT_API_URL`` Prefect runs a temporary server, and each
    worker process, seeing no URL either, would start its own (10-40 s and a
    few hundred MB each). When this process is talking to a temporary server,
    its address is handed to the workers for the pool's lifetime.
    """

    def __enter__(self):
        url = _temporary_server_url()
        self._shared_api = temporary_settings(updates={PREFECT_API_URL: url}) if url else None
        if self._shared_api is not None:
            self._shared_api.__enter__()
        self._lifeline = lifeline.spawned_workers_die_with_parent()
        self._lifeline.__enter__()
        try:
            return super().__enter__()
        except BaseException:
            self._leave_shared_api(None, None, None)
            raise

    def __exit__(self, *exc_info):
        try:
            return super().__exit__(*exc_info)
        finally:
            self._leave_shared_api(*exc_info)

    def _leave_shared_api(self, *exc_info) -> None:
        leave_shared_api(self, *exc_info)


def leave_shared_api(runner, *exc_info) -> None:
    """Undo what a runner's ``__enter__`` set up: its workers' lifeline, then the shared Prefect API."""
    guard, runner._lifeline = getattr(runner, "_lifeline", None), None
    if guard is not None:
        guard.__exit__(*exc_info)
    shared, runner._shared_api = getattr(runner, "_shared_api", None), None
    if shared is not None:
        shared.__exit__(*exc_info)


def _temporary_server_url() -> str | None:
    """The API URL of the temporary server this process started, if one runs and no URL is configured."""
    if PREFECT_API_URL.value():
        return None
    import sys

    server_module = sys.modules.get("prefect.server.api.server")  # loaded only if a temporary server started
    server = getattr(server_module, "SubprocessASGIServer", None)
    instance = getattr(server, "_instances", {}).get(None) if server else None
    if instance is None or getattr(instance, "server_process", None) is None:
        return None
    return instance.api_url
