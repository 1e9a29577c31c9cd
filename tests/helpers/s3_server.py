"""An S3-compatible endpoint on 127.0.0.1 for the tests: moto in server mode, as a real process."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def moto_server(bucket: str = "dossier") -> Iterator[str]:
    """Start ``moto_server`` (found on PATH) with ``bucket`` created; yields its host:port.

    Skips the test, saying why, when moto is not installed: nothing may be
    downloaded during tests, and moto can live in any environment on PATH.
    """
    server = shutil.which("moto_server")
    if server is None:
        pytest.skip("moto_server is not on PATH (pip install 'moto[server]' in any environment)")
    port = free_port()
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(
                    urllib.request.Request(f"http://127.0.0.1:{port}/{bucket}", method="PUT")
                )
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield f"127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait()
