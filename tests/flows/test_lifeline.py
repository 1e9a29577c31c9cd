"""A killed run leaves nothing running: the temporary Prefect server and the workers die with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

pytestmark = pytest.mark.flow


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid``, read from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_child_asks_to_die_with_its_parent():
    script = (
        f"import os, sys, time; sys.path.insert(0, {str(REPO)!r}); from flows import lifeline; "
        "print(lifeline.die_with_parent(), flush=True); time.sleep(60)"
    )
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys, time; p = subprocess.Popen([sys.executable, '-c', {script!r}]); "
            "print(p.pid, flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(parent.stdout.readline())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "sleep" not in _cmdline(child):
        time.sleep(0.1)
    time.sleep(1.0)  # the child has made its request
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.1)
    assert not _alive(child)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_kill_9_of_an_ingest_leaves_no_process_behind(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(40):
        (folder / f"n{n}.txt").write_text(
            f"Report {n}\n\n"
            + "The minister said on 4 May 2024 that the council would meet in Tashkent. " * 60
        )
    env = {
        **os.environ,
        "DOSSIER_DB": str(tmp_path / "w.duckdb"),
        "DOSSIER_ARCHIVE": str(tmp_path / "archive"),
        "DOSSIER_PREFECT_HOME": str(tmp_path / "prefect"),
        "DOSSIER_TASK_RUNNER": "process",
        "DOSSIER_WORKERS": "2",
        "DOSSIER_BATCH_SIZE": "1",
        "DOSSIER_PREFECT_SERVER": "off",
    }
    env.pop("PREFECT_API_URL", None)
    run = subprocess.Popen(
        [sys.executable, "-m", "dossier.cli", "ingest", str(folder)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen: set[int] = set()
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and run.poll() is None:
        seen |= _children(run.pid)
        workers = [p for p in seen if "spawn_main" in _cmdline(p)]
        if len(workers) >= 2 and any("uvicorn" in _cmdline(p) for p in seen):
            break
        time.sleep(0.5)
    assert run.poll() is None, "the run ended before its workers were seen; give it more to do"
    seen |= _children(run.pid)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    time.sleep(5)
    survivors = [(p, _cmdline(p)[:80]) for p in seen if _alive(p)]
    assert survivors == []
