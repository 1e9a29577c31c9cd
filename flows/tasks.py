"""The Prefect tasks the flows wire together; each wraps one library function.

Extraction reports each source's failure as an ``Outcome`` holding a typed
``Failure`` (stage, reason, retryable) instead of raising, so one bad source in
a batch never takes the others with it; the flow records it in
``ingest_errors`` and goes on. Fetching raises, so Prefect can retry what is
transient (the error's ``retryable``). How often is the flow's to say
(``Settings.fetch_retries``), in one place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from prefect import task
from prefect.cache_policies import NONE

from acquire import archive, fetch, sources
from core.errors import ExtractionError, Failure
from core.records import Article, Extraction
from core.settings import Settings
from extractors import documents, nlp, pipeline
from warehouse import db, load


class SourceState(StrEnum):
    """What the warehouse holds of a source compared with the bytes just acquired."""

    NEW = "new"  # never loaded
    CHANGED = "changed"  # loaded from other bytes or by other extractor versions
    UNCHANGED = "unchanged"  # the same bytes, loaded by the same versions: nothing to do


@dataclass
class Acquired:
    """A source's bytes are in the archive; ``state`` says whether they need extracting."""

    uri: str
    sha256: str
    archive_path: str
    state: SourceState
    headers: dict = field(default_factory=dict)
    fetched_on: str | None = None  # ISO date of the read, so no date after it is trusted


@dataclass
class Processed:
    """One source extracted, parsed and analysed: what the loader needs, and nothing heavier.

    No spaCy ``Doc`` is kept: the records are all the loader reads, so a worker
    returns a few kilobytes per source and memory does not grow with the run.
    """

    uri: str
    sha256: str
    archive_path: str
    doc_type: str
    analysed: list[tuple[Article, Extraction]]


@dataclass
class Outcome:
    """One source's result from a batch, read by the flow like a task's final state.

    A batch task reports each of its sources separately (one bad page must not
    fail its neighbours), so the flow gets one of these per source with the
    same three questions it asks a Prefect state: failed? why? the result?
    """

    value: Processed | None
    failure: Failure | None = None  # why, when it failed

    def is_failed(self) -> bool:
        return self.value is None

    def result(self) -> Processed | None:
        return self.value


@task(cache_policy=NONE)
def acquire_files(uris: list[str], db_path: str, archive_dir: Path | str, max_bytes: int, version: str):
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
            failures.append((uri, Failure.of(exc, "read")))
            continue
        acquired.append(
            Acquired(
                uri,
                raw.sha256,
                raw.archive_path,
                _state(known.get(uri), raw.sha256, version),
                fetched_on=raw.fetched_at.date().isoformat(),
            )
        )
    return acquired, failures


def _retry_if_transient(task, task_run, state) -> bool:
    """Prefect's retry condition: only a timeout, a dropped connection or a 5xx is worth another try."""
    return fetch.is_transient(getattr(state, "data", None))


@task(cache_policy=NONE, retry_condition_fn=_retry_if_transient)  # retries: the flow's Settings
def acquire_url(uri: str, db_path: str, archive_dir: Path | str, policy: fetch.FetchPolicy, version: str):
    """Fetch one URL, conditionally when it was fetched before, and archive what came back.

    A 304 answer means the bytes we hold are current: the source is
    ``unchanged`` without being downloaded. A refusal or a 4xx raises a
    non-transient FetchError (recorded once); a timeout or 5xx a transient one,
    which Prefect retries with backoff.
    """
    with db.connect(db_path, read_only=True) as con:
        previous = load.known_sources(con).get(uri)
        etag, last_modified, _ = load.validators(con, uri)
    if previous is None or previous[1] != version:
        etag = last_modified = None  # nothing current to fall back on: ask for the bytes
    result = fetch.fetch(uri, policy, etag, last_modified)
    if result.not_modified:
        return Acquired(uri, previous[0], "", SourceState.UNCHANGED, result.headers)
    raw = sources.RawSource(
        uri,
        result.data or b"",
        hashlib.sha256(result.data or b"").hexdigest(),
        dt.datetime.now(dt.UTC).replace(tzinfo=None),
        result.headers,
    )
    sources.archive(raw, archive_dir)
    return Acquired(
        uri,
        raw.sha256,
        raw.archive_path,
        _state(previous, raw.sha256, version),
        result.headers,
        raw.fetched_at.date().isoformat(),
    )


@task(cache_policy=NONE, retry_condition_fn=_retry_if_transient)  # retries: the flow's Settings
def list_index(
    kind: str, url: str, db_path: str, policy: fetch.FetchPolicy, max_items: int
) -> fetch.IndexResult:
    """The article URLs a feed, sitemap or listing page links to (none when it has not changed)."""
    with db.connect(db_path, read_only=True) as con:
        etag, last_modified, _ = load.validators(con, url)
    return fetch.follow_index(kind, url, policy, max_items=max_items, etag=etag, last_modified=last_modified)


def failure_of(state, stage: str = "read") -> Failure:
    """The failure of a failed task state (one that raised), at ``stage``."""
    try:
        raised = state.result(raise_on_failure=False)
    except Exception as exc:  # the result could not be read back: the exception is the reason
        raised = exc
    if isinstance(raised, BaseException):
        return Failure.of(raised, stage)
    return Failure(stage, state.message or "failed")


def _state(previous: tuple[str, str] | None, sha256: str, version: str) -> SourceState:
    if previous is None:
        return SourceState.NEW
    return SourceState.UNCHANGED if tuple(previous) == (sha256, version) else SourceState.CHANGED


@task(cache_policy=NONE)
def process_batch(items: list[Acquired], model: str) -> list[Outcome]:
    """Several sources in one task: Prefect's per-task cost is paid once per batch, not per page."""
    return analyse_sources(items, model)


def analyse_sources(items: list[Acquired], model: str, batch_size: int = 16) -> list[Outcome]:
    """Extract every source, parse all their articles in one ``nlp.pipe`` stream, analyse each parse.

    One stream over the whole batch keeps spaCy's batching busy (a page
    usually has one article); each ``Doc`` is analysed as it comes out and
    dropped, so memory holds one parse batch (``batch_size`` articles, fewer
    when they are long: see ``nlp.parse_many``), not the batch's. The
    stream runs in a spaCy memory zone: every word spaCy had not seen before
    would otherwise stay in the vocabulary for the worker's lifetime, so a
    worker's memory would grow with the corpus (records are plain values and
    outlive the zone). A source
    whose extraction or analysis raises gets a failed outcome and the others
    go on; if the parse itself raises (e.g. a text over the model's length
    limit) the sources not finished yet are redone one by one, so only the
    culprit fails.
    """
    outcomes: list[Outcome | None] = [None] * len(items)
    extracted: dict[int, tuple[str, list[Article]]] = {}
    for i, item in enumerate(items):
        try:
            extracted[i] = _extract(item)
        except Exception as exc:
            outcomes[i] = Outcome(None, Failure.of(exc, "extract"))
    try:
        language = nlp.load_model(model)
    except Exception as exc:
        return [o or Outcome(None, Failure.of(exc, "nlp")) for o in outcomes]
    try:
        with language.memory_zone():  # frees the batch's new strings: a long run's memory stays flat
            _analyse_stream(items, extracted, language, outcomes, batch_size)
    except Exception:  # the parse itself failed: find the culprit source by source
        for i in extracted:
            if outcomes[i] is None:
                with language.memory_zone():
                    _analyse_stream(items, {i: extracted[i]}, language, outcomes, batch_size, isolated=True)
    return outcomes


def _extract(item: Acquired) -> tuple[str, list[Article]]:
    settings = Settings.from_env()
    data = archive.read(item.archive_path, settings.max_source_bytes)  # a folder or S3, by hash
    fetched = dt.date.fromisoformat(item.fetched_on) if item.fetched_on else None
    doc_type, articles = documents.extract(
        data, name_hint=item.uri, content_type=item.headers.get("content-type"), fetched_at=fetched
    )
    check_lengths(articles, settings.max_document_chars)
    return doc_type, articles


def check_lengths(articles: list[Article], limit: int) -> None:
    """Refuse a document whose text is over ``limit`` characters, in dossier's words, naming the setting.

    Without it a 20 MB page reached spaCy and failed with its own E088 message,
    which names a setting (``nlp.max_length``) users cannot reach.
    """
    for article in articles:
        if len(article.text) > limit:
            raise ExtractionError(
                f"document text has {len(article.text):,} characters, over the "
                f"{limit:,}-character limit (DOSSIER_MAX_DOCUMENT_CHARS)"
            )


def _analyse_stream(items, extracted, language, outcomes, batch_size, isolated=False) -> None:
    """Parse the articles of ``extracted`` in one stream; fill ``outcomes`` as each source completes."""
    remaining = {i: len(articles) for i, (_, articles) in extracted.items()}
    analysed: dict[int, list] = {i: [] for i in extracted}
    stream = ((a.text, (i, a)) for i, (_, articles) in extracted.items() for a in articles)
    try:
        for doc, (i, article) in nlp.parse_many(language, stream, batch_size=batch_size, as_tuples=True):
            if outcomes[i] is not None:
                continue  # an earlier article of this source failed
            try:
                analysed[i].append((article, pipeline.analyse(article, doc)))
            except Exception as exc:
                outcomes[i] = Outcome(None, Failure.of(exc, "nlp"))
                continue
            remaining[i] -= 1
            if not remaining[i]:
                item = items[i]
                outcomes[i] = Outcome(
                    Processed(item.uri, item.sha256, item.archive_path, extracted[i][0], analysed.pop(i))
                )
    except Exception as exc:
        if not isolated:
            raise
        for i in extracted:
            if outcomes[i] is None:
                outcomes[i] = Outcome(None, Failure.of(exc, "nlp"))


@task(cache_policy=NONE)
def load_batch(db_path: str, batch: list[tuple[Processed, Acquired]], version: str) -> list[Failure | None]:
    """Load several sources over one connection; each source lands whole or not at all.

    Returns, per source, None or its failure (stage "load"): one source that
    cannot be loaded does not stop the others (see ``load.load_sources``). A
    URL's validators are stored once its rows are in, so a 304 next time
    means these rows are current.
    """
    with db.connect(db_path) as con:
        errors = load.load_sources(
            con,
            [(_loaded(processed, item, version), item.state != SourceState.NEW) for processed, item in batch],
        )
        for (processed, item), error in zip(batch, errors):
            if error is None and sources.is_url(item.uri):
                load.remember_validators(
                    con,
                    item.uri,
                    item.headers.get("etag"),
                    item.headers.get("last-modified"),
                    processed.sha256,
                )
    return [None if error is None else Failure.of(error, "load") for error in errors]


def _loaded(processed: Processed, item: Acquired, version: str) -> load.LoadedSource:
    fetched = dt.date.fromisoformat(item.fetched_on) if item.fetched_on else None
    return load.LoadedSource(
        processed.uri,
        processed.sha256,
        processed.doc_type,
        processed.archive_path,
        version,
        processed.analysed,
        item.headers.get("content-type"),
        fetched,
    )


@task(cache_policy=NONE)
def remember_fetches(db_path: str, fetched: list[tuple[str, str | None, str | None, str | None]]) -> None:
    """Validators of URLs that needed no loading (unchanged pages, fully processed indexes)."""
    if not fetched:
        return
    with db.connect(db_path) as con:
        for url, etag, last_modified, sha256 in fetched:
            load.remember_validators(con, url, etag, last_modified, sha256)
