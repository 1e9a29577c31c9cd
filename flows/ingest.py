"""The ingest flow: discover → read and archive → extract → parse once → load.

Thin wiring only: every stage is a function in ``dossier/``, ``extractors/`` or
``warehouse/``; this module gives each one a Prefect task (so runs are observable
and retriable) and decides what happens when a source fails: it is recorded in
``ingest_errors`` with its stage, and the run goes on with the next source.
"""

from __future__ import annotations

from dossier.prefect_env import configure

configure()  # before Prefect is imported: it reads its settings at import time

from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NONE  # noqa: E402
from prefect.states import Failed  # noqa: E402

from dossier import sources  # noqa: E402
from dossier.records import Article, SourceFailure  # noqa: E402
from dossier.settings import Settings  # noqa: E402
from extractors import documents, nlp, pipeline  # noqa: E402
from warehouse import db, load  # noqa: E402


@dataclass
class IngestSummary:
    """What a run did, for the CLI's report and the exit status."""

    seen: int = 0
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)
    documents: int = 0


class StageError(Exception):
    def __init__(self, stage: str, error: str):
        super().__init__(error)
        self.stage, self.error = stage, error


def _reason(exc: BaseException) -> str:
    """One line for ingest_errors: the exception type and the first line of its message."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _failed_on_error(fn, *args, **kwargs):
    """Run a stage; a failure becomes a Failed state carrying a one-line reason.

    Returning the state (rather than raising) marks the task failed in Prefect
    with a readable message and does not keep the exception and its frames alive.
    """
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # the run must go on: the source is recorded as failed
        return Failed(message=_reason(exc))


@task(cache_policy=NONE)
def read_source(uri: str, archive_dir: Path, max_bytes: int) -> sources.RawSource:
    def read_and_archive():
        raw = sources.read(uri, max_bytes)
        sources.archive(raw, archive_dir)
        return raw
    return _failed_on_error(read_and_archive)


@task(cache_policy=NONE)
def extract_documents(raw: sources.RawSource) -> tuple[str, list[Article]]:
    return _failed_on_error(documents.extract, raw.data, name_hint=raw.uri,
                            content_type=raw.headers.get("content-type"), fetched_at=raw.fetched_at.date())


@task(cache_policy=NONE)
def analyse_documents(articles: list[Article], model: str):
    def analyse():
        language = nlp.load_model(model)
        docs = nlp.parse_many(language, (a.text for a in articles))
        return [(article, pipeline.analyse(article, doc)) for article, doc in zip(articles, docs)]
    return _failed_on_error(analyse)


@task(cache_policy=NONE)
def load_documents(db_path: str, loaded: load.LoadedSource) -> dict[str, int]:
    def load_in_transaction():
        with db.connect(db_path) as con:
            return load.load_source(con, loaded)
    return _failed_on_error(load_in_transaction)


def _is_current(db_path: str, raw: sources.RawSource, version: str) -> bool:
    with db.connect(db_path) as con:
        return load.is_current(con, raw.uri, raw.sha256, version)


def _record(db_path: str, failure: SourceFailure) -> None:
    with db.connect(db_path) as con:
        load.record_failure(con, failure)


def _staged(stage: str, stage_task, *args):
    """Run one stage's task; a failed task becomes a StageError naming the stage."""
    state = stage_task(*args, return_state=True)
    if state.is_failed():
        raise StageError(stage, state.message or "failed")
    return state.result()


@flow(name="dossier-ingest", log_prints=True)
def ingest_flow(inputs: list[str], db_path: str | None = None) -> IngestSummary:
    """Ingest files, folders and URLs into the warehouse at ``db_path``."""
    settings = Settings.from_env()
    logger = get_run_logger()
    summary = IngestSummary()
    uris = sources.discover(inputs)
    summary.seen = len(uris)
    version = documents.pipeline_version()
    # Connections are opened per step, never held across the run or handed to
    # Prefect: an analyst's session can open the file between two sources.
    db_path = str(db_path or settings.db_path)
    db.connect(db_path).close()  # create and migrate before the first source
    for uri in uris:
        try:
            raw = _staged("read", read_source, uri, settings.archive_dir, settings.max_source_bytes)
            if _is_current(db_path, raw, version):
                summary.unchanged.append(uri)
                continue
            doc_type, articles = _staged("extract", extract_documents, raw)
            analysed = _staged("nlp", analyse_documents, articles, settings.spacy_model)
            loaded = load.LoadedSource(uri, raw.sha256, doc_type, raw.archive_path, version, analysed)
            _staged("load", load_documents, db_path, loaded)
            summary.loaded.append(uri)
            summary.documents += len(articles)
        except StageError as exc:
            failure = SourceFailure(uri, exc.stage, exc.error)
            _record(db_path, failure)
            summary.failures.append(failure)
            logger.warning("%s failed at %s: %s", uri, exc.stage, exc.error)
    return summary
