"""Extraction on a Dask cluster (``DOSSIER_TASK_RUNNER=dask``), through prefect-dask.

Two ways to get a cluster:

- ``DOSSIER_DASK_ADDRESS`` set (``tcp://host:8786``): join that cluster.
  Its workers need dossier and the spaCy model installed (nothing is
  downloaded on a worker), and must reach the archive: tasks name each
  source's archived copy (its content hash) and the worker reads the bytes
  from there, so a folder archive must be at the same path as for the flow
  process, and an ``s3://`` one (``DOSSIER_ARCHIVE``) needs the same AWS_*
  variables on the workers (``acquire/archive.py``).
- Unset: a local cluster of ``DOSSIER_WORKERS`` worker processes (one thread
  each: spaCy holds the GIL), its scheduler in this process, listening on
  127.0.0.1 only, with no dashboard. The worker processes ask to die with this
  process from their first instant (``lifeline.spawned_workers_die_with_parent``),
  so a killed run leaves no scheduler or worker behind.

Each worker loads the spaCy model once, when it joins (``PrepareWorker``, the
same ``runners.prepare_worker`` a process-pool worker runs), and keeps it in
``nlp.load_model``'s per-process cache for every batch after.

Workers return records; they do not commit to the warehouse. Measured on 30
benchmark pages (``benchmarks/dask_runner.py``), per page: a worker's analysis
costs 289 ms of CPU; its records pickle to 12.4 KB (the page is 152 KB) and
sending them back costs 0.3 ms; loading them into a DuckDB file costs the flow
process 9.4 ms, overlapped with the workers' next batches. With Prefect's
bookkeeping of a batch (about half a CPU second per up to 64 pages, 8 ms a
page) one flow process keeps up with about 17 parsing workers (31 for the load
alone). Committing from workers would only pay past that, and it would work
only with a DuckLake (a DuckDB file has one writer), need every worker to hold
the catalog's credentials, and split a run's bookkeeping (failures, repairs,
validators, the run's snapshot) over many processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from typing import Any

import dask
import distributed
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect_dask import DaskTaskRunner

from core.settings import Settings
from flows import lifeline

#: Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (glibc hands freed memory
#: back to the system at once). Parsing allocates and frees all the time: a worker then spent
#: 18-22 % more CPU per page (30 benchmark pages: 8.5 s -> 10.4 s, system time 0.3 -> 1.1 s;
#: ``benchmarks/dask_runner.py``), so the local cluster's workers keep glibc's default.
WORKER_ENVIRONMENT = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


class PrepareWorker(distributed.WorkerPlugin):
    """Runs ``runners.prepare_worker`` on each worker as it joins: the model loads once per worker."""

    name = "dossier-prepare-worker"

    def __init__(self, model: str | None):
        self.model = model

    def setup(self, worker: distributed.Worker) -> None:
        from flows import runners

        runners.prepare_worker(self.model)

    async def teardown(self, worker: distributed.Worker) -> None:
        """Send the worker's queued Prefect events and logs before it closes.

        A task run's states reach Prefect's API as events sent from a
        background thread; left to interpreter exit, they could still be
        queued when the nanny's 4-second grace ran out and it killed the worker.
        (In a thread: called from the worker's event loop, Prefect's drain
        would hand back a coroutine instead of draining.)
        """
        await asyncio.to_thread(_drain_prefect, 1.5)


def _drain_prefect(timeout: float) -> None:
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for queue in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):
            queue.drain_all(timeout=timeout)


def local_cluster_kwargs(workers: int) -> dict[str, Any]:
    """A cluster of ``workers`` single-threaded worker processes, reachable from this machine only.

    No dashboard; the scheduler's remaining HTTP routes (health, metrics)
    listen on a free loopback port, not on 8787, which two runs would contend for.
    """
    return {
        "n_workers": workers,
        "threads_per_worker": 1,
        "processes": True,
        "host": "127.0.0.1",
        "dashboard_address": None,
        "worker_dashboard_address": None,
        "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"},
        "silence_logs": _log_level(),
    }


def _log_level() -> int:
    """Dask's logging follows Prefect's level (``DOSSIER_LOG_LEVEL``): a run does not narrate its cluster."""
    return max(logging.WARNING, logging.getLevelName(Settings.from_env().log_level.upper()) or 0)


def _quiet_dask():
    """Set the ``distributed`` loggers to ``_log_level()`` here and in workers started now; return the undo.

    Workers read the level from the environment when they import Dask
    (``DASK_LOGGING__DISTRIBUTED``). The nanny's "worker process still alive
    after 4.0 seconds, killing" is left out too: at the end of a run a worker
    takes a few seconds to unload spaCy and Prefect, and the nanny then ends
    it, with every result already delivered.
    """
    level = _log_level()
    loggers = {
        logging.getLogger("distributed"): level,
        logging.getLogger("distributed.scheduler"): level,
        logging.getLogger("distributed.nanny"): max(level, logging.ERROR),
    }
    previous = {logger: logger.level for logger in loggers}
    for logger, wanted in loggers.items():
        logger.setLevel(wanted)
    variable = "DASK_LOGGING__DISTRIBUTED"
    environment = os.environ.get(variable)
    os.environ[variable] = logging.getLevelName(level).lower()

    def restore() -> None:
        for logger, was in previous.items():
            logger.setLevel(was)
        if environment is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = environment

    return restore


class DossierDaskRunner(DaskTaskRunner):
    """prefect-dask's runner, with the worker set-up, the shared Prefect API and the lifeline of the process pool.

    Like ``runners.SharedServerProcessPool``: when this process talks to a
    temporary Prefect server, the local cluster's workers are given its
    address (each would otherwise start a server of its own).
    """

    def __init__(self, model: str | None, workers: int, address: str = ""):
        if address:
            super().__init__(address=address)
        else:
            super().__init__(cluster_kwargs=local_cluster_kwargs(workers))
        self.model = model

    def __enter__(self):
        from flows import runners

        url = None if self.address else runners._temporary_server_url()
        self._shared_api = temporary_settings(updates={PREFECT_API_URL: url}) if url else None
        self._lifeline = None if self.address else lifeline.spawned_workers_die_with_parent()
        self._entered = False
        self._quiet = _quiet_dask()
        try:
            if self._shared_api is not None:
                self._shared_api.__enter__()
            if self._lifeline is not None:
                self._lifeline.__enter__()
            super().__enter__()
            self._entered = True
            with dask.config.set(WORKER_ENVIRONMENT):
                self.client.register_plugin(PrepareWorker(self.model))  # starts the cluster, waits for set-up
            return self
        except BaseException as exc:
            self.__exit__(type(exc), exc, exc.__traceback__)
            raise

    def __exit__(self, *exc_info):
        try:
            if getattr(self, "_entered", False):
                self._entered = False
                super().__exit__(*exc_info)
        finally:
            from flows import runners

            runners.leave_shared_api(self, *exc_info)
            restore, self._quiet = getattr(self, "_quiet", None), None
            if restore is not None:
                restore()

    def capacity(self) -> int:
        """How many batches the cluster runs at once: its workers' threads."""
        return max(1, sum(self.client.nthreads().values()))

    def duplicate(self):
        return type(self)(self.model, int(self.cluster_kwargs.get("n_workers", 1) or 1), self.address or "")
