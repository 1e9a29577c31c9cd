"""The one-walk page searches return what BeautifulSoup's find_all returns, in the same order."""

import re

from bs4 import BeautifulSoup

from extractors.html.page_search import elements, named, strings, strings_matching, with_attribute

PAGE = """<!doctype html>
<html lang="en"><head>
  <title>Harvest report</title>
  <link rel="stylesheet alternate" href="/a.css"><link rel="canonical" href="https://example.org/harvest">
  <meta property="og:type" content="article"><meta name="author" content="Ann Lee">
  <script type="application/ld+json">{"@type": "NewsArticle"}</script>
</head><body class="single post-template">
  <h1>Site logo</h1>
  <article><h1>Harvest report</h1>
    <p class="meta byline">By <a rel="author" href="/author/ann-lee/">Ann Lee</a></p>
    <!-- By the editors: a comment, not text -->
    <p>The harvest came in early this year.</p>
    <h2>Prices</h2><p>By March, prices had fallen.</p>
    <span itemprop="Author">Ben Ode</span>
  </article>
  <aside><h3>Most read</h3><a href="/authors/other/">Other</a></aside>
</body></html>"""


def soup():
    return BeautifulSoup(PAGE, "lxml")


def test_named_matches_find_all_including_limit_and_order():
    page = soup()
    assert named(page, "h1") == page.find_all("h1")
    assert named(page, ("h2", "h3"), limit=1) == page.find_all(["h2", "h3"], limit=1)
    assert [t.name for t in named(page, ["h1", "h2", "h3"])] == ["h1", "h1", "h2", "h3"]


def test_attribute_patterns_follow_beautifulsoups_rule_for_multi_valued_attributes():
    page = soup()
    byline_class = re.compile(r"^byline$")
    whole_class = re.compile(r"^meta byline$")  # matches only the values joined, as find_all does
    assert with_attribute(page, "class", byline_class) == page.find_all(class_=byline_class)
    assert with_attribute(page, "class", whole_class) == page.find_all(class_=whole_class) != []
    author = re.compile(r"^author$", re.I)
    assert with_attribute(page, "itemprop", author) == page.find_all(attrs={"itemprop": author})
    assert with_attribute(page, "rel", author, ("a", "link")) == page.find_all(["a", "link"], rel=author)
    links = re.compile(r"/authors?/")
    assert with_attribute(page, "href", links, "a") == page.find_all("a", href=links)


def test_strings_include_comments_like_find_all():
    page = soup()
    label = re.compile(r"^\s*By\b")
    assert strings(page) == page.find_all(string=True)
    assert strings_matching(page, label) == page.find_all(string=label)
    assert len(strings_matching(page, label)) == 3  # the by-line, the comment, "By March"
    assert strings_matching(page, label, limit=1) == page.find_all(string=label, limit=1)


def test_a_whole_page_is_walked_once_but_a_detached_block_every_time():
    page = soup()
    assert elements(page) is elements(page)
    block = page.article
    first = elements(block)
    block.p.decompose()
    assert len(elements(block)) < len(first)
