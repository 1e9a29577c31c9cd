"""A run that dies leaves nothing running.

``dossier ingest`` starts other processes: a temporary Prefect server and a
pool of extraction workers (each with the spaCy model loaded, about 840 MB in
all per run). When the command is killed (``kill -9``, an out-of-memory kill,
a closed terminal) its ``finally`` blocks and ``atexit`` hooks never run, and
those processes used to stay alive, the server still listening on its port.

Linux lets a process ask to be sent a signal when its parent dies
(``prctl(PR_SET_PDEATHSIG)``). Every process dossier starts asks for SIGKILL
at start-up, so the kernel ends it with its parent whatever killed the
parent. Elsewhere (macOS, Windows) this is a no-op and the ordinary shutdown
paths remain.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.spawn
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send ``sig`` to this process when its parent exits; True if it could.

    Call it first thing in a child (a ``preexec_fn``, a pool initializer). If
    the parent died before the call, the child exits at once, as it would
    have been killed.
    """
    if not sys.platform.startswith("linux"):
        return False
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    return True


def stop_on_sigterm() -> None:
    """Turn SIGTERM into ``SystemExit`` in the main thread, so that cleanup code runs as on Ctrl-C."""

    def _exit(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _exit)


_LAUNCHER = """#!{python} -S
# Makes the process that runs it ask to die with its parent, then becomes Python itself.
import ctypes, os, sys
ctypes.CDLL(None).prctl(1, 9, 0, 0, 0)
os.execv({python!r}, [{python!r}] + sys.argv[1:])
"""


@contextlib.contextmanager
def spawned_workers_die_with_parent() -> Iterator[None]:
    """Within this block, processes ``multiprocessing`` spawns ask to die with this one from their first instant.

    A pool worker asking in its initializer is not enough: until its imports
    finish (seconds, with Prefect and spaCy) it has not asked, and a parent
    killed in that window left it running. ``multiprocessing`` starts spawned
    processes (pool workers, its resource tracker) with a configurable
    executable, so for the block's duration that is a two-line launcher that
    makes the request and then ``exec``s Python (the request survives
    ``exec``). Costs one extra interpreter start without ``site`` (about 20 ms).
    """
    if not sys.platform.startswith("linux"):
        yield
        return
    folder = Path(tempfile.mkdtemp(prefix="dossier-lifeline-"))
    launcher = folder / "python"
    launcher.write_text(_LAUNCHER.format(python=sys.executable))
    launcher.chmod(0o755)
    context = multiprocessing.get_context("spawn")
    previous = multiprocessing.spawn.get_executable()
    context.set_executable(str(launcher))
    try:
        yield
    finally:
        context.set_executable(previous)
        shutil.rmtree(folder, ignore_errors=True)
