"""The publication date a reader sees: printed dates, checked against the markup."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from extractors.html import extract_html
from extractors.printed_dates import find_printed_dates

FETCHED = dt.date(2024, 7, 1)
BODY = "<p>" + "The harbour board met on the quay to talk about the winter timetable for the ferries. " * 4 + "</p>"


def page(head: str = "", before: str = "", after: str = "", lang: str = "en", title: str = "Winter timetable") -> bytes:
    return (
        f'<html lang="{lang}"><head><title>{title}</title>{head}</head><body>'
        f'<header class="site-header"><h1 class="logo">Harbour Review</h1></header>'
        f"<article><h1>{title}</h1>{before}{BODY}</article>{after}</body></html>"
    ).encode()


def date_of(data: bytes):
    [article] = extract_html(data, fetched_at=FETCHED)
    return article.published, article.metadata.get("date_source")


RELATED = (
    '<aside class="related-stories"><h2>Related</h2><ul>'
    '<li><a href="/a">Ferry fares rise</a> <span>12 March 2024</span></li>'
    '<li><a href="/b">Quay repairs</a> <span>2 February 2024</span></li></ul></aside>'
)


def test_the_printed_date_beats_a_different_markup_date():
    # The CMS re-indexed the story in May; the page says it ran in March.
    head = '<meta property="article:published_time" content="2024-05-20T08:00:00+00:00">'
    assert date_of(page(head, "<p class='byline'>By Ida Lund, 14 March 2024</p>")) == (
        dt.date(2024, 3, 14), "printed-near-title")


def test_a_markup_date_that_is_also_printed_keeps_its_source():
    head = '<meta property="article:published_time" content="2024-03-14T08:00:00+01:00">'
    assert date_of(page(head, "<p>Published 14.03.2024</p>")) == (dt.date(2024, 3, 14), "meta:article:published_time")


def test_dates_only_in_a_related_stories_list_give_no_date():
    assert date_of(page(after=RELATED)) == (None, None)


def test_dates_in_comments_and_the_site_footer_give_no_date():
    comments = '<section id="comments"><div class="comment"><span>1 April 2024</span> Great piece!</div></section>'
    footer = "<footer><p>Last site update 3 June 2024</p></footer>"
    assert date_of(page(after=comments + footer)) == (None, None)


def test_an_iso_datetime_with_an_offset_gives_the_local_day():
    # 23:30 in New York is already the next day in UTC; the page means the 14th.
    head = '<meta property="article:published_time" content="2024-03-14T23:30:00-05:00">'
    assert date_of(page(head)) == (dt.date(2024, 3, 14), "meta:article:published_time")


def test_an_updated_date_is_only_second_choice():
    both = "<p>Updated: 2 April 2024</p><p>Published: 14 March 2024</p>"
    assert date_of(page(before=both))[0] == dt.date(2024, 3, 14)
    only_updated = "<p>Last updated: 2 April 2024</p>"
    assert date_of(page(before=only_updated)) == (dt.date(2024, 4, 2), "printed-updated")
    # A declared publication date is not contradicted by a printed update.
    head = '<meta property="article:published_time" content="2024-03-14T08:00:00+01:00">'
    assert date_of(page(head, only_updated)) == (dt.date(2024, 3, 14), "meta:article:published_time")


def test_a_generic_webpage_date_nothing_prints_is_no_date():
    # SEO plug-ins give every page, shop pages too, a dated WebPage node.
    webpage = '<script type="application/ld+json">{"@type": "WebPage", "datePublished": "2023-09-01"}</script>'
    assert date_of(page(webpage)) == (None, None)
    article = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-09-01"}</script>'
    assert date_of(page(article)) == (dt.date(2023, 9, 1), "json-ld")


def test_the_date_next_to_the_title_not_one_in_the_text():
    before = "<p>Lund, 14 March 2024</p>"
    body_far_down = "<p>" + "More words about the ferries. " * 80 + "The quay opened on 1 May 1999.</p>"
    assert date_of(page(before=before, after=body_far_down))[0] == dt.date(2024, 3, 14)


def test_dates_before_the_web_are_not_publication_dates():
    assert date_of(page(before="<p>The quay was built on 3 May 1921.</p>")) == (None, None)


@pytest.mark.parametrize(
    ("lang", "printed", "expected"),
    [
        ("de", "Veröffentlicht am 3. März 2024", dt.date(2024, 3, 3)),
        ("de", "28.01.22 / 0 Kommentare", dt.date(2022, 1, 28)),
        ("fr", "Publié le 3 mars 2024", dt.date(2024, 3, 3)),
        ("es", "3 de marzo de 2024", dt.date(2024, 3, 3)),
        ("ru", "15 августа 2016, 13:43", dt.date(2016, 8, 15)),
        ("en", "March 3rd, 2024", dt.date(2024, 3, 3)),
        ("en", "03/04/2024", dt.date(2024, 3, 4)),
        ("de", "03/04/2024", dt.date(2024, 4, 3)),
        ("ja", "2024年3月3日", dt.date(2024, 3, 3)),
        ("en", "2024-03-03", dt.date(2024, 3, 3)),
    ],
)
def test_printed_dates_in_many_languages_and_forms(lang, printed, expected):
    soup = BeautifulSoup(f"<html><body><h1>T</h1><p>{printed}</p></body></html>", "lxml")
    found = find_printed_dates(soup, languages=(lang, "en"), fetched_at=FETCHED)
    assert [d.date for d in found.dates] == [expected]


def test_numbers_that_only_look_like_dates_are_not_dates():
    soup = BeautifulSoup("<body><p>Version 1.12.2020.3, 4.5.6 and 31.02.2024 and 2024-13-01</p></body>", "lxml")
    assert find_printed_dates(soup, fetched_at=FETCHED).dates == []


def test_no_printed_date_after_the_fetch():
    assert date_of(page(before="<p>14 March 2025</p>")) == (None, None)
