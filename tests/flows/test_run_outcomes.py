"""How a run ends is said in one line: in ``runs``, in Prefect's state message, and to a webhook.

The real flow, under Prefect's test harness. The scheduled path (a deployment
firing on its own) is tests/flows/test_scheduled_runs.py; here the flow is
called directly, as ``dossier ingest`` does, so ``deployment`` stays empty.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.helpers.webhook import webhook_receiver
from warehouse import publish, runs

pytestmark = pytest.mark.flow

STATEMENT = """Riverside, 14 March 2023 -- The river commission met on Tuesday.
"We will publish the flow data every month," said Ana Ruiz, the commission's chair.
"""


@pytest.fixture
def project(harness, tmp_path, monkeypatch):
    monkeypatch.setenv("DOSSIER_ARCHIVE", str(tmp_path / "archive"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "statement.txt").write_text(STATEMENT, "utf-8")
    return tmp_path


def _sources(project, hook_url: str, when: str = "[failed]") -> str:
    path = project / "sources.yaml"
    path.write_text(
        f"notify: {{webhook: '{hook_url}', when: {when}}}\n"
        "sources:\n  - {name: statements, kind: folder, location: docs}\n",
        "utf-8",
    )
    return str(path)


def test_a_run_that_finds_the_warehouse_busy_fails_in_one_line_everywhere(project):
    from flows.ingest import ingest_sources_flow

    db = project / "w.duckdb"
    with webhook_receiver() as hook:
        sources_file = _sources(project, hook.url)
        with publish.writer(db):  # an ad hoc `dossier ingest` is writing
            state = ingest_sources_flow(sources_file, None, str(db), return_state=True)
        assert state.is_failed()
        assert (
            state.message
            == f"WarehouseBusy: another dossier run is writing {db}; try again when it has finished"
        )
        [posted] = hook.wait_for(1)
    assert posted["event"] == "dossier.run.failed" and posted["failure"] == state.message
    assert (posted["flow"], posted["deployment"], posted["warehouse"]) == ("ingest-sources", None, str(db))
    [row] = runs.recent(db)  # kept beside the warehouse until the next run folds it in
    assert (row[1], row[3], row[6]) == ("ingest-sources", "failed", state.message)
    with pytest.raises(publish.WarehouseBusy):  # calling the flow raises as it always did
        state.result()

    assert ingest_sources_flow(sources_file, None, str(db)).documents == 1  # the next run publishes both
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status, failure IS NULL FROM runs ORDER BY started_at").fetchall() == [
            ("failed", False),
            ("completed", True),
        ]
    assert runs.read_pending(db) == []


def test_a_run_with_a_failed_source_publishes_the_rest_and_says_which_failed(project):
    from flows.ingest import ingest_sources_flow

    (project / "docs" / "empty.pdf").write_bytes(b"")
    db = project / "w.duckdb"
    with webhook_receiver() as hook:
        sources_file = _sources(project, hook.url, when="[failed, partial]")
        state = ingest_sources_flow(sources_file, None, str(db), return_state=True)
        [posted] = hook.wait_for(1)
    assert state.is_completed()
    assert state.message.startswith("2 sources seen, 1 loaded (1 documents), 0 unchanged, 1 failed; first: ")
    assert "empty.pdf [read]" in state.message or "empty.pdf [extract]" in state.message
    assert posted["event"] == "dossier.run.partial" and posted["sources_failed"] == 1
    with duckdb.connect(str(db), read_only=True) as con:
        status, failure, deployment, scheduled = con.execute(
            "SELECT status, failure, deployment, scheduled_at FROM runs"
        ).fetchone()
    assert (status, deployment, scheduled) == ("partial", None, None)
    assert failure.startswith("1 of 2 sources failed; first: ") and "empty.pdf" in failure


def test_a_broken_sources_file_fails_the_run_and_still_notifies(project):
    from flows.ingest import ingest_sources_flow

    db = project / "w.duckdb"
    with webhook_receiver() as hook:
        path = project / "sources.yaml"
        path.write_text(
            f"notify: {{webhook: '{hook.url}'}}\nsources:\n  - {{name: a, kind: fodler, location: x}}\n"
        )
        state = ingest_sources_flow(str(path), None, str(db), return_state=True)
        [posted] = hook.wait_for(1)
    assert state.is_failed() and state.message.startswith("SourceConfigError: ")
    assert "unknown kind 'fodler'" in state.message and posted["failure"] == state.message
    with duckdb.connect(str(db), read_only=True) as con:  # nothing else wrote: the row went in directly
        assert con.execute("SELECT status, inputs FROM runs").fetchall() == [("failed", [str(path)])]


def test_a_feed_that_failed_before_any_source_was_seen_counts_as_one_tried():
    from core.records import SourceFailure
    from flows.ingest import IngestSummary, failure_line

    feed = SourceFailure("https://news.example.org/feed.xml", "fetch", "FetchError: connection refused")
    line = failure_line(IngestSummary(seen=0, failures=[feed]))
    assert line.startswith("1 of 1 sources failed; first: https://news.example.org/feed.xml [fetch]")
