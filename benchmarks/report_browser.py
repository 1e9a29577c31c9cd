"""The HTML report at thousands of rows: render time, page size, and load and filter times in Chromium.

    .venv/bin/python benchmarks/report_browser.py [--events 5000] [--quotes 5000] [--runs 3] [--keep FILE]

Builds a warehouse of ``--events`` events and ``--quotes`` quotations (100
documents, through the real loader: ``scripts/big_warehouse.py``), renders the
report as ``dossier report`` does, and opens it ``--runs`` times in headless
Chromium, driven over the DevTools protocol on a pipe (no library, no port):
each time a fresh tab, the time from navigation to the load event and the
browser's own navigation timing (DOMContentLoaded, first contentful paint),
then how long one filter takes to apply, layout included (an actor, then words
over every row's text, then clearing them). Prints medians.

``--page FILE`` only opens a report already written (to compare versions).

Figures (2 cores shared with other work, load average 6; Chromium 150
headless; 5,000 events and 5,000 quotations; medians of 5 runs):

    warehouse built in 2.0 s, read in 0.63 s, rendered in 2.69 s; page 3.79 MB
    load 572 ms (DOMContentLoaded 460, first contentful paint 160)
    filter by actor 194 ms (430 quotations of 5,000 shown), by words 68 ms,
    clearing them 340 ms and 243 ms (500 rows of each table shown again)

The report before in-page filtering (400 rows a table, every timeline mark
drawn): 2.11 MB, rendered in 7.2–15.5 s, loaded in 0.9 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dossier import report  # noqa: E402
from scripts import big_warehouse  # noqa: E402

#: Run in the page after load: timings the browser recorded (ms from navigation start).
_TIMINGS = """(() => {
  const n = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {dom_ready: n.domContentLoadedEventEnd, load: n.loadEventStart, first_paint: paint ? paint.startTime : null};
})()"""

#: Run in the page: set one filter box, let the page's script apply it, force layout; returns ms and rows shown.
_FILTER = """((name, value) => {
  const form = document.getElementById("filters"), start = performance.now();
  form.elements[name].value = value;
  form.dispatchEvent(new Event("input"));
  document.body.offsetHeight;
  return {ms: performance.now() - start, shown: document.getElementById("who-said-what-shown").textContent};
})(%s, %s)"""


class DevTools:
    """Chromium headless, spoken to over ``--remote-debugging-pipe`` (fd 3 in, fd 4 out, NUL-separated JSON)."""

    def __init__(self, browser: str, profile: Path) -> None:
        to_browser, self._to_browser = os.pipe()
        self._from_browser, from_browser = os.pipe()

        def wire() -> None:  # in the child, before exec: the pipe ends become fds 3 and 4, kept open by exec
            for fd, wanted in ((to_browser, 3), (from_browser, 4)):  # to_browser < from_browser, both > 2
                if fd == wanted:
                    os.set_inheritable(fd, True)
                else:
                    os.dup2(fd, wanted)

        self.proc = subprocess.Popen(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-extensions",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            preexec_fn=wire,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._events: list[dict] = []
        self._next = 0

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next += 1
        message: dict = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self._events.append(reply)

    def wait_for(self, event: str, session: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i, e in enumerate(self._events):
                if e.get("method") == event and e.get("sessionId") == session:
                    del self._events[i]
                    return
            self._events.append(self._read())
        raise TimeoutError(event)

    def evaluate(self, expression: str, session: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
        return result["result"]["value"]

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except RuntimeError:
            pass
        self.proc.wait(timeout=30)


def open_once(tools: DevTools, url: str) -> dict:
    """One fresh tab: load the report, read the browser's timings, apply and clear filters."""
    target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = tools.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    tools.call("Page.enable", session=session)
    start = time.perf_counter()
    tools.call("Page.navigate", {"url": url}, session)
    tools.wait_for("Page.loadEventFired", session)
    figures = {"wall_load_ms": (time.perf_counter() - start) * 1000, **tools.evaluate(_TIMINGS, session)}
    for name, value, key in (
        ("actor", "nazarov", "filter_actor"),
        ("words", "the dam", "filter_words"),
        ("actor", "", "clear_actor"),
        ("words", "", "clear_words"),
    ):
        result = tools.evaluate(_FILTER % (json.dumps(name), json.dumps(value)), session)
        figures[f"{key}_ms"] = result["ms"]
        figures[f"{key}_shown"] = result["shown"]
    tools.call("Target.closeTarget", {"targetId": target})
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--quotes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="also write the report here")
    parser.add_argument("--page", type=Path, help="only open this report (already written) in Chromium")
    args = parser.parse_args()
    browser = next(
        filter(None, (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome"))), None
    )
    if browser is None:
        print("no chromium on PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="report-browser-") as tmp:
        folder = Path(tmp)
        if args.page:
            runs = _open(browser, folder, args.page.resolve().as_uri(), args.runs)
            print(f"{args.page}: {args.page.stat().st_size / 1e6:.2f} MB")
            _print(runs)
            return 0
        start = time.perf_counter()
        db = big_warehouse.build(folder, 100, args.events // 100, args.quotes // 100)
        built = time.perf_counter() - start
        start = time.perf_counter()
        data = report.collect(db)
        collected = time.perf_counter() - start
        start = time.perf_counter()
        page = report.render_html(data)
        rendered = time.perf_counter() - start
        out = folder / "report.html"
        out.write_text(page, encoding="utf-8")
        if args.keep:
            shutil.copy(out, args.keep)
        size = out.stat().st_size
        print(
            f"{len(data.events)} events, {len(data.quotes)} quotations: warehouse built in {built:.1f} s, "
            f"read in {collected:.2f} s, rendered in {rendered:.2f} s; page {size / 1e6:.2f} MB"
        )
        runs = _open(browser, folder, out.as_uri(), args.runs)
    _print(runs)
    return 0


def _open(browser: str, folder: Path, url: str, times: int) -> list[dict]:
    tools = DevTools(browser, folder / "profile")
    try:
        return [open_once(tools, url) for _ in range(times)]
    finally:
        tools.close()


def _print(runs: list[dict]) -> None:
    for key in runs[0]:
        values = [r[key] for r in runs]
        if isinstance(values[0], int | float):
            print(
                f"  {key:>18}: median {statistics.median(values):8.0f} ms  (runs: {', '.join(f'{v:.0f}' for v in values)})"
            )
        else:
            print(f"  {key:>18}: {values[0]}")


if __name__ == "__main__":
    sys.exit(main())
