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

A polite stop (SIGTERM, or Ctrl-C, which a terminal sends to the whole
process group) is handled here too, by ``interruptible``: the command says
"interrupted" in one line, ends its children itself and exits with 128 plus
the signal's number. Unwinding through Prefect instead took 7 s on SIGTERM
(a pool's shutdown waits for the batches in flight) and on Ctrl-C printed
the workers' tracebacks and then hung, the pool waiting for workers the
signal had already stopped.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import multiprocessing.spawn
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
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


@contextlib.contextmanager
def interruptible(*cleanups: Callable[[], None], message: str = "dossier: interrupted") -> Iterator[None]:
    """Within this block, SIGINT and SIGTERM stop the command at once, cleanly, with status 128 + signal.

    The handler prints ``message`` (one line, no traceback), ends every child
    process (``end_children``: the temporary Prefect server, the extraction
    workers), runs ``cleanups`` (e.g. discard the staging copy being written),
    releases multiprocessing's semaphores and leaves with ``os._exit``:
    nothing of the run is unwound through Prefect, whose crash handling is what
    was slow and noisy. Further signals are ignored meanwhile, so a second
    Ctrl-C cannot cut the cleanup short. Outside the main thread (where
    signals cannot be handled) the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    global _OWNER

    def _stop(signum, frame):
        _interrupt(signum, cleanups, message)

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    owner, _OWNER = _OWNER, _stop
    try:
        yield
    finally:
        _OWNER = owner
        for sig, handler in previous.items():
            signal.signal(sig, handler)


#: The handler of the innermost ``interruptible`` block, if one is active.
_OWNER: Callable | None = None


def reclaim_sigterm() -> None:
    """Inside an ``interruptible`` block, take SIGTERM back from the Prefect flow run that just started.

    Prefect installs its own SIGTERM handler around every flow run and turns
    the signal into a crash: it logged "Crash detected!", waited for the
    pool's batches in flight, and only then passed the signal on (7 s on an
    idle machine, 25 s on a busy one). Call at the start of a flow. Outside an
    ``interruptible`` block (a deployment run by a Prefect worker, which
    cancels a run with SIGTERM) Prefect's handling stays as it is.
    """
    if _OWNER is None or threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGTERM, _OWNER)  # Prefect puts back what it replaced: this same handler


def _interrupt(signum: int, cleanups: tuple[Callable[[], None], ...], message: str) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    with contextlib.suppress(Exception):
        sys.stdout.flush()  # progress lines already printed stay printed
    if sys.stdout.isatty():
        with contextlib.suppress(OSError):
            os.write(sys.stdout.fileno(), b"\x1b[?25h\n")  # the live progress display hid the cursor
    with contextlib.suppress(OSError):
        os.write(sys.stderr.fileno(), message.encode() + b"\n")
    _silence()
    end_children()
    for cleanup in cleanups:
        with contextlib.suppress(Exception):
            cleanup()
    _release_semaphores()
    os._exit(128 + signum)


def _silence() -> None:
    """Nothing more is printed after the one line: threads that notice their peers ending stay quiet.

    A local Dask cluster's scheduler runs in a thread of this process; as
    ``end_children`` ends its workers it logged "broadcast ... failed" and a
    page of ``CommClosedError`` tracebacks under "dossier: interrupted".
    """
    logging.disable(logging.CRITICAL)
    with contextlib.suppress(OSError):
        sys.stderr = open(os.devnull, "w")  # for the few milliseconds left before os._exit


def end_children(timeout: float = 3.0) -> list[int]:
    """SIGTERM this process's children, wait up to ``timeout`` s, SIGKILL those left; return the pids ended.

    A child that ignores SIGTERM (multiprocessing's resource tracker) is left
    alone: it exits by itself once every process holding its pipe has gone,
    after unlinking what they left behind.
    """
    children = [pid for pid in _children() if not _ignores(pid, signal.SIGTERM)]
    for pid in children:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
    left = list(children)
    deadline = time.monotonic() + timeout
    while left and time.monotonic() < deadline:
        left = [pid for pid in left if not _ended(pid)]
        if left:
            time.sleep(0.05)
    for pid in left:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    return children


def _children() -> list[int]:
    """The pids of this process's children: from /proc on Linux, else the multiprocessing ones."""
    me = os.getpid()
    proc = Path("/proc")
    if not proc.is_dir():
        return [child.pid for child in multiprocessing.active_children() if child.pid]
    found = []
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == me:
                found.append(int(entry.name))
    return found


def _ignores(pid: int, sig: int) -> bool:
    """True when process ``pid`` ignores ``sig`` (Linux: the SigIgn mask of /proc/PID/status)."""
    try:
        for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
            if line.startswith("SigIgn:"):
                return bool(int(line.split()[1], 16) >> (sig - 1) & 1)
    except (OSError, ValueError, IndexError):
        pass
    return False


def _ended(pid: int) -> bool:
    """True once child ``pid`` has exited (reaped here if it is ours to reap)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == pid
    except ChildProcessError:  # already reaped elsewhere, or not a child we can wait for
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False


def _release_semaphores(timeout: float = 1.0) -> None:
    """Unlink the named semaphores multiprocessing created for the pool, as a normal exit would.

    ``os._exit`` skips multiprocessing's exit finalizers, and each killed run
    used to leave its queues' semaphores in /dev/shm. They run in a thread
    with a time limit because one may wait for a lock the interrupted main
    thread holds; only finalizers that close and unlink (priority >= 0) run,
    not the ones joining feeder threads.
    """
    from multiprocessing import util

    run_finalizers = getattr(util, "_run_finalizers")  # noqa: B009 - private, stable since Python 2.6
    worker = threading.Thread(target=run_finalizers, args=(0,), daemon=True)
    worker.start()
    worker.join(timeout)


_LAUNCHER = """#!{python} -S
# Makes the process that runs it ask to die with its parent and ignore Ctrl-C (the parent
# stops it), then becomes Python itself; both survive exec, and Python keeps an ignored SIGINT ignored.
import ctypes, os, signal, sys
ctypes.CDLL(None).prctl(1, 9, 0, 0, 0)
signal.signal(signal.SIGINT, signal.SIG_IGN)
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
    Workers also ignore SIGINT: Ctrl-C reaches the whole process group, and
    each worker printed a KeyboardInterrupt traceback; the parent ends them.

    multiprocessing's resource tracker is started first, with the ordinary
    executable: it must outlive a killed run for a moment, since it is what
    unlinks the semaphores the run's queues leave in /dev/shm (one killed run
    left six), and it exits by itself once the run and its workers are gone.
    """
    if not sys.platform.startswith("linux"):
        yield
        return
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
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
