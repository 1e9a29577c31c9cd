"""A small web server on 127.0.0.1 for tests: canned replies by path, and a log of requests.

    with local_server({"/feed.xml": Reply(body=FEED, headers={"Content-Type": "application/rss+xml"})}) as server:
        fetch(server.url("/feed.xml"), server.policy())

It listens on loopback only, on a free port, in a daemon thread, and shuts
itself down after ``lifetime`` seconds even if a test forgets to, so a failing
test can never leave a server behind. Replies can be delayed (timeouts) or
streamed without a Content-Length (size caps that must stop mid-stream).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from acquire.fetch import FetchPolicy


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    repeat: int = 1  # the body is sent this many times (large bodies without building them)
    pause: float = 0.0  # seconds between repeats (a server that drips its body)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]  # lower-case names


Route = Reply | Callable[[Seen], Reply]


class LocalServer:
    def __init__(self, httpd: ThreadingHTTPServer):
        self._httpd = httpd
        self.host, self.port = httpd.server_address[:2]
        self.requests: list[Seen] = httpd.requests  # type: ignore[attr-defined]

    @property
    def host_port(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"http://{self.host_port}{path}"

    def route(self, path: str, reply: Route) -> None:
        """Add a reply once the port is known (redirects and links that name this server)."""
        self._httpd.routes[path] = reply  # type: ignore[attr-defined]

    def paths(self) -> list[str]:
        return [seen.path for seen in self.requests]

    def policy(self, **changes) -> FetchPolicy:
        """A policy allowing this server (and only it) though it is on loopback; no politeness delay."""
        return FetchPolicy(
            **{"allowed_hosts": frozenset({self.host_port}), "per_host_delay": 0.0, "timeout": 2.0, **changes}
        )


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
        self.server.requests.append(seen)  # type: ignore[attr-defined]
        route = self.server.routes.get(self.path.split("?", 1)[0])  # type: ignore[attr-defined]
        reply = route(seen) if callable(route) else route or Reply(404, b"not found")
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.send_length:
                self.send_header("Content-Length", str(len(reply.body) * reply.repeat))
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(reply.repeat):
                self.wfile.write(reply.body)
                if reply.pause:
                    self.wfile.flush()
                    time.sleep(reply.pause)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout, size cap): that is what the test wanted

    def log_message(self, format: str, *args) -> None:  # keep test output clean
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True  # a handler still sleeping does not hold up shutdown

    def handle_error(self, request, client_address) -> None:
        pass


@contextlib.contextmanager
def local_server(routes: dict[str, Route], lifetime: float = 30.0) -> Iterator[LocalServer]:
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    httpd.routes = routes  # type: ignore[attr-defined]
    httpd.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    watchdog = threading.Timer(lifetime, httpd.shutdown)
    watchdog.daemon = True
    thread.start()
    watchdog.start()
    try:
        yield LocalServer(httpd)
    finally:
        watchdog.cancel()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
