import datetime as dt
import gzip

import pytest

from acquire.feeds import (
    FeedError,
    listing_links,
    looks_like_feed,
    looks_like_sitemap,
    parse_feed,
    parse_sitemap,
)
from tests.helpers.paths import SAMPLES

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>River desk</title>
    <link>https://news.example.org/</link>
    <item>
      <title>Commission meets in Almaty</title>
      <link>/rivers/commission-meets</link>
      <media:title>thumbnail caption, not the title</media:title>
      <guid isPermaLink="false">tag:news.example.org,2024:451</guid>
      <pubDate>Tue, 05 Mar 2024 21:30:00 -0500</pubDate>
    </item>
    <item>
      <title>Dam talks resume</title>
      <guid>https://news.example.org/rivers/dam-talks</guid>
    </item>
    <item><title>A note with no link at all</title></item>
  </channel>
</rss>"""

ATOM_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://journal.example.org/issues/">
  <title>Journal</title>
  <entry>
    <title type="html">Rivers &lt;b&gt;and&lt;/b&gt; borders</title>
    <id>urn:uuid:7c1e</id>
    <link rel="enclosure" type="application/pdf" href="12/paper.pdf"/>
    <link rel="alternate" type="text/html" href="12/rivers-and-borders"/>
    <updated>2024-04-20T08:00:00Z</updated>
  </entry>
  <entry>
    <title>Second paper</title>
    <link href="https://elsewhere.example.net/paper-2"/>
    <published>2024-05</published>
  </entry>
</feed>"""


def test_rss_items_get_absolute_links_titles_dates_and_guids():
    items = parse_feed(RSS, "https://news.example.org/feed.xml")
    assert [i.url for i in items] == [
        "https://news.example.org/rivers/commission-meets",
        "https://news.example.org/rivers/dam-talks",
    ]
    first, second = items
    assert first.title == "Commission meets in Almaty"
    assert first.published == dt.date(2024, 3, 5)  # the publisher's own calendar day, not UTC's
    assert first.guid == "tag:news.example.org,2024:451"
    assert second.guid == second.url and second.published is None


def test_atom_entries_follow_xml_base_and_prefer_the_html_alternate():
    items = parse_feed(ATOM_FEED, "https://journal.example.org/atom")
    assert [i.url for i in items] == [
        "https://journal.example.org/issues/12/rivers-and-borders",
        "https://elsewhere.example.net/paper-2",
    ]
    assert items[0].title == "Rivers and borders"
    assert items[0].guid == "urn:uuid:7c1e"
    assert items[0].published == dt.date(2024, 4, 20)
    assert items[1].published == dt.date(2024, 5, 1)  # month precision: its first day


def test_rss_1_0_items_are_read_too():
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://ex.org/"><title>x</title></channel>
      <item rdf:about="https://ex.org/a"><title>A</title><dc:date>2023-11-02</dc:date></item>
    </rdf:RDF>"""
    [item] = parse_feed(rdf, "https://ex.org/index.rdf")
    assert (item.url, item.title, item.published) == ("https://ex.org/a", "A", dt.date(2023, 11, 2))


def test_entities_are_never_expanded_or_fetched():
    hostile = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss version="2.0"><channel><item><title>&secret;&c;</title><link>https://ex.org/x</link></item></channel></rss>"""
    [item] = parse_feed(hostile, "https://ex.org/")
    assert item.title == "&secret;&c;"  # left as written: no file read, no expansion


def test_something_else_is_not_a_feed():
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body><p>Hello</p></body></html>", "https://ex.org/")
    with pytest.raises(FeedError, match="empty"):
        parse_feed(b"  ", "https://ex.org/")


def test_sniffing_tells_feeds_sitemaps_and_pages_apart():
    urlset = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
    assert looks_like_feed(RSS) and looks_like_feed(ATOM_FEED)
    assert not looks_like_feed(b"<!DOCTYPE html><html><body>x</body></html>")
    assert not looks_like_feed(b"%PDF-1.7 binary")
    assert looks_like_sitemap(urlset) and looks_like_sitemap(gzip.compress(urlset))
    assert not looks_like_sitemap(RSS)


def test_a_urlset_lists_pages_with_their_lastmod():
    data = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://ex.org/a</loc><lastmod>2024-06-01T10:00:00+02:00</lastmod></url>
      <url><loc> /b </loc></url>
      <url><lastmod>2024-01-01</lastmod></url>
    </urlset>"""
    sitemap = parse_sitemap(data, "https://ex.org/sitemap.xml")
    assert [(u.url, u.lastmod) for u in sitemap.urls] == [
        ("https://ex.org/a", dt.date(2024, 6, 1)),
        ("https://ex.org/b", None),
    ]
    assert sitemap.sitemaps == []


def test_a_gzipped_sitemap_index_lists_child_sitemaps():
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://ex.org/sitemap-2024.xml</loc></sitemap>
      <sitemap><loc>sitemap-2023.xml.gz</loc></sitemap>
    </sitemapindex>"""
    sitemap = parse_sitemap(gzip.compress(index), "https://ex.org/sitemap_index.xml.gz")
    assert sitemap.sitemaps == ["https://ex.org/sitemap-2024.xml", "https://ex.org/sitemap-2023.xml.gz"]
    assert sitemap.urls == []


def test_a_text_sitemap_is_one_url_per_line():
    sitemap = parse_sitemap(b"https://ex.org/a\n\nhttps://ex.org/b\n", "https://ex.org/sitemap.txt")
    assert [u.url for u in sitemap.urls] == ["https://ex.org/a", "https://ex.org/b"]
    with pytest.raises(FeedError, match="not a sitemap"):
        parse_sitemap(b"just some words", "https://ex.org/sitemap.txt")
    with pytest.raises(FeedError, match="not a sitemap"):
        parse_sitemap(RSS, "https://ex.org/sitemap.xml")


def test_listing_links_are_the_permalinks_of_the_articles_on_the_page():
    data = (SAMPLES / "analysis-listing.html").read_bytes()
    links = listing_links(data, "https://think-tank.example.org/analysis/")
    assert len(links) == 2
    assert all(link.startswith("https://think-tank.example.org/analysis/") for link in links)
    assert "101" in links[0] and "102" in links[1]


def test_an_article_page_has_no_listing_links():
    data = (SAMPLES / "river-commission-summit.html").read_bytes()
    assert listing_links(data, "https://news.example.org/summit") == []
