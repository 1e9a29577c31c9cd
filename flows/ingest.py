"""The flows: ingest by hand, ingest what sources.yaml lists, re-extract from the archive.

Thin wiring only: the work is in ``flows/tasks.py`` (one task per stage, each
wrapping library functions). Every flow runs the same way:

    plan (files, URLs, feeds/sitemaps/listings to follow)
      → acquire: read or fetch, archive by content hash, compare with the warehouse
      → extract + parse on the configured task runner (``flows/runners.py``)
      → load a batch of sources at a time (each source lands whole or not at all)
      → record the run, publish

Every run leaves a ``runs`` row, scheduled or not, failed or not: which
deployment started it and when it was due (from ``prefect.runtime``), its
status and, when something went wrong, why in one line. The same line is the
message of the flow run's final state in Prefect (its UI), and a failed run of
sources.yaml can post it to a webhook (``notify:`` there; ``flows/notify.py``).

All writing goes to a staging copy of the warehouse that is published
atomically at the end (``warehouse/publish.py``), so analysts' SQL never
blocks a run and never sees half of one. A DuckLake warehouse is written in
place instead: each batch commits a snapshot (``warehouse/lake.py``), and the
run's last snapshot is kept in its ``runs`` row.
"""

from __future__ import annotations

from flows.prefect_env import configure

configure()  # before Prefect is imported: it reads its settings at import time

import datetime as dt  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

from prefect import flow, get_run_logger  # noqa: E402
from prefect.states import Completed, Failed  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from acquire import archive, fetch, source_config, sources  # noqa: E402
from core.errors import SourceError  # noqa: E402
from core.records import SourceFailure  # noqa: E402
from core.settings import Settings  # noqa: E402
from extractors import documents  # noqa: E402
from flows import lifeline, notify, progress, runners, tasks  # noqa: E402
from warehouse import db, load, publish, runs  # noqa: E402


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
    #: The run's ``runs`` row as recorded (flow, deployment, scheduled_at, status, failure, ...).
    record: dict = field(default_factory=dict)
    #: What applying each analyst's correction found after the load (``warehouse.corrections.Outcome``).
    corrections: list = field(default_factory=list)

    @property
    def corrections_missing(self) -> list:
        """Corrections whose evidence this run could not find (or that failed): the summary names each."""
        return [c for c in self.corrections if c.status != "applied"]

    @property
    def loaded(self) -> list[str]:
        return self.new + self.changed

    def line(self) -> str:
        """What the run did, in one line: the message of its final state in Prefect's UI."""
        head = (
            f"{self.seen} sources seen, {len(self.loaded)} loaded ({self.documents} documents), "
            f"{len(self.unchanged)} unchanged, {len(self.failures)} failed"
        )
        lost = self.corrections_missing
        if lost:  # the Prefect UI's one line says an analyst's correction needs looking at
            head += f", {len(lost)} correction{'s' if len(lost) > 1 else ''} not applied"
        if not self.failures:
            return head
        first = self.failures[0]
        return _cut(f"{head}; first: {first.source_uri} [{first.stage}] {' '.join(str(first.error).split())}")


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
    record = _start("ingest", list(inputs))

    def body() -> IngestSummary:
        policy = fetch.FetchPolicy(max_bytes=settings.max_source_bytes)
        uris = sources.discover(inputs)
        plan = Plan(
            files=[u for u in uris if not sources.is_url(u)],
            urls=[(u, policy) for u in uris if sources.is_url(u)],
        )
        return _run(record, plan, db_path, settings)

    return _finish(record, body, _published(db_path, settings))


@flow(name="dossier-ingest-sources", log_prints=True)
def ingest_sources_flow(
    sources_file: str = "sources.yaml", names: list[str] | None = None, db_path: str | None = None
) -> IngestSummary:
    """Ingest the sources listed in ``sources_file`` (all, or only those in ``names``)."""
    settings = Settings.from_env()
    record = _start("ingest-sources", [sources_file])

    def body() -> IngestSummary:
        specs = source_config.load_sources(sources_file)
        if names:
            unknown = sorted(set(names) - {s.name for s in specs})
            if unknown:
                raise source_config.SourceConfigError(f"{sources_file}: no source named {', '.join(unknown)}")
            specs = [s for s in specs if s.name in names]
        record["inputs"] = [f"{sources_file}:{s.name}" for s in specs]
        plan = Plan()
        for spec in specs:
            if spec.kind in ("folder", "file"):
                plan.files += sources.discover([spec.location])
            elif spec.kind == "url":
                plan.urls.append((spec.location, spec.policy(settings.max_source_bytes)))
            else:
                plan.indexes.append(spec)
        return _run(record, plan, db_path, settings)

    return _finish(record, body, _published(db_path, settings), _notify_config(sources_file))


@flow(name="dossier-reextract", log_prints=True)
def reextract_flow(db_path: str | None = None, everything: bool = False) -> IngestSummary:
    """Rebuild the rows of sources loaded by older extractors, from the archived bytes (nothing is fetched)."""
    settings = Settings.from_env()
    published = _published(db_path, settings)
    record = _start("reextract", [published])

    def body() -> IngestSummary:
        version = documents.pipeline_version()
        with publish.writer(published) as staging:
            with db.connect(staging, read_only=True) as con:
                stale = load.stale_sources(con, version, everything)
            summary = IngestSummary(run_id=record["run_id"], seen=len(stale))
            pending = []
            for uri, sha256, archive_path, content_type, fetched_on in stale:
                missing = _archive_missing(archive_path)
                if missing:
                    _fail(str(staging), summary, uri, "reextract", missing)
                    continue
                pending.append(
                    tasks.Acquired(
                        uri,
                        sha256,
                        archive_path,
                        tasks.SourceState.CHANGED,
                        {"content-type": content_type} if content_type else {},
                        fetched_on.isoformat() if fetched_on else None,
                    )
                )
            with progress.Progress.from_env() as shown:
                _extract_and_load(str(staging), pending, version, settings, summary, shown)
            _apply_corrections(str(staging), summary)
            _refresh_search(str(staging), summary)
            folded = _record_run(str(staging), record, summary, published)
        runs.forget_pending(published, folded)
        return summary

    return _finish(record, body, published)


def _archive_missing(location: str) -> str | None:
    """Why the archived bytes at ``location`` cannot be re-extracted (a folder or S3), or None."""
    try:
        return None if archive.exists(location) else f"archived bytes missing: {location}"
    except SourceError as exc:  # the bucket is unreachable or refuses us: one line, the others go on
        return str(exc)


def _run(record: dict, plan: Plan, db_path: str | None, settings: Settings) -> IngestSummary:
    """Acquire everything the plan names, extract and load what is new or changed, publish."""
    published = _published(db_path, settings)
    version = documents.pipeline_version()
    with publish.writer(published) as staging:
        staging = str(staging)
        summary = IngestSummary(run_id=record["run_id"])
        unchanged = tasks.SourceState.UNCHANGED
        with progress.Progress.from_env() as shown:
            acquired, validated = _acquire(staging, plan, settings, version, summary, shown)
            summary.unchanged = [a.uri for a in acquired if a.state == unchanged]
            pending = [a for a in acquired if a.state != unchanged]
            _extract_and_load(staging, pending, version, settings, summary, shown)
        validated += [_validators(a) for a in acquired if a.state == unchanged and sources.is_url(a.uri)]
        tasks.remember_fetches(staging, validated)
        _apply_corrections(staging, summary)
        _refresh_search(staging, summary)
        folded = _record_run(staging, record, summary, published)
    runs.forget_pending(published, folded)
    return summary


def _published(db_path: str | None, settings: Settings) -> str:
    return str(db_path or settings.db_path)


def _start(flow_name: str, inputs: list[str]) -> dict:
    """The run's ``runs`` row so far: who started it (a deployment, or a person) and when it was due.

    Every flow starts here, so this is also where the command running the flow
    takes SIGTERM back from Prefect (``lifeline.reclaim_sigterm``).
    """
    from prefect.runtime import deployment, flow_run

    lifeline.reclaim_sigterm()

    record = {
        "run_id": uuid.uuid4().hex[:16],
        "flow": flow_name,
        "started_at": _now(),
        "inputs": list(inputs),
        "flow_run_id": str(flow_run.id) if flow_run.id else None,
        "deployment": None,
        "scheduled_at": None,
    }
    try:
        record["deployment"] = deployment.name  # None outside a deployment (dossier ingest)
        if record["deployment"]:
            due = flow_run.scheduled_start_time  # Prefect's expected start: the schedule's slot
            record["scheduled_at"] = due.astimezone(dt.UTC).replace(tzinfo=None) if due else None
    except Exception as exc:  # the API gone for a moment must not stop the run it would describe
        get_run_logger().warning("could not read the deployment of this run: %s", _one_line(exc))
    return record


def _finish(
    record: dict, body: Callable[[], IngestSummary], published: str, notice: notify.Notice | None = None
) -> Any:
    """Run ``body``; a failure is recorded in ``runs`` and becomes the run's state message, in one line.

    Returns Prefect's final state (typed ``Any``: calling the flow returns its
    data, the summary, as before) and one line of what happened as its message, which the
    UI shows beside the run. A run that stops before publishing is ``Failed``
    with the exception's type and first line; the exception itself is the
    state's data, so a caller of the flow gets it raised as before.
    """
    logger = get_run_logger()
    try:
        summary = body()
    except Exception as exc:
        line = _one_line(exc)
        record.update(finished_at=_now(), status="failed", failure=line)
        try:
            where = runs.record_failed(published, record)
        except Exception as unrecorded:  # say so, but the run's own failure is the one to report
            where = f"nowhere ({_one_line(unrecorded)})"
        if isinstance(exc, _EXPECTED):
            logger.error("run failed: %s", line)
        else:  # a bug: the traceback is worth having in the run's logs
            logger.exception("run failed: %s", line)
        if where != "warehouse":
            logger.warning("the failure is kept in %s until the next run can write the warehouse", where)
        if notice:
            notice.send(record, published, logger)
        return Failed(message=line, data=exc)
    summary.record = record
    _report(summary)
    if notice and record["status"] == "partial":
        notice.send(record, published, logger)
    return Completed(message=summary.line(), data=summary)


#: Failures that are conditions, not bugs: their one line says everything (no traceback logged).
_EXPECTED = (publish.WarehouseBusy, publish.WarehouseUnreadable, source_config.SourceConfigError)


def _notify_config(sources_file: str) -> notify.Notice | None:
    """The webhook of sources.yaml, if any; a broken ``notify`` block only costs the notification."""
    try:
        found = source_config.load_notify(sources_file)
    except source_config.SourceConfigError as exc:
        get_run_logger().warning("no failure notification: %s", exc)
        return None
    return notify.Notice(found) if found else None


def _one_line(exc: BaseException, limit: int = 300) -> str:
    """``Type: message`` on one line, at most ``limit`` characters: fits a table cell and a UI badge."""
    text = " ".join(str(exc).split()) or "(no message)"
    return _cut(f"{type(exc).__name__}: {text}", limit)


def failure_line(summary: IngestSummary) -> str:
    """One line for a run that published with failed sources: how many, and the first one."""
    first = summary.failures[0]
    error = " ".join(str(first.error).split())
    # A feed that could not be fetched fails before any source in it is seen: "1 of 1", not "1 of 0".
    tried = max(summary.seen, len(summary.failures))
    return _cut(
        f"{len(summary.failures)} of {tried} sources failed; first: {first.source_uri} [{first.stage}] {error}"
    )


def _cut(line: str, limit: int = 300) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"


#: Files are hashed and archived this many to a task, so the fetch stage's progress moves
#: during a long local run (one task per file would cost Prefect's bookkeeping on every file).
FILES_PER_TASK = 32


def _acquire(
    staging: str,
    plan: Plan,
    settings: Settings,
    version: str,
    summary: IngestSummary,
    shown: progress.Progress,
):
    """Read the files, follow the indexes, fetch the URLs; failures are recorded and skipped.

    Returns the acquired sources and the validators of index pages whose every
    item was acquired (an index with a failed item is asked for in full next
    time, so the item gets another chance).
    """
    shown.expect("fetch", len(plan.files) + len(plan.urls))
    acquired = []
    for i in range(0, len(plan.files), FILES_PER_TASK):
        chunk = plan.files[i : i + FILES_PER_TASK]
        got, failures = tasks.acquire_files(
            chunk, staging, settings.archive_dir, settings.max_source_bytes, version
        )
        acquired += got
        for uri, failure in failures:
            _fail(staging, summary, uri, failure.stage, failure.reason)
        shown.advance("fetch", len(chunk))
    retry = dict(
        retries=settings.fetch_retries, retry_delay_seconds=exponential_backoff(settings.fetch_retry_delay)
    )
    get_url, get_index = tasks.acquire_url.with_options(**retry), tasks.list_index.with_options(**retry)
    urls = list(plan.urls)
    index_items: dict[str, tuple[tuple, set[str]]] = {}
    for spec in plan.indexes:
        policy = spec.policy(settings.max_source_bytes)
        state = get_index(
            spec.kind, spec.location, staging, policy, spec.options.max_items, return_state=True
        )
        if state.is_failed():
            _fail(staging, summary, spec.location, "index", tasks.failure_of(state, "index").reason)
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
            failure = tasks.failure_of(state, "read")
            _fail(staging, summary, url, failure.stage, failure.reason)
        else:
            acquired.append(state.result())
        shown.advance("fetch")
    summary.seen = len(plan.files) + len(seen_urls)
    failed = {f.source_uri for f in summary.failures}
    validated = [v for v, items in index_items.values() if not items & failed]
    return acquired, validated


def _extract_and_load(
    staging: str,
    pending: list[tasks.Acquired],
    version: str,
    settings: Settings,
    summary: IngestSummary,
    shown: progress.Progress,
) -> None:
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
            if outcome.failure is not None:
                _fail(staging, summary, item.uri, outcome.failure.stage, outcome.failure.reason)
            else:
                good.append((outcome.result(), item))
        shown.advance("extract", len(batch), sum(len(processed.analysed) for processed, _ in good))
        if not good:
            shown.advance("load", len(batch))
            continue
        before = summary.documents
        # quote(): Prefect would otherwise walk every record of the batch twice, looking
        # for futures to wait on (9 of the 158 profiled seconds of a 320-page report's ingest).
        for (processed, item), failure in zip(good, tasks.load_batch(staging, quote(good), version)):
            if failure is not None:
                _fail(staging, summary, item.uri, failure.stage, failure.reason)
                continue
            (summary.new if item.state == tasks.SourceState.NEW else summary.changed).append(item.uri)
            summary.documents += len(processed.analysed)
            summary.notes += [(item.uri, note) for note in _repairs(processed.analysed)]
        shown.advance("load", len(batch), summary.documents - before)


def _apply_corrections(staging: str, summary: IngestSummary) -> None:
    """Apply the analysts' corrections to what this run loaded, before the search index and the publish.

    Every run applies all of them (a correction to a source this run did not
    reload changes nothing), so each correction's status says what the latest
    run found, and one whose evidence is gone is in the run's summary.
    """
    from warehouse import corrections

    with db.connect(staging) as con:
        summary.corrections = corrections.apply_all(con, summary.run_id)


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
    for outcome in summary.corrections_missing:
        logger.warning("%s", outcome.line())
    logger.info("%s", summary.line())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _record_run(db_path: str, record: dict, summary: IngestSummary, published: str) -> list[str]:
    """Complete the run's row and write it to the staging copy, with the failed runs waiting beside the
    warehouse; returns those runs' ids, to forget once published."""
    record.update(
        {
            "finished_at": _now(),
            "sources_seen": summary.seen,
            "sources_new": len(summary.new),
            "sources_changed": len(summary.changed),
            "sources_unchanged": len(summary.unchanged),
            "sources_failed": len(summary.failures),
            "documents_loaded": summary.documents,
            "runner": summary.runner,
            "extractor_versions": documents.pipeline_version(),
            "status": "partial" if summary.failures else "completed",
            "failure": failure_line(summary) if summary.failures else None,
        }
    )
    with db.connect(db_path) as con:
        runs.record(con, record)
        folded = runs.fold_pending(con, published)
        runs.stamp_snapshot(con, record["run_id"])  # a DuckLake: the snapshot this run left
        return folded
