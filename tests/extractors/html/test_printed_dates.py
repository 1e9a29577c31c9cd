"""The publication date a reader sees: printed dates, checked against the markup."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from extractors.html.extract import extract_html
from extractors.html.printed_dates import find_printed_dates

FETCHED = dt.date(2024, 7, 1)
BODY = (
    "<p>"
    + "The harbour board met on the quay to talk about the winter timetable for the ferries. " * 4
    + "</p>"
)


def page(
    head: str = "", before: str = "", after: str = "", lang: str = "en", title: str = "Winter timetable"
) -> bytes:
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
        dt.date(2024, 3, 14),
        "printed-near-title",
    )


def test_a_markup_date_that_is_also_printed_keeps_its_source():
    head = '<meta property="article:published_time" content="2024-03-14T08:00:00+01:00">'
    assert date_of(page(head, "<p>Published 14.03.2024</p>")) == (
        dt.date(2024, 3, 14),
        "meta:article:published_time",
    )


def test_dates_only_in_a_related_stories_list_give_no_date():
    assert date_of(page(after=RELATED)) == (None, None)


def test_dates_in_comments_and_the_site_footer_give_no_date():
    comments = (
        '<section id="comments"><div class="comment"><span>1 April 2024</span> Great piece!</div></section>'
    )
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
    webpage = (
        '<script type="application/ld+json">{"@type": "WebPage", "datePublished": "2023-09-01"}</script>'
    )
    assert date_of(page(webpage)) == (None, None)
    article = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-09-01"}</script>'
    )
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
    soup = BeautifulSoup(
        "<body><p>Version 1.12.2020.3, 4.5.6 and 31.02.2024 and 2024-13-01</p></body>", "lxml"
    )
    assert find_printed_dates(soup, fetched_at=FETCHED).dates == []


def test_no_printed_date_after_the_fetch():
    assert date_of(page(before="<p>14 March 2025</p>")) == (None, None)


def test_a_copyright_line_in_the_site_footer_gives_no_date():
    footer = '<div id="footer"><p>Copyright © 19.12.2023 Harbour Review. All rights reserved.</p></div>'
    assert date_of(page(after=footer)) == (None, None)


def test_a_date_inside_the_headline_names_the_event_not_the_day_it_ran():
    title = "Regatta results, 12.5.2024"
    data = page(before="<p class='meta'>By Ida Lund | 14 May 2024</p>", title=title)
    assert date_of(data) == (dt.date(2024, 5, 14), "printed-near-title")


def test_a_date_in_its_own_element_inside_the_heading_is_the_date_line():
    data = (
        "<html><head><title>Quay reopens</title></head><body><article>"
        "<h1>Quay reopens <small>14.03.2024</small></h1>" + BODY + "</article></body></html>"
    ).encode()
    assert date_of(data) == (dt.date(2024, 3, 14), "printed-near-title")


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("de", "Seit dem 1. März 2024 fahren die Fähren stündlich."),
        ("de", "Der Chor probte lange und am 30.01.2024 feierte das Stück Premiere im Hafen."),
        ("en", "The new timetable is valid until 30 June 2024 for all routes."),
        ("en", "The crossing runs daily from 09.-11. June 2024 during the festival."),
    ],
)
def test_dates_mentioned_in_a_sentence_or_a_range_are_not_the_publication_date(lang, sentence):
    assert date_of(page(before=f"<p>{sentence}</p>", lang=lang)) == (None, None)


def test_a_dateline_that_opens_the_text_is_still_the_date():
    before = "<p>Lund, 14.03.2024. Die Fähren fahren im Winter seltener, sagte der Hafenmeister.</p>"
    assert date_of(page(before=before, lang="de")) == (dt.date(2024, 3, 14), "printed-near-title")
    byline = "<p>Redaktion am 14. März 2024 um 21:17 Uhr</p>"
    assert date_of(page(before=byline, lang="de")) == (dt.date(2024, 3, 14), "printed-near-title")


def test_a_footer_box_inside_the_article_box_holds_the_articles_date():
    # CMS news modules without <article> tags: the article's own "footer" prints its date.
    data = (
        "<html><body><div class='news-single'><div class='article'>"
        "<div class='header'><h1>Winter timetable</h1></div>"
        "<div class='footer'><span class='news-list-date'>14.03.2024</span></div>"
        f"{BODY}</div></div>"
        "<div class='footer'><p>Seite zuletzt geändert 02.04.2024</p></div></body></html>"
    ).encode()
    assert date_of(data) == (dt.date(2024, 3, 14), "printed-near-title")


def test_an_embedded_posts_date_is_not_the_pages_date():
    tweet = (
        '<blockquote class="embedded-post"><p>The ferry is late again.</p>'
        "— Ida Lund (@idalund) 2 March 2024</blockquote>"
    )
    assert date_of(page(before=tweet)) == (None, None)


def test_a_stand_line_is_the_pages_own_date_not_an_update():
    # German news pages print "Stand: <date>" as their date line.
    head = '<meta property="article:published_time" content="2024-03-13T18:00:00+01:00">'
    assert date_of(page(head, "<p>Stand: 14.03.2024, 07:30 Uhr</p>", lang="de")) == (
        dt.date(2024, 3, 14),
        "printed-near-title",
    )


def test_a_date_labelled_as_the_publication_counts_wherever_the_page_prints_it():
    # Some templates print the date line after the text, far below the heading.
    far_down = "<p>" + "More words about the ferries. " * 80 + "</p><p>Veröffentlicht: 28.01.2024</p>"
    assert date_of(page(after=far_down)) == (dt.date(2024, 1, 28), "printed-labelled")


def test_a_labelled_publication_date_beats_a_bare_date_and_the_markup():
    # The page prints the day it was rendered above the headline, and its
    # markup carries the UTC day of a late-evening story.
    head = '<meta property="article:published_time" content="2024-05-11T03:30:00+00:00">'
    before = "<p>Saturday, 11 May 2024</p><p>Published On May 10, 2024 11:30 PM</p>"
    assert date_of(page(head, before)) == (dt.date(2024, 5, 10), "printed-labelled")


def test_a_labelled_date_that_agrees_with_the_markup_keeps_the_markup_as_source():
    head = '<meta property="article:published_time" content="2024-05-10T08:00:00+00:00">'
    assert date_of(page(head, "<p>Date: 10 May 2024</p>")) == (
        dt.date(2024, 5, 10),
        "meta:article:published_time",
    )


@pytest.mark.parametrize("label", ["Update date:", "Birth date:", "Erscheinungsdatum:"])
def test_a_qualified_date_label_is_not_a_publication_label(label):
    printed = find_printed_dates(BeautifulSoup(f"<p>{label} 10 May 2024</p>", "lxml"), fetched_at=FETCHED)
    assert [d.labelled for d in printed.dates] == [False]
