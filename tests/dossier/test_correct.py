"""``dossier correct``: an analyst's corrections, through the real CLI, flows and extractors.

The story of issue 21: two spellings of one minister left as two actors, a
scare quote taken for a quotation, a plan read as an event, speakers given to
the wrong actor. Each is corrected once, and stays corrected through
``dossier reextract --all`` and through a re-ingest of the edited source; the
one whose words were edited away is reported by the run, not dropped.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from dossier.cli import main
from tests.helpers.warehouse_rows import a_source
from warehouse import db, load, publish

STATEMENT = """Water ministers meet in Dushanbe

Dushanbe, 3 May 2024. Tajik Foreign Minister Sirojiddin Muhriddin met Uzbek Foreign Minister Bakhtiyor Saidov in Dushanbe on 3 May 2024 to discuss the Amu Darya.

"The river belongs to all of us," Muhriddin said after the meeting.

Saidov told reporters that Uzbekistan would build new canals in 2025. "We will not waste a single drop," he said.

The Interstate Commission for Water Coordination signed a data-sharing agreement on 2 May 2024. The commission called the deal "historic".

Sirojiddin Mukhriddin, as some agencies spell his name, will visit Tashkent in June 2024.
"""


def views(path) -> dict:
    """What an analyst reads (no generated ids): speakers, events with their actors, actors."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            "quotes": con.execute(
                "SELECT quote_text, speaker FROM who_said_what ORDER BY quote_text"
            ).fetchall(),
            "events": con.execute(
                "SELECT event_type, event_date, actor_names FROM timeline ORDER BY event_date, event_type"
            ).fetchall(),
            "actors": con.execute("SELECT canonical_name, kind FROM actors ORDER BY 1").fetchall(),
        }


def one(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


@pytest.mark.flow
def test_corrections_survive_reextraction_and_an_edited_source(harness, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DOSSIER_ARCHIVE", str(tmp_path / "archive"))
    monkeypatch.setenv("DOSSIER_PROGRESS", "off")  # what --quiet sets, put back after the test
    source = tmp_path / "statement.txt"
    source.write_text(STATEMENT)
    path = tmp_path / "w.duckdb"
    w = ["--db", str(path)]
    assert main(["ingest", str(source), *w, "--quiet"]) == 0
    before = views(path)
    assert ("historic", "Interstate Commission for Water Coordination") in before["quotes"]
    assert {("Sirojiddin Muhriddin", "person"), ("Sirojiddin Mukhriddin", "person")} <= set(before["actors"])

    river = one(path, "SELECT quote_id FROM quotes WHERE quote_text LIKE 'The river%'")
    made = [
        ["merge-actors", "Sirojiddin Mukhriddin", "Sirojiddin Muhriddin", "--why", "one minister, two spellings"],
        ["rename-actor", "Interstate Commission for Water Coordination", "ICWC"],
        ["split-actor", "--doc", "statement.txt", "--text", "Tajik", "--into", "Tajik government", "--kind", "organization"],
        ["set-speaker", "--doc", "statement.txt", "--text", "single drop", "--speaker", "Uzbek Ministry of Water Resources",
         "--kind", "organization"],
        ["clear-speaker", river],
        ["reject", "quote", "--doc", str(source), "--text", "historic", "--by", "lead", "--why", "a scare quote"],
        ["reject", "event", "--doc", "statement.txt", "--text", "new canals", "--why", "a plan, not an event"],
    ]  # fmt: skip
    for args in made:
        assert main(["correct", *args, *w]) == 0, args
        assert " applied: " in capsys.readouterr().out
    corrected = views(path)
    assert ("The river belongs to all of us", None) in corrected["quotes"]
    assert ("We will not waste a single drop", "Uzbek Ministry of Water Resources") in corrected["quotes"]
    assert not [q for q in corrected["quotes"] if q[0] == "historic"]
    assert not [e for e in corrected["events"] if e[0] == "AGREE" and e[1].year == 2025]
    visit = [e for e in corrected["events"] if e[1].month == 6]
    assert visit and "Sirojiddin Muhriddin" in visit[0][2]
    names = [name for name, _ in corrected["actors"]]
    assert "Sirojiddin Mukhriddin" not in names and "ICWC" in names and "Tajik government" in names

    assert main(["reextract", "--all", *w, "--quiet"]) == 0
    assert "corrections: 7 applied" in capsys.readouterr().out
    assert views(path) == corrected

    source.write_text(  # an editor's note on top, and the plan's sentence rewritten
        STATEMENT.replace(
            "Dushanbe, 3 May", "Updated with the minister's remarks.\n\nDushanbe, 3 May"
        ).replace(
            "Saidov told reporters that Uzbekistan would build new canals in 2025.",
            "Saidov spoke to reporters.",
        )
    )
    assert main(["ingest", str(source), *w, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "corrections: 6 applied, 1 evidence-missing" in out
    assert "correction 7 (reject-event, by " in out and "the words are no longer in the document" in out
    edited = views(path)
    assert edited["quotes"] == corrected["quotes"] and edited["actors"] == corrected["actors"]

    assert main(["correct", "list", "--status", "evidence-missing", "--format", "json", *w]) == 0
    (lost,) = json.loads(capsys.readouterr().out)
    assert (lost["kind"], lost["evidence_text"], lost["reason"]) == (
        "reject-event",
        "that Uzbekistan would build new canals in 2025",
        "a plan, not an event",
    )
    assert main(["correct", "list", *w]) == 0
    assert capsys.readouterr().out.count("applied") == 6


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.connect(path) as con:
        load.load_source(con, a_source())
    return str(path)


def test_a_correction_waits_for_no_run_it_is_refused_while_one_writes(warehouse, capsys):
    with publish.writer(warehouse):  # an ingest holds the warehouse
        assert main(["correct", "rename-actor", "Tokayev", "Kassym-Jomart Tokayev", "--db", warehouse]) == 2
    assert "another dossier run is writing" in capsys.readouterr().err
    assert main(["correct", "rename-actor", "Tokayev", "Kassym-Jomart Tokayev", "--db", warehouse]) == 0
    assert one(warehouse, "SELECT list(canonical_name ORDER BY canonical_name) FROM actors") == [
        "Aliyev",
        "Kassym-Jomart Tokayev",
    ]


def test_who_and_why_are_recorded_and_mistakes_are_one_line(warehouse, capsys, monkeypatch):
    monkeypatch.setenv("USER", "ana")
    assert (
        main(["correct", "reject", "quote", "--doc", "meeting.txt", "--text", "met", "--db", warehouse]) == 0
    )
    assert one(warehouse, "SELECT made_by || ': ' || kind FROM corrections") == "ana: reject-quote"
    capsys.readouterr()
    assert main(["correct", "merge-actors", "Tokayev", "Nobody", "--db", warehouse]) == 2
    assert capsys.readouterr().err.strip() == "dossier correct: no actor is named 'Nobody'"
    assert main(["correct"]) == 2  # which correction? the usage says


def readme_corrections() -> list[list[str]]:
    """The ``dossier correct`` lines of the README's Corrections example, as an analyst types them."""
    import shlex

    from tests.helpers.paths import REPO

    block = (REPO / "README.md").read_text("utf-8").split("## Corrections", 1)[1].split("```sh", 1)[1]
    lines = block.split("```", 1)[0].splitlines()
    return [
        shlex.split(line, comments=True)[1:] for line in lines if line.startswith(".venv/bin/dossier correct")
    ]


def test_the_readme_corrections_work_as_written_on_the_samples(tmp_path_factory, tmp_path, nlp, capsys):
    import shutil

    from tests.helpers.sample_warehouse import sample_warehouse

    path = tmp_path / "samples.duckdb"
    shutil.copy(sample_warehouse(tmp_path_factory, nlp), path)  # correcting writes: not the shared copy
    commands = readme_corrections()
    assert len(commands) >= 5 and commands[-1] == ["correct", "list"]
    for argv in commands[:-1]:
        assert main([*argv, "--db", str(path)]) == 0, argv
        assert " applied: " in capsys.readouterr().out, argv
    assert main([*commands[-1], "--db", str(path), "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [row["status"] for row in listed] == ["applied"] * (len(commands) - 1)
    with duckdb.connect(str(path), read_only=True) as con:  # the set-speaker line changed what it names
        speaker = con.execute("SELECT speaker FROM who_said_what WHERE quote_text LIKE 'Everyone arrived%'")
        assert speaker.fetchall() == [("senior Uzbek official",)]
