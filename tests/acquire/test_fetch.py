"""Fetching against a web server the test starts on 127.0.0.1; nothing leaves the machine.

The server is on loopback, which the fetcher refuses by default, so each test
allows exactly that server (``server.policy()`` sets ``allowed_hosts`` to its
host:port) and shows that every other private address stays refused.
"""

import hashlib
import threading

import pytest

from acquire import fetch as fetching
from acquire.fetch import (
    FetchError,
    FetchPolicy,
    HostPacer,
    address_refusal,
    fetch,
    follow_index,
    is_transient,
)
from acquire.sources import SourceError
from tests.helpers.http_fixtures import Reply, local_server
from tests.helpers.paths import SAMPLES


@pytest.fixture(autouse=True)
def fresh_caches():
    fetching.clear_caches()
    yield
    fetching.clear_caches()


def feed(*items: str) -> bytes:
    entries = "".join(f"<item><title>{name}</title><link>/articles/{name}</link></item>" for name in items)
    return f'<rss version="2.0"><channel><title>Desk</title>{entries}</channel></rss>'.encode()


def test_a_page_comes_back_with_its_bytes_and_headers():
    with local_server(
        {"/a.html": Reply(body=b"<p>hello</p>", headers={"Content-Type": "text/html"})}
    ) as server:
        result = fetch(server.url("/a.html"), server.policy())
    assert (result.status, result.data, result.content_type) == (200, b"<p>hello</p>", "text/html")
    assert result.final_url == result.url == server.url("/a.html") and not result.not_modified
    assert server.requests[-1].headers["user-agent"].startswith("dossier/")


def test_a_feed_with_new_and_repeated_items():
    """The second read of the feed lists one new item; the repeated ones fetch the same bytes again."""
    versions = iter([feed("dams", "talks"), feed("summit", "dams", "talks")])
    routes = {"/feed.xml": lambda seen: Reply(body=next(versions))}
    routes.update(
        {f"/articles/{name}": Reply(body=f"<p>{name}</p>".encode()) for name in ("dams", "talks", "summit")}
    )
    archived: set[str] = set()

    def run(server) -> tuple[list[str], list[str]]:
        listed = follow_index("feed", server.url("/feed.xml"), server.policy()).items
        new = []
        for url in listed:
            sha = hashlib.sha256(fetch(url, server.policy()).data).hexdigest()
            if sha not in archived:
                archived.add(sha)
                new.append(url.rsplit("/", 1)[-1])
        return [url.rsplit("/", 1)[-1] for url in listed], new

    with local_server(routes) as server:
        assert run(server) == (["dams", "talks"], ["dams", "talks"])
        assert run(server) == (["summit", "dams", "talks"], ["summit"])


def test_a_404_is_a_permanent_failure_and_a_503_a_transient_one():
    with local_server({"/busy": Reply(503, b"try later")}) as server:
        with pytest.raises(FetchError, match="HTTP 404 Not Found") as missing:
            fetch(server.url("/gone"), server.policy())
        with pytest.raises(FetchError, match="HTTP 503") as busy:
            fetch(server.url("/busy"), server.policy())
    assert (missing.value.status, is_transient(missing.value)) == (404, False)
    assert (busy.value.status, is_transient(busy.value)) == (503, True)
    assert isinstance(missing.value, SourceError)  # so the flow records it as a read failure


def test_a_server_slower_than_the_timeout_is_a_transient_failure():
    with local_server({"/slow": Reply(body=b"late", delay=1.0)}) as server:
        with pytest.raises(FetchError, match="timed out after 0.3 s") as slow:
            fetch(server.url("/slow"), server.policy(timeout=0.3))
    assert slow.value.transient


def test_an_oversized_response_is_refused_from_its_length_or_while_streaming():
    routes = {
        "/announced": Reply(body=b"x" * 5000),
        "/endless": Reply(body=b"y" * 4096, repeat=2000, send_length=False),  # 8 MB, length unknown
    }
    with local_server(routes) as server:
        with pytest.raises(FetchError, match="5,000 bytes, over the 1,000-byte limit"):
            fetch(server.url("/announced"), server.policy(max_bytes=1000))
        with pytest.raises(FetchError, match="over the 10,000-byte limit"):
            fetch(server.url("/endless"), server.policy(max_bytes=10_000))


def test_loopback_is_refused_unless_the_source_allows_it():
    with local_server({"/": Reply(body=b"internal")}) as server:
        with pytest.raises(FetchError, match="127.0.0.1 is a loopback address"):
            fetch(server.url("/"), FetchPolicy(per_host_delay=0))
        assert server.requests == []  # refused before connecting
        assert fetch(server.url("/"), FetchPolicy(allow_private=True, per_host_delay=0)).data == b"internal"


def test_a_redirect_to_a_private_address_is_refused():
    """Allowing the feed's host does not allow the places it redirects to."""
    with local_server({}) as server:
        server.route(
            "/to-other-loopback", Reply(302, headers={"Location": f"http://127.0.0.2:{server.port}/admin"})
        )
        server.route(
            "/to-localhost", Reply(302, headers={"Location": f"http://localhost:{server.port}/admin"})
        )
        server.route("/to-file", Reply(302, headers={"Location": "file:///etc/passwd"}))
        with pytest.raises(FetchError, match="refused http://127.0.0.2:.*127.0.0.2 is a loopback address"):
            fetch(server.url("/to-other-loopback"), server.policy())
        with pytest.raises(FetchError, match="refused http://localhost:.*is a loopback address"):
            fetch(server.url("/to-localhost"), server.policy())  # the same address, but not the allowed name
        with pytest.raises(FetchError, match="only http and https URLs are fetched, not file"):
            fetch(server.url("/to-file"), server.policy())
        assert "/admin" not in server.paths()


def test_redirects_on_the_allowed_host_are_followed_up_to_the_limit():
    routes = {
        "/old": Reply(301, headers={"Location": "/new"}),
        "/new": Reply(body=b"moved"),
        "/loop": Reply(302, headers={"Location": "/loop"}),
    }
    with local_server(routes) as server:
        moved = fetch(server.url("/old"), server.policy())
        with pytest.raises(FetchError, match="more than 3 redirects"):
            fetch(server.url("/loop"), server.policy(max_redirects=3))
    assert (moved.url, moved.final_url, moved.data) == (server.url("/old"), server.url("/new"), b"moved")


def test_an_unchanged_page_answers_304_to_its_etag_or_date():
    def page(seen):
        if (
            seen.headers.get("if-none-match") == '"v1"'
            or seen.headers.get("if-modified-since") == "Mon, 01 Apr 2024 00:00:00 GMT"
        ):
            return Reply(304)
        return Reply(
            body=b"report", headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Apr 2024 00:00:00 GMT"}
        )

    with local_server({"/report": page}) as server:
        first = fetch(server.url("/report"), server.policy())
        by_etag = fetch(server.url("/report"), server.policy(), etag=first.etag)
        by_date = fetch(server.url("/report"), server.policy(), last_modified=first.last_modified)
    assert first.data == b"report" and not first.not_modified
    assert (by_etag.not_modified, by_etag.data, by_etag.status) == (True, None, 304)
    assert by_date.not_modified


def test_robots_txt_is_obeyed_and_read_once_per_host():
    routes = {
        "/robots.txt": Reply(body=b"User-agent: *\nDisallow: /private/\n"),
        "/public/a": Reply(body=b"a"),
        "/private/b": Reply(body=b"b"),
    }
    with local_server(routes) as server:
        assert fetch(server.url("/public/a"), server.policy()).data == b"a"
        with pytest.raises(FetchError, match="robots.txt of 127.0.0.1 disallows") as refused:
            fetch(server.url("/private/b"), server.policy())
        assert fetch(server.url("/private/b"), server.policy(respect_robots=False)).data == b"b"
        assert server.paths().count("/robots.txt") == 1
        assert "/private/b" in server.paths() and server.paths().count("/private/b") == 1
    assert not refused.value.transient


def test_a_failing_robots_txt_means_not_now():
    with local_server({"/robots.txt": Reply(500), "/a": Reply(body=b"a")}) as server:
        with pytest.raises(FetchError, match="robots.txt of 127.0.0.1 unavailable") as error:
            fetch(server.url("/a"), server.policy())
    assert error.value.transient and server.paths() == ["/robots.txt"]


def test_a_listing_page_cannot_send_us_to_an_internal_host():
    with local_server({}) as server:
        page = (
            f'<rss version="2.0"><channel><item><link>/ok</link></item>'
            f"<item><link>http://127.0.0.2:{server.port}/admin</link></item></channel></rss>"
        ).encode()
        server.route("/feed", Reply(body=page))
        server.route("/ok", Reply(body=b"fine"))
        items = follow_index("feed", server.url("/feed"), server.policy()).items
        assert fetch(items[0], server.policy()).data == b"fine"
        with pytest.raises(FetchError, match="loopback"):
            fetch(items[1], server.policy())


def test_a_sitemap_index_is_followed_and_a_broken_child_reported():
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>/sitemap-a.xml</loc></sitemap><sitemap><loc>/sitemap-gone.xml</loc></sitemap>
    </sitemapindex>"""
    child = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>/old</loc><lastmod>2023-01-01</lastmod></url><url><loc>/undated</loc></url>
      <url><loc>/new</loc><lastmod>2024-06-01</lastmod></url><url><loc>mailto:desk@example.org</loc></url>
    </urlset>"""
    with local_server({"/sitemap.xml": Reply(body=index), "/sitemap-a.xml": Reply(body=child)}) as server:
        found = follow_index("sitemap", server.url("/sitemap.xml"), server.policy())
        newest = follow_index("sitemap", server.url("/sitemap.xml"), server.policy(), max_items=1)
    assert found.items == [server.url("/new"), server.url("/old"), server.url("/undated")]  # newest first
    assert newest.items == [server.url("/new")]
    assert [(url.rsplit("/", 1)[-1], "404" in reason) for url, reason in found.errors] == [
        ("sitemap-gone.xml", True)
    ]


def test_a_listing_source_lists_the_permalinks_of_its_articles():
    page = (SAMPLES / "analysis-listing.html").read_bytes()
    with local_server({"/analysis/": Reply(body=page, headers={"Content-Type": "text/html"})}) as server:
        found = follow_index("listing", server.url("/analysis/"), server.policy())
    assert len(found.items) == 2 and all(url.startswith(server.url("/analysis/")) for url in found.items)
    assert found.index.data == page  # the page itself, should the flow want to archive it too


def test_an_unchanged_feed_lists_nothing():
    def feed_route(seen):
        return (
            Reply(304)
            if seen.headers.get("if-none-match") == '"f1"'
            else Reply(body=feed("a"), headers={"ETag": '"f1"'})
        )

    with local_server({"/feed.xml": feed_route}) as server:
        first = follow_index("feed", server.url("/feed.xml"), server.policy())
        again = follow_index("feed", server.url("/feed.xml"), server.policy(), etag=first.index.etag)
    assert len(first.items) == 1 and (again.items, again.not_modified) == ([], True)


def test_requests_to_one_host_are_spaced_by_the_policy_delay():
    clock = FakeClock()
    pacer = HostPacer(clock.now, clock.sleep)
    with local_server({"/a": Reply(body=b"a"), "/b": Reply(body=b"b")}) as server:
        fetch(server.url("/a"), server.policy(per_host_delay=5), pacer=pacer)
        fetch(server.url("/b"), server.policy(per_host_delay=5), pacer=pacer)
    # robots.txt at 0 s, /a at 5 s, /b at 10 s: two waits of 5 s, no real sleeping.
    assert clock.slept == [5.0, 5.0]


def test_the_pacer_queues_threads_sharing_a_host_and_lets_other_hosts_through():
    clock = FakeClock(advance=False)  # all four ask at the same instant
    pacer = HostPacer(clock.now, clock.sleep)
    waits: list[float] = []
    threads = [threading.Thread(target=lambda: waits.append(pacer.wait("ex.org", 1.0))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == [0.0, 1.0, 2.0, 3.0]
    assert pacer.wait("other.example", 1.0) == 0.0


def test_only_public_addresses_pass_without_permission():
    refused = [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fd00::5",
        "::ffff:127.0.0.1",
        "2002:c0a8:0101::1",
        "64:ff9b::a00:1",
    ]
    assert [a for a in refused if address_refusal(a) is None] == []
    assert address_refusal("93.184.215.14") is None and address_refusal("2606:4700::1111") is None
    assert "inside" in address_refusal("::ffff:10.0.0.1")


def test_only_web_urls_are_fetched():
    for url, message in [
        ("file:///etc/passwd", "not file"),
        ("ftp://ex.org/a", "not ftp"),
        ("/relative/path", "not a relative URL"),
        ("http:///nohost", "no host|invalid URL"),
    ]:
        with pytest.raises(FetchError, match=message):
            fetch(url, FetchPolicy())


class FakeClock:
    """Time that moves only when someone sleeps (or not at all): pacing tests that take no time."""

    def __init__(self, advance: bool = True):
        self.t, self.slept, self.advance, self._lock = 100.0, [], advance, threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self.t

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.t += seconds if self.advance else 0.0


def test_nested_gzip_is_capped_while_it_expands_in_bounded_memory():
    """``Content-Encoding: gzip, gzip`` of 256 MiB of zeros is a few KB; reading it stops at the cap."""
    import tracemalloc

    from scripts.hostile_inputs import gzip_layers

    bomb = gzip_layers(256 * 2**20, layers=2)
    assert len(bomb) < 20_000
    with local_server({"/bomb": Reply(body=bomb, headers={"Content-Encoding": "gzip, gzip"})}) as server:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError, match="over the 1,000,000-byte limit") as refused:
                fetch(server.url("/bomb"), server.policy(max_bytes=1_000_000))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert not refused.value.transient
    assert peak < 8 * 2**20, f"peak {peak:,} bytes while refusing"


def test_gzip_and_deflate_bodies_are_decoded():
    import gzip
    import zlib

    text = b"<p>Dushanbe</p>" * 100
    routes = {
        "/gz": Reply(body=gzip.compress(gzip.compress(text)), headers={"Content-Encoding": "gzip, gzip"}),
        "/deflate": Reply(body=zlib.compress(text), headers={"Content-Encoding": "deflate"}),
        "/raw-deflate": Reply(body=zlib.compress(text)[2:-4], headers={"Content-Encoding": "deflate"}),
        "/br": Reply(body=b"??", headers={"Content-Encoding": "br"}),
    }
    with local_server(routes) as server:
        for path in ("/gz", "/deflate", "/raw-deflate"):
            assert fetch(server.url(path), server.policy()).data == text
        with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
            fetch(server.url("/br"), server.policy())


def test_a_dripping_server_runs_out_of_its_total_budget_and_is_not_retried():
    with local_server({"/drip": Reply(body=b"x", repeat=100, pause=0.1, send_length=False)}) as server:
        with pytest.raises(FetchError, match="took longer than 0.5 s in all") as slow:
            fetch(server.url("/drip"), server.policy(total_timeout=0.5))
    assert not slow.value.transient


def test_retries_of_one_url_share_one_time_budget():
    """A transient failure (a timeout) leaves less of the budget to the next try, not a fresh one."""
    with local_server({"/slow": Reply(body=b"late", delay=0.6)}) as server:
        policy = server.policy(timeout=0.3, total_timeout=0.5)
        with pytest.raises(FetchError, match="timed out") as first:
            fetch(server.url("/slow"), policy)
        assert first.value.transient
        with pytest.raises(FetchError, match="in all"):
            fetch(server.url("/slow"), policy)  # the retry finds the budget spent
