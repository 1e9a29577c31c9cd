"""The flows: ingest by hand, ingest what sources.yaml lists, re-extract from the archive.

Thin wiring only: the work is in ``flows/tasks.py`` (one task per stage, each
wrapping library functions). Every flow runs the same way:

    plan (files, URLs, feeds/sitemaps/listings to follow)
      → acquire: read or fetch, archive by content hash, compare with the warehouse
      → extract + parse on the configured task runner (``flows/runners.py``)
      → load a batch of sources at a time (each source lands whole or not at all)
      → record the run, publish

All writing goes to a staging copy of the warehouse that is published
atomically at the end (``warehouse/publish.py``), so analysts' SQL never
blocks a run and never sees half of one.
"""

from __future__ import annotations

from flows.prefect_env import configure

configure()  # before Prefect is imported: it reads its settings at import time

import datetime as dt  # noqa: E402
import uuid  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from prefect import flow, get_run_logger  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402

from acquire import fetch, source_config, sources  # noqa: E402
from core.records import SourceFailure  # noqa: E402
from core.settings import Settings  # noqa: E402
from extractors import documents  # noqa: E402
from flows import progress, runners, tasks  # noqa: E402
from warehouse import db, load, publish  # noqa: E402


@dataclass
class IngestSummary:
    """What a run did, for the CLI's report, the ``runs`` table and the exit status."""

    run_id: str = ""
    seen: int = 0
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)
    documents: int = 0
    runner: str = ""
    #: Sources loaded with a repair worth telling the user about, e.g. "NUL characters removed (3)".
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def loaded(self) -> list[str]:
        return self.new + self.changed


@dataclass
class Plan:
    """What one run reads: local files, single URLs, and index pages whose links are fetched."""

    files: list[str] = field(default_factory=list)
    urls: list[tuple[str, fetch.FetchPolicy]] = field(default_factory=list)
    indexes: list[source_config.SourceSpec] = field(default_factory=list)


@flow(name="dossier-ingest", log_prints=True)
def ingest_flow(inputs: list[str], db_path: str | None = None) -> IngestSummary:
    """Ingest files, folders and URLs given by hand into the warehouse at ``db_path``.

    URLs typed by hand get the default fetch policy: public addresses only. A
    source on an internal host goes in sources.yaml with ``allowed_hosts``.
    """
    settings = Settings.from_env()
    policy = fetch.FetchPolicy(max_bytes=settings.max_source_bytes)
    uris = sources.discover(inputs)
    plan = Plan(files=[u for u in uris if not sources.is_url(u)],
                urls=[(u, policy) for u in uris if sources.is_url(u)])
    return _run("ingest", list(inputs), plan, db_path, settings)


@flow(name="dossier-ingest-sources", log_prints=True)
def ingest_sources_flow(sources_file: str = "sources.yaml", names: list[str] | None = None,
                        db_path: str | None = None) -> IngestSummary:
    """Ingest the sources listed in ``sources_file`` (all, or only those in ``names``)."""
    settings = Settings.from_env()
    specs = source_config.load_sources(sources_file)
    if names:
        unknown = sorted(set(names) - {s.name for s in specs})
        if unknown:
            raise source_config.SourceConfigError(f"{sources_file}: no source named {', '.join(unknown)}")
        specs = [s for s in specs if s.name in names]
    plan = Plan()
    for spec in specs:
        if spec.kind in ("folder", "file"):
            plan.files += sources.discover([spec.location])
        elif spec.kind == "url":
            plan.urls.append((spec.location, spec.policy(settings.max_source_bytes)))
        else:
            plan.indexes.append(spec)
    return _run("ingest-sources", [f"{sources_file}:{s.name}" for s in specs], plan, db_path, settings)


@flow(name="dossier-reextract", log_prints=True)
def reextract_flow(db_path: str | None = None, everything: bool = False) -> IngestSummary:
    """Rebuild the rows of sources loaded by older extractors, from the archived bytes (nothing is fetched)."""
    settings = Settings.from_env()
    published = str(db_path or settings.db_path)
    version = documents.pipeline_version()
    started = _now()
    with publish.writer(published) as staging:
        with db.connect(staging, read_only=True) as con:
            stale = load.stale_sources(con, version, everything)
        summary = IngestSummary(run_id=uuid.uuid4().hex[:16], seen=len(stale))
        pending = []
        for uri, sha256, archive_path, content_type, fetched_on in stale:
            if not archive_path or not Path(archive_path).is_file():
                _fail(str(staging), summary, uri, "reextract", f"archived bytes missing: {archive_path}")
                continue
            pending.append(tasks.Acquired(uri, sha256, archive_path, "changed",
                                          {"content-type": content_type} if content_type else {},
                                          fetched_on.isoformat() if fetched_on else None))
        with progress.Progress.from_env() as shown:
            _extract_and_load(str(staging), pending, version, settings, summary, shown)
        _refresh_search(str(staging), summary)
        _record_run(str(staging), "reextract", [published], summary, started)
    _report(summary)
    return summary


def _run(flow_name: str, inputs: list[str], plan: Plan, db_path: str | None, settings: Settings) -> IngestSummary:
    """Acquire everything the plan names, extract and load what is new or changed, publish."""
    published = str(db_path or settings.db_path)
    version = documents.pipeline_version()
    started = _now()
    with publish.writer(published) as staging:
        staging = str(staging)
        summary = IngestSummary(run_id=uuid.uuid4().hex[:16])
        with progress.Progress.from_env() as shown:
            acquired, validated = _acquire(staging, plan, settings, version, summary, shown)
            summary.unchanged = [a.uri for a in acquired if a.state == "unchanged"]
            _extract_and_load(staging, [a for a in acquired if a.state != "unchanged"], version, settings, summary,
                              shown)
        validated += [_validators(a) for a in acquired if a.state == "unchanged" and sources.is_url(a.uri)]
        tasks.remember_fetches(staging, validated)
        _refresh_search(staging, summary)
        _record_run(staging, flow_name, inputs, summary, started)
    _report(summary)
    return summary


#: Files are hashed and archived this many to a task, so the fetch stage's progress moves
#: during a long local run (each task costs one warehouse query; one task per file would
#: cost Prefect's per-task bookkeeping on every file).
FILES_PER_TASK = 32


def _acquire(staging: str, plan: Plan, settings: Settings, version: str, summary: IngestSummary,
             shown: progress.Progress):
    """Read the files, follow the indexes, fetch the URLs; failures are recorded and skipped.

    Returns the acquired sources and the validators of index pages whose every
    item was acquired (an index with a failed item is asked for in full next
    time, so the item gets another chance).
    """
    shown.expect("fetch", len(plan.files) + len(plan.urls))
    acquired = []
    for i in range(0, len(plan.files), FILES_PER_TASK):
        chunk = plan.files[i:i + FILES_PER_TASK]
        got, failures = tasks.acquire_files(chunk, staging, settings.archive_dir, settings.max_source_bytes, version)
        acquired += got
        for uri, stage, error in failures:
            _fail(staging, summary, uri, stage, error)
        shown.advance("fetch", len(chunk))
    retry = dict(retries=settings.fetch_retries, retry_delay_seconds=exponential_backoff(settings.fetch_retry_delay))
    get_url, get_index = tasks.acquire_url.with_options(**retry), tasks.list_index.with_options(**retry)
    urls = list(plan.urls)
    index_items: dict[str, tuple[tuple, set[str]]] = {}
    for spec in plan.indexes:
        policy = spec.policy(settings.max_source_bytes)
        state = get_index(spec.kind, spec.location, staging, policy, spec.options.max_items, return_state=True)
        if state.is_failed():
            _fail(staging, summary, spec.location, "index", tasks.failure_of(state)[1])
            continue
        found = state.result()
        for child, error in found.errors:
            _fail(staging, summary, child, "index", error)
        urls += [(item, policy) for item in found.items]
        shown.expect("fetch", shown.stages["fetch"].total + len(found.items))
        index_items[spec.location] = (_validators_of(spec.location, found.index), set(found.items))
    seen_urls = set()
    for url, policy in urls:
        if url in seen_urls:
            shown.expect("fetch", shown.stages["fetch"].total - 1)
            continue
        seen_urls.add(url)
        state = get_url(url, staging, settings.archive_dir, policy, version, return_state=True)
        if state.is_failed():
            _fail(staging, summary, url, *tasks.failure_of(state))
        else:
            acquired.append(state.result())
        shown.advance("fetch")
    summary.seen = len(plan.files) + len(seen_urls)
    failed = {f.source_uri for f in summary.failures}
    validated = [v for v, items in index_items.values() if not items & failed]
    return acquired, validated


def _extract_and_load(staging: str, pending: list[tasks.Acquired], version: str, settings: Settings,
                      summary: IngestSummary, shown: progress.Progress) -> None:
    """Extract and parse in batches on the chosen runner; load each batch as it arrives.

    Loading overlaps with the workers' parsing of the next batches; each source
    is still its own transaction, so one bad source never takes others with it.
    """
    summary.runner = runners.choose(len(pending))
    shown.expect("extract", len(pending))
    shown.expect("load", len(pending))
    for batch in runners.extract_batches(pending, settings.spacy_model, summary.runner):
        good = []
        for item, outcome in batch:
            if outcome.is_failed():
                _fail(staging, summary, item.uri, *tasks.split_failure(outcome.message))
            else:
                good.append((outcome.result(), item))
        shown.advance("extract", len(batch), sum(len(processed.analysed) for processed, _ in good))
        if not good:
            shown.advance("load", len(batch))
            continue
        before = summary.documents
        _load_good(staging, good, version, summary)
        shown.advance("load", len(batch), summary.documents - before)


def _load_good(staging: str, good: list, version: str, summary: IngestSummary) -> None:
    """Load one extracted batch; a source that fails to load is recorded, the others land."""
    for (processed, item), error in zip(good, tasks.load_batch(staging, good, version)):
        if error:
            _fail(staging, summary, item.uri, *tasks.split_failure(error))
            continue
        (summary.new if item.state == "new" else summary.changed).append(item.uri)
        summary.documents += len(processed.analysed)
        summary.notes += [(item.uri, note) for note in _repairs(processed.analysed)]


def _refresh_search(staging: str, summary: IngestSummary) -> None:
    """Rebuild the full-text index when this run changed rows (or the warehouse has none yet).

    A warehouse whose index cannot be built (no fts extension) still gets its
    rows: search is an addition to the run, not a condition of it.
    """
    from warehouse import search

    with db.connect(staging) as con:
        try:
            search.refresh(con, changed=bool(summary.loaded or summary.failures))
        except search.SearchUnavailable as exc:
            get_run_logger().warning("search index not rebuilt: %s", exc)


def _repairs(analysed) -> list[str]:
    """What extraction repaired in a source's documents, in words (text with stray NUL bytes, so far)."""
    removed = sum(article.metadata.get("nul_characters_removed", 0) for article, _ in analysed)
    return [f"{removed} NUL characters removed from the text"] if removed else []


def _validators(item: tasks.Acquired) -> tuple[str, str | None, str | None, str | None]:
    return item.uri, item.headers.get("etag"), item.headers.get("last-modified"), item.sha256


def _validators_of(url: str, result: fetch.FetchResult) -> tuple[str, str | None, str | None, None]:
    return url, result.etag, result.last_modified, None


def _fail(db_path: str, summary: IngestSummary, uri: str, stage: str, error: str) -> None:
    failure = SourceFailure(uri, stage, error)
    with db.connect(db_path) as con:
        load.record_failure(con, failure)
    summary.failures.append(failure)


def _report(summary: IngestSummary) -> None:
    logger = get_run_logger()
    for failure in summary.failures:
        logger.warning("%s failed at %s: %s", failure.source_uri, failure.stage, failure.error)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _record_run(db_path: str, flow_name: str, inputs: list[str], summary: IngestSummary, started: dt.datetime) -> None:
    with db.connect(db_path) as con:
        load.record_run(con, {
            "run_id": summary.run_id, "flow": flow_name, "started_at": started, "finished_at": _now(),
            "inputs": list(inputs), "sources_seen": summary.seen, "sources_new": len(summary.new),
            "sources_changed": len(summary.changed), "sources_unchanged": len(summary.unchanged),
            "sources_failed": len(summary.failures), "documents_loaded": summary.documents,
            "runner": summary.runner, "extractor_versions": documents.pipeline_version(),
        })
