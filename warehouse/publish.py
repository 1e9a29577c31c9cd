"""One writer at a time, and readers who never see a half-loaded run.

DuckDB lets one process write a file, and an analyst's read-only session on
that file would make the pipeline's write fail. So a run never writes the
published file: it copies it to a staging file, loads there, checkpoints, and
atomically renames the staging file over the published one. Readers keep the
old file until they reconnect and then see the whole new run; a crash leaves
the published file untouched (the stale staging file is discarded next time).

A lock file held with ``flock`` makes a second writer fail at once with a clear
message instead of corrupting or waiting.

A DuckLake warehouse (``warehouse/lake.py``) needs none of this: each batch
commits a snapshot that readers see whole, several writers may commit, and
nothing is copied. ``writer`` then yields the lake itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from core.errors import LoadError
from warehouse import db, lake


class WarehouseBusy(LoadError):
    """Another process is writing this warehouse: trying again later can help."""

    retryable = True


class WarehouseUnreadable(Exception):
    """The warehouse path holds something that is not a DuckDB database dossier can open."""


def check_writable(published: Path | str) -> None:
    """Refuse at once, before any work starts, when another run writes ``published`` or it is not a warehouse.

    A second ingest used to find out only when its flow reached the lock, after
    Prefect's start-up (12 s) and with a 35-line traceback; a file that is not
    a DuckDB database gave a traceback and left a ``.staging`` copy behind
    (and, until it was checked before the lock, an empty ``.lock`` file).
    """
    if lake.is_lake(published):
        check_readable(published)
        return
    published = Path(published)
    check_readable(published)  # first: refusing a file that is no warehouse leaves no lock file beside it
    if published.parent.exists():
        with _exclusive_lock(published):
            pass


def check_readable(published: Path | str) -> None:
    """Raise ``WarehouseUnreadable`` (one line) when an existing ``published`` is not a DuckDB database."""
    if lake.is_lake(published):
        _check_lake(published)
        return
    published = Path(published)
    if not published.exists():
        return
    if published.is_dir():
        raise WarehouseUnreadable(f"{published} is a folder, not a warehouse file")
    try:
        duckdb.connect(str(published), read_only=True).close()
    except duckdb.Error as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise WarehouseUnreadable(
            f"{published} is not a DuckDB warehouse dossier can open ({first_line})"
        ) from exc


def _check_lake(location: Path | str) -> None:
    """A lake location that is a file, or whose catalog file is no SQLite database, is unreadable.

    Checked without attaching (loading the extensions costs more than the check).
    """
    try:
        found = lake.parse(location)
    except lake.LakeUnreadable as exc:
        raise WarehouseUnreadable(str(exc)) from exc
    catalog = found.folder / lake.CATALOG_FILE if found.folder else None
    if catalog is not None and catalog.is_file():
        with open(catalog, "rb") as handle:
            if handle.read(16) not in (b"SQLite format 3\x00", b""):
                raise WarehouseUnreadable(f"{catalog} is not a SQLite file: not a DuckLake catalog")


def staging_path(published: Path) -> Path:
    return published.with_name(published.name + ".staging")


#: Staging copies this process is writing now, for ``abandon`` to remove.
_WRITING: set[Path] = set()


@contextlib.contextmanager
def writer(published: Path | str) -> Iterator[Path | str]:
    """Yield a private copy of the warehouse to write; publish it if the block succeeds.

    A DuckLake is yielded as it is (created or migrated first): every commit in
    the block is published as it lands.
    """
    if lake.is_lake(published):
        check_readable(published)
        db.connect(published).close()
        yield published
        return
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(published):
        staging = staging_path(published)
        _remove(staging)  # left by a crashed run: never published, never trusted
        check_readable(published)
        _WRITING.add(staging)
        try:
            if published.exists():
                shutil.copyfile(published, staging)
            db.connect(staging).close()  # create or migrate the copy
            yield staging
            _checkpoint(staging)
            os.replace(staging, published)
            _fsync_dir(published.parent)
        finally:
            _remove(staging)
            _WRITING.discard(staging)


def abandon() -> None:
    """Remove the staging copies this process is writing: a run stopped by a signal publishes nothing.

    Called by the interrupt handler, which exits without unwinding; the next
    run would discard the copy anyway, but a stopped run should leave nothing.
    The published file is never touched.
    """
    for staging in list(_WRITING):
        _remove(staging)


@contextlib.contextmanager
def _exclusive_lock(published: Path) -> Iterator[None]:
    lock_path = published.with_name(published.name + ".lock")
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WarehouseBusy(
                f"another dossier run is writing {published}; try again when it has finished"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file, so the rename moves everything."""
    con = duckdb.connect(str(path))
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()
    wal = path.with_name(path.name + ".wal")
    if wal.exists() and wal.stat().st_size:
        raise RuntimeError(f"{wal} still holds unflushed changes; not publishing")
    _remove_file(wal)


def _remove(path: Path) -> None:
    _remove_file(path)
    _remove_file(path.with_name(path.name + ".wal"))


def _remove_file(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
