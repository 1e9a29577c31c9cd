"""How dossier commands find a running `dossier server`, without starting a real Prefect server.

A tiny HTTP server on 127.0.0.1 stands in for Prefect's health endpoint; the
real server is exercised by benchmarks/incremental.py.
"""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from core.settings import Settings
from flows import prefect_env, prefect_server


class _Health(BaseHTTPRequestHandler):
    answer = 200

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.send_response(self.answer if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_api():
    """The API URL of a loopback server that answers Prefect's health check."""
    server = HTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def environment_restored():
    """``serve.scheduling_api`` sets ``PREFECT_API_URL`` in ``os.environ`` itself (Prefect reads it
    from there); left set, it pointed later tests' ingests at a fake API that had gone."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("DOSSIER_PREFECT_HOME", str(tmp_path / "prefect"))
    return tmp_path / "prefect"


def _closed_port_url() -> str:
    """An API URL nothing listens on: a port bound and released at once."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api"


def _record(home, api_url, pid=123):
    home.mkdir(parents=True, exist_ok=True)
    prefect_server.state_path(home).write_text(json.dumps({"api_url": api_url, "pid": pid}))


def _configured(home) -> dict:
    environ: dict[str, str] = {}
    prefect_env.configure(Settings.from_env(), environ)
    return environ


def test_without_a_recorded_server_prefect_starts_its_temporary_one(home):
    environ = _configured(home)
    assert "PREFECT_API_URL" not in environ
    assert environ["PREFECT_HOME"] == str(home)


def test_a_recorded_server_that_answers_is_used(home, fake_api):
    _record(home, fake_api)
    assert _configured(home)["PREFECT_API_URL"] == fake_api


def test_a_recorded_server_that_is_gone_is_ignored(home):
    _record(home, _closed_port_url())
    assert "PREFECT_API_URL" not in _configured(home)


def test_a_server_answering_unhealthy_is_ignored(home, fake_api, monkeypatch):
    monkeypatch.setattr(_Health, "answer", 503)
    _record(home, fake_api)
    assert "PREFECT_API_URL" not in _configured(home)


def test_an_api_url_set_by_the_user_wins(home, fake_api):
    _record(home, fake_api)
    environ = {"PREFECT_API_URL": "http://prefect.example:4200/api"}
    prefect_env.configure(Settings.from_env(), environ)
    assert environ["PREFECT_API_URL"] == "http://prefect.example:4200/api"


def test_detection_can_be_switched_off(home, fake_api):
    _record(home, fake_api)
    environ = {"DOSSIER_PREFECT_SERVER": "off"}
    prefect_env.configure(Settings.from_env(), environ)
    assert "PREFECT_API_URL" not in environ


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"pid": 1}', '{"api_url": 5}'])
def test_a_damaged_state_file_is_ignored(home, content):
    home.mkdir(parents=True)
    prefect_server.state_path(home).write_text(content)
    assert prefect_server.read_state(home) is None
    assert "PREFECT_API_URL" not in _configured(home)


def test_only_a_loopback_address_is_taken_from_the_state_file(home):
    _record(home, "http://10.0.0.5:4290/api")
    assert prefect_server.running_api_url(home) is None


def test_status_says_whether_the_recorded_server_answers(home, fake_api):
    assert prefect_server.status(home)[0] is False
    _record(home, fake_api)
    running, line = prefect_server.status(home)
    assert running and fake_api in line
    _record(home, _closed_port_url())
    running, line = prefect_server.status(home)
    assert not running and "not answering" in line


def test_stop_forgets_a_server_whose_process_is_gone(home):
    _record(home, _closed_port_url(), pid=2**22 + 12345)  # above Linux's default pid_max: no such process
    assert prefect_server.stop(home) is False
    assert not prefect_server.state_path(home).exists()


def test_start_refuses_a_port_something_else_answers_on(home, fake_api, capsys):
    port = int(fake_api.rsplit(":", 1)[1].split("/")[0])
    home.mkdir(parents=True)
    assert prefect_server.start(home, port=port) == 2
    assert "choose another --port" in capsys.readouterr().err
    assert not prefect_server.state_path(home).exists()


def test_start_reports_a_server_already_running(home, fake_api, capsys):
    _record(home, fake_api)
    assert prefect_server.start(home) == 0
    assert "already running" in capsys.readouterr().out


def test_the_server_binds_loopback_without_the_ui_and_not_to_itself(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4290/api")
    command = prefect_server.server_command("127.0.0.1", 4290, ui=False)
    assert command[command.index("--host") + 1] == "127.0.0.1" and "--no-ui" in command
    env = prefect_server.server_env(ui=False)
    assert "PREFECT_API_URL" not in env and env["PREFECT_UI_ENABLED"] == "false"


def test_the_ui_is_told_the_port_the_server_really_listens_on():
    # The UI reads the API address from /ui-settings, which Prefect fills from its
    # settings, not from --port: without these it called 127.0.0.1:4200 and said
    # "Unable to connect to Prefect server".
    env = prefect_server.server_env(ui=True, host="127.0.0.1", port=4391)
    assert env["PREFECT_UI_API_URL"] == "http://127.0.0.1:4391/api"
    assert env["PREFECT_UI_URL"] == "http://127.0.0.1:4391"
    assert (env["PREFECT_SERVER_API_HOST"], env["PREFECT_SERVER_API_PORT"]) == ("127.0.0.1", "4391")


def test_schedule_refuses_an_api_url_that_does_not_answer(home, monkeypatch, capsys, tmp_path):
    from dossier import cli

    dead = _closed_port_url()
    monkeypatch.setenv("PREFECT_API_URL", dead)
    (tmp_path / "sources.yaml").write_text("sources:\n  - {name: a, kind: folder, location: .}\n", "utf-8")
    assert cli.main(["schedule", "--sources", str(tmp_path / "sources.yaml")]) == cli.EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert err == (
        f"dossier schedule: no Prefect API answers at {dead} (PREFECT_API_URL): start that server, "
        "or unset PREFECT_API_URL to use `dossier server`"
    )


def test_schedule_uses_the_api_url_given_or_the_running_dossier_server(home, fake_api, monkeypatch):
    from flows import serve

    monkeypatch.setenv("PREFECT_API_URL", fake_api)
    assert serve.scheduling_api() == fake_api
    monkeypatch.delenv("PREFECT_API_URL")
    _record(home, fake_api)
    assert serve.scheduling_api() == fake_api
    assert os.environ["PREFECT_API_URL"] == fake_api  # what Prefect, imported next, will use


def test_schedule_starts_the_dossier_server_when_none_runs_never_a_temporary_one(home, fake_api, monkeypatch):
    from flows import serve

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("DOSSIER_PREFECT_PORT", "4391")
    started = []

    def start(where, port, background):  # stands in for `dossier server --background`: records itself
        started.append((where, port, background))
        _record(where, fake_api)
        return 0

    monkeypatch.setattr(prefect_server, "start", start)
    said = []
    assert serve.scheduling_api(say=said.append) == fake_api
    assert started == [(home, 4391, True)]
    assert said == [f"no Prefect server running for {home}: starting `dossier server` in the background"]


@pytest.mark.flow
def test_two_temporary_servers_started_at_once_on_a_fresh_home_both_answer(home, monkeypatch):
    """Two ingests started together: each server migrates the same new database, one after the other."""
    from concurrent.futures import ThreadPoolExecutor

    for key, value in _configured(home).items():
        monkeypatch.setenv(key, value)
    home.mkdir(parents=True, exist_ok=True)

    def start_and_ask() -> bool:
        with prefect_server.temporary(home, timeout=170) as api_url:
            return prefect_server.healthy(api_url, timeout=5)

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: start_and_ask(), range(2)))
    log = (home / "dossier-temporary-server.log").read_text(errors="replace")
    assert answers == [True, True], log[-2000:]
