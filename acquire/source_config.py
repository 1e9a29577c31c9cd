"""sources.yaml: the sources a scheduled ingest reads, each with a schedule and fetch options.

The file is written by people and read by unattended runs, so every mistake
is caught when it is loaded, with the source and the key named: an unknown
kind, a misspelt option (which YAML would otherwise happily ignore, leaving a
source fetching internal hosts its author meant to forbid), a bad cron line.
Paths are taken relative to the file, so the same file works from any
working directory, cron job or deployment.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from acquire.fetch import FetchPolicy
from core.errors import ConfigError

__all__ = [
    "KINDS",
    "WEB_KINDS",
    "Notify",
    "SourceConfigError",
    "SourceOptions",
    "SourceSpec",
    "cron_problem",
    "interval_seconds",
    "load_notify",
    "load_sources",
]

#: folder and file are read from disk; the others are fetched. feed, sitemap
#: and listing are index documents whose items are fetched in turn.
KINDS = ("folder", "file", "url", "feed", "sitemap", "listing")
WEB_KINDS = frozenset({"url", "feed", "sitemap", "listing"})
INDEX_KINDS = frozenset({"feed", "sitemap", "listing"})

_SOURCE_KEYS = ("name", "kind", "location", "schedule", "options")
_TOP_KEYS = ("schedule", "defaults", "notify", "sources")
_NOTIFY_KEYS = ("webhook", "when")
#: A run "failed" when it stopped before publishing (busy warehouse, bad sources.yaml, a crash in a
#: stage); "partial" when it published but some sources failed.
NOTIFY_WHEN = ("failed", "partial")


class SourceConfigError(ConfigError, ValueError):
    """sources.yaml cannot be used as written; the message says where and why."""


@dataclass(frozen=True)
class SourceOptions:
    """How a web source is fetched (see sources.yaml for what each one is for)."""

    allow_private: bool = False
    allowed_hosts: tuple[str, ...] = ()
    max_items: int = 100
    per_host_delay: float = 1.0
    respect_robots: bool = True
    timeout: float = 20.0
    total_timeout: float = 120.0  # seconds for all tries at one URL together; running out is not retried
    max_bytes: int | None = None  # None: the DOSSIER_MAX_SOURCE_BYTES setting


@dataclass(frozen=True)
class SourceSpec:
    name: str
    kind: str  # one of KINDS
    location: str  # an absolute path (folder, file) or an http(s) URL
    schedule: str | None  # five-field cron (UTC) or "every N seconds|minutes|hours"; None: only by hand
    options: SourceOptions = field(default_factory=SourceOptions)

    @property
    def is_web(self) -> bool:
        return self.kind in WEB_KINDS

    @property
    def is_index(self) -> bool:
        return self.kind in INDEX_KINDS

    def policy(self, max_bytes: int | None = None) -> FetchPolicy:
        """The fetch policy for this source and the items it links to.

        ``max_bytes`` is the run's default size cap (the settings'); the
        source's own ``max_bytes`` option wins over it.
        """
        o = self.options
        cap = o.max_bytes or max_bytes
        return FetchPolicy(
            timeout=o.timeout,
            total_timeout=o.total_timeout,
            allow_private=o.allow_private,
            allowed_hosts=frozenset(o.allowed_hosts),
            per_host_delay=o.per_host_delay,
            respect_robots=o.respect_robots,
            **({"max_bytes": cap} if cap else {}),
        )


@dataclass(frozen=True)
class Notify:
    """Where to tell someone that an unattended run went wrong: a URL that is POSTed a small JSON."""

    webhook: str
    when: tuple[str, ...] = ("failed",)  # of NOTIFY_WHEN


def load_sources(path: str | Path) -> list[SourceSpec]:
    """Read and check sources.yaml; raise SourceConfigError naming the first problem."""
    path = Path(path)
    where = str(path)
    top = _mapping(_read_yaml(path), where, _TOP_KEYS)
    _notify(top.get("notify"), f"{where}: notify")  # checked with the rest, used by the flows
    default_schedule = _schedule(top.get("schedule"), f"{where}: schedule")
    defaults = _options(top.get("defaults") or {}, f"{where}: defaults", SourceOptions())
    entries = top.get("sources")
    if not isinstance(entries, list) or not entries:
        raise SourceConfigError(f"{where}: 'sources' must be a list with at least one source")
    specs = [
        _spec(entry, f"{where}: sources[{i}]", path.parent.resolve(), default_schedule, defaults)
        for i, entry in enumerate(entries)
    ]
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise SourceConfigError(f"{where}: two sources are named {spec.name!r}; names must be unique")
        seen.add(spec.name)
    return specs


def load_notify(path: str | Path) -> Notify | None:
    """The ``notify`` block of sources.yaml, or None; read on its own so that a run stopped by a
    mistake elsewhere in the file can still say so. A file that cannot be read at all gives None."""
    try:
        raw = _read_yaml(Path(path))
    except SourceConfigError:
        return None
    if not isinstance(raw, dict):
        return None
    return _notify(raw.get("notify"), f"{path}: notify")


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SourceConfigError(f"{path}: cannot read: {error.strerror or error}") from error
    except yaml.YAMLError as error:
        raise SourceConfigError(f"{path}: not valid YAML: {' '.join(str(error).split())}") from error


def _notify(raw: Any, where: str) -> Notify | None:
    """``notify: {webhook: URL, when: [failed, partial]}``; the webhook is the operator's own
    address (a chat or alerting hook), so loopback and private hosts are allowed here."""
    if raw is None:
        return None
    raw = _mapping(raw, where, _NOTIFY_KEYS)
    url = raw.get("webhook")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceConfigError(f"{where}: webhook must be an http(s) URL, not {url!r}")
    when = raw.get("when", ["failed"])
    when = [when] if isinstance(when, str) else when
    if not isinstance(when, list) or not when or any(w not in NOTIFY_WHEN for w in when):
        raise SourceConfigError(f"{where}: when must be failed, partial or both, not {raw.get('when')!r}")
    return Notify(url, tuple(dict.fromkeys(when)))


def _spec(
    entry: Any, where: str, base: Path, default_schedule: str | None, defaults: SourceOptions
) -> SourceSpec:
    entry = _mapping(entry, where, _SOURCE_KEYS)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SourceConfigError(f"{where}: every source needs a 'name'")
    where = f"{where} ({name})"
    kind = entry.get("kind")
    if kind not in KINDS:
        raise SourceConfigError(f"{where}: unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    location = entry.get("location")
    if not isinstance(location, str) or not location.strip():
        raise SourceConfigError(
            f"{where}: missing 'location' (a path for {kind} sources)"
            if kind not in WEB_KINDS
            else f"{where}: missing 'location' (an http(s) URL)"
        )
    location = _location(location.strip(), kind, base, where)
    schedule = _schedule(entry["schedule"], f"{where}: schedule") if "schedule" in entry else default_schedule
    if kind not in WEB_KINDS and entry.get("options"):
        raise SourceConfigError(f"{where}: options apply to web sources only, not to a {kind}")
    options = _options(entry.get("options") or {}, f"{where}: options", defaults)
    return SourceSpec(name.strip(), kind, location, schedule, options)


def _location(location: str, kind: str, base: Path, where: str) -> str:
    if kind in WEB_KINDS:
        parts = urlsplit(location)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SourceConfigError(f"{where}: location must be an http(s) URL, not {location!r}")
        return location
    if "://" in location:
        raise SourceConfigError(f"{where}: a {kind} location is a path, not {location!r}; use kind: url")
    return str((base / Path(location).expanduser()).resolve())


def _options(raw: Any, where: str, defaults: SourceOptions) -> SourceOptions:
    names = [f.name for f in fields(SourceOptions)]
    raw = _mapping(raw, where, names)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        values[key] = _option_value(key, value, f"{where}: {key}")
    return SourceOptions(**{**{n: getattr(defaults, n) for n in names}, **values})


def _option_value(key: str, value: Any, where: str) -> Any:
    if key in ("allow_private", "respect_robots"):
        if not isinstance(value, bool):
            raise SourceConfigError(f"{where}: must be true or false, not {value!r}")
        return value
    if key == "allowed_hosts":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(h, str) and h.strip() for h in value):
            raise SourceConfigError(
                f"{where}: must be a list of host names, e.g. [intranet.example, 'wiki.local:8080']"
            )
        return tuple(h.strip().lower() for h in value)
    if key in ("max_items", "max_bytes"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SourceConfigError(f"{where}: must be a whole number of at least 1, not {value!r}")
        return value
    # per_host_delay, timeout, total_timeout: seconds
    positive = key in ("timeout", "total_timeout")
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or value < 0
        or (positive and value == 0)
    ):
        raise SourceConfigError(
            f"{where}: must be a number of seconds{' above 0' if positive else ''}, not {value!r}"
        )
    return float(value)


def _mapping(raw: Any, where: str, allowed) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise SourceConfigError(f"{where}: expected a mapping of keys to values, not {type(raw).__name__}")
    for key in raw:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f"; known keys: {', '.join(allowed)}"
            raise SourceConfigError(f"{where}: unknown key {key!r}{hint}")
    return raw


def _schedule(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceConfigError(f'{where}: a cron line in quotes, e.g. "30 2 * * *", not {value!r}')
    if value.strip().lower().startswith("every"):
        if interval_seconds(value) is None:
            raise SourceConfigError(
                f'{where}: bad interval {value!r}: write e.g. "every 15 minutes" or "every 30s"'
            )
        return " ".join(value.lower().split())
    problem = cron_problem(value)
    if problem:
        raise SourceConfigError(f"{where}: bad cron {value!r}: {problem}")
    return " ".join(value.split())


# --- intervals ------------------------------------------------------------

_INTERVAL = re.compile(r"every\s+(\d+)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}


def interval_seconds(line: str) -> int | None:
    """Seconds between runs for "every 15 minutes" / "every 30s" / "every 2 h", else None.

    An interval is what Prefect's IntervalSchedule runs natively; it is how a
    source is polled more often than cron's one minute, and how the end-to-end
    test gets a run within seconds instead of waiting for the next minute.
    """
    match = _INTERVAL.fullmatch(line.strip())
    if not match or int(match.group(1)) == 0:
        return None
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)[0].lower()]


# --- cron -----------------------------------------------------------------

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_CRON_FIELDS = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day-of-month", 1, 31, {}),
    ("month", 1, 12, {name: i + 1 for i, name in enumerate(_MONTHS)}),
    ("day-of-week", 0, 7, {name: i for i, name in enumerate(_DAYS)}),
)
_CRON_MACROS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}


def cron_problem(line: str) -> str | None:
    """What is wrong with a cron line, or None: standard five fields, names, ranges, steps, @daily.

    Checked here rather than by Prefect so that a bad schedule is reported
    when sources.yaml is read, not when a deployment is created; the accepted
    syntax is the common subset that Prefect's cron schedules also accept.
    """
    if line.strip().lower() in _CRON_MACROS:
        return None
    parts = line.split()
    if len(parts) != 5:
        return f"expected 5 fields (minute hour day-of-month month day-of-week), found {len(parts)}"
    for text, (label, low, high, names) in zip(parts, _CRON_FIELDS):
        for item in text.split(","):
            problem = _cron_item(item.lower(), low, high, names)
            if problem:
                return f"{label} {text!r}: {problem}"
    return None


def _cron_item(item: str, low: int, high: int, names: dict[str, int]) -> str | None:
    base, slash, step = item.partition("/")
    if slash and not (step.isdigit() and 0 < int(step) <= high):
        return f"step {step!r} must be a number from 1 to {high}"
    if base == "*":
        return None
    start, dash, end = base.partition("-")
    for value in (start, end) if dash else (start,):
        number = names.get(value, int(value) if value.isdigit() else None)
        if number is None or not low <= number <= high:
            return f"{value!r} is not a value from {low} to {high}" + (" or a name" if names else "")
    return None  # a range like 22-2 wraps around, as in Prefect's schedules
