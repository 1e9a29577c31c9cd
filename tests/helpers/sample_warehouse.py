"""A warehouse of the bundled samples, built once per test process without Prefect.

The analyst views, the documented queries and the report only read the warehouse, so
their tests need its rows, not the flow's orchestration: the same extractors and the
same loader as ``dossier ingest``, called directly, build it in a few seconds instead
of starting Prefect's temporary server. The file is built once and shared.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from acquire import sources
from extractors import documents, nlp, pipeline
from tests.helpers.paths import SAMPLES
from warehouse import db, load, search

_BUILT: dict[str, Path] = {}


def build(folder: Path, language) -> Path:
    """Extract, parse and load every sample into ``folder/samples.duckdb``; skip what fails to read."""
    path = folder / "samples.duckdb"
    version = documents.pipeline_version()
    with db.connect(path) as con:
        for uri in sources.discover([str(SAMPLES)]):
            raw = sources.read(uri, max_bytes=50 * 2**20)
            sources.archive(raw, folder / "archive")
            try:
                doc_type, articles = documents.extract(
                    raw.data, name_hint=uri, fetched_at=raw.fetched_at.date()
                )
            except Exception:  # the damaged PDF: the flow records it; the views do not need it
                continue
            analysed = [
                (a, pipeline.analyse(a, d))
                for a, d in zip(articles, nlp.parse_many(language, (a.text for a in articles)))
            ]
            load.load_source(
                con, load.LoadedSource(uri, raw.sha256, doc_type, raw.archive_path, version, analysed)
            )
        with contextlib.suppress(search.SearchUnavailable):  # an environment without duckdb-ext-fts:
            search.rebuild_index(con)  # as the flow does after a run that changed rows; tests of search fail
    return path


def sample_warehouse(tmp_path_factory, language) -> Path:
    """The shared sample warehouse, built on first use."""
    if "path" not in _BUILT:
        _BUILT["path"] = build(tmp_path_factory.mktemp("sample-warehouse"), language)
    return _BUILT["path"]
