"""What a page says about its own date beyond its text: its URL, and whether it is a home page."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from extractors.html.extract import extract_html
from extractors.html.metadata import page_languages, page_metadata, parse_date
from extractors.html.printed_dates import find_printed_dates

FETCHED = dt.date(2024, 7, 1)
BODY = (
    "<p>"
    + "The harbour board met on the quay to talk about the winter timetable for the ferries. " * 4
    + "</p>"
)


def page(head: str = "", before: str = "") -> bytes:
    return (
        f"<html><head><title>Winter timetable</title>{head}</head><body>"
        f"<article><h1>Winter timetable</h1>{before}{BODY}</article></body></html>"
    ).encode()


def canonical(url: str) -> str:
    return f'<link rel="canonical" href="{url}">'


def date_of(data: bytes):
    [article] = extract_html(data, fetched_at=FETCHED)
    return article.published, article.metadata.get("date_source")


def test_a_canonical_url_carrying_a_date_dates_an_otherwise_undated_page():
    assert date_of(page(canonical("https://harbour.example/2024/03/14/winter-timetable/"))) == (
        dt.date(2024, 3, 14),
        "own-url",
    )
    og_url = '<meta property="og:url" content="https://harbour.example/news/2024-03-14-winter-timetable">'
    assert date_of(page(og_url)) == (dt.date(2024, 3, 14), "own-url")


def test_an_archived_copy_is_dated_by_the_original_url_not_the_archive_stamp():
    url = "https://web.archive.example/web/20240601120000/https://harbour.example/2024/3/14/timetable/"
    assert date_of(page(canonical(url))) == (dt.date(2024, 3, 14), "own-url")


def test_numbers_in_a_url_that_are_not_a_day_give_nothing():
    for url in (
        "https://harbour.example/2024/03/winter-timetable/",  # a month, no day
        "https://harbour.example/news/12345/2024-13-40",
        "https://harbour.example/news?date=2024-03-14",  # a query, not the page's path
        "https://harbour.example/2030/01/01/future/",  # after the fetch
    ):
        assert date_of(page(canonical(url))) == (None, None), url


def test_the_permalinks_day_beats_a_markup_date_the_page_does_not_print():
    # The post was re-saved in June; its permalink keeps the day it first ran.
    head = canonical("https://harbour.example/2024/03/14/winter-timetable/") + (
        '<script type="application/ld+json">{"@type": "BlogPosting", "datePublished": "2024-06-02"}</script>'
    )
    assert date_of(page(head)) == (dt.date(2024, 3, 14), "own-url")


def test_a_printed_date_next_to_the_title_beats_the_urls_day():
    # The URL holds the day the draft was created; the page prints when it ran.
    head = canonical("https://harbour.example/2024/03/13/winter-timetable/")
    assert date_of(page(head, "<p>14 March 2024</p>")) == (dt.date(2024, 3, 14), "printed-near-title")


def test_a_markup_date_that_agrees_with_the_url_keeps_its_source():
    head = canonical("https://harbour.example/2024/03/14/winter-timetable/") + (
        '<meta property="article:published_time" content="2024-03-14T08:00:00+01:00">'
    )
    assert date_of(page(head)) == (dt.date(2024, 3, 14), "meta:article:published_time")


def test_a_home_pages_markup_date_is_not_an_article_date():
    head = canonical("https://harbour.example/") + (
        '<meta property="article:published_time" content="2024-03-14T08:00:00+01:00">'
    )
    assert date_of(page(head)) == (None, None)


def test_page_metadata_keeps_the_markup_date_apart_from_the_chosen_one():
    head = canonical("https://harbour.example/2024/03/14/winter-timetable/") + (
        '<meta property="article:published_time" content="2024-06-02T08:00:00+01:00">'
    )
    meta = page_metadata(BeautifulSoup(page(head), "lxml"), fetched_at=FETCHED)
    assert meta.markup_published.date == dt.date(2024, 6, 2)
    assert (meta.published.date, meta.published.source) == (dt.date(2024, 3, 14), "own-url")


def test_a_slashed_markup_date_on_a_spanish_page_is_read_day_first():
    page = """<html lang="es"><head><title>Informe</title>
      <meta property="article:published_time" content="10/05/2022 05:22 pm"></head>
      <body><h1>Informe</h1><p>El consejo se reunió para tratar el presupuesto del año.</p></body></html>"""
    article = extract_html(page.encode(), fetched_at=dt.date(2023, 1, 1))[0]
    assert article.published == dt.date(2022, 5, 10)


def test_a_slashed_date_on_an_english_page_keeps_the_month_first_reading():
    assert parse_date("10/05/2022 05:22 pm", languages=("en",)) == (dt.date(2022, 10, 5), "day")
    assert parse_date("10/05/2022", languages=("fr", "en")) == (dt.date(2022, 5, 10), "day")


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en-GB", dt.date(2020, 10, 2)),
        ("en-au", dt.date(2020, 10, 2)),
        ("en-US", dt.date(2020, 2, 10)),
        ("en", dt.date(2020, 2, 10)),
    ],
)
def test_a_slashed_date_follows_the_order_of_the_pages_country(lang, expected):
    page = f'<html lang="{lang}"><body><h1>Halls too full</h1><p>Posted 02/10/2020</p></body></html>'
    soup = BeautifulSoup(page, "lxml")
    languages = page_languages(soup)
    assert parse_date("02/10/2020 05:22 pm", languages=languages)[0] == expected
    assert [d.date for d in find_printed_dates(soup, languages=languages).dates] == [expected]


def test_an_xhtml_page_declares_its_language_with_xml_lang():
    soup = BeautifulSoup(
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en-GB"><body></body></html>', "lxml"
    )
    assert page_languages(soup) == ("en-gb", "en")
