"""Progress of long runs: plain lines when the output is not a terminal, nothing with --quiet."""

from __future__ import annotations

import io

import pytest

from dossier.cli import main
from flows import progress


def test_not_a_terminal_means_plain_lines(monkeypatch):
    monkeypatch.delenv("DOSSIER_PROGRESS", raising=False)
    assert progress.mode() == "log"  # pytest's captured stdout is not a terminal
    monkeypatch.setenv("DOSSIER_PROGRESS", "off")
    assert progress.mode() == "off"


def test_a_line_tells_sources_done_rate_and_time_left(monkeypatch):
    now = [0.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    out = io.StringIO()
    with progress.Progress(how="log", every=5, out=out) as shown:
        shown.expect("extract", 4)  # t=0: nothing done, no line due yet
        now[0] = 10.0
        shown.advance("extract", 1, documents=3)  # 3 docs in 10 s; 3 sources to go at 10 s each
        now[0] = 12.0
        shown.advance("extract", 0)  # 2 s after the last line: none due
        now[0] = 20.0
        shown.advance("extract", 1, documents=1)
        now[0] = 40.0
        shown.advance("extract", 2, documents=4)  # the stage ends: always a line
    lines = out.getvalue().splitlines()
    assert lines == [
        "progress: extract 1/4 sources, 0.3 docs/s, 30 s left",
        "progress: extract 2/4 sources, 0.2 docs/s, 20 s left",
        "progress: extract 4/4 sources, 0.2 docs/s, done",
    ]


def test_off_shows_nothing():
    out = io.StringIO()
    with progress.Progress(how="off", out=out) as shown:
        shown.expect("fetch", 3)
        shown.advance("fetch", 3)
    assert out.getvalue() == ""


def test_live_draws_a_bar_per_stage():
    out = io.StringIO()
    with progress.Progress(how="live", out=out) as shown:
        shown.expect("fetch", 2)
        shown.advance("fetch", 2)
        shown.expect("extract", 2)
        shown.advance("extract", 1, documents=5)
    drawn = out.getvalue()
    assert "fetch" in drawn and "2/2" in drawn and "extract" in drawn and "1/2" in drawn and "docs/s" in drawn


@pytest.mark.flow
def test_ingest_prints_progress_lines_and_none_when_quiet(harness, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DOSSIER_PROGRESS", raising=False)
    monkeypatch.setenv("DOSSIER_ARCHIVE", str(tmp_path / "archive"))
    for i in range(3):
        (tmp_path / f"note-{i}.txt").write_text(
            f"Note {i}\n\nThe commission met in Nukus on {i + 2} May 2024.\n"
        )
    assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "a.duckdb")]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("progress: ")]
    assert lines and lines[-1].startswith("progress: fetch 3/3 sources")
    assert (
        "extract 3/3 sources" in lines[-1] and "load 3/3 sources" in lines[-1] and "docs/s, done" in lines[-1]
    )
    monkeypatch.delenv("DOSSIER_PROGRESS", raising=False)
    assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "b.duckdb"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "sources: 3 seen, 3 loaded" in out and "progress: " not in out
