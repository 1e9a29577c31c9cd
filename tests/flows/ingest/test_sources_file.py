"""Scheduled ingests of sources.yaml against a web server started by the test (loopback only).

Each test writes a small sources.yaml naming the local server (allowed by host
and port, the only internal host it may reach), runs the real flow under
Prefect's test harness, and looks at the warehouse and at what the server saw.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.helpers.http_fixtures import Reply, local_server

pytestmark = pytest.mark.flow

HTML = {"Content-Type": "text/html; charset=utf-8"}


def article(title: str, body: str) -> bytes:
    """A small article page, the kind a feed links to."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (
        f"<html><head><title>{title}</title><meta name='author' content='Aru Bekova'>"
        f"<meta property='article:published_time' content='2024-03-05'></head>"
        f"<body><nav>Home | About</nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Copyright</footer></body></html>"
    ).encode()


PAGE_A = article(
    "Ministers open the Aral water talks",
    "On 4 March 2024 the water ministers of Kazakhstan and Uzbekistan opened talks in Tashkent on "
    'sharing the Syr Darya.\nThe minister said the talks would "set quotas for the dry season".',
)
PAGE_B = article(
    "Caspian ferry line agreed",
    "Azerbaijan and Kazakhstan signed an agreement on a new ferry line across the Caspian Sea on "
    "2 March 2024.\nThe first crossing is planned for May 2024.",
)
PAGE_C = article(
    "Rail freight grows on the Middle Corridor",
    "Freight volumes on the Middle Corridor rose in 2023, Georgian Railways reported on 1 March 2024.\n"
    "Officials in Tbilisi expect further growth next year.",
)


def feed(*links: str) -> bytes:
    items = "".join(f"<item><title>item</title><link>{link}</link></item>" for link in links)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>news</title>{items}</channel></rss>".encode()


def with_etag(body: bytes, etag: str, content_type: dict = HTML):
    """A route that answers 304 when the client already holds ``etag``, like a real server."""

    def reply(seen):
        if seen.headers.get("if-none-match") == etag:
            return Reply(304, headers={"ETag": etag})
        return Reply(200, body, {**content_type, "ETag": etag})

    return reply


def sources_yaml(tmp_path, server, entries: str, **options) -> str:
    opts = {
        "allowed_hosts": f"['{server.host_port}']",
        "per_host_delay": 0,
        "respect_robots": "false",
        "timeout": 2,
        **options,
    }
    defaults = "".join(f"  {k}: {v}\n" for k, v in opts.items())
    path = tmp_path / "sources.yaml"
    path.write_text(f"schedule: null\ndefaults:\n{defaults}sources:\n{entries}", "utf-8")
    return str(path)


@pytest.fixture
def ingest(harness, tmp_path, monkeypatch):
    """Run the sources flow into this test's own warehouse and archive; retries quick."""
    from flows.ingest import ingest_sources_flow

    monkeypatch.setenv("DOSSIER_ARCHIVE", str(tmp_path / "archive"))
    monkeypatch.setenv("DOSSIER_FETCH_RETRIES", "1")
    monkeypatch.setenv("DOSSIER_FETCH_RETRY_DELAY", "0.1")
    db_path = tmp_path / "warehouse.duckdb"

    def run(sources_file):
        return ingest_sources_flow(sources_file, None, str(db_path))

    run.db = db_path
    return run


def query(db_path, sql, params=()):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_a_feed_brings_new_items_and_skips_repeated_ones(ingest, tmp_path):
    routes = {
        "/a": with_etag(PAGE_A, '"a1"'),
        "/b": with_etag(PAGE_B, '"b1"'),
        "/c": with_etag(PAGE_C, '"c1"'),
    }
    with local_server(routes) as server:
        routes["/feed.xml"] = Reply(
            200, feed(server.url("/a"), server.url("/b")), {"Content-Type": "application/rss+xml"}
        )
        config = sources_yaml(
            tmp_path, server, f"  - name: news\n    kind: feed\n    location: {server.url('/feed.xml')}\n"
        )
        first = ingest(config)
        routes["/feed.xml"] = Reply(
            200, feed(server.url("/b"), server.url("/c")), {"Content-Type": "application/rss+xml"}
        )
        second = ingest(config)

    assert sorted(first.new) == [server.url("/a"), server.url("/b")] and not first.failures
    assert second.new == [server.url("/c")] and second.unchanged == [server.url("/b")] and not second.failures
    conditional = [s.headers.get("if-none-match") for s in server.requests if s.path == "/b"]
    assert conditional == [None, '"b1"']  # the repeated item was asked "changed since?" and not downloaded
    titles = [t for (t,) in query(ingest.db, "SELECT title FROM documents ORDER BY title")]
    assert titles == [
        "Caspian ferry line agreed",
        "Ministers open the Aral water talks",
        "Rail freight grows on the Middle Corridor",
    ]
    runs = query(
        ingest.db, "SELECT sources_new, sources_unchanged, sources_failed FROM runs ORDER BY started_at"
    )
    assert runs == [(2, 0, 0), (1, 1, 0)]


def test_a_changed_page_replaces_its_rows(ingest, tmp_path):
    routes = {"/page": Reply(200, PAGE_A, HTML)}
    with local_server(routes) as server:
        config = sources_yaml(
            tmp_path, server, f"  - name: page\n    kind: url\n    location: {server.url('/page')}\n"
        )
        ingest(config)
        routes["/page"] = Reply(200, PAGE_B, HTML)
        second = ingest(config)

    assert second.changed == [server.url("/page")]
    assert query(ingest.db, "SELECT title FROM documents") == [("Caspian ferry line agreed",)]
    orphans = query(
        ingest.db,
        """SELECT count(*) FROM mentions WHERE document_id NOT IN (SELECT document_id FROM documents)
                                  UNION ALL SELECT count(*) FROM actors WHERE canonical_name = 'Tashkent'""",
    )
    assert orphans == [(0,), (0,)]


def test_bad_urls_are_recorded_and_the_good_one_loads(ingest, tmp_path):
    routes = {
        "/ok": Reply(200, PAGE_C, HTML),
        "/slow": Reply(200, PAGE_A, HTML, delay=1.5),
        "/huge": Reply(200, b"x" * 1000, HTML, repeat=50),
    }
    with local_server(routes) as server:
        routes["/to-intranet"] = Reply(302, headers={"Location": "http://192.168.10.20/admin"})
        entries = "".join(
            f"  - name: {name}\n    kind: url\n    location: {server.url('/' + name)}\n"
            for name in ("ok", "missing", "slow", "huge", "to-intranet")
        )
        summary = ingest(sources_yaml(tmp_path, server, entries, timeout=0.5, max_bytes=20000))
        slow_tries = server.paths().count("/slow")

    assert summary.new == [server.url("/ok")]
    errors = dict(query(ingest.db, "SELECT source_uri, error FROM ingest_errors"))
    assert "404" in errors[server.url("/missing")]
    assert "20,000" in errors[server.url("/huge")] or "20000" in errors[server.url("/huge")]
    assert "192.168.10.20" in errors[server.url("/to-intranet")]
    assert server.url("/slow") in errors
    assert slow_tries == 2  # a timeout is transient: tried again once (DOSSIER_FETCH_RETRIES=1)
    assert query(ingest.db, "SELECT sources_failed FROM runs") == [(4,)]


def test_a_private_address_needs_the_sources_permission(ingest, tmp_path):
    with local_server({"/ok": Reply(200, PAGE_C, HTML)}) as server:
        path = tmp_path / "sources.yaml"
        path.write_text(
            f"sources:\n  - name: internal\n    kind: url\n    location: {server.url('/ok')}\n"
            f"    options:\n      respect_robots: false\n",
            "utf-8",
        )
        summary = ingest(str(path))
        assert server.requests == []  # refused before connecting

    assert [f.stage for f in summary.failures] == ["read"]
    assert "127.0.0.1" in summary.failures[0].error
