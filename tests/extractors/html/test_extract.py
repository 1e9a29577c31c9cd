import datetime as dt
import random
import re
import unicodedata
from pathlib import Path

import pytest

from core.errors import ExtractionError
from extractors.html.extract import VERSION, clean_paragraphs, extract_html, normalise_text
from extractors.html.metadata import parse_byline, parse_date, split_authors, strip_site_name

FIXTURES = Path(__file__).parent / "fixtures"
FETCHED = dt.date(2024, 7, 1)


def extract(name: str, **kwargs):
    kwargs.setdefault("fetched_at", FETCHED)
    return extract_html((FIXTURES / name).read_bytes(), **kwargs)


# ---------------------------------------------------------------- listing pages


def test_listing_page_gives_one_article_per_block():
    articles = extract("listing-page.html")
    assert [a.source_item for a in articles] == ["post-101", "post-102", "post-103"]
    assert [a.authors for a in articles] == [["Marta Okonjo"], ["Amina Yusuf", "Tomas Berg"], ["Henrik Dahl"]]
    assert [a.published for a in articles] == [dt.date(2024, 3, 14), None, None]
    assert [a.category for a in articles] == ["Transport", "Fisheries", None]
    assert articles[0].title == "Ferry tariffs return to the council agenda"
    assert articles[0].permalink == "https://review.example.org/commentary/ferry-tariffs/"
    assert articles[1].permalink == "https://review.example.org/commentary/quota-consultation/"
    assert all(a.doc_type == "html" and a.extractor_version == VERSION for a in articles)


def test_listing_bodies_hold_only_the_article_text():
    first, second, third = (a.text for a in extract("listing-page.html"))
    assert first.startswith("The lake council will vote next month")
    assert second.startswith("Fishing quotas for the coming season")
    assert third.startswith("The survey of the reed beds")
    for chrome in (
        "Continue reading",
        "Posted in",
        "Marta Okonjo",
        "By Amina",
        "IMG_2041",
        "Click here",
        "Published in",
        "Read more",
        "Most read",
        "14 March 2024",
    ):
        assert chrome not in first + second + third
    assert second.count("\n\n") == 1  # two paragraphs, nothing else


def test_listing_item_metadata_says_where_it_came_from():
    first, second, _ = extract("listing-page.html")
    assert first.metadata["date_source"] == "item-time-element"
    assert first.metadata["authors_source"] == "item-author-element"
    assert second.metadata["authors_source"] == "byline"
    assert second.metadata["category_source"] == "published-in-line"


# ---------------------------------------------------------------- one-article pages


def test_article_with_related_stories_stays_one_article():
    [article] = extract("article-with-related.html")
    assert article.source_item is None
    assert article.title == "Council agrees common ferry tariff"
    assert article.text.startswith("The lake council agreed on Thursday")
    assert "Port fees explained" not in article.text
    assert "patchwork of prices" not in article.text
    # the page's own date, not a related story's
    assert article.published == dt.date(2024, 4, 18)


_REPORT = (
    "<p>The ferry council met in Khujand on Thursday and agreed to open the spring season two weeks early, "
    "because the river is already high and the ice left the crossings in March.</p>"
    "<p>Boats will run every hour from the first of April, the council said, and the fares stay as they "
    "were last year for passengers, cyclists and small vans.</p>"
    "<p>Harbour masters on both banks asked for more staff at the landing stages, where queues were long "
    "on the first warm weekends of last spring.</p>"
)
_LEAGUE_TABLE = (
    "<table class='standings'>"
    + "".join(
        f"<tr><td>{n}. Club {n}</td><td>{18 - n}</td><td>{30 - 2 * n} : {n}</td></tr>" for n in range(1, 13)
    )
    + "</table>"
)


def test_an_article_left_inside_unclosed_navigation_is_not_lost_to_a_league_table():
    """A menu item never closed puts the page's article inside <nav>; removing the menu removed the article too."""
    page = (
        "<html><head><title>Ferries start early this spring</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li class='menu'><a href='/news'>News</a><div>"
        "<main><article><h1>Ferries start early this spring</h1>" + _REPORT + "</article></main>"
        "</div></li></ul></nav>"
        "<aside>" + _LEAGUE_TABLE + "</aside></body></html>"
    )
    [article] = extract_html(page.encode(), fetched_at=FETCHED)
    assert "The ferry council met in Khujand on Thursday" in article.text
    assert "Club 3" not in article.text
    assert article.metadata["body_extractor"] == "trafilatura-whole-page"


def test_a_live_report_whose_class_says_comments_is_the_article_not_the_score_bar():
    page = (
        "<html><head><title>Ferry cup final: Khujand against Termez</title></head><body>"
        "<div class='score'><p>Khujand</p><p>2 - 1</p><p>Termez</p><p>(65') Karimov</p></div>"
        "<div class='live-match-comments'><h2>Ferry cup final</h2>" + _REPORT + "</div></body></html>"
    )
    [article] = extract_html(page.encode(), fetched_at=FETCHED)
    assert "The ferry council met in Khujand" in article.text


def test_prose_about_something_else_does_not_replace_a_short_list_about_the_headline():
    """An ingredient list has little prose, but it is the recipe; a sign-up form's sentences are not."""
    from extractors.html.extract import _reads_better, _title_words

    ingredients = "1 whole chicken\n2 cups of rice\n1 onion, chopped\n2 tablespoons of oil"
    form = (
        "I would like to receive offers and news about our brands by email and text message.\n"
        "I am over eighteen years of age and I agree to the processing of my personal data.\n"
        "Our nutritionists are ready to answer your questions on health, nutrition and diet for you and "
        "your family every day of the week, by telephone or by email, whatever the question."
    )
    recipe = "Roast the chicken for fifty minutes, until golden, and serve it on the rice.\n" * 8
    title = _title_words("Roasted chicken with rice")
    assert not _reads_better(form, ingredients, title)
    assert _reads_better(recipe, ingredients, title)
    assert not _reads_better("Too short to be an article, though it is a sentence.", "", title)


def test_section_headings_are_paragraphs_of_their_own():
    [article] = extract("article-with-related.html")
    assert "\n\nWhy the ports disagreed\n\n" in article.text


def test_legacy_encoding_page():
    [article] = extract("legacy-cp1252.html")
    assert article.metadata["encoding"] == "cp1252"
    assert "“the best spring in ten years”" in article.text
    assert "costs €3" in article.text
    assert "maître d’hôtel" in article.text
    assert article.title == "Café owners on the quay"


def test_page_without_a_date_is_undated():
    [article] = extract("no-date.html")
    assert article.published is None and article.published_precision is None
    assert "date_source" not in article.metadata
    assert "met for the first time in 2003" in article.text


def test_json_ld_metadata_comes_first():
    [article] = extract("json-ld.html")
    assert article.title == "Reed bed protection extended to the eastern shore"
    assert article.authors == ["Henrik Dahl", "Amina Yusuf"]
    # the day printed in the page's own time zone, not in UTC
    assert (article.published, article.published_precision) == (dt.date(2024, 5, 17), "day")
    assert article.metadata["date_source"] == "json-ld"
    assert article.metadata["authors_source"] == "json-ld"
    assert article.metadata["title_source"] == "json-ld"
    assert "By Henrik Dahl" not in article.text


def test_no_date_after_the_fetch():
    [article] = extract("json-ld.html", fetched_at=dt.date(2024, 5, 1))
    assert article.published is None


def test_plain_article_page_gives_a_single_article():
    data = (
        b"<html><body><article><h1>Title</h1><p>"
        + b"A sentence of the body. " * 10
        + b"</p></article></body></html>"
    )
    [article] = extract_html(data)
    assert article.text.startswith("A sentence of the body.")
    assert article.source_item is None


# ---------------------------------------------------------------- authors named by the markup

BODY = (
    "<p>"
    + "The harbour board met on the quay to talk about the winter timetable for the ferries. " * 4
    + "</p>"
)


def page(head: str = "", before: str = "", body: str = BODY) -> bytes:
    return (
        f"<html><head><title>Winter timetable</title>{head}</head><body><article>"
        f"<h1>Winter timetable</h1>{before}{body}</article></body></html>"
    ).encode()


def test_rel_author_link_names_the_author_even_as_a_user_name():
    data = page(before='<p class="meta">Posted by <a rel="author" href="/author/kestrel/">kestrel</a></p>')
    [article] = extract_html(data, fetched_at=FETCHED)
    assert article.authors == ["kestrel"]
    assert article.metadata["authors_source"] == "markup:rel-author"


def test_microdata_author_name():
    before = '<div itemprop="author" itemscope><span itemprop="name">Ida Lund</span></div>'
    [article] = extract_html(page(before=before), fetched_at=FETCHED)
    assert article.authors == ["Ida Lund"]
    assert article.metadata["authors_source"] == "markup:microdata"


def test_printed_author_beats_meta_author_which_is_often_the_company():
    head = '<meta name="author" content="Harbour Media Services">'
    before = '<span class="entry-author">Written by Ida Lund</span>'
    [article] = extract_html(page(head, before), fetched_at=FETCHED)
    assert article.authors == ["Ida Lund"]
    [article] = extract_html(page(head, "<p>Harbour Media Services</p>"), fetched_at=FETCHED)
    assert article.authors == ["Harbour Media Services"]
    assert article.metadata["authors_source"] == "meta:author"


def test_a_meta_author_the_page_never_prints_is_no_author():
    # Small sites put the owner or the web agency in <meta name="author">.
    [article] = extract_html(
        page('<meta name="author" content="Pixel Agentur Lindqvist">'), fetched_at=FETCHED
    )
    assert article.authors == []


def test_placeholder_authors_give_way_to_the_next_source():
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", "name": "admin"}}</script>'
    before = '<p class="meta">Posted by <a rel="author" href="/author/kestrel/">kestrel</a></p>'
    [article] = extract_html(page(head, before), fetched_at=FETCHED)
    assert article.authors == ["kestrel"]


def test_credentials_and_doubled_names_are_cleaned():
    from extractors.html.metadata import clean_authors

    assert clean_authors(["Mara Lindqvist", "PhD"]) == ["Mara Lindqvist"]
    assert clean_authors(["Olle Berg Olle Berg"]) == ["Olle Berg"]
    assert clean_authors(["Unknown", "Super User"]) == []


def test_a_blogger_named_like_the_blog_is_still_the_author():
    head = '<meta property="og:site_name" content="kestrel">'
    before = '<p class="meta">Posted by <a rel="author" href="/author/kestrel/">kestrel</a></p>'
    [article] = extract_html(page(head, before), fetched_at=FETCHED)
    assert article.authors == ["kestrel"]


def test_the_site_credited_as_author_is_no_author():
    head = (
        '<meta property="og:site_name" content="Harbour Gazette">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": "Harbour Gazette"}</script>'
    )
    [article] = extract_html(page(head), fetched_at=FETCHED)
    assert article.authors == []
    [article] = extract_html(page(head, '<p class="byline">By Ida Lund</p>'), fetched_at=FETCHED)
    assert article.authors == ["Ida Lund"]


def test_photo_credits_and_labels_are_not_authors():
    before = '<span class="author">Photo by Ole Brandt</span><span class="byline">By</span>'
    [article] = extract_html(page(before=before), fetched_at=FETCHED)
    assert article.authors == []


def test_split_authors_drops_german_and_french_labels():
    assert split_authors("Erstellt von Andrea Vogt") == ["Andrea Vogt"]
    assert split_authors("Zeige alle Beiträge von Petra Lind") == ["Petra Lind"]
    assert split_authors("Publié par Luc Martin") == ["Luc Martin"]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("data", [b"", b"   \n", b"<html><head></head><body></body></html>"])
def test_empty_pages_raise_a_clear_error(data):
    with pytest.raises(ExtractionError, match="empty|no extractable text"):
        extract_html(data)


def test_binary_data_is_refused():
    rng = random.Random(7)
    with pytest.raises(ExtractionError, match="binary"):
        extract_html(bytes(rng.randrange(256) for _ in range(4000)))
    with pytest.raises(ExtractionError, match="binary"):
        extract_html(
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\n\x00\x01\x02\nendstream"
        )


@pytest.mark.parametrize("seed", range(5))
def test_bad_bytes_inside_a_page_never_crash(seed):
    rng = random.Random(seed)
    noise = bytes(rng.randrange(256) for _ in range(40))
    data = (
        b"<html><body><p>Some text "
        + noise
        + b" and more text that continues the paragraph.</p></body></html>"
    )
    try:
        articles = extract_html(data, content_type="text/html; charset=utf-8")
    except ExtractionError:
        return
    assert articles[0].text


def test_very_deep_nesting_is_read():
    data = b"<html><body>" + b"<div>" * 3000 + b"Deep text." + b"</div>" * 3000 + b"</body></html>"
    try:
        assert "Deep text." in extract_html(data)[0].text
    except ExtractionError as error:
        assert "nested" in str(error)


# ---------------------------------------------------------------- text cleaning


def test_normalise_text_spaces_and_nfc():
    text = "AUTHOR’S BIO:\u00a0Lindsey  Cliff\u202fsays cafe\u0301 is\u00adn’t far"
    assert normalise_text(text) == "AUTHOR’S BIO: Lindsey Cliff says café isn’t far"
    assert unicodedata.is_normalized("NFC", normalise_text("cafe\u0301"))


def test_clean_paragraphs_moves_chrome_into_metadata():
    cleaned = clean_paragraphs(
        [
            "By\u00a0Lindsey Cliff",
            "The first paragraph of the text.",
            "shutterstock1951700680",
            "Screenshot 2024-04-11 at 2.12.37\u202fPM",
            "231129_FT_Outzen-cover.png\nClick Here to Download PDF",
            "Published in Analytical Articles",
            "Read more...",
            "The last paragraph.",
        ]
    )
    assert cleaned.text == "The first paragraph of the text.\n\nThe last paragraph."
    assert cleaned.authors == ["Lindsey Cliff"]
    assert cleaned.category == "Analytical Articles"


def test_a_date_line_above_the_text_becomes_the_byline_date():
    cleaned = clean_paragraphs(["Posted on 3 March 2024", "In 2024 the council met twice."])
    assert cleaned.text == "In 2024 the council met twice."
    assert cleaned.byline_date == "Posted on 3 March 2024"


def test_a_short_line_naming_only_a_year_or_month_stays_in_the_text():
    kept = ["Elections in 2024", "Mitte Januar 2022 hat", "The council met twice."]
    cleaned = clean_paragraphs(kept, ("de", "en"))
    assert cleaned.text == "\n\n".join(kept)
    assert cleaned.byline_date is None


def test_sentences_that_start_like_chrome_stay():
    kept = [
        "By 2030, the council expects to double the freight on the lake.",
        "Published in 2019, the report found that the reeds were shrinking.",
        "More than 100 boats crossed the basin.",
    ]
    assert clean_paragraphs(kept).text == "\n\n".join(kept)


# ---------------------------------------------------------------- metadata helpers


def test_parse_date_keeps_the_stated_precision():
    assert parse_date("April 11, 2024") == (dt.date(2024, 4, 11), "day")
    assert parse_date("December 2023") == (dt.date(2023, 12, 1), "month")
    assert parse_date("2021") == (dt.date(2021, 1, 1), "year")
    assert parse_date("2024-03-15T09:30:00+05:00") == (dt.date(2024, 3, 15), "day")
    assert parse_date("Published: 09.03.2024") == (dt.date(2024, 3, 9), "day")
    assert parse_date("3. März 2021", languages=("de", "en")) == (dt.date(2021, 3, 3), "day")


def test_parse_date_never_invents_a_year_or_a_future():
    assert parse_date("yesterday") is None
    assert parse_date("April 11") is None
    assert parse_date("May 3, 2030", fetched_at=dt.date(2024, 1, 1)) is None


def test_split_authors():
    assert split_authors("By Jane Doe and John Smith") == ["Jane Doe", "John Smith"]
    assert split_authors("Maya Ghosn, Tiana Lowe & Perry Bacon Jr.") == [
        "Maya Ghosn",
        "Tiana Lowe",
        "Perry Bacon Jr.",
    ]
    assert split_authors("Doe, Jane") == ["Jane Doe"]
    assert split_authors("Jeff Foust Monday, November 18, 2019") == ["Jeff Foust"]
    assert split_authors("View all posts by Daniel Lemire") == ["Daniel Lemire"]


def test_parse_byline():
    assert parse_byline("By Jane Doe | May 3, 2024") == (["Jane Doe"], "May 3, 2024")
    assert parse_byline("By Christmas the ferries stop.") is None
    assert parse_byline("Von Politikern") is None


def test_strip_site_name():
    assert strip_site_name("Reed beds | Lakeside Policy Review", ["Lakeside Policy Review"]) == "Reed beds"
    assert strip_site_name("Lakeside Policy Review - Reed beds", ["Lakeside Policy Review"]) == "Reed beds"
    assert strip_site_name("Caspian link – Energy Monitor", [], ["Caspian link"]) == "Caspian link"
    # a dash inside a real title stays
    assert strip_site_name("Baku - Tbilisi - Kars railway opens", []) == "Baku - Tbilisi - Kars railway opens"


# ---------------------------------------------------------------- the shared corpus page


def text_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return re.sub(r"[\W_]+", "", "".join(c for c in folded if not unicodedata.combining(c)))


def test_corpus_listing_page_matches_the_gold(shared):
    import json

    gold = json.loads((shared / "gold" / "dev.json").read_text("utf8"))
    [expected] = [d["items"] for d in gold["documents"] if d["file"] == "caci-analyst-page1.html"]
    articles = extract_html(
        (shared / "corpus" / "caci-analyst-page1.html").read_bytes(), fetched_at=dt.date(2025, 12, 1)
    )

    assert len(articles) == len(expected) == 3
    assert [a.source_item for a in articles] == ["item-13912", "item-13711", "item-13598"]
    for article, item in zip(articles, expected):
        assert article.authors == [item["author"]]
        assert article.category == item["category"]
        assert (article.published.isoformat() if article.published else None) == item["published"]
        assert text_key(article.text).startswith(text_key(item["starts_with"]))
        assert article.permalink.startswith("https://www.cacianalyst.org/publications/")

    bodies = "\n".join(a.text for a in articles)
    for chrome in (
        "shutterstock",
        "Screenshot",
        "Outzen-cover",
        "Click Here",
        "Read more",
        "By Lindsey",
        "Published in",
        "biweekly publication",
        "Page 1 of 2",
        "Visit also",
        "\u00a0",
        "\u202f",
    ):
        assert chrome not in bodies
    for hyphenated in ("no-tion", "Samar-kand", "in-terests", "partici-pating"):
        assert hyphenated in articles[1].text
    assert "\n\nBACKGROUND:\n\n" in articles[0].text
    assert "AUTHOR’S BIO: Lindsey Cliff is a junior fellow" in articles[0].text


def test_an_article_in_untitled_parts_is_not_split_as_a_listing():
    """Sections that each repeat a dated header and share bar look like listing items; untitled, they are one article."""
    section = (
        '<div class="textpic"><figure><img src="/p{1}.jpg"/></figure><div class="col">'
        '<div class="artikelheader"><time datetime="2021-11-25 16:11">25 November 2021</time>'
        '<a href="/mail">Send</a> <a href="/print">Print</a></div>'
        "<p>{0} The delegation travelled on from Leipzig to Dresden by train, and the talks resumed the next "
        "morning in the old town hall, where the mayor received them.</p><p>{0} It was a long day of "
        "meetings about river traffic, harbour fees and the state of the embankments along the Elbe.</p>"
        "</div></div>"
    )
    page = (
        "<html><head><title>The historic somersault</title></head><body><div class='main'>"
        + "".join(section.format(part, n) for n, part in enumerate(("First,", "Later,", "Finally,")))
        + "</div></body></html>"
    )
    articles = extract_html(page.encode())
    assert len(articles) == 1
    assert "First," in articles[0].text and "Finally," in articles[0].text


def test_a_shop_page_that_declares_one_product_is_not_split_by_its_other_products():
    """og:type "product" (or video, book, a site's own "shop:item") says the page is one thing, like "article"."""
    tile = (
        '<div class="tile"><h3><a href="/wine/{0}">{1}</a></h3><span class="date">12 March 2024</span>'
        "<p>A dry white from the southern slopes, pressed late in October and aged for a year in old oak "
        "barrels before bottling; it keeps for five years and suits river fish and soft cheese.</p>"
        "<p>Grown on limestone terraces above the valley by a family who has kept vines there since 1920.</p></div>"
    )
    body = "".join(tile.format(n, name) for n, name in enumerate(("Hillside", "Terrace", "Old Mill")))
    for og_type in ("website", "product", "shop:item", "video.other"):
        page = (
            f'<html><head><title>Hillside white</title><meta property="og:type" content="{og_type}"></head>'
            f"<body><main>{body}</main></body></html>"
        )
        articles = extract_html(page.encode(), fetched_at=FETCHED)
        assert len(articles) == (3 if og_type == "website" else 1), og_type


def test_tiles_with_neither_date_nor_author_are_not_a_listing():
    """A shop's region page: each wine titled, linked and described, none dated or signed, so one page."""
    tile = (
        '<div class="tile"><h3><a href="/wine/{0}">{1}</a></h3><span class="byline">From the {1} cellar</span>'
        "<p>A dry white from the southern slopes, pressed late in October and aged for a year in old oak "
        "barrels before bottling; it keeps for five years and suits river fish and soft cheese.</p>"
        "<p>Grown on limestone terraces above the valley by a family who has kept vines there since 1920.</p></div>"
    )
    body = "".join(tile.format(n, name) for n, name in enumerate(("Hillside", "Terrace", "Old Mill")))
    page = f"<html><head><title>Wines of the valley</title></head><body><main>{body}</main></body></html>"
    articles = extract_html(page.encode(), fetched_at=FETCHED)
    assert len(articles) == 1
