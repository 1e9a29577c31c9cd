"""extract_pdf, shown on small PDFs drawn for each behaviour (tests/pdf_factory.py)
and checked once on the shared journal article."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from tests import pdf_factory
import pytest

from extractors.errors import ExtractionError
from extractors.pdf import VERSION, extract_pdf, parse_date_line, parse_printed_date
from extractors.pdf_clean import Vocabulary, clean_word, hyphen_joiner, is_page_number, margin_key


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
    assert article.text.startswith("RIVERS CROSS BORDERS that maps drew long after the water had found its course.")
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


def test_the_first_page_footnote_gives_journal_details_and_stays_out_of_the_text(article):
    meta = article.metadata
    assert (meta["journal"], meta["volume"], meta["issue"], meta["pages"]) == (
        "Journal of River Basin Studies", "12", "3", "101-102"
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
        ("Tamsin, R. (2021). Gauges and Goodwill. Retrieved May 2, 2022 from "
         "https://example.org/rivers/gauges-and-goodwill.html", 2021),
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
    assert "The leaders of the aforementioned six countries announced at the 8th Heads of State Summit" in briq.text
    for chrome in ("BRIQ", "DU DONGHUI", "Hot to cite", "ABSTRACT", "Keywords"):
        assert chrome not in briq.text
    assert not [p for p in paragraphs(briq.text) if re.fullmatch(r"\d+", p)]
    assert not re.search("[\ufb00-\ufb06]", briq.text)


def test_corpus_pdf_metadata(briq):
    meta = briq.metadata
    assert briq.title == "Türkiye's Promotion of the Integration of Turkic States: Context, Practice, and Influence"
    assert briq.authors == ["Du Donghui"]
    assert (meta["journal"], meta["volume"], meta["issue"], meta["pages"]) == (
        "BRIQ Belt and Road Initiative Quarterly", "5", "4", "410-428"
    )
    assert (meta["received"], meta["accepted"]) == ("2024-06-05", "2024-06-25")
    assert (briq.published, briq.published_precision) == (dt.date(2024, 1, 1), "year")
    assert briq.abstract.startswith('In the context of the "New Great Game" in Central Asia')


def test_corpus_pdf_hyphens_pull_quotes_references_and_pages(briq):
    assert "Turkic-speaking" in briq.text and "Turkicspeaking" not in briq.text
    assert "Nagorno-Karabakh" in briq.text
    assert briq.text.count("Influenced by the narrative of ethnic origins in Central Asia") == 1  # pull quote dropped
    assert len(briq.references) == 45
    assert "Bal, I. (2017)" not in briq.text
    assert briq.page_at(briq.text.index("In the latter half of the 19th century")) == 2
    assert briq.page_at(briq.text.index("July 1, 2015, a freight train")) == 5
