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
from tests.helpers.table_rows import content

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


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_an_interruptible_command_ends_its_children_cleans_up_and_says_so_in_one_line(tmp_path, sig):
    marker = tmp_path / "cleaned"
    script = (
        f"import subprocess, sys, time; sys.path.insert(0, {str(REPO)!r}); from flows import lifeline\n"
        f"with lifeline.interruptible(lambda: open({str(marker)!r}, 'w').close()):\n"
        "    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "    print(child.pid, flush=True)\n"
        "    time.sleep(60)\n"
    )
    command = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    child = int(command.stdout.readline())
    command.send_signal(sig)
    _, err = command.communicate(timeout=30)
    assert command.returncode == 128 + sig
    assert err == "dossier: interrupted\n"
    assert marker.exists()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.1)
    assert not _alive(child)


def _write_news(folder: Path, count: int, first: int = 0) -> None:
    """``count`` short news reports, each long enough that parsing them keeps the workers busy a while."""
    folder.mkdir(exist_ok=True)
    for n in range(first, first + count):
        (folder / f"n{n}.txt").write_text(
            f"Report {n}\n\n"
            + "The minister said on 4 May 2024 that the council would meet in Tashkent. " * 60
        )


def _run_env(tmp_path: Path, db_path: Path, runner: str = "process") -> dict[str, str]:
    """A CLI run on two worker processes (a process pool or a local Dask cluster) and a temporary Prefect server of its own."""
    env = {
        **os.environ,
        "DOSSIER_DB": str(db_path),
        "DOSSIER_ARCHIVE": str(tmp_path / "archive"),
        "DOSSIER_PREFECT_HOME": str(tmp_path / "prefect"),
        "DOSSIER_TASK_RUNNER": runner,
        "DOSSIER_WORKERS": "2",
        "DOSSIER_BATCH_SIZE": "1",
        "DOSSIER_PREFECT_SERVER": "off",
    }
    env.pop("PREFECT_API_URL", None)
    env.pop("DOSSIER_DASK_ADDRESS", None)
    return env


def _start_and_wait_for_workers(
    folder: Path, env: dict[str, str], **popen
) -> tuple[subprocess.Popen, set[int]]:
    """Start ``dossier ingest FOLDER``; return once its server and both workers run (and every process seen)."""
    run = subprocess.Popen(
        [sys.executable, "-m", "dossier.cli", "ingest", str(folder)], cwd=REPO, env=env, **popen
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
    return run, seen | _children(run.pid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
@pytest.mark.parametrize("runner", ["process", "dask"])
def test_kill_9_of_an_ingest_leaves_no_process_behind(tmp_path, runner):
    """The process pool's workers, or the local Dask cluster's (its scheduler and nannies live in the run)."""
    folder = tmp_path / "news"
    _write_news(folder, 40)
    run, seen = _start_and_wait_for_workers(
        folder,
        _run_env(tmp_path, tmp_path / "w.duckdb", runner),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    time.sleep(5)
    survivors = [(p, _cmdline(p)[:80]) for p in seen if _alive(p)]
    assert survivors == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
@pytest.mark.parametrize(
    ("sig", "whole_group"),
    [(signal.SIGTERM, False), (signal.SIGINT, True)],
    ids=["SIGTERM (kill PID)", "SIGINT (Ctrl-C: the whole process group)"],
)
def test_sigterm_or_ctrl_c_of_an_ingest_stops_it_cleanly(tmp_path, harness, monkeypatch, sig, whole_group):
    from flows.ingest import ingest_flow

    monkeypatch.setenv("DOSSIER_ARCHIVE", str(tmp_path / "archive"))
    first, news = tmp_path / "first", tmp_path / "news"
    _write_news(first, 2)
    _write_news(news, 40, first=2)
    db_path = tmp_path / "w.duckdb"
    ingest_flow([str(first)], str(db_path))  # the published warehouse the run must leave as it was
    published = db_path.read_bytes()

    run, seen = _start_and_wait_for_workers(
        news,
        _run_env(tmp_path, db_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=whole_group,  # its own group, so that the group signal reaches only the run
    )
    time.sleep(2)  # the workers are parsing
    signalled = time.monotonic()
    if whole_group:
        os.killpg(run.pid, sig)  # what a terminal does on Ctrl-C
    else:
        os.kill(run.pid, sig)
    while time.monotonic() < signalled + 5 and (run.poll() is None or any(_alive(p) for p in seen)):
        time.sleep(0.1)
    survivors = [(p, _cmdline(p)[:80]) for p in seen if _alive(p)]
    if run.poll() is None:
        run.kill()
    out, err = run.communicate()
    assert survivors == [] and run.returncode == 128 + sig, err
    assert err.strip().splitlines() == ["dossier: interrupted"], err
    assert db_path.read_bytes() == published
    assert not db_path.with_name(db_path.name + ".staging").exists()

    rerun = ingest_flow([str(news)], str(db_path))
    assert len(rerun.loaded) == 40 and not rerun.failures
    clean_path = tmp_path / "clean.duckdb"
    ingest_flow([str(first)], str(clean_path))
    ingest_flow([str(news)], str(clean_path))
    assert content(db_path) == content(clean_path)
