"""A webhook receiver on 127.0.0.1 for tests: it keeps the JSON bodies POSTed to it.

with webhook_receiver() as hook:
    ...  # something posts to hook.url
    assert hook.wait_for(1)[0]["status"] == "failed"
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, httpd: ThreadingHTTPServer):
        self.url = f"http://127.0.0.1:{httpd.server_address[1]}/hooks/dossier"
        self.posted: list[dict] = httpd.posted  # type: ignore[attr-defined]

    def wait_for(self, count: int, timeout: float = 60.0) -> list[dict]:
        """The bodies once ``count`` have arrived (or what arrived by ``timeout``)."""
        deadline = time.monotonic() + timeout
        while len(self.posted) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        return list(self.posted)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.posted.append(json.loads(body))  # type: ignore[attr-defined]
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.posted = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Receiver(httpd)
    finally:
        httpd.shutdown()
        httpd.server_close()
