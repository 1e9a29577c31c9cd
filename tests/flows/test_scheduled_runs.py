"""Scheduled runs really fire: a real Prefect server, nobody pressing "run".

Both ways the README gives are run as a user runs them, in subprocesses:

- ``dossier server --background`` then ``dossier schedule`` with a source on
  "every 10s": the served deployment fires on its own. The first run finds the
  warehouse held by another writer and fails, saying why in one line in
  ``dossier runs``, in its Prefect state and to the webhook of sources.yaml;
  once the writer is gone, the next scheduled run completes and rows land;
- ``prefect deploy`` of the repository's prefect.yaml (its ``nightly-sources``
  deployment, given a 10 s interval), ``prefect deployment ls`` and ``prefect
  worker start`` on a process work pool: the same through a worker.

Each waits for what the warehouse and the Prefect API show, then checks that
the flow runs were created by the scheduler (``auto_scheduled``), not by hand.
One server serves the module (starting it costs 10-30 s on a busy 2-core
machine). Polling is shortened (runner and worker every 2 s instead of 10 s);
the schedule itself is Prefect's. Nothing is timed: every wait has a generous
deadline and fails with the process's log.

Run only these: ``pytest -m scheduled`` (about 2 minutes).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from tests.helpers.paths import REPO
from tests.helpers.webhook import webhook_receiver
from warehouse import publish

pytestmark = pytest.mark.scheduled

WAIT = 180.0  # seconds for a scheduled run to show; typically 20-40 s, more on a loaded machine

STATEMENT = """Riverside, 14 March 2023 -- The river commission met on Tuesday.
"We will publish the flow data every month," said Ana Ruiz, the commission's chair.
The commission approved a new gauging station on 2 May 2023.
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dossier(*args: str) -> list[str]:
    return [sys.executable, "-m", "dossier.cli", *args]


def _prefect(*args: str) -> list[str]:
    return [sys.executable, "-m", "prefect", *args]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project folder with one document, polled every 10 s."""
    root = tmp_path_factory.mktemp("scheduled")
    (root / "docs").mkdir()
    (root / "docs" / "statement.txt").write_text(STATEMENT, "utf-8")
    return root


@pytest.fixture(scope="module")
def env(project):
    """Every command's environment: this project's Prefect home, archive and port; no Prefect settings inherited."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    environ.update(
        {
            "DOSSIER_PREFECT_HOME": str(project / ".prefect"),
            "DOSSIER_ARCHIVE": str(project / "archive"),
            "DOSSIER_PREFECT_PORT": str(_free_port()),
            "DOSSIER_TASK_RUNNER": "thread",
            "PYTHONPATH": str(REPO) + os.pathsep + environ.get("PYTHONPATH", ""),
            # Poll every 2 s instead of 10 s: the tests wait for the first runs only.
            "PREFECT_RUNNER_POLL_FREQUENCY": "2",
            "PREFECT_WORKER_QUERY_SECONDS": "2",
        }
    )
    return environ


@pytest.fixture(scope="module")
def server(project, env):
    """A real Prefect server, started the way a user starts it: ``dossier server --background``."""
    started = subprocess.run(
        _dossier("server", "--background"), env=env, cwd=project, capture_output=True, text=True, timeout=300
    )
    assert started.returncode == 0, started.stdout + started.stderr
    api_url = f"http://127.0.0.1:{env['DOSSIER_PREFECT_PORT']}/api"
    assert api_url in started.stdout
    yield api_url
    subprocess.run(_dossier("server", "stop"), env=env, cwd=project, timeout=120)


def _api(api_url: str, path: str, body: dict) -> list:
    request = urllib.request.Request(
        f"{api_url}/{path}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def _flow_runs(api_url: str, deployment: str, state: str) -> list[dict]:
    return _api(
        api_url,
        "flow_runs/filter",
        {
            "deployments": {"name": {"any_": [deployment]}},
            "flow_runs": {"state": {"type": {"any_": [state]}}},
            "limit": 20,
        },
    )


def _wait(what: str, found: Callable[[], object], process: subprocess.Popen, log: Path):
    """``found()`` once it is truthy; fail with the process's log if it dies or ``WAIT`` passes."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{what}: the process ended:\n" + _tail(log)
        value = found()
        if value:
            return value
        time.sleep(1.0)
    pytest.fail(f"{what}: not within {WAIT:.0f} s:\n" + _tail(log))


def _tail(log: Path) -> str:
    return log.read_text("utf-8", errors="replace")[-4000:]


def _rows(db: Path, sql: str) -> list[tuple]:
    """Rows of the published warehouse, or [] while there is none (or it is being replaced this instant)."""
    if not db.exists():
        return []
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute(sql).fetchall()
    except duckdb.Error:
        return []


def _stop(process: subprocess.Popen) -> None:
    """Ctrl-C the process group (as a user would), then make sure it is gone."""
    for sig, wait in ((signal.SIGINT, 60), (signal.SIGKILL, 10)):
        if process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            pass


def test_dossier_schedule_fires_on_its_own_and_a_failed_run_says_why(project, env, server):
    db, log = project / "served.duckdb", project / "schedule.log"
    with webhook_receiver() as hook:
        (project / "sources.yaml").write_text(
            f"notify: {{webhook: '{hook.url}'}}\n"
            "sources:\n  - name: statements\n    kind: folder\n    location: docs\n    schedule: every 10s\n",
            "utf-8",
        )
        with publish.writer(db), log.open("w") as out:  # another writer holds the warehouse at first
            process = subprocess.Popen(
                _dossier("schedule", "--sources", "sources.yaml", "--db", str(db)),
                env=env,
                cwd=project,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                [posted] = _wait("a failed run's notification", lambda: hook.posted[:1], process, log)
            except BaseException:
                _stop(process)
                raise
        try:
            _wait(
                "a scheduled run that completes",  # in the warehouse, then in Prefect (a moment later)
                lambda: (
                    _rows(db, "SELECT 1 FROM runs WHERE status = 'completed'")
                    and _flow_runs(server, "sources-every-10s", "COMPLETED")
                ),
                process,
                log,
            )
        finally:
            _stop(process)

    printed = log.read_text("utf-8", errors="replace")
    assert f"Prefect API: {server}" in printed  # the running server, not a temporary one
    assert "temporary server" not in printed
    assert "dossier-ingest-sources/sources-every-10s: next run 20" in printed
    assert "dossier-reextract/reextract: on demand" in printed

    busy = f"WarehouseBusy: another dossier run is writing {db}; try again when it has finished"
    assert (posted["status"], posted["failure"], posted["deployment"]) == (
        "failed",
        busy,
        "sources-every-10s",
    )
    assert posted["scheduled_at"] and posted["flow_run_url"].startswith(server.removesuffix("/api"))

    rows = _rows(
        db, "SELECT status, deployment, scheduled_at IS NOT NULL, failure FROM runs ORDER BY started_at"
    )
    assert rows[0] == ("failed", "sources-every-10s", True, busy)  # folded in by the run that published
    assert ("completed", "sources-every-10s", True, None) in rows
    assert _rows(db, "SELECT quote_text FROM quotes") == [("We will publish the flow data every month",)]

    listed = subprocess.run(
        _dossier("runs", "--db", str(db)), env=env, cwd=project, capture_output=True, text=True, timeout=120
    )
    assert listed.returncode == 0 and "sources-every-10s  failed" in listed.stdout and busy in listed.stdout

    failed = _flow_runs(server, "sources-every-10s", "FAILED")
    assert failed and all(run["auto_scheduled"] for run in failed)
    assert failed[-1]["state"]["message"] == busy  # what the UI shows beside the run
    completed = _flow_runs(server, "sources-every-10s", "COMPLETED")
    assert completed and all(run["auto_scheduled"] for run in completed)
    assert completed[0]["state"]["message"].startswith("1 sources seen, ")


def test_prefect_deploy_and_a_process_worker_run_the_schedule(project, env, server):
    db, log = project / "worker.duckdb", project / "worker.log"
    cli_env = {**env, "PREFECT_API_URL": server, "COLUMNS": "200"}
    created = subprocess.run(
        _prefect("work-pool", "create", "local", "--type", "process"),
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert created.returncode == 0, created.stdout + created.stderr
    (project / "worker-sources.yaml").write_text(
        "sources:\n  - {name: statements, kind: folder, location: docs}\n", "utf-8"
    )
    params = {"sources_file": str(project / "worker-sources.yaml"), "names": None, "db_path": str(db)}
    deployed = subprocess.run(  # from the checkout: prefect.yaml's entrypoints and working directory are relative to it
        _prefect(
            "--no-prompt",
            "deploy",
            "--name",
            "nightly-sources",
            "--interval",
            "10",
            "--params",
            json.dumps(params),
        ),
        env=cli_env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    listed = subprocess.run(
        _prefect("deployment", "ls"), env=cli_env, capture_output=True, text=True, timeout=180
    )
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "dossier-ingest-sources/nightly-sources" in listed.stdout

    with log.open("w") as out:
        worker = subprocess.Popen(
            _prefect("worker", "start", "--pool", "local"),
            env=cli_env,
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait(
            "a run through the worker",
            lambda: _rows(db, "SELECT 1 FROM runs") and _flow_runs(server, "nightly-sources", "COMPLETED"),
            worker,
            log,
        )
    finally:
        _stop(worker)
    assert _rows(db, "SELECT flow, deployment, status, documents_loaded FROM runs ORDER BY started_at")[
        0
    ] == ("ingest-sources", "nightly-sources", "completed", 1)
    assert _rows(db, "SELECT quote_text FROM quotes") == [("We will publish the flow data every month",)]
    completed = _flow_runs(server, "nightly-sources", "COMPLETED")
    assert completed and all(run["auto_scheduled"] for run in completed)
