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


@task(cache_policy=NONE)
def read_source(uri: str, archive_dir: Path, max_bytes: int) -> sources.RawSource:
    raw = sources.read(uri, max_bytes)
    sources.archive(raw, archive_dir)
    return raw


@task(cache_policy=NONE)
def extract_documents(raw: sources.RawSource) -> tuple[str, list[Article]]:
    return documents.extract(raw.data, name_hint=raw.uri, content_type=raw.headers.get("content-type"),
                             fetched_at=raw.fetched_at.date())


@task(cache_policy=NONE)
def analyse_documents(articles: list[Article], model: str):
    language = nlp.load_model(model)
    return [(article, pipeline.analyse(article, doc))
            for article, doc in zip(articles, nlp.parse_many(language, (a.text for a in articles)))]


@task(cache_policy=NONE)
def load_documents(con, loaded: load.LoadedSource) -> dict[str, int]:
    return load.load_source(con, loaded)


def _staged(stage: str, fn, *args):
    """Run one stage; any failure becomes a StageError naming the stage."""
    try:
        return fn(*args)
    except Exception as exc:  # the run must go on: the source is recorded as failed
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise StageError(stage, f"{type(exc).__name__}: {message}" if message else type(exc).__name__) from exc


@flow(name="dossier-ingest", log_prints=True)
def ingest_flow(inputs: list[str], db_path: str | None = None) -> IngestSummary:
    """Ingest files, folders and URLs into the warehouse at ``db_path``."""
    settings = Settings.from_env()
    logger = get_run_logger()
    summary = IngestSummary()
    uris = sources.discover(inputs)
    summary.seen = len(uris)
    version = documents.pipeline_version()
    con = db.connect(db_path or settings.db_path)
    try:
        for uri in uris:
            try:
                raw = _staged("read", read_source, uri, settings.archive_dir, settings.max_source_bytes)
                if load.is_current(con, uri, raw.sha256, version):
                    summary.unchanged.append(uri)
                    continue
                doc_type, articles = _staged("extract", extract_documents, raw)
                analysed = _staged("nlp", analyse_documents, articles, settings.spacy_model)
                loaded = load.LoadedSource(uri, raw.sha256, doc_type, raw.archive_path, version, analysed)
                _staged("load", load_documents, con, loaded)
                summary.loaded.append(uri)
                summary.documents += len(articles)
            except StageError as exc:
                failure = SourceFailure(uri, exc.stage, exc.error)
                load.record_failure(con, failure)
                summary.failures.append(failure)
                logger.warning("%s failed at %s: %s", uri, exc.stage, exc.error)
    finally:
        con.close()
    return summary
