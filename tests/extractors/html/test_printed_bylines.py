"""Authors as printed in the by-line next to the title."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from extractors.html.extract import extract_html
from extractors.html.printed_bylines import byline_near_heading
from extractors.html.printed_dates import find_printed_dates, main_heading

FETCHED = dt.date(2024, 7, 1)


def byline(html: str, languages=("en",)) -> list[str]:
    soup = BeautifulSoup(f"<html><body>{html}</body></html>", "lxml")
    printed = find_printed_dates(soup, languages=languages, fetched_at=FETCHED, heading=main_heading(soup))
    return byline_near_heading(printed, languages)


@pytest.mark.parametrize(
    ("html", "languages", "expected"),
    [
        ("<h1>Ferry fares</h1><p>By Ann Lee Thursday, May 2, 2024</p>", ("en",), ["Ann Lee"]),
        ("<h1>Ferry fares</h1><p>Posted on May 2, 2024 by Ann Lee</p>", ("en",), ["Ann Lee"]),
        ("<h1>Fähren</h1><p>2. Mai 2024 von kestrel</p><p>Der Text.</p>", ("de",), ["kestrel"]),
        (
            "<h1>Fähren</h1><p>Von Ursula van der Berg und Ole Lund | 2. Mai 2024</p>",
            ("de",),
            ["Ursula van der Berg", "Ole Lund"],
        ),
        ("<h1>Fähren</h1><p>Autor: Jan Olsen/dpa</p>", ("de",), ["Jan Olsen"]),
        ("<h1>Ferries</h1><p>Par <a>Marie Roux</a> le 2 mai 2024</p>", ("fr",), ["Marie Roux"]),
        # The name ends with its element: the next capitalised word is not part of it.
        (
            "<h1>Fähren</h1><p>Von <a>Redaktion</a> <span>Unternehmen</span> setzen auf Fähren.</p>",
            ("de",),
            ["Redaktion"],
        ),
    ],
)
def test_bylines_in_several_forms(html, languages, expected):
    assert byline(html, languages) == expected


def test_von_and_by_inside_sentences_are_no_byline():
    assert byline("<h1>Fähren</h1><p>Die Zahl von Passagieren stieg by Ende Mai.</p>", ("de",)) == []
    assert byline("<h1>Ferries</h1><p>Fares were set by Parliament last year.</p>") == []


def test_a_byline_far_below_the_title_is_not_read():
    filler = "<p>" + "The ferries ran late again this week. " * 60 + "</p>"
    assert byline(f"<h1>Ferries</h1>{filler}<p>By Ann Lee</p>") == []


def test_the_printed_byline_names_the_author_when_markup_names_none():
    body = "<p>" + "The harbour board met on the quay to talk about the winter timetable. " * 4 + "</p>"
    data = f"<html><body><article><h1>Winter timetable</h1><p>By Ida Lund</p>{body}</article></body></html>"
    [article] = extract_html(data.encode(), fetched_at=FETCHED)
    assert article.authors == ["Ida Lund"]
    assert article.metadata["authors_source"] in ("printed-byline", "byline")
