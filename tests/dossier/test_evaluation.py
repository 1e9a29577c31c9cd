"""The scoring rules of FORMAT.md, one small example per rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.evaluation import (
    PredActor,
    PredEvent,
    Predictions,
    PredItem,
    PredQuote,
    alias_matches,
    date_matches,
    evaluate,
    fold,
    max_matching,
    name_norm,
    render_table,
    text_key,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PAGE = "page.html"
PAPER = "paper.pdf"

ALIASES = {
    "USA": ["united states", "us"],
    "SCO": ["sco", "shanghai cooperation organization"],
    "TGFC": ["green finance council"],
    "TUR": ["türkiye", "turkiye", "turkey"],
    "KAZ": ["kazakhstan", "astana"],
    "MINISTRY": ["ministry of energy"],
}


def gold_fixture() -> dict:
    """A made-up two-file gold, just big enough to exercise every rule."""
    return {
        "about": "test gold",
        "aliases": ALIASES,
        "documents": [
            {
                "file": PAGE,
                "items": [
                    {
                        "author": "Ada Byline",
                        "starts_with": "The valley railway opened",
                        "category": "Briefs",
                        "published": "2024-04-11",
                    },
                    {
                        "author": "Ben Other",
                        "starts_with": "Harvest figures fell",
                        "category": None,
                        "published": None,
                    },
                ],
            },
            {
                "file": PAPER,
                "items": [
                    {
                        "author": "Cem Writer",
                        "starts_with": "RIVERS ARE BORDERS",
                        "abstract_starts_with": "This paper asks",
                        "title": "Rivers and Borders",
                        "journal": "Water Quarterly",
                        "volume": "5",
                        "issue": "4",
                        "pages": "10–28",
                        "published": "2024",
                        "received": "2024-06-05",
                        "accepted": "2024-06-25",
                        "category": None,
                    },
                ],
            },
        ],
        "quotes": [
            {"file": PAGE, "text": "a bridge between the two banks", "kind": "quote", "speaker": "TUR"},
            {"file": PAGE, "text": "bridge", "kind": "term"},
            {"file": PAGE, "text": "bridgehead", "kind": "quote", "speaker": None},
            {"file": PAGE, "text": "red line", "kind": "optional"},
            {"file": PAGE, "text": "never cross the red line", "kind": "quote", "speaker": "KAZ"},
            {"file": PAPER, "text": "Green Deal", "kind": "term"},
        ],
        "events": [
            {"file": PAGE, "date": "2021", "actors": ["TUR"], "cue": "summit"},
            {"file": PAGE, "date": "2021-11", "actors": ["TUR", "KAZ"], "cue": "treaty"},
            {"file": PAPER, "date": "2014", "actors": ["USA"], "cue": "sanctions"},
        ],
        "actors": {
            PAGE: {
                "required": [
                    {"name": "Türkiye", "kind": "country", "code": "TUR"},
                    {"name": "Green Finance Council", "kind": "organization", "alias": "TGFC"},
                    {"name": "Ana Surname", "kind": "person", "surname": "surname"},
                ],
                "one_actor_per_surname": [],
            },
            PAPER: {
                "required": [{"name": "United States", "kind": "country", "code": "USA"}],
                "one_actor_per_surname": ["erdogan"],
            },
        },
    }


# --- §2 normalisation -------------------------------------------------------


def test_fold_removes_case_diacritics_and_typography():
    assert fold("Bağcı") == "bagci"
    assert fold("Çavuşoğlu") == "cavusoglu"
    assert fold("İstanbul") == "istanbul"
    assert fold("ﬁnance  \n Øresund") == "finance oresund"
    assert fold("“Quoted” ‘words’ – and — dashes") == "\"quoted\" 'words' - and - dashes"


def test_text_key_keeps_letters_and_digits_only():
    assert text_key("Turkic\nworld- wide, “300 million”!") == "turkicworldwide300million"


def test_name_norm_drops_a_leading_article():
    assert name_norm("The  Council") == "council"
    assert name_norm("Theatre") == "theatre"


# --- §3 alias matching --------------------------------------------------------


def test_short_aliases_must_be_whole_words():
    assert alias_matches("the US government", "us")
    assert alias_matches("U.S.-led coalition", "u.s.")
    assert not alias_matches("Russia", "us")
    assert not alias_matches("UNESCO", "sco")
    assert alias_matches("SCO summit", "sco")


def test_long_aliases_match_as_substrings_either_way():
    assert alias_matches("Turkish Green Finance Council members", "green finance council")
    assert alias_matches("the Council", "green finance council")  # 'council' has 7 chars
    assert not alias_matches("the gre", "green finance council")  # 'gre' is too short
    assert alias_matches("President Erdoğan", "erdogan")


# --- §6 date rule ---------------------------------------------------------------


def test_dates_must_be_at_least_as_precise_and_agree():
    assert date_matches("2021-11-12", "2021")
    assert date_matches("2021-11-12", "2021-11")
    assert not date_matches("2021", "2021-11")
    assert not date_matches("2021-12", "2021-11")
    assert not date_matches("202", "2021")  # a decade never passes for a year
    assert not date_matches(None, "2021")


# --- §4 documents -----------------------------------------------------------------


def test_items_are_found_by_author_and_opening_words_and_fields_scored():
    preds = Predictions(
        items=[
            PredItem(
                file=PAGE,
                author="Ada Byline",
                body="The valley-railway opened in spring.",
                category="briefs",
                published="2024-04",
            ),
            PredItem(file=PAGE, author="Someone Else", body="Harvest figures fell sharply."),
            PredItem(
                file=PAPER,
                author="Cem Writer, Dan Co",
                body="Rivers are borders and more.",
                abstract="Unrelated",
                title="RIVERS AND BORDERS",
                journal="Water Quarterly",
                volume="5",
                issue="04",
                pages="10-28",
                published="2024",
                received="2024-06-05",
                accepted=None,
            ),
        ]
    )
    report = evaluate(gold_fixture(), preds)
    page = report["documents"]["per_file"][PAGE]
    assert (page["found"], page["gold_items"]) == (1, 2)  # second item: wrong author
    assert page["fields"]["category"] == {"correct": 1, "judged": 1, "accuracy": 1.0}
    assert page["fields"]["published"]["correct"] == 0  # month is less precise than the day
    paper = report["documents"]["per_file"][PAPER]["fields"]
    assert paper["title"]["correct"] == paper["pages"]["correct"] == paper["volume"]["correct"] == 1
    assert paper["issue"]["correct"] == 0  # '04' is not the string '4'
    assert paper["accepted"]["correct"] == 0
    assert report["documents"]["overall"]["found"] == 2


def test_an_item_is_found_by_its_abstract():
    preds = Predictions(
        items=[
            PredItem(
                file=PAPER,
                author="cem writer",
                body="Something else first",
                abstract="This paper asks whether rivers divide.",
            )
        ]
    )
    assert evaluate(gold_fixture(), preds)["documents"]["per_file"][PAPER]["found"] == 1


# --- §5 quotes ----------------------------------------------------------------------


def quote_report(*quotes: PredQuote) -> dict:
    return evaluate(gold_fixture(), Predictions(quotes=list(quotes)))["quotes"]["per_file"][PAGE]


def test_a_short_prediction_goes_to_the_closest_gold_entry():
    # 'bridge' is inside all three quote/term entries; the exact term wins by ratio.
    stats = quote_report(PredQuote(PAGE, "bridge", speaker=None))
    assert (stats["tp"], stats["fp"], stats["ignored_term"]) == (0, 0, 1)


def test_a_term_reported_with_a_speaker_is_a_false_positive():
    stats = quote_report(PredQuote(PAGE, "“Bridge”", speaker="Turkey"))
    assert (stats["fp"], stats["terms_as_quotes"]) == (1, 1)
    labelled = quote_report(PredQuote(PAGE, "bridge", speaker="Turkey", is_term=True))
    assert (labelled["fp"], labelled["ignored_term"]) == (0, 1)


def test_length_ratio_below_point_four_is_no_candidate():
    # The gold key 'abridgebetweenthetwobanks' has 25 characters.
    assert quote_report(PredQuote(PAGE, "between the", speaker="Ankara"))["tp"] == 1  # 10/25 = 0.4: enough
    stats = quote_report(PredQuote(PAGE, "two banks", speaker=None))  # 8/25 < 0.4: no candidate
    assert (stats["tp"], stats["fp"]) == (0, 1)


def test_on_equal_ratio_optional_beats_term_and_quote_beats_optional():
    # 'red line' equals the optional entry exactly: ignored, not credited to the longer quote.
    stats = quote_report(PredQuote(PAGE, "red line", speaker="Kazakhstan"))
    assert (stats["tp"], stats["fp"], stats["ignored_optional"]) == (0, 0, 1)
    gold = gold_fixture()
    gold["quotes"] = [
        {"file": PAGE, "text": "open doors", "kind": "term"},
        {"file": PAGE, "text": "open doors", "kind": "optional"},
        {"file": PAGE, "text": "Open Doors!", "kind": "quote", "speaker": None},
    ]
    stats = evaluate(gold, Predictions(quotes=[PredQuote(PAGE, "open doors")]))["quotes"]["per_file"][PAGE]
    assert stats["tp"] == 1 and stats["matched"] == 1


def test_predictions_with_equal_text_key_are_merged_keeping_the_first():
    stats = quote_report(
        PredQuote(PAGE, "never cross the red line", speaker="Astana"),
        PredQuote(PAGE, "Never cross the red-line.", speaker="someone else"),
    )
    assert (stats["tp"], stats["predictions"], stats["speaker_correct"]) == (1, 1, 1)


def test_quote_scores_and_speakers():
    stats = quote_report(
        PredQuote(PAGE, "bridgehead", speaker=""),  # gold speaker null: empty counts as null
        PredQuote(PAGE, "bridge between the two banks", speaker="Kazakhstan"),  # wrong speaker
        PredQuote(PAGE, "words nobody wrote", speaker=None),  # false positive
    )
    assert stats["quote_entries"] == 3
    assert (stats["matched"], stats["tp"], stats["fp"]) == (2, 2, 1)
    assert stats["recall"] == pytest.approx(2 / 3)
    assert stats["precision"] == pytest.approx(2 / 3)
    assert stats["speaker_accuracy"] == pytest.approx(1 / 2)
    assert stats["attributed_recall"] == pytest.approx(1 / 3)
    assert [m["text"] for m in stats["missed"]] == ["never cross the red line"]


def test_predictions_in_files_the_gold_does_not_annotate_are_ignored():
    report = evaluate(gold_fixture(), Predictions(quotes=[PredQuote("other.html", "anything", "Turkey")]))
    assert report["quotes"]["overall"]["fp"] == 0
    assert report["unannotated_files"] == ["other.html"]


# --- §6 events --------------------------------------------------------------------


def test_one_prediction_counts_for_one_gold_event_only():
    # The day-precise prediction could satisfy both page events, but recall pairs one-to-one.
    one = Predictions(events=[PredEvent(PAGE, "2021-11-12", ["Türkiye"])])
    stats = evaluate(gold_fixture(), one)["events"]["per_file"][PAGE]
    assert (stats["matched"], stats["precision"], stats["recall"]) == (1, 1.0, 0.5)


def test_matching_finds_the_assignment_a_greedy_pass_would_miss():
    # The year prediction can only serve '2021'; the maximum matching gives the day one to '2021-11'.
    preds = Predictions(
        events=[PredEvent(PAGE, "2021-11-12", ["Turkey"]), PredEvent(PAGE, "2021", ["Ankara, Turkey"])]
    )
    stats = evaluate(gold_fixture(), preds)["events"]["per_file"][PAGE]
    assert stats["matched"] == 2 and stats["missed"] == []


def test_event_precision_and_year_recall():
    preds = Predictions(
        events=[
            PredEvent(
                PAGE, "2021", ["Kazakhstan"]
            ),  # year right for the treaty, month missing; actor fits only it
            PredEvent(PAGE, "2021-11", ["Norway"]),  # no actor matches
            PredEvent(PAPER, "2014-03", ["the US"]),
        ]
    )
    events = evaluate(gold_fixture(), preds)["events"]
    page = events["per_file"][PAGE]
    assert (page["predictions_matching"], page["matched"], page["matched_year"]) == (0, 0, 1)
    assert events["overall"]["precision"] == pytest.approx(1 / 3)
    assert events["overall"]["recall"] == pytest.approx(1 / 3)
    assert events["overall"]["recall_year"] == pytest.approx(2 / 3)


def test_max_matching_on_a_small_graph():
    # left 0 -> {0, 1}, left 1 -> {0}: only the matching 0-1, 1-0 has size 2.
    assert max_matching([[0, 1], [0]], 2) == {0: 1, 1: 0}
    assert max_matching([[0], [0], []], 1) == {0: 0}


# --- §7 actors --------------------------------------------------------------------


def test_required_actors_and_one_actor_per_surname():
    preds = Predictions(
        actors=[
            PredActor(PAGE, "Turkey", "country"),
            PredActor(PAGE, "the Council", "organization"),
            PredActor(PAPER, "Recep Tayyip Erdoğan", "person"),
            PredActor(PAPER, "President Erdogan", "person"),
            PredActor(PAPER, "United States", "country"),
        ]
    )
    actors = evaluate(gold_fixture(), preds)["actors"]
    page = actors["per_file"][PAGE]
    assert (page["found"], page["required"], page["missed"]) == (2, 3, ["Ana Surname"])
    check = actors["per_file"][PAPER]["surnames"]["erdogan"]
    assert (check["count"], check["ok"]) == (2, False)
    assert actors["overall"]["surname_checks_passed"] == 0
    one = evaluate(gold_fixture(), Predictions(actors=[PredActor(PAPER, "Erdoğan", "person")]))
    assert one["actors"]["per_file"][PAPER]["surnames"]["erdogan"] == {
        "count": 1,
        "ok": True,
        "actors": ["Erdoğan"],
    }


# --- the report -----------------------------------------------------------------------


def test_report_is_json_and_renders_as_a_table():
    preds = Predictions(quotes=[PredQuote(PAGE, "nobody said this")])
    report = evaluate(gold_fixture(), preds)
    assert json.loads(json.dumps(report)) == report
    table = render_table(report)
    for heading in ("DOCUMENTS", "QUOTES", "EVENTS", "ACTORS", PAGE, PAPER, "overall"):
        assert heading in table
    assert "nobody said this" not in table
    assert "nobody said this" in render_table(report, verbose=True)


def test_quotes_without_file_belong_to_the_single_document():
    gold = {
        "aliases": {},
        "documents": [{"file": PAPER, "items": []}],
        "quotes": [{"text": "Green Deal", "kind": "quote", "speaker": None}],
        "events": [],
        "actors": {},
    }
    stats = evaluate(gold, Predictions(quotes=[PredQuote(PAPER, "green deal")]))["quotes"]["overall"]
    assert stats["recall"] == 1.0


def test_dev_gold_against_nothing_scores_zero_recall():
    path = SHARED / "gold" / "dev.json"
    if not path.exists():
        pytest.skip(f"shared gold not available at {path}")
    report = evaluate(json.loads(path.read_text(encoding="utf-8")), Predictions())
    for section in ("documents", "quotes", "events", "actors"):
        assert report[section]["overall"]["recall"] == 0
        for stats in report[section]["per_file"].values():
            assert stats["recall"] in (0, None)
    assert report["quotes"]["overall"]["attributed_recall"] == 0
    assert report["events"]["overall"]["recall_year"] == 0
    assert report["quotes"]["overall"]["quote_entries"] == 11
    assert report["events"]["overall"]["gold_events"] == 43
    assert report["actors"]["overall"]["required"] == 49
    render_table(report, verbose=True)
