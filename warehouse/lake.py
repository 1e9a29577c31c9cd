"""The warehouse as a DuckLake: a catalog database plus a folder (or bucket) of Parquet files.

A single-file DuckDB warehouse has one writer and is published by copying the
whole file (``warehouse/publish.py``). A DuckLake has neither cost: every
commit is a snapshot written as new Parquet files plus a few catalog rows, so a
run commits batch after batch straight into the published warehouse, several
runs may write at once (a conflicting commit is retried), and readers see each
commit as it lands, or any earlier snapshot (``AT (VERSION => n)``).

One setting names the lake (``DOSSIER_DB`` or ``--db``):

- ``PATH.ducklake`` (or ``ducklake:PATH``): a folder holding ``catalog.sqlite``
  (the catalog, a SQLite file) and ``data/`` (the Parquet files).
- ``ducklake:postgres:dbname=dossier host=db.internal;data_path=s3://bucket/dossier/``:
  any catalog DuckLake takes (``postgres:``, ``sqlite:FILE``, ``duckdb:FILE``),
  with the data path after ``;data_path=`` (local folder or object storage).

The extensions (``ducklake``, ``sqlite``/``postgres``, ``httpfs`` for s3://)
come from the pinned ``duckdb-ext-*`` PyPI packages when installed (files loaded
by path, nothing downloaded), otherwise from DuckDB's own ``INSTALL``.

DuckLake has no PRIMARY KEY, UNIQUE or ``ON CONFLICT``, no macros and only
literal defaults: the migrations lose their key constraints on the way in
(``lake_sql``), upserts are ``MERGE INTO``, and full-text search (an index made
of macros) is not available on a lake yet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import random
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb

#: The catalog's name inside every connection dossier opens on a lake (``lake.main.events``).
ALIAS = "lake"
SUFFIX = ".ducklake"
PREFIX = "ducklake:"
CATALOG_FILE = "catalog.sqlite"
DATA_FOLDER = "data"

T = TypeVar("T")


@dataclass(frozen=True)
class Lake:
    """Where a lake's catalog and data live; ``folder`` is set for the one-folder local form."""

    catalog: str  # what follows "ducklake:" in ATTACH: sqlite:/x/catalog.sqlite, postgres:dbname=...
    data_path: str | None
    folder: Path | None = None

    def attach_sql(self, read_only: bool = False, snapshot: int | None = None, alias: str = "") -> str:
        options = []
        if self.data_path:
            options.append(f"DATA_PATH '{_quoted(self.data_path)}'")
        if self.folder is not None:  # the catalog stores an absolute path: a moved folder still opens
            options.append("OVERRIDE_DATA_PATH TRUE")
        if read_only or snapshot is not None:
            options.append("READ_ONLY")
        if snapshot is not None:
            options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
        tail = f" ({', '.join(options)})" if options else ""
        return f"ATTACH '{PREFIX}{_quoted(self.catalog)}' AS {alias or ALIAS}{tail}"

    def extensions(self) -> list[str]:
        needed = ["ducklake"]
        kind = self.catalog.split(":", 1)[0]
        if kind in ("sqlite", "postgres"):
            needed.append(kind)
        if self.data_path and re.match(r"^(s3|gcs|gs|r2|https?)://", self.data_path):
            needed.append("httpfs")
        return needed

    def exists(self) -> bool:
        """False only when a local lake's catalog file is missing (a remote catalog is asked instead)."""
        if self.folder is not None:
            return (self.folder / CATALOG_FILE).is_file()
        kind, _, rest = self.catalog.partition(":")
        if kind in ("sqlite", "duckdb"):
            return Path(rest).is_file()
        return True

    def __str__(self) -> str:
        return str(self.folder) if self.folder is not None else PREFIX + self.catalog


def is_lake(location: Path | str) -> bool:
    """True when ``location`` names a DuckLake rather than a single DuckDB file."""
    text = str(location)
    return text.startswith(PREFIX) or text.rstrip("/").endswith(SUFFIX)


def parse(location: Path | str) -> Lake:
    """The lake ``location`` names (see the module's docstring for the forms)."""
    text = str(location)
    if text.startswith(PREFIX):
        text = text[len(PREFIX) :]
    spec, _, data = text.partition(";data_path=")
    kind = spec.split(":", 1)[0]
    if kind in ("sqlite", "postgres", "duckdb", "mysql"):
        return Lake(spec, data or None)
    folder = Path(spec).expanduser().resolve()
    if folder.is_file():
        raise LakeUnreadable(f"{folder} is a file, not a DuckLake folder")
    data_path = data or str(folder / DATA_FOLDER) + "/"
    return Lake(f"sqlite:{folder / CATALOG_FILE}", data_path, folder)


class LakeUnreadable(Exception):
    """The location names something that is not a DuckLake dossier can open."""


# --- extensions --------------------------------------------------------------------------------


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """The pinned package's extension file, else DuckDB's own ``INSTALL`` (which may download it)."""
    from warehouse.search import bundled_extension

    # The sqlite and postgres extensions ship as sqlite_scanner / postgres_scanner files.
    path = bundled_extension(name) or bundled_extension(f"{name}_scanner")
    if path is not None:
        con.execute(f"LOAD '{_quoted(str(path))}'")
    else:
        con.execute(f"INSTALL {name}")
        con.execute(f"LOAD {name}")


# --- connections -------------------------------------------------------------------------------

_instances: dict[tuple[str, bool, int | None], duckdb.DuckDBPyConnection] = {}
_instances_lock = threading.Lock()


def connect(lake: Lake, read_only: bool = False, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
    """A connection whose default catalog is the lake (``USE lake``): unqualified names are its tables.

    Loading the two extensions and attaching costs 0.3-0.6 s, paid once per
    process: later calls get a new cursor on the same in-memory DuckDB, which
    shares the attachment but has its own transactions and temp tables. Each
    transaction reads the latest snapshot, so a cursor never sees stale data.
    In a process that already writes the lake, a read-only request gets a
    cursor of the writer's attachment (a run's own reads cost no second
    attach); an attachment ``dossier sql`` locked down is never handed out again.
    """
    creating = not read_only and snapshot is None and lake.folder is not None
    if not creating and not lake.exists():
        raise FileNotFoundError(f"no warehouse at {lake}: run `dossier ingest` first")
    key = (str(lake) + "|" + (lake.data_path or ""), read_only, snapshot)
    with _instances_lock:
        # A process that writes the lake reads it through the same attachment (a run's own checks).
        base = _instances.get(key) or (
            _instances.get((key[0], False, None)) if read_only and snapshot is None else None
        )
        if base is not None and _locked(base):  # `dossier sql` locked it down: settings are per instance
            base = None
        if base is None:
            base = duckdb.connect()
            for name in lake.extensions():
                load_extension(base, name)
            if creating and not lake.exists():
                _create(base, lake)
            try:
                base.execute(lake.attach_sql(read_only, snapshot))
            except duckdb.Error as exc:
                if snapshot is None:
                    raise
                raise ValueError(
                    f"snapshot {snapshot} of {lake} cannot be read (expired by `dossier maintain`?): "
                    + str(exc).strip().splitlines()[0]
                ) from exc
            _instances[key] = base
    con = base.cursor()
    con.execute(f"USE {ALIAS}")
    return con


@contextlib.contextmanager
def migrating(lake: Lake) -> Iterator[None]:
    """Migrations of a local lake one process at a time (``flock`` on a file in its folder).

    Two first runs started together would otherwise both apply a migration and
    one would find the other's column or view already there. A lake without a
    local folder has nothing to lock: ``db.migrate`` then skips a migration
    another writer recorded meanwhile.
    """
    if lake.folder is None:
        yield
        return
    lake.folder.mkdir(parents=True, exist_ok=True)
    with open(lake.folder / "migrate.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _locked(base: duckdb.DuckDBPyConnection) -> bool:
    row = base.execute("SELECT current_setting('lock_configuration')").fetchone()
    return bool(row and row[0])


def forget(lake: Lake | None = None) -> None:
    """Close the cached attachments (of ``lake``, or all): a test that deletes a lake folder calls this."""
    with _instances_lock:
        for key in list(_instances):
            if lake is None or key[0].startswith(str(lake) + "|"):
                _instances.pop(key).close()


def _create(base: duckdb.DuckDBPyConnection, lake: Lake) -> None:
    """A new local lake: its folder, and a catalog file that appears whole, in WAL mode.

    SQLite's default journal makes a reader wait while a writer commits; in WAL
    mode readers never wait and writers take turns (a busy commit is retried).
    The mode is a property of the file, set before DuckLake writes its catalog
    tables into it. The catalog is built under a private name and linked into
    place, so a reader never finds a half-made one, and of two first runs
    started together one builds it and the other uses it.
    """
    assert lake.folder is not None
    lake.folder.mkdir(parents=True, exist_ok=True)
    catalog = lake.folder / CATALOG_FILE
    private = catalog.with_name(f"{CATALOG_FILE}.{os.getpid()}.{threading.get_ident()}.new")
    try:
        with contextlib.closing(sqlite3.connect(private)) as handle:
            handle.execute("PRAGMA journal_mode=WAL").fetchall()
        draft = Lake(f"sqlite:{private}", lake.data_path, None)
        base.execute(draft.attach_sql(alias="_new_lake"))
        base.execute("DETACH _new_lake")
        with contextlib.closing(sqlite3.connect(private)) as handle:  # everything into the file itself
            handle.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        with contextlib.suppress(FileExistsError):
            os.link(private, catalog)  # never replaces a catalog another run made meanwhile
    finally:
        for leftover in (private, Path(f"{private}-wal"), Path(f"{private}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def data_path_of(con: duckdb.DuckDBPyConnection) -> str | None:
    """The folder (or URL) ``con``'s lake keeps its Parquet files in, as attached."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = ?", [ALIAS]).fetchone()
    if row and row[0] and str(row[0]).endswith("/" + CATALOG_FILE):  # the one-folder form
        return str(Path(str(row[0]).removeprefix("sqlite:")).parent / DATA_FOLDER) + "/"
    row = con.execute(
        f"SELECT value FROM ducklake_options('{ALIAS}') WHERE option_name = 'data_path'"
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def is_lake_connection(con: duckdb.DuckDBPyConnection) -> bool:
    """True when ``con`` reads or writes a lake (its default catalog is a DuckLake)."""
    row = con.execute(
        "SELECT type FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return row is not None and row[0] == "ducklake"


# --- migrations --------------------------------------------------------------------------------

_COLUMN_KEY = re.compile(r"\s+PRIMARY KEY(?=\s*(,|\n|--|\)))")
_TABLE_KEY = re.compile(r",([ \t]*--[^\n]*)?\s*PRIMARY KEY\s*\([^)]*\)")


_CLOCK_DEFAULT = re.compile(r"\s+DEFAULT\s+(current_timestamp|now\(\)|current_date)\b", re.IGNORECASE)


def lake_sql(sql: str) -> str:
    """A migration as DuckLake takes it: no PRIMARY KEY constraints, no clock defaults (DuckLake has neither).

    Uniqueness is kept by the loader instead (``MERGE INTO`` for the tables
    that had keys; a source's rows are deleted before they are inserted again);
    a time column is filled by whoever inserts the row.
    """
    sql = _TABLE_KEY.sub(lambda m: m.group(1) or "", sql)
    return _CLOCK_DEFAULT.sub("", _COLUMN_KEY.sub("", sql))


# --- concurrent writers ------------------------------------------------------------------------

#: Errors that mean "another writer committed first": the whole transaction is worth running again.
_CONFLICT = re.compile(r"conflict|database is locked|busy", re.IGNORECASE)


def is_conflict(exc: BaseException | None) -> bool:
    """True for a commit that met another writer's, also when a rollback's own error came after it."""
    while exc is not None:
        if isinstance(exc, duckdb.Error) and _CONFLICT.search(str(exc)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def retrying(work: Callable[[], T], attempts: int = 12, wait: float = 0.05) -> T:
    """Run ``work`` (one whole transaction) again when its commit met another writer's.

    DuckLake retries a commit itself when the two only appended; a real
    conflict (both deleted from the same file), or the SQLite catalog busy with
    the other commit, comes back as an error and the transaction is rolled
    back, so running it again from the start is safe. Waits grow with jitter so
    that two writers do not collide in step.
    """
    for attempt in range(attempts):
        try:
            return work()
        except duckdb.Error as exc:
            if not is_conflict(exc) or attempt == attempts - 1:
                raise
            time.sleep(wait * (1.6**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


# --- snapshots and maintenance -----------------------------------------------------------------


def last_committed_snapshot(con: duckdb.DuckDBPyConnection) -> int | None:
    """The snapshot this connection's last commit made (None before any)."""
    row = con.execute(f"SELECT id FROM {ALIAS}.last_committed_snapshot()").fetchone()
    return row[0] if row else None


def current_snapshot(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(f"SELECT id FROM {ALIAS}.current_snapshot()").fetchone()
    return int(row[0]) if row else 0


@dataclass
class Maintenance:
    """What one maintenance pass did."""

    files_before: int
    files_after: int
    snapshots_expired: int
    files_deleted: int

    def line(self) -> str:
        return (
            f"data files {self.files_before} -> {self.files_after}, "
            f"{self.snapshots_expired} snapshots expired, {self.files_deleted} old files deleted"
        )


def maintain(con: duckdb.DuckDBPyConnection, keep_days: float) -> Maintenance:
    """Compact small files, expire snapshots older than ``keep_days``, delete the files nobody needs.

    Each batch commit writes a Parquet file per table it touched, so a year of
    15-minute runs leaves tens of thousands of small files; merging adjacent
    files makes scans read a few large ones. Expired snapshots can no longer be
    read with ``AT (VERSION => n)`` (``dossier sql --at`` a run that old fails
    with a clear message); their files are deleted by the cleanup.
    """
    before = _data_files(con)
    con.execute(f"CALL ducklake_merge_adjacent_files('{ALIAS}')")
    cutoff = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=keep_days)
    expired = con.execute(
        f"CALL ducklake_expire_snapshots('{ALIAS}', older_than => ?::TIMESTAMPTZ)", [cutoff]
    ).fetchall()
    deleted = con.execute(f"CALL ducklake_cleanup_old_files('{ALIAS}', cleanup_all => true)").fetchall()
    return Maintenance(before, _data_files(con), len(expired), len(deleted))


def maintain_location(location: Path | str, keep_days: float) -> Maintenance:
    """``maintain`` on the lake at ``location``."""
    con = connect(parse(location))
    try:
        return maintain(con, keep_days)
    finally:
        con.close()


def attach_to(con: duckdb.DuckDBPyConnection, location: Path | str, alias: str) -> None:
    """Attach the lake at ``location`` read-only to ``con`` under ``alias`` (an export reads it so)."""
    found = parse(location)
    if not found.exists():
        raise FileNotFoundError(f"no warehouse at {found}: run `dossier ingest` first")
    for name in found.extensions():
        load_extension(con, name)
    con.execute(found.attach_sql(read_only=True, alias=alias))


def _data_files(con: duckdb.DuckDBPyConnection) -> int:
    tables = [r[0] for r in con.execute(f"SELECT table_name FROM ducklake_table_info('{ALIAS}')").fetchall()]
    return sum(len(con.execute(f"FROM ducklake_list_files('{ALIAS}', ?)", [t]).fetchall()) for t in tables)


def _quoted(text: str) -> str:
    return text.replace("'", "''")
