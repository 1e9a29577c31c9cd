"""Fetching web sources without becoming a hazard to others or to ourselves.

A scheduled ingest follows links it did not choose: a feed, a sitemap or a
listing page names the URLs. So every request is checked before it is made,
on every redirect hop, not just the first: only http(s); no loopback, private,
link-local or otherwise non-public address unless the source allows it
(otherwise a page could make dossier read an intranet or a cloud metadata
service); robots.txt obeyed; one request per host per ``per_host_delay``; a
size cap enforced while streaming, so a huge or endless response costs at most
``max_bytes`` of memory. The connection then goes to the very address that was
checked, so a name that resolves differently a moment later (DNS rebinding)
cannot slip past the check.

Nothing here retries: the flow's task retries do that, with backoff, and only
for errors marked ``transient`` (timeouts, 5xx, broken connections), so a 404
or a refused address fails once and is recorded.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from core.errors import DossierError, FetchError

__all__ = [
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "HostPacer",
    "IndexResult",
    "address_refusal",
    "clear_caches",
    "fetch",
    "follow_index",
    "is_transient",
]

MiB = 1024 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}
_TRANSIENT_STATUS = {408, 425, 429}  # plus every 5xx
# RFC 9309 asks crawlers to read at least 500 KiB of robots.txt; anything past
# that is ignored rather than refused.
_ROBOTS_MAX_BYTES = 512 * 1024
_ROBOTS_TTL = 3600.0  # seconds a host's robots.txt is trusted before it is read again
_MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay above this is capped, not obeyed
_MAX_CHILD_SITEMAPS = 50


def is_transient(error: BaseException) -> bool:
    """True for failures worth retrying (the flow's retry condition): a ``DossierError`` that says so."""
    return isinstance(error, DossierError) and error.retryable


@dataclass(frozen=True)
class FetchPolicy:
    """How one source may be fetched. Built from the source's options in sources.yaml.

    ``timeout`` bounds connecting and each wait for bytes; ``total_timeout``
    bounds all the tries at one URL together (the flow's retries included), so
    a server dripping one byte a second cannot hold a run forever: it used to
    cost 300 s a try, three tries, 15 minutes for one URL. Running out of that
    budget is final, never retried. ``allowed_hosts`` lets a source reach named internal hosts
    ("intranet.example" for any port, "intranet.example:8080" for one) while
    every other non-public address stays refused; ``allow_private`` lifts the
    check for all hosts and is rarely what you want for a feed or listing,
    whose links point wherever their authors like. ``proxy`` is explicit: the
    environment's proxy variables and .netrc are ignored, so a run behaves the
    same from a cron job and from a shell.
    """

    timeout: float = 20.0
    max_bytes: int = 50 * MiB
    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()
    per_host_delay: float = 1.0
    respect_robots: bool = True
    user_agent: str = "dossier/0.1 (+document ingest)"
    max_redirects: int = 5
    total_timeout: float = 120.0
    proxy: str | None = None

    def __post_init__(self) -> None:
        hosts = self.allowed_hosts
        if isinstance(hosts, str):
            hosts = (hosts,)
        object.__setattr__(self, "allowed_hosts", frozenset(h.strip().lower() for h in hosts))


@dataclass
class FetchResult:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    data: bytes | None  # None when not modified
    headers: dict[str, str] = field(default_factory=dict)  # of the final response, lower-case names
    not_modified: bool = False

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


# --- politeness -----------------------------------------------------------


class HostPacer:
    """Spaces requests to one host at least ``delay`` seconds apart, across threads.

    Each caller reserves the next free slot under the lock and sleeps outside
    it, so threads fetching from different hosts never wait for each other and
    threads sharing a host queue up in order. Per process: tasks run in other
    processes keep their own map.
    """

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ):
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next_free: dict[str, float] = {}

    def wait(self, host: str, delay: float) -> float:
        """Block until ``host`` may be asked again; return the seconds waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next_free.get(host, now))
            self._next_free[host] = start + max(delay, 0.0)
        pause = start - now
        if pause > 0:
            self._sleep(pause)
        return pause


_PACER = HostPacer()
_robots_lock = threading.Lock()
_robots_cache: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}


def clear_caches() -> None:
    """Forget robots.txt files and request times (tests; a long-lived worker after a config change)."""
    global _PACER
    with _robots_lock:
        _robots_cache.clear()
    _PACER = HostPacer()


# --- where a URL may go ---------------------------------------------------


def address_refusal(address: str) -> str | None:
    """Why ``address`` is not a public internet address, or None when it is.

    IPv6 forms that embed an IPv4 address (mapped, 6to4, Teredo, NAT64) are
    judged by the address they carry, since that is where packets end up.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is None and ip in _NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            reason = address_refusal(str(inner))
            return f"{reason} (inside {ip})" if reason else None
    for reason, hit in (
        ("a loopback address", ip.is_loopback),
        ("a link-local address", ip.is_link_local),
        ("a private address", ip.is_private),
        ("a multicast address", ip.is_multicast),
        ("an unspecified address", ip.is_unspecified),
        ("a reserved address", ip.is_reserved),
    ):
        if hit:
            return f"{ip} is {reason}"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass
class _Target:
    url: httpx.URL
    host: str  # lower-case, IDNA-encoded, no brackets
    port: int
    addresses: list[str]  # checked; the connection goes to one of these


def _target(url: str, policy: FetchPolicy) -> _Target:
    """Parse, resolve and vet one hop; raise FetchError before any byte is sent."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as error:
        raise FetchError(f"invalid URL {url!r}: {error}") from error
    if parsed.scheme not in ("http", "https"):
        raise FetchError(
            f"only http and https URLs are fetched, not {parsed.scheme or 'a relative URL'}: {url}"
        )
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        raise FetchError(f"URL has no host: {url}")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(
            f"cannot resolve {host}: {error.strerror}", transient=error.errno == socket.EAI_AGAIN
        ) from error
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not (policy.allow_private or _host_allowed(host, port, policy.allowed_hosts)):
        for address in addresses:
            reason = address_refusal(address)
            if reason:
                raise FetchError(
                    f"refused {url}: {host} resolves to {reason}; "
                    "set allow_private or allowed_hosts on the source to fetch it"
                )
    return _Target(parsed, host, port, addresses)


def _host_allowed(host: str, port: int, allowed: Iterable[str]) -> bool:
    shown = f"[{host}]" if ":" in host else host
    return host in allowed or shown in allowed or f"{shown}:{port}" in allowed


# --- fetching -------------------------------------------------------------


def fetch(
    url: str,
    policy: FetchPolicy | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    *,
    pacer: HostPacer | None = None,
) -> FetchResult:
    """GET ``url`` under ``policy``; conditional when ``etag`` or ``last_modified`` is given.

    A 304 answer returns ``not_modified=True`` and no data. Every refusal and
    failure raises FetchError with a one-line reason.
    """
    policy = policy or FetchPolicy()
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return _get(
        url,
        policy,
        headers,
        pacer or _PACER,
        robots=policy.respect_robots,
        max_bytes=policy.max_bytes,
        truncate=False,
    )


#: When each URL's current series of tries began: a retry continues its budget, not a new one.
_FIRST_TRY: dict[str, float] = {}
_FIRST_TRY_LOCK = threading.Lock()


def _deadline(url: str, total: float) -> float:
    """The monotonic time by which every try at ``url`` must be over (the first try's start + ``total``).

    A series older than its budget is forgotten, so the next scheduled run
    starts afresh.
    """
    now = time.monotonic()
    with _FIRST_TRY_LOCK:
        started = _FIRST_TRY.get(url)
        if started is None or now - started > total:
            started = _FIRST_TRY[url] = now
    return started + total


def _done(url: str) -> None:
    with _FIRST_TRY_LOCK:
        _FIRST_TRY.pop(url, None)


def _get(
    url: str,
    policy: FetchPolicy,
    headers: dict[str, str],
    pacer: HostPacer,
    *,
    robots: bool,
    max_bytes: int,
    truncate: bool,
) -> FetchResult:
    deadline = _deadline(url, policy.total_timeout)
    try:
        result = _get_within(
            url,
            policy,
            headers,
            pacer,
            robots=robots,
            max_bytes=max_bytes,
            truncate=truncate,
            deadline=deadline,
        )
    except FetchError as error:
        if not error.transient:
            _done(url)
        raise
    _done(url)
    return result


def _get_within(
    url: str,
    policy: FetchPolicy,
    headers: dict[str, str],
    pacer: HostPacer,
    *,
    robots: bool,
    max_bytes: int,
    truncate: bool,
    deadline: float,
) -> FetchResult:
    current = url
    with _client(policy) as client:
        for _hop in range(policy.max_redirects + 1):
            if time.monotonic() > deadline:
                raise FetchError(f"took longer than {policy.total_timeout:g} s in all (not retried)")
            target = _target(current, policy)
            delay = policy.per_host_delay
            if robots:
                rules = _robots(target, policy, pacer)
                if not rules.can_fetch(policy.user_agent, current):
                    raise FetchError(f"robots.txt of {target.host} disallows {current}")
                delay = max(delay, min(float(rules.crawl_delay(policy.user_agent) or 0), _MAX_CRAWL_DELAY))
            pacer.wait(target.host, delay)
            status, response_headers, data = _send(
                client, target, policy, headers, deadline, max_bytes, truncate
            )
            if status in _REDIRECTS:
                location = response_headers.get("location", "").strip()
                if not location:
                    raise FetchError(
                        f"HTTP {status} redirect without a Location from {current}", status=status
                    )
                current = urljoin(current, location)
                continue
            return _result(url, current, status, response_headers, data)
    raise FetchError(f"more than {policy.max_redirects} redirects from {url}")


def _client(policy: FetchPolicy) -> httpx.Client:
    return httpx.Client(
        verify=_tls_context(),
        timeout=httpx.Timeout(policy.timeout),
        follow_redirects=False,  # every hop is vetted by _get
        trust_env=False,
        proxy=policy.proxy,
        headers={"User-Agent": policy.user_agent},
    )


@functools.lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for the process: building one loads the CA bundle (~25 ms a time)."""
    return httpx.create_ssl_context()


def _send(
    client: httpx.Client,
    target: _Target,
    policy: FetchPolicy,
    headers: dict[str, str],
    deadline: float,
    max_bytes: int,
    truncate: bool,
) -> tuple[int, dict[str, str], bytes | None]:
    """One request to one of the checked addresses: status, headers and (for 2xx) the capped body."""
    last_error: httpx.ConnectError | None = None
    for request_url, extra in _pinned(target, policy):
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"took longer than {policy.total_timeout:g} s in all (not retried)")
        try:
            with client.stream(
                "GET",
                request_url,
                headers={**headers, **extra[0]},
                extensions=extra[1],
                timeout=httpx.Timeout(min(policy.timeout, left)),
            ) as response:
                status = response.status_code
                response_headers = {k.lower(): v for k, v in response.headers.items()}
                if status in _REDIRECTS or status == 304:
                    return status, response_headers, None
                if status >= 400:
                    raise FetchError(
                        f"HTTP {status} {response.reason_phrase} for {target.url}".strip(),
                        transient=status >= 500 or status in _TRANSIENT_STATUS,
                        status=status,
                    )
                if status >= 300:
                    raise FetchError(
                        f"HTTP {status} without a redirect to follow for {target.url}", status=status
                    )
                return status, response_headers, _body(response, max_bytes, truncate, deadline, policy)
        except httpx.ConnectError as error:
            if _tls_rejected(error):
                raise FetchError(f"TLS certificate of {target.host} not accepted: {error}") from error
            last_error = error  # try the host's next address
        except httpx.TimeoutException as error:
            if time.monotonic() >= deadline - 0.05:
                raise FetchError(
                    f"took longer than {policy.total_timeout:g} s in all (not retried)"
                ) from error
            raise FetchError(
                f"timed out after {policy.timeout:g} s ({type(error).__name__}) for {target.url}",
                transient=True,
            ) from error
        except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError) as error:
            raise FetchError(
                f"connection to {target.host} failed: {type(error).__name__}: {error}", transient=True
            ) from error
        except httpx.HTTPError as error:
            raise FetchError(f"cannot fetch {target.url}: {type(error).__name__}: {error}") from error
    raise FetchError(f"cannot connect to {target.host}:{target.port}: {last_error}", transient=True)


def _tls_rejected(error: BaseException) -> bool:
    """A certificate that does not verify will not verify on retry: not transient."""
    seen = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _pinned(target: _Target, policy: FetchPolicy):
    """The request URL for each checked address, with the Host header and TLS name kept.

    Connecting to the address we vetted, rather than letting the client
    resolve the name again, closes the gap a rebinding DNS server would use.
    Through a proxy the proxy resolves the name, so the URL is left alone.
    """
    if policy.proxy:
        yield target.url, ({}, {})
        return
    host_header = target.url.netloc.decode("ascii").rsplit("@", 1)[-1]
    for address in target.addresses:
        extensions = {"sni_hostname": target.host} if target.url.scheme == "https" else {}
        yield target.url.copy_with(host=address.split("%", 1)[0]), ({"Host": host_header}, extensions)


def _body(
    response: httpx.Response, max_bytes: int, truncate: bool, deadline: float, policy: FetchPolicy
) -> bytes:
    """Read at most ``max_bytes`` (decoded), refusing early when the length is announced.

    The body is decoded here, from the raw bytes, a bounded slice at a time
    (``decoded_stream``), rather than by httpx: httpx expands each received
    chunk in full, so 6,777 bytes of ``Content-Encoding: gzip, gzip`` became
    4 GiB in memory (8.7 GB peak) before the size check could see it.
    """
    declared = response.headers.get("content-length", "")
    if not truncate and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response is {int(declared):,} bytes, over the {max_bytes:,}-byte limit")
    encodings = [
        e.strip().lower() for e in response.headers.get("content-encoding", "").split(",") if e.strip()
    ]
    chunks, total = [], 0
    try:
        for chunk in decoded_stream(response.iter_raw(), encodings, max_bytes if truncate else max_bytes + 1):
            if time.monotonic() > deadline:
                raise FetchError(f"took longer than {policy.total_timeout:g} s in all (not retried)")
            total += len(chunk)
            if total > max_bytes:
                if truncate:
                    chunks.append(chunk[: max_bytes - (total - len(chunk))])
                    break
                raise FetchError(f"response over the {max_bytes:,}-byte limit")
            chunks.append(chunk)
    except DecodeLimit:
        if not truncate:
            raise FetchError(f"response over the {max_bytes:,}-byte limit once decoded") from None
    except zlib.error as error:
        raise FetchError(f"response body is not valid {'/'.join(encodings)}: {error}") from error
    return b"".join(chunks)


#: Largest slice one decoding step may produce: memory per layer stays this size
#: whatever the compression ratio.
DECODE_SLICE = 64 * 1024


class DecodeLimit(Exception):
    """A decoding layer produced more bytes than the cap allows."""


def decoded_stream(raw: Iterable[bytes], encodings: list[str], limit: int) -> Iterator[bytes]:
    """The body under its ``Content-Encoding`` layers, decoded lazily, each layer's output capped at ``limit``.

    Layers are listed in the order they were applied, so they are undone in
    reverse; each is a generator that asks the one below for more input only
    when it has nothing left to give, and gives at most ``DECODE_SLICE`` bytes
    at a time (``zlib``'s ``max_length``), so nested gzip cannot expand in one
    step. ``identity`` is skipped; an encoding dossier cannot decode (``br``,
    ``zstd``: not requested) is an error rather than bytes taken for text.
    """
    stream: Iterable[bytes] = raw
    for encoding in reversed(encodings):
        if encoding == "identity":
            continue
        if encoding not in ("gzip", "x-gzip", "deflate"):
            raise FetchError(f"unsupported Content-Encoding {encoding!r}")
        stream = _capped(_inflate(stream, encoding), limit)
    return iter(stream)


def _inflate(stream: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """One gzip or deflate layer, in slices of at most ``DECODE_SLICE`` bytes (several gzip members too)."""
    wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
    decoder = zlib.decompressobj(wbits)
    first = True
    for data in stream:
        while data:
            try:
                out = decoder.decompress(data, DECODE_SLICE)
            except zlib.error:
                if not (first and encoding == "deflate"):
                    raise
                decoder = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send it
                first = False
                continue
            first = False
            if out:
                yield out
            if decoder.eof:
                data = decoder.unused_data
                decoder = zlib.decompressobj(wbits) if data else decoder
            else:
                data = decoder.unconsumed_tail
    if not decoder.eof:
        tail = decoder.flush(DECODE_SLICE)
        if tail:
            yield tail


def _capped(stream: Iterable[bytes], limit: int) -> Iterator[bytes]:
    total = 0
    for chunk in stream:
        total += len(chunk)
        if total > limit:
            raise DecodeLimit
        yield chunk


def _result(
    url: str, final_url: str, status: int, headers: dict[str, str], data: bytes | None
) -> FetchResult:
    if status == 304:
        return FetchResult(url, final_url, status, None, headers, not_modified=True)
    return FetchResult(url, final_url, status, data or b"", headers)


def _robots(target: _Target, policy: FetchPolicy, pacer: HostPacer) -> urllib.robotparser.RobotFileParser:
    """The host's robots.txt rules, read once per hour per origin.

    As RFC 9309 says: a missing file (any 4xx) allows everything; a server
    error or no answer means "do not crawl", reported as a transient failure
    so a later retry can succeed.
    """
    origin = f"{target.url.scheme}://{target.url.netloc.decode('ascii').rsplit('@', 1)[-1]}"
    now = time.monotonic()
    with _robots_lock:
        cached = _robots_cache.get(origin)
    if cached and now - cached[0] < _ROBOTS_TTL:
        return cached[1]
    rules = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
    try:
        found = _get(
            origin + "/robots.txt",
            policy,
            {},
            pacer,
            robots=False,
            max_bytes=_ROBOTS_MAX_BYTES,
            truncate=True,
        )
        rules.parse((found.data or b"").decode("utf-8", "replace").splitlines())
    except FetchError as error:
        if error.status is None or error.status >= 500 or error.status in _TRANSIENT_STATUS:
            raise FetchError(
                f"robots.txt of {target.host} unavailable, not crawling: {error}", transient=error.transient
            ) from error
        rules.allow_all = True
    rules.modified()
    with _robots_lock:
        _robots_cache[origin] = (now, rules)
    return rules


# --- following index documents -------------------------------------------


@dataclass
class IndexResult:
    """What a feed, sitemap or listing page points to.

    ``items`` are absolute http(s) URLs, newest first where the index dates
    them, at most ``max_items``. ``index`` is the index document's own fetch
    (its ETag and Last-Modified for the next run). ``errors`` are child
    sitemaps that could not be read, as (url, reason): the others still count.
    """

    items: list[str]
    index: FetchResult
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.index.not_modified


def follow_index(
    kind: str,
    url: str,
    policy: FetchPolicy | None = None,
    *,
    max_items: int = 100,
    etag: str | None = None,
    last_modified: str | None = None,
    fetcher: Callable[..., FetchResult] = fetch,
) -> IndexResult:
    """Fetch a feed, sitemap or listing page and list the article URLs it links to.

    The items are only listed, not fetched: each is then fetched with
    ``fetch`` under the same policy, so a link to an internal host is refused
    like any other URL.
    """
    from acquire import feeds

    if kind not in ("feed", "sitemap", "listing"):
        raise ValueError(f"not an index kind: {kind!r} (expected feed, sitemap or listing)")
    policy = policy or FetchPolicy()
    index = fetcher(url, policy, etag, last_modified)
    if index.not_modified:
        return IndexResult([], index)
    data, base = index.data or b"", index.final_url
    errors: list[tuple[str, str]] = []
    try:
        if kind == "feed":
            dated = [(item.url, item.published) for item in feeds.parse_feed(data, base)]
        elif kind == "sitemap":
            dated = _sitemap_urls(feeds.parse_sitemap(data, base), policy, fetcher, max_items, errors)
        else:
            dated = [(link, None) for link in feeds.listing_links(data, base, index.content_type)]
    except feeds.FeedError as error:
        raise FetchError(f"{url}: {error}") from error
    return IndexResult(_newest(dated, max_items), index, errors)


def _sitemap_urls(sitemap, policy: FetchPolicy, fetcher, max_items: int, errors: list[tuple[str, str]]):
    """Pages of a sitemap, reading the children of a sitemap index (one level, newest first)."""
    from acquire import feeds

    dated = [(entry.url, entry.lastmod) for entry in sitemap.urls]
    children = [(child, None) for child in sitemap.sitemaps]
    for child, _ in children[:_MAX_CHILD_SITEMAPS]:
        if len(dated) >= max_items:
            break
        try:
            found = fetcher(child, policy)
            inner = feeds.parse_sitemap(found.data or b"", found.final_url)
        except (FetchError, feeds.FeedError) as error:
            errors.append((child, str(error)))
            continue
        dated += [(entry.url, entry.lastmod) for entry in inner.urls]
    return dated


def _newest(dated: list[tuple[str, object]], max_items: int) -> list[str]:
    """Web URLs only, each once, newest first (undated ones after, in document order)."""
    seen: dict[str, object] = {}
    for link, when in dated:
        if urlsplit(link).scheme in ("http", "https") and link not in seen:
            seen[link] = when
    ordered = sorted(seen.items(), key=lambda pair: (pair[1] is None, _sort_key(pair[1])))
    return [link for link, _ in ordered[: max(max_items, 0)]]


def _sort_key(when) -> float:
    return -when.toordinal() if when is not None else 0.0
