"""A local Prefect server kept running, so repeated CLI runs skip Prefect's start-up.

Without a server, every ``dossier ingest`` starts a temporary Prefect server
(10 s on a quiet machine, over 40 s on a busy one) and stops it at the end.
``dossier server`` starts ``prefect server start`` once, on 127.0.0.1, with the
project's Prefect home and database, and records its address in a small state
file in that home. ``flows.prefect_env.configure`` reads the file in every
later command and, if the server answers its health check, points Prefect at
it; if the server is gone, commands fall back to the temporary server as before.

State file (``<PREFECT_HOME>/dossier-server.json``)::

    {"api_url": "http://127.0.0.1:4290/api", "pid": 1234, "started_at": "..."}
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from core.settings import DEFAULT_PREFECT_PORT

STATE_FILE = "dossier-server.json"
DEFAULT_HOST = "127.0.0.1"
#: Not Prefect's 4200, so a Prefect server of the user's own is left alone.
DEFAULT_PORT = DEFAULT_PREFECT_PORT
HEALTH_TIMEOUT = (
    0.5  # seconds: a local server answers in milliseconds; a dead one must not slow every command
)
START_TIMEOUT = 180.0  # seconds: a busy 2-core machine needs tens of seconds to start Prefect


def state_path(home: Path) -> Path:
    return Path(home) / STATE_FILE


def read_state(home: Path) -> dict | None:
    """The recorded server, or None when there is none (or the file is unreadable)."""
    try:
        state = json.loads(state_path(home).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and isinstance(state.get("api_url"), str) else None


def healthy(api_url: str, timeout: float = HEALTH_TIMEOUT) -> bool:
    """True when a Prefect API answers its health check at ``api_url``."""
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=timeout) as answer:
            return answer.status == 200
    except (OSError, ValueError, urllib.error.URLError):
        return False


def running_api_url(home: Path, timeout: float = HEALTH_TIMEOUT) -> str | None:
    """The API URL of the server recorded in ``home`` if it answers now, else None."""
    state = read_state(home)
    if state is None or not _is_local(state["api_url"]):
        return None
    return state["api_url"] if healthy(state["api_url"], timeout) else None


def _is_local(api_url: str) -> bool:
    """Only a loopback address is trusted from the state file: it is a local convenience, not configuration."""
    return api_url.startswith(("http://127.0.0.1:", "http://localhost:", "http://[::1]:"))


def server_command(host: str, port: int, ui: bool) -> list[str]:
    return [
        sys.executable,
        "-m",
        "prefect",
        "server",
        "start",
        "--host",
        host,
        "--port",
        str(port),
        "--ui" if ui else "--no-ui",
        "--analytics-off",
    ]


def server_env(ui: bool, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> dict[str, str]:
    """The environment of the server: the project's Prefect home and database, no API URL of its own.

    The UI asks ``/ui-settings`` where the API is, and Prefect answers from its
    settings (``PREFECT_UI_API_URL``, else ``PREFECT_API_URL``, else
    ``PREFECT_SERVER_API_HOST``/``PORT``), never from ``prefect server start
    --port``: with only the flag, the UI served on 4290 called 127.0.0.1:4200
    and showed "Unable to connect to Prefect server" (Prefect 3.8.8 and 3.9.1).
    So the address the server really listens on goes in the settings too.
    """
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_UI_ENABLED"] = env["PREFECT_SERVER_UI_ENABLED"] = "true" if ui else "false"
    env["PREFECT_SERVER_API_HOST"], env["PREFECT_SERVER_API_PORT"] = host, str(port)
    env["PREFECT_UI_API_URL"] = f"http://{host}:{port}/api"
    env["PREFECT_UI_URL"] = f"http://{host}:{port}"
    return env


def temporary_command(port: int) -> list[str]:
    """Prefect's own temporary-server command (``SubprocessASGIServer``): its API alone, no services."""
    import importlib.util

    spec = importlib.util.find_spec(
        "prefect"
    )  # not imported: Prefect must first see the URL in the environment
    site = Path(spec.origin).parent.parent if spec and spec.origin else Path(sys.prefix)
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(site),
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        DEFAULT_HOST,
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]


@contextlib.contextmanager
def temporary(home: Path, timeout: float = START_TIMEOUT) -> Iterator[str]:
    """A Prefect server for one command, that ends with it even on ``kill -9``; yields its API URL.

    It is what Prefect starts by itself when no API URL is set, started here
    instead so that the server process asks to die with this one
    (``flows.lifeline``): Prefect's own temporary server outlived a killed
    ``dossier ingest``, still listening on its port. It runs in a session of
    its own, so that Ctrl-C in a terminal reaches only the command, which
    stops the server itself (before, the server went down first and the
    command's last calls to it failed noisily).
    """
    from flows import lifeline

    port = _free_port()
    api_url = f"http://{DEFAULT_HOST}:{port}/api"
    env = {
        **server_env(False, DEFAULT_HOST, port),
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        # Prefect registers its block types (storage, notifications, credentials)
        # at every server start until a memo in its home says they are there;
        # dossier's flows use none, and a first run in a new project spent 3 of
        # the server's 14.5 CPU seconds on them.
        "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    }
    log_path = Path(home) / "dossier-temporary-server.log"
    with _start_lock(home):
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(
                temporary_command(port),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=lifeline.die_with_parent,
                start_new_session=True,
            )
        started = _wait_healthy(api_url, proc, timeout)
    try:
        if not started:
            why = (
                f"exited during start-up (status {proc.returncode})"
                if proc.poll() is not None
                else f"did not start within {timeout:.0f} s"
            )
            raise RuntimeError(f"the temporary Prefect server {why}; see {log_path}")
        yield api_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def _start_lock(home: Path) -> Iterator[None]:
    """One server at a time starts on a Prefect home: start-up migrates its database.

    Two ``dossier ingest`` started together on a fresh home each ran Prefect's
    database migrations: in 3 rounds of 4 at once, 6 of 12 servers exited
    ("Online migration expected to match one row ... 0 found"), and CI failed
    on two concurrent lake ingests. The lock (``flock``, released by the kernel
    if this process dies) is held only until the server answers, so the second
    start waits for the first one's migrations (seconds), not for its run.
    """
    import fcntl

    with open(Path(home) / "dossier-server-start.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _free_port() -> int:
    """A port on the loopback nobody listens on now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((DEFAULT_HOST, 0))
        return probe.getsockname()[1]


def start(
    home: Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    ui: bool = False,
    background: bool = False,
    timeout: float = START_TIMEOUT,
) -> int:
    """Start the server, record it once healthy; in the foreground, serve until interrupted.

    Returns the exit status for the CLI. ``configure()`` must have run (the
    environment names the project's Prefect home and database).
    """
    home = Path(home)
    existing = running_api_url(home)
    if existing:
        print(f"a dossier Prefect server is already running at {existing}")
        return 0
    api_url = f"http://{host}:{port}/api"
    if healthy(api_url):
        print(f"something already answers at {api_url}; choose another --port", file=sys.stderr)
        return 2
    with _start_lock(home):
        with open(home / "dossier-server.log", "ab") as log:
            proc = subprocess.Popen(
                server_command(host, port, ui),
                env=server_env(ui, host, port),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started = _wait_healthy(api_url, proc, timeout)
    if not started:
        _stop_group(proc.pid)
        print(
            f"the Prefect server did not start within {timeout:.0f} s; see {home / 'dossier-server.log'}",
            file=sys.stderr,
        )
        return 1
    _write_state(home, api_url, proc.pid)
    where = f"{api_url} (UI at http://{host}:{port})" if ui else api_url
    if background:
        print(f"Prefect server running at {where}, pid {proc.pid}; stop it with `dossier server stop`")
        return 0
    print(f"Prefect server running at {where}; dossier commands in other shells use it. Ctrl-C stops it.")
    return _serve(home, proc)


def _wait_healthy(api_url: str, proc: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if healthy(api_url, timeout=2.0):
            return True
        time.sleep(0.25)
    return False


def _serve(home: Path, proc: subprocess.Popen) -> int:
    """Wait for the server; on Ctrl-C or SIGTERM stop it. The state file goes with it."""

    def _terminate(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        proc.wait()
    except KeyboardInterrupt:
        _stop_group(proc.pid)
    finally:
        signal.signal(signal.SIGTERM, previous)
        _forget(home, proc.pid)
    return 0


def stop(home: Path, timeout: float = 20.0) -> bool:
    """Stop the recorded server; True if one was running."""
    state = read_state(home)
    if state is None:
        return False
    pid = state.get("pid")
    was_running = isinstance(pid, int) and _alive(pid)
    if was_running:
        _stop_group(pid, timeout)
    _forget(home, pid)
    return was_running


def status(home: Path) -> tuple[bool, str]:
    """(running?, one line saying so) for ``dossier server status``."""
    state = read_state(home)
    if state is None:
        return False, "no dossier Prefect server recorded: CLI runs start a temporary one"
    if healthy(state["api_url"]):
        return (
            True,
            f"running at {state['api_url']} (pid {state.get('pid')}, since {state.get('started_at')})",
        )
    return False, f"recorded at {state['api_url']} but not answering: CLI runs start a temporary one"


def _write_state(home: Path, api_url: str, pid: int) -> None:
    path = state_path(home)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(
            {"api_url": api_url, "pid": pid, "started_at": dt.datetime.now().isoformat(timespec="seconds")}
        ),
        "utf-8",
    )
    os.replace(tmp, path)  # readers see the whole file or none


def _forget(home: Path, pid) -> None:
    """Remove the state file if it still describes the server with ``pid`` (not a newer one)."""
    state = read_state(home)
    if state is not None and state.get("pid") == pid:
        state_path(home).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop_group(pid: int, timeout: float = 20.0) -> None:
    """SIGTERM the server's process group (it was started as its own session), SIGKILL if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                finished, _ = os.waitpid(pid, os.WNOHANG)  # our child: reap it
            except ChildProcessError:
                finished = 0 if _alive(pid) else pid  # not our child (started by another command)
            if finished:
                return
            time.sleep(0.1)
