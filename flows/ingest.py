"""The ingest flow: discover → acquire (read or fetch, archive) → extract and parse → load → publish.

Thin wiring only: the work is in ``flows/tasks.py`` (one task per stage, each
wrapping library functions). The flow decides the order, runs extraction on
the configured task runner (processes across cores, see ``flows/runners.py``),
loads each source in its own transaction into a staging copy of the warehouse,
records the run, and publishes the copy atomically (``warehouse/publish.py``).
"""

from __future__ import annotations

from dossier.prefect_env import configure

configure()  # before Prefect is imported: it reads its settings at import time

import datetime as dt  # noqa: E402
import uuid  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from prefect import flow, get_run_logger  # noqa: E402

from dossier import sources  # noqa: E402
from dossier.records import SourceFailure  # noqa: E402
from dossier.settings import Settings  # noqa: E402
from extractors import documents  # noqa: E402
from flows import runners, tasks  # noqa: E402
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

    @property
    def loaded(self) -> list[str]:
        return self.new + self.changed


@flow(name="dossier-ingest", log_prints=True)
def ingest_flow(inputs: list[str], db_path: str | None = None) -> IngestSummary:
    """Ingest files, folders and URLs into the warehouse at ``db_path``."""
    settings = Settings.from_env()
    published = str(db_path or settings.db_path)
    uris = sources.discover(inputs)
    with publish.writer(published) as staging:
        summary = _ingest_into(str(staging), uris, settings)
        _record_run(str(staging), "ingest", inputs, summary)
    return summary


def _ingest_into(db_path: str, uris: list[str], settings: Settings) -> IngestSummary:
    logger = get_run_logger()
    version = documents.pipeline_version()
    summary = IngestSummary(run_id=uuid.uuid4().hex[:16], seen=len(uris))
    files = [u for u in uris if not sources.is_url(u)]
    urls = [u for u in uris if sources.is_url(u)]

    acquired, failures = tasks.acquire_files(files, db_path, settings.archive_dir, settings.max_source_bytes, version)
    for uri, stage, error in failures:
        _fail(db_path, summary, uri, stage, error)
    for url in urls:
        state = tasks.acquire_url(url, db_path, settings.archive_dir, settings.max_source_bytes, version,
                                  return_state=True)
        if state.is_failed():
            _fail(db_path, summary, url, *tasks.split_failure(state.message))
        else:
            acquired.append(state.result())

    pending = [a for a in acquired if a.state != "unchanged"]
    summary.unchanged = [a.uri for a in acquired if a.state == "unchanged"]
    summary.runner = runners.choose(len(pending))
    for item, state in zip(pending, _process_all(pending, settings.spacy_model, summary.runner)):
        if state.is_failed():
            _fail(db_path, summary, item.uri, *tasks.split_failure(state.message))
            continue
        processed = state.result()
        loaded = tasks.load_processed(db_path, processed, version, return_state=True)
        if loaded.is_failed():
            _fail(db_path, summary, item.uri, *tasks.split_failure(loaded.message))
            continue
        (summary.new if item.state == "new" else summary.changed).append(item.uri)
        summary.documents += len(processed.analysed)
    for failure in summary.failures:
        logger.warning("%s failed at %s: %s", failure.source_uri, failure.stage, failure.error)
    return summary


def _process_all(pending: list[tasks.Acquired], model: str, runner: str):
    """Extract and parse every pending source on the chosen runner; yield final states in order."""
    if not pending:
        return []

    @flow(name="dossier-extract", task_runner=runners.make(runner))
    def extract_all():
        futures = [tasks.process.submit(item, model, item.headers.get("content-type")) for item in pending]
        return [f.wait() or f.state for f in futures]

    return extract_all()


def _fail(db_path: str, summary: IngestSummary, uri: str, stage: str, error: str) -> None:
    failure = SourceFailure(uri, stage, error)
    with db.connect(db_path) as con:
        load.record_failure(con, failure)
    summary.failures.append(failure)


def _record_run(db_path: str, flow_name: str, inputs: list[str], summary: IngestSummary, started: dt.datetime | None = None) -> None:
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    with db.connect(db_path) as con:
        load.record_run(con, {
            "run_id": summary.run_id, "flow": flow_name, "started_at": started or now, "finished_at": now,
            "inputs": list(inputs), "sources_seen": summary.seen, "sources_new": len(summary.new),
            "sources_changed": len(summary.changed), "sources_unchanged": len(summary.unchanged),
            "sources_failed": len(summary.failures), "documents_loaded": summary.documents,
            "extractor_versions": documents.pipeline_version(),
        })
