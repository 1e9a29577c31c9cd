"""Which Prefect task runner extracts documents: a configuration switch.

spaCy gains nothing from threads (the GIL), so parallel extraction uses
processes; but a process pool costs each worker a Python start, a Prefect import
and a model load (a few seconds), which only pays off when there are several
documents to process. ``DOSSIER_TASK_RUNNER`` picks: ``process``, ``thread``, or
``auto`` (the default: processes when at least ``DOSSIER_PROCESS_THRESHOLD``
sources need extracting). ``DOSSIER_WORKERS`` sets the pool size (default: CPUs).
A Dask or Ray runner (prefect-dask, prefect-ray) slots in here the same way.
"""

from __future__ import annotations

import os

from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner


def choose(pending: int) -> str:
    """The runner kind for a run with ``pending`` sources to extract."""
    kind = os.environ.get("DOSSIER_TASK_RUNNER", "auto").lower()
    if kind not in ("auto", "process", "thread"):
        raise ValueError(f"DOSSIER_TASK_RUNNER must be auto, process or thread, not {kind!r}")
    if kind == "auto":
        threshold = int(os.environ.get("DOSSIER_PROCESS_THRESHOLD", "4"))
        kind = "process" if pending >= threshold and (os.cpu_count() or 1) > 1 else "thread"
    return kind


def make(kind: str):
    workers = int(os.environ.get("DOSSIER_WORKERS", "0")) or (os.cpu_count() or 1)
    if kind == "process":
        return ProcessPoolTaskRunner(max_workers=workers)
    # One thread: extraction is CPU-bound Python, more threads only contend.
    return ThreadPoolTaskRunner(max_workers=1)
