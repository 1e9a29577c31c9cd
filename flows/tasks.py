"""The Prefect tasks the flows wire together; each wraps one library function.

A task that fails returns a ``Failed`` state whose message is
``"<stage>: <ExceptionType>: <first line>"`` instead of raising: Prefect marks
the task failed with a readable reason, the flow records it in
``ingest_errors`` and goes on, and no exception keeps its frames alive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from prefect import task
from prefect.cache_policies import NONE
from prefect.states import Failed

from dossier import sources
from dossier.records import Article, Extraction
from extractors import documents, nlp, pipeline
from warehouse import db, load


@dataclass
class Acquired:
    """A source's bytes are in the archive; ``state`` says whether they need extracting."""

    uri: str
    sha256: str
    archive_path: str
    state: str  # new | changed | unchanged
    headers: dict = field(default_factory=dict)
    fetched_on: str | None = None  # ISO date of the read, so no date after it is trusted


@dataclass
class Processed:
    uri: str
    sha256: str
    archive_path: str
    doc_type: str
    analysed: list[tuple[Article, Extraction]]


def reason(exc: BaseException) -> str:
    """One line for ingest_errors: the exception type and the first line of its message."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def split_failure(message: str) -> tuple[str, str]:
    stage, _, error = (message or "unknown: failed").partition(": ")
    return stage, error


@task(cache_policy=NONE)
def acquire_files(uris: list[str], db_path: str, archive_dir: Path, max_bytes: int, version: str):
    """Hash and archive every file; compare with the warehouse in one query.

    One task for all files keeps a no-op re-run fast: no per-file task overhead,
    one database query, bytes not kept in memory after hashing.
    """
    with db.connect(db_path, read_only=True) as con:
        known = load.known_sources(con)
    acquired, failures = [], []
    for uri in uris:
        try:
            raw = sources.read(uri, max_bytes)
            sources.archive(raw, archive_dir)
        except Exception as exc:  # recorded, the others go on
            failures.append((uri, "read", reason(exc)))
            continue
        previous = known.get(uri)
        state = "new" if previous is None else "unchanged" if previous[:2] == (raw.sha256, version) else "changed"
        acquired.append(Acquired(uri, raw.sha256, raw.archive_path, state, fetched_on=raw.fetched_at.date().isoformat()))
    return acquired, failures


@task(cache_policy=NONE, retries=2, retry_delay_seconds=[2, 10])
def acquire_url(uri: str, db_path: str, archive_dir: Path, max_bytes: int, version: str):
    """Fetch one URL (retried by Prefect on failure) and archive what came back."""
    try:
        with db.connect(db_path, read_only=True) as con:
            previous = load.known_sources(con).get(uri)
        raw = sources.read(uri, max_bytes)
        sources.archive(raw, archive_dir)
    except sources.SourceError as exc:
        if getattr(exc, "transient", False):
            raise  # let Prefect retry a timeout or a 5xx
        return Failed(message=f"read: {reason(exc)}")
    state = "new" if previous is None else "unchanged" if previous[:2] == (raw.sha256, version) else "changed"
    return Acquired(uri, raw.sha256, raw.archive_path, state, raw.headers, raw.fetched_at.date().isoformat())


@task(cache_policy=NONE)
def process(item: Acquired, model: str, content_type: str | None = None):
    """Archived bytes → articles → one spaCy parse each → records. Runs in a worker."""
    stage = "extract"
    try:
        data = Path(item.archive_path).read_bytes()
        fetched = dt.date.fromisoformat(item.fetched_on) if item.fetched_on else None
        doc_type, articles = documents.extract(data, name_hint=item.uri, content_type=content_type, fetched_at=fetched)
        stage = "nlp"
        language = nlp.load_model(model)
        analysed = [(a, pipeline.analyse(a, doc)) for a, doc in zip(articles, nlp.parse_many(language, (a.text for a in articles)))]
        return Processed(item.uri, item.sha256, item.archive_path, doc_type, analysed)
    except Exception as exc:
        return Failed(message=f"{stage}: {reason(exc)}")


@task(cache_policy=NONE)
def load_processed(db_path: str, processed: Processed, version: str) -> dict[str, int] | Failed:
    try:
        with db.connect(db_path) as con:
            return load.load_source(con, load.LoadedSource(
                processed.uri, processed.sha256, processed.doc_type, processed.archive_path, version, processed.analysed))
    except Exception as exc:
        return Failed(message=f"load: {reason(exc)}")
