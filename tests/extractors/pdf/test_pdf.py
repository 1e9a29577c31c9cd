"""extract_pdf, shown on small PDFs drawn for each behaviour (tests/pdf_factory.py)
and checked once on the shared journal article."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from core.errors import ExtractionError
from extractors.pdf.clean import (
    Vocabulary,
    hyphen_joiner,
    is_page_number,
    known_words,
    margin_key,
    repair_ligature_damage,
)
from extractors.pdf.dates import parse_date_line, parse_printed_date
from extractors.pdf.extract import (
    VERSION,
    _info_authors,
    _info_title,
    _reference_year,
    extract_pdf,
)
from extractors.pdf.glyphs import clean_word, map_glyph
from extractors.pdf.layout import _page_chars, _SecondReader
from tests.helpers import pdf_factory


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    """The two-page, two-column test article (see pdf_factory.two_column_article)."""
    path = pdf_factory.two_column_article(tmp_path_factory.mktemp("pdf"))
    (only,) = extract_pdf(path.read_bytes())
    return only


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


# --------------------------------------------------------------------------- the article


def test_a_pdf_is_one_article_tagged_with_type_and_version(article):
    assert article.doc_type == "pdf"
    assert article.extractor_version == VERSION


def test_body_starts_after_the_title_block_abstract_and_keywords(article):
    assert article.text.startswith(
        "RIVERS CROSS BORDERS that maps drew long after the water had found its course."
    )
    assert "Introduction" not in article.text  # a leading heading is not the first sentence
    assert "Lakeside University" not in article.text


def test_title_byline_abstract_and_keywords_are_read_from_page_one(article):
    assert article.title == "Sharing the Upper Basin: Treaties and Their Limits"
    assert article.metadata["title_source"] == "largest-font"
    assert article.authors == ["Mara Kellen"]  # set in capitals, with a footnote star
    assert article.abstract.startswith("Upstream and downstream states rarely agree")
    assert article.abstract.endswith("asks what made them hold.")
    assert article.metadata["keywords"] == ["water treaties", "river basins", "cooperation"]


def test_left_column_is_read_before_the_right_and_a_paragraph_runs_across(article):
    assert "and that cooperation grew out of the measurements the delegations could all check" in article.text


def test_running_heads_and_page_numbers_are_gone(article):
    assert "Journal of River Basin Studies" not in article.text
    assert "KELLEN" not in article.text
    assert not [p for p in paragraphs(article.text) if re.fullmatch(r"\d+", p)]


def test_typesetter_hyphens_are_closed_up_and_real_hyphens_kept(article):
    assert "each read it differently. Cooperation came only in 1987" in article.text  # "Coop-/eration"
    assert "held back the dry-season flow" in article.text  # "dry-/season": "dry-season" is used on page 1


def test_a_caption_waits_until_the_sentence_it_interrupts_has_ended(article):
    sentence = "could not settle over the long summers of the following decade."
    assert sentence in article.text  # page 1 right column, past the figure, into page 2
    caption = next(p for p in paragraphs(article.text) if p.startswith("Figure 1."))
    assert caption == pdf_factory.CAPTION
    assert article.text.index(caption) > article.text.index(sentence)


def test_a_boxed_pull_quote_does_not_repeat_its_sentence(article):
    assert article.text.count("Trust in data came before trust in each other.") == 1
    assert "Trust in data came\n" not in article.text


def test_the_pull_quote_is_kept_as_its_own_record(article):
    assert [(q.text, q.page) for q in article.pull_quotes] == [
        ("Trust in data came before trust in each other.", 2)
    ]


def test_captions_follow_the_body_and_remember_their_page(article):
    (caption,) = article.captions
    assert (caption.text, caption.page) == (pdf_factory.CAPTION, 2)
    assert article.text[caption.char_start : caption.char_end] == pdf_factory.CAPTION
    assert article.text.endswith(pdf_factory.CAPTION)  # after the last body paragraph
    assert article.page_at(caption.char_start + 10) == 2


def test_footnotes_are_records_not_body_text(article):
    (note,) = article.footnotes
    assert note.page == 1
    assert note.text.startswith("*Mara Kellen is a lecturer at Lakeside University.")
    assert "Cite as:" in note.text
    assert "lecturer" not in article.text


def test_the_first_page_footnote_gives_journal_details_and_stays_out_of_the_text(article):
    meta = article.metadata
    assert (meta["journal"], meta["volume"], meta["issue"], meta["pages"]) == (
        "Journal of River Basin Studies",
        "12",
        "3",
        "101-102",
    )
    assert meta["journal_source"] == "citation-line"
    assert (meta["received"], meta["accepted"]) == ("2023-02-03", "2023-04-14")  # printed 3.2.2023, 14.4.2023
    assert (article.published, article.published_precision) == (dt.date(2023, 1, 1), "year")
    assert meta["email"] == "m.kellen@example.org"
    assert "Received" not in article.text


def test_the_reference_list_is_split_off_with_years_and_whole_urls(article):
    assert "References" not in article.text
    assert [(r.raw, r.year) for r in article.references] == [
        ("Orlov, P. (2019). Measuring Trust on Shared Rivers. Basin Politics, 4(2), 11-29.", 2019),
        (
            "Tamsin, R. (2021). Gauges and Goodwill. Retrieved May 2, 2022 from "
            "https://example.org/rivers/gauges-and-goodwill.html",
            2021,
        ),
    ]


def test_page_starts_give_the_page_of_any_offset(article):
    assert article.page_starts[0] == 0
    assert article.page_at(article.text.index("When the Kessa River")) == 1
    assert article.page_at(article.text.index("long summers of the following decade")) == 2
    assert article.page_at(article.text.index("Treaties on shared rivers last")) == 2


# --------------------------------------------------------------------------- other shapes


def test_a_single_column_report_keeps_one_paragraph_per_block(tmp_path):
    (report,) = extract_pdf(pdf_factory.one_column_report(tmp_path, pages=2).read_bytes())
    assert report.title == "Water Storage in Dry Years"
    first, second = paragraphs(report.text)
    assert first.startswith("Section 1 of this report") and first.endswith("in a row.")
    assert report.page_at(report.text.index("Section 2")) == 2
    assert "pages" not in report.metadata  # page numbers give a range only for journal articles


def test_a_running_head_set_low_in_a_wide_margin_is_still_removed(tmp_path):
    report = extract_pdf(pdf_factory.wide_margin_report(tmp_path).read_bytes())[0]
    assert "Basin Review Quarterly" not in report.text
    assert report.text.startswith("Part 1 reports how the storage")


def test_a_raised_note_mark_stays_on_its_line_and_a_sentence_runs_over_the_page(tmp_path):
    report = extract_pdf(pdf_factory.wide_margin_report(tmp_path).read_bytes())[0]
    sentence = next(p for p in paragraphs(report.text) if p.startswith("The commission agreed"))
    assert sentence == (
        "The commission agreed the new rule in 1994,2 after two dry years had emptied the upper "
        "reservoir, and the lower one had not filled again by the end of the spring."
    )
    assert report.page_at(report.text.index("end of the spring")) == 2


def test_large_type_repeating_a_body_sentence_is_a_pull_quote_even_without_a_frame(tmp_path):
    (page,) = extract_pdf(pdf_factory.open_pull_quote_page(tmp_path).read_bytes())
    assert page.text.startswith("The delegations met at the gauge station")  # not mistaken for a title
    assert page.text.count("Numbers that everyone can read end arguments that words cannot.") == 1
    assert [q.text for q in page.pull_quotes] == [
        "Numbers that everyone can read end arguments that words cannot."
    ]


def test_a_numbered_reference_list_without_a_heading_is_split_off(tmp_path):
    (paper,) = extract_pdf(pdf_factory.numbered_references_page(tmp_path).read_bytes())
    assert "[2] Tamsin" not in paper.text
    assert paper.text.endswith("the one in which the river froze over.")
    assert [(r.raw, r.year) for r in paper.references] == [
        (
            "[1] Orlov P. Basin Politics 4:11-29, 2019, [hydro-ph/0401234].",
            2019,
        ),  # an identifier keeps its hyphen
        ("[2] Tamsin R. Gauges and Goodwill (River Press, 2021).", 2021),
        ("[3] Kessa Commission. Minutes 1961-1994. Archive 17:1707-1712, 2000.", 2000),
    ]


def test_ligature_code_points_are_spelled_out(tmp_path):
    (page,) = extract_pdf(pdf_factory.ligature_page(tmp_path).read_bytes())
    assert page.text == "The first flood of the year was officially recorded in May."


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (pdf_factory.empty_file, "empty input"),
        (pdf_factory.encrypted_pdf, "encrypted (password-protected)"),
        (pdf_factory.truncated_pdf, "truncated"),
        (pdf_factory.image_only_pdf, "OCR is not supported"),
    ],
)
def test_unreadable_pdfs_fail_with_one_clear_message(tmp_path, build, message):
    with pytest.raises(ExtractionError, match=re.escape(message)):
        extract_pdf(build(tmp_path).read_bytes())


def test_bytes_that_are_not_a_pdf_say_so():
    with pytest.raises(ExtractionError, match="not a PDF"):
        extract_pdf(b"<html><body>Not a PDF</body></html>")


def test_a_damaged_pdf_never_leaks_a_pdfminer_exception(tmp_path):
    whole = pdf_factory.two_column_article(tmp_path).read_bytes()
    damaged = whole[: len(whole) // 2] + b"\n%%EOF\n"  # cut short, but with an end marker
    with pytest.raises(ExtractionError, match="PDF is"):
        extract_pdf(damaged)


# --------------------------------------------------------------------------- the cleaning rules


def vocabulary(*lines: str) -> Vocabulary:
    return Vocabulary([SimpleNamespace(text=line) for line in lines])


def test_a_hyphen_is_kept_when_the_document_spells_the_word_with_it():
    vocab = vocabulary("talks among Turkic-speaking states")
    assert hyphen_joiner("Turkic-", "speaking", vocab) == "-"


def test_a_hyphen_is_dropped_when_the_document_spells_the_word_without_it():
    vocab = vocabulary("the population grew", "COUNTRIES and countries")
    assert hyphen_joiner("popula-", "tion", vocab) == ""
    assert hyphen_joiner("COUN-", "TRIES", vocab) == ""  # small capitals are still one word


def test_without_evidence_lower_case_closes_up_and_capitals_keep_the_hyphen():
    vocab = vocabulary("nothing relevant here")
    assert hyphen_joiner("con-", "fined", vocab) == ""
    assert hyphen_joiner("Nagorno-", "Karabakh", vocab) == "-"
    assert hyphen_joiner("2021-", "2023", vocab) == "-"


def test_with_no_evidence_in_the_document_the_word_list_decides(word_list):
    vocab = vocabulary("nothing relevant here")
    assert hyphen_joiner("dry-", "season", vocab) == "-"  # two words, and "dryseason" is none
    assert hyphen_joiner("well-", "known", vocab) == "-"
    assert hyphen_joiner("ge-", "ographic", vocab) == ""  # "geographic" is a word
    assert hyphen_joiner("popula-", "tion", vocab) == ""


@pytest.fixture
def word_list():
    if not known_words():
        pytest.skip("no spaCy English pipeline installed: the word list is empty")


def test_doubled_ligature_damage_is_repaired_only_into_a_known_word(word_list):
    assert repair_ligature_damage("ThThe") == "The"
    assert repair_ligature_damage("Infiffuence,") == "Influence,"
    assert repair_ligature_damage("offfice") == "office"
    assert repair_ligature_damage("affidavit") == "affidavit"  # a word already
    assert repair_ligature_damage("Thfixyz") == "Thfixyz"  # no known repair: left alone


def test_glyphs_without_a_unicode_mapping_are_recognised():
    assert map_glyph("(cid:12)", "Helvetica") is None
    assert map_glyph("\ufffd", "Helvetica") is None
    assert map_glyph("\x04", "CMSY10") is None
    assert map_glyph("\uf8ef", "CMEX10") is None  # a piece of a tall bracket
    assert map_glyph("a", "Helvetica") == "a"


def test_symbolic_fonts_are_decoded_through_their_encodings():
    assert map_glyph("\uf061", "SymbolMT") == "\u03b1"  # alpha
    assert map_glyph("\uf0b4", "Symbol") == "\u00d7"  # multiplication sign
    assert (
        map_glyph("\uf0b7", "Wingdings-Regular") == map_glyph("\x84", "XXQNYR+Wingdings") == "\u2022"
    )  # bullets
    assert map_glyph("\uf041", "ArialMT") == "A"  # a symbolic charmap holding ASCII
    assert map_glyph("\uf001", "Palatino") == "fi"  # Mac fonts' ligature slot


class _FakeSecond:
    def __init__(self, chars):
        self.given, self.asked = chars, 0

    def chars(self, number):
        self.asked += 1
        return self.given


def _chars(text, font="F"):
    return [{"text": ch, "fontname": font, "x0": 10.0 * i, "x1": 10.0 * i + 8} for i, ch in enumerate(text)]


def test_a_page_full_of_cid_glyphs_is_read_again_with_pdfium():
    broken = _chars("Dam") + [{"text": "(cid:7)", "fontname": "F", "x0": 40.0, "x1": 48.0}] * 5
    second = _FakeSecond(_chars("Dam release"))
    chars, unmapped, reader = _page_chars(broken, 1, second)
    assert reader == "pdfium" and unmapped == 0
    assert "".join(c["text"] for c in chars) == "Dam release"


def test_a_clean_page_is_never_read_twice_and_a_worse_second_reading_is_ignored():
    second = _FakeSecond(_chars("abc"))
    assert _page_chars(_chars("clean text here"), 1, second)[2] == "pdfminer"
    assert second.asked == 0
    broken = _chars("Dam") + [{"text": "(cid:7)", "fontname": "F", "x0": 40.0, "x1": 48.0}] * 5
    worse = _FakeSecond(_chars("Dam") + [{"text": "\x07", "fontname": "F", "x0": 40.0, "x1": 48.0}] * 6)
    chars, unmapped, reader = _page_chars(broken, 1, worse)
    assert (reader, unmapped, "".join(c["text"] for c in chars)) == (
        "pdfminer",
        5,
        "Dam",
    )  # unmapped left out


def test_pdfium_characters_line_up_with_pdfplumbers(tmp_path):
    import pdfplumber

    data = pdf_factory.one_column_report(tmp_path, pages=1).read_bytes()
    with pdfplumber.open(tmp_path / "one-column-report.pdf") as pdf:
        page = pdf.pages[0]
        first = [c for c in page.chars if not c["text"].isspace()]
        reader = _SecondReader(data)
        try:
            again = [c for c in reader.chars(1) if not c["text"].isspace()]
        finally:
            reader.close()
    assert "".join(c["text"] for c in again) == "".join(c["text"] for c in first)
    for a, b in zip(first, again):
        assert (
            abs(a["x0"] - b["x0"]) < 1
            and abs(a["bottom"] - b["bottom"]) < 2.5
            and abs(a["size"] - b["size"]) < 0.1
        )


def test_reference_years_skip_pages_and_volumes():
    assert _reference_year("Class.Quant.Grav.17:1707-1712,2000, [astro-ph/9908152].") == 2000
    assert _reference_year("Orlov, P. (2019). Measuring Trust. Basin Politics, 4(2), 11-29.") == 2019
    assert _reference_year("Minutes of the commission, undated.") is None


def test_word_processor_placeholders_in_the_info_dictionary_are_ignored():
    assert _info_title({"Title": "5"}) is None
    assert _info_title({"Title": "Microsoft Word - draft7.doc"}) is None
    assert _info_title({"Title": "Water Storage in Dry Years"}) == "Water Storage in Dry Years"
    assert _info_authors({"Author": "z"}) == [] and _info_authors({"Author": "Proprietario"}) == []
    assert _info_authors({"Author": "Mara Kellen; Petr Orlov"}) == ["Mara Kellen", "Petr Orlov"]


def test_ligatures_are_expanded_and_text_is_nfc():
    assert clean_word("\ufb01rst \ufb02ow e\ufb00ort") == "first flow effort"
    assert clean_word("Tu\u0308rkiye") == "Türkiye"


def test_page_numbers_and_running_heads_are_recognised():
    assert is_page_number("411") and is_page_number("Page 3 of 10") and is_page_number("- 7 -")
    assert not is_page_number("2024 was a dry year")
    assert margin_key("Report No. 14 | Page 2") == margin_key("Report No. 14 | Page 3")


def test_printed_dates_are_day_first():
    assert parse_printed_date("5.6.2024") == dt.date(2024, 6, 5)
    assert parse_printed_date("25.6.2024 Accepted") == dt.date(2024, 6, 25)
    assert parse_printed_date("3 October 2024") == dt.date(2024, 10, 3)
    assert parse_date_line("November 2024") == (dt.date(2024, 11, 1), "month")


# --------------------------------------------------------------------------- the shared journal article


@pytest.fixture(scope="module")
def briq(shared):
    path = shared / "corpus" / "briq-5-4-du-donghui.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not in ../shared")
    (only,) = extract_pdf(path.read_bytes())
    return only


def test_corpus_pdf_body_starts_with_the_first_sentence_and_reads_column_by_column(briq):
    assert briq.text.startswith("THE TURKIC STATES ARE COUNTRIES where the majority of the population speaks")
    assert (
        "The leaders of the aforementioned six countries announced at the 8th Heads of State Summit"
        in briq.text
    )
    for chrome in ("BRIQ", "DU DONGHUI", "Hot to cite", "ABSTRACT", "Keywords"):
        assert chrome not in briq.text
    assert not [p for p in paragraphs(briq.text) if re.fullmatch(r"\d+", p)]
    assert not re.search("[\ufb00-\ufb06]", briq.text)


def test_corpus_pdf_metadata(briq):
    meta = briq.metadata
    assert (
        briq.title
        == "Türkiye's Promotion of the Integration of Turkic States: Context, Practice, and Influence"
    )
    assert briq.authors == ["Du Donghui"]
    assert (meta["journal"], meta["volume"], meta["issue"], meta["pages"]) == (
        "BRIQ Belt and Road Initiative Quarterly",
        "5",
        "4",
        "410-428",
    )
    assert (meta["received"], meta["accepted"]) == ("2024-06-05", "2024-06-25")
    assert (briq.published, briq.published_precision) == (dt.date(2024, 1, 1), "year")
    assert briq.abstract.startswith('In the context of the "New Great Game" in Central Asia')


def test_corpus_pdf_hyphens_pull_quotes_references_and_pages(briq):
    assert "Turkic-speaking" in briq.text and "Turkicspeaking" not in briq.text
    assert "Nagorno-Karabakh" in briq.text
    assert (
        briq.text.count("Influenced by the narrative of ethnic origins in Central Asia") == 1
    )  # pull quote dropped
    assert len(briq.references) == 45
    assert "Bal, I. (2017)" not in briq.text
    assert briq.page_at(briq.text.index("In the latter half of the 19th century")) == 2
    assert briq.page_at(briq.text.index("July 1, 2015, a freight train")) == 5


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def test_corpus_pdf_body_holds_no_caption_and_each_pull_quote_once(briq):
    body = briq.text[: briq.captions[0].char_start]  # captions follow the body
    assert len(briq.captions) == 8
    assert "(Photo:" not in body and "(Figure:" not in body
    assert all(c.text.endswith(("2018).", "2023).", "2021).", "2022).", "2024).")) for c in briq.captions)
    assert len(briq.pull_quotes) == 5
    for quote in briq.pull_quotes:
        assert _key(body).count(_key(quote.text)) == 1, quote.text
    assert not re.search(r"\w- [a-z]", briq.text)  # no hyphen left where a line broke
    assert [note.page for note in briq.footnotes] == [1]


def test_corpus_pdf_metadata_matches_the_gold(briq, shared):
    import json

    gold = json.loads((shared / "gold" / "dev.json").read_text(encoding="utf-8"))
    (item,) = next(d["items"] for d in gold["documents"] if d["file"] == "briq-5-4-du-donghui.pdf")
    assert briq.title == item["title"]
    assert briq.authors == [item["author"]]
    for key in ("journal", "volume", "issue", "pages", "received", "accepted"):
        assert briq.metadata[key] == item[key], key
    assert briq.published.isoformat().startswith(item["published"])
    assert _key(briq.text).startswith(_key(item["starts_with"]))


# --------------------------------------------------------------------------- into the warehouse


def test_the_paper_structure_loads_into_its_own_tables(article):
    import duckdb

    from core.records import Extraction
    from warehouse.db import migrate
    from warehouse.load import LoadedSource, _delete_source, _insert, _rows, document_id

    src = LoadedSource("file:///paper.pdf", "sha", "pdf", "/archive/sha", "v", [(article, Extraction())])
    tables = _rows([src], dt.datetime(2024, 1, 1))
    doc = document_id("file:///paper.pdf", None)
    assert [(r["position"], r["year"]) for r in tables["reference_list"]] == [(1, 2019), (2, 2021)]
    (caption,) = tables["captions"]
    assert (
        article.text[caption["char_start"] : caption["char_end"]] == caption["text"] and caption["page"] == 2
    )
    assert [r["page"] for r in tables["pull_quotes"]] == [2] and [r["page"] for r in tables["footnotes"]] == [
        1
    ]

    con = duckdb.connect()
    migrate(con)
    for name in ("documents", "reference_list", "captions", "pull_quotes", "footnotes"):
        _insert(con, name, tables[name])
    assert (
        con.execute("SELECT raw FROM reference_list WHERE document_id = ? AND position = 1", [doc])
        .fetchone()[0]
        .startswith("Orlov")
    )
    _delete_source(con, "file:///paper.pdf")
    for name in ("reference_list", "captions", "pull_quotes", "footnotes"):
        assert con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == 0
