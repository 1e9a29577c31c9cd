"""The analyst report on the bundled samples: one offline HTML file, a Markdown variant, and the charts.

The browser tests open the file in Debian's chromium, headless, the way an
analyst would: the samples' report, and a report of thousands of events and
quotations filtered in the page. They are skipped where no chromium is
installed, and fail instead when ``CI`` is set (CI installs it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import os
import re
import shutil
import subprocess

import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from dossier import charts, report
from dossier.cli import main
from scripts import big_warehouse
from tests.helpers.sample_warehouse import sample_warehouse
from warehouse import analysis, db


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, nlp):
    return sample_warehouse(tmp_path_factory, nlp)


@pytest.fixture(scope="module")
def html_report(warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", "--db", str(warehouse), "--out", str(out)]) == 0
    return out


def event(date, precision, event_type="AGREE", subtype="agreement", mode=None, period_end=None):
    """A row as the timeline view gives it."""
    return {
        "event_date": date,
        "period_start": date,
        "period_end": period_end or date,
        "date_precision": precision,
        "event_type": event_type,
        "event_subtype": subtype,
        "mode": mode,
        "actors": "Kazakhstan (source)",
    }


# ---------------------------------------------------------------- HTML


def test_html_report_has_timeline_quotes_and_network(html_report):
    page = html_report.read_text("utf-8")
    assert '<svg id="timeline-chart"' in page
    assert '<svg id="actor-network"' in page
    assert '<table id="who-said-what" data-filtered>' in page
    # a quotation from the summit article, with its speaker, title and country
    assert "finally stopped arguing about the past" in page
    assert "Rustam Nazarov (Foreign Minister, person, UZB)" in page
    # every event is a mark with a hover title saying its precision
    assert re.search(
        r'<g id="timeline-chart-ev\d+">\s*<title>[^<]*year precision, 2019-01-01 – 2019-12-31', page
    )
    assert re.search(r'<g id="actor-network-node\d+">\s*<title>Kazakhstan \(country\)', page)


def test_html_report_needs_no_network(html_report):
    page = html_report.read_text("utf-8")
    assert "<link" not in page and "<img" not in page
    assert not re.search(r'(src|href)="(?!#)', page)  # only links inside the page
    assert not re.search(r"url\((?!#)", page)
    assert "<?xml" not in page  # the SVGs are inline, not pasted documents
    # one script, ours, allowed by its hash; nothing may be fetched
    assert page.count("<script") == 1 and f"<script>{report._SCRIPT}</script>" in page
    assert "fetch(" not in report._SCRIPT and "XMLHttpRequest" not in report._SCRIPT
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp and "default-src 'none'" in csp[1] and "script-src 'sha256-" in csp[1]


def test_html_rows_carry_what_the_filter_reads(html_report):
    """Each event row its actors, type and period; each quotation its speaker and period."""
    page = html_report.read_text("utf-8")
    events = page.split('<table id="events" data-filtered>')[1].split("</table>")[0]
    founded = [row for row in events.split("<tr")[1:] if "organisation founded" in row]
    assert founded and all('data-from="2019-01-01" data-to="2019-12-31"' in row for row in founded)
    assert all('data-type="COOPERATE"' in row for row in founded)
    quotes = page.split('<table id="who-said-what" data-filtered>')[1].split("</table>")[0]
    said = next(row for row in quotes.split("<tr")[1:] if "finally stopped arguing about the past" in row)
    assert 'data-actors="Rustam Nazarov"' in said and re.search(r'data-from="\d{4}-\d\d-\d\d"', said)
    # the form is there for the script to show, hidden for a browser without JavaScript
    assert '<form id="filters" hidden>' in page and '<option value="Rustam Nazarov">' in page


def test_a_date_stands_for_its_whole_period():
    day = dt.date(2024, 3, 14)
    assert report.period_end(day, "day") == day
    assert report.period_end(day, "week") == dt.date(2024, 3, 20)
    assert report.period_end(dt.date(2024, 2, 1), "month") == dt.date(2024, 2, 29)
    assert report.period_end(dt.date(2024, 10, 1), "quarter") == dt.date(2024, 12, 31)
    assert report.period_end(dt.date(2024, 7, 1), "half") == dt.date(2024, 12, 31)
    assert report.period_end(dt.date(2024, 1, 1), "year") == dt.date(2024, 12, 31)
    assert report.period_end(dt.date(2020, 1, 1), "decade") == dt.date(2029, 12, 31)
    assert report.period_end(None, None) is None


def test_markdown_report_for_notes(warehouse, tmp_path):
    out = tmp_path / "notes.md"
    assert main(["report", "--db", str(warehouse), "--format", "md", "--out", str(out)]) == 0
    notes = out.read_text("utf-8")
    assert notes.startswith("# dossier report\n")
    for heading in (
        "## Timeline",
        "## Who said what",
        "## Actors that appear together in events",
        "## Actors",
    ):
        assert heading in notes
    assert re.search(r"^\| 14 Mar 2024 \| SUPPORT \| agreement signed \|", notes, re.M)
    assert re.search(r"^\| 2019 \| COOPERATE \| organisation founded \|", notes, re.M)
    assert "“finally stopped arguing about the past”" in notes


def test_report_about_one_actor_since_a_date(warehouse, tmp_path):
    out = tmp_path / "tajikistan.md"
    assert (
        main(
            [
                "report",
                "--db",
                str(warehouse),
                "--format",
                "md",
                "--actor",
                "tajikistan",
                "--since",
                "2023",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    notes = out.read_text("utf-8")
    assert "Actor “tajikistan” matches: Tajikistan (country)." in notes
    timeline = notes.split("## Timeline")[1].split("## Who said what")[0]
    rows = [line for line in timeline.splitlines() if line.startswith("| ") and not line.startswith("| when")]
    assert rows and all("Tajikistan" in row for row in rows)
    assert not any(row.startswith("| 2019") for row in rows)


def test_unknown_actor_gives_an_empty_report_and_says_so(warehouse, tmp_path, capsys):
    out = tmp_path / "nobody.html"
    assert main(["report", "--db", str(warehouse), "--actor", "Nobody Anywhere", "--out", str(out)]) == 0
    assert "no actor matches 'Nobody Anywhere'" in capsys.readouterr().err
    page = out.read_text("utf-8")
    assert "matches no actor in the warehouse" in page and "No dated events match." in page


def test_bad_since_is_a_usage_error(warehouse, tmp_path, capsys):
    assert (
        main(["report", "--db", str(warehouse), "--since", "last spring", "--out", str(tmp_path / "r.html")])
        == 2
    )
    assert "is not a date" in capsys.readouterr().err


# ---------------------------------------------------------------- the pieces


def test_since_keeps_events_whose_period_reaches_the_date(warehouse):
    with db.connect(warehouse, read_only=True) as con:
        kept = analysis.timeline(con, since=dt.date(2019, 6, 1))
    founded = [e for e in kept if e["event_subtype"] == "organisation founded"]
    assert founded and all(e["date_precision"] == "year" and e["event_date"].year == 2019 for e in founded)


def test_actor_name_resolves_exactly_before_partially(warehouse):
    with db.connect(warehouse, read_only=True) as con:
        assert [a["canonical_name"] for a in analysis.resolve_actor(con, "KAZAKHSTAN")] == ["Kazakhstan"]
        assert [a["canonical_name"] for a in analysis.resolve_actor(con, "Nazarov")] == ["Rustam Nazarov"]


def test_since_accepts_a_year_a_month_or_a_day():
    assert report.parse_since("2020") == dt.date(2020, 1, 1)
    assert report.parse_since("2020-06") == dt.date(2020, 6, 1)
    assert report.parse_since("2020-06-15") == dt.date(2020, 6, 15)


def test_dates_are_written_as_precisely_as_they_are_known():
    day = dt.date(2024, 3, 14)
    assert [report.period_label(day, p) for p in ("day", "month", "year", "decade")] == [
        "14 Mar 2024",
        "Mar 2024",
        "2024",
        "2020s",
    ]
    assert report.period_label(None, None) == "undated"


def test_timeline_draws_a_year_as_a_span_a_month_as_a_span_and_a_day_as_a_point():
    fig, titles = charts.timeline_figure(
        [
            event(dt.date(2019, 1, 1), "year", period_end=dt.date(2019, 12, 31)),
            event(dt.date(2021, 6, 1), "month", period_end=dt.date(2021, 6, 30)),
            event(dt.date(2024, 3, 14), "day"),
        ]
    )
    artists = {a.get_gid(): a for a in fig.axes[0].findobj() if a.get_gid()}
    drawn = {re.search(r"(\w+) precision", title)[1]: artists[gid] for gid, title in titles.items()}
    assert isinstance(drawn["year"], Rectangle) and drawn["year"].get_width() == pytest.approx(365)
    assert isinstance(drawn["month"], Rectangle) and drawn["month"].get_width() == pytest.approx(30)
    assert isinstance(drawn["day"], Line2D) and len(drawn["day"].get_xdata()) == 1


def test_the_same_event_told_twice_is_one_mark_counted_twice():
    told = [event(dt.date(2024, 3, 14), "day"), event(dt.date(2024, 3, 14), "day")]
    _, titles = charts.timeline_figure(told)
    assert len(titles) == 1 and "stated in 2 places" in next(iter(titles.values()))


def test_thousands_of_marks_are_counted_per_period_not_drawn_one_by_one():
    """Past MAX_DRAWN_MARKS, each lane is bars of events per month or quarter, looser dates a band."""
    start = dt.date(2020, 1, 1)
    days = [
        event(start + dt.timedelta(days=n % 700), "day", event_type=t, subtype=f"s{n}")
        for n in range(charts.MAX_DRAWN_MARKS)
        for t in ("AGREE", "CONSULT")
        if n % 2 == (t == "AGREE")
    ]
    years = [
        event(
            dt.date(2021, 1, 1), "year", event_type="AGREE", subtype=f"y{n}", period_end=dt.date(2021, 12, 31)
        )
        for n in range(7)
    ]
    fig, titles = charts.timeline_figure(days + years)
    counted = {gid: int(re.search(r": (\d+) event", title)[1]) for gid, title in titles.items()}
    assert sum(counted.values()) == len(days) + len(years)
    bands = [t for gid, t in titles.items() if "-band" in gid]
    assert bands == ["AGREE: 7 event(s) dated only to 2021-01-01 – 2021-12-31"]
    assert any(t.startswith("CONSULT, Mar 2020: ") for t in titles.values())  # under five years: per month
    assert fig.get_size_inches()[1] < 5  # two lanes, however many events


def test_network_links_actors_that_share_events():
    pairs = [
        {
            "actor_a": "Kazakhstan",
            "actor_a_kind": "country",
            "actor_b": "Uzbekistan",
            "actor_b_kind": "country",
            "events": 3,
            "first_date": dt.date(2019, 1, 1),
            "last_date": dt.date(2024, 3, 14),
        }
    ]
    svg = charts.network_svg(pairs)
    assert svg.startswith('<svg id="actor-network"')
    assert "Kazakhstan – Uzbekistan: 3 shared event(s), 2019-01-01 to 2024-03-14" in svg


# ---------------------------------------------------------------- in a browser


def _browser(tmp_path) -> list[str]:
    """Headless chromium's command line, or skip (fail under CI, which installs it)."""
    browser = next(
        filter(None, (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome"))), None
    )
    if browser is None:
        reason = "no chromium, chromium-browser or google-chrome on PATH (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI installs it (.ci/run), so the report must be rendered there")
        pytest.skip(reason)
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]


def _dom(flags: list[str], url: str) -> str:
    """The page as the browser built it, after its script ran."""
    return subprocess.run(
        [*flags, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True
    ).stdout


def test_report_opens_in_headless_chromium(html_report, tmp_path):
    flags = _browser(tmp_path)
    url = html_report.resolve().as_uri()
    dom = _dom(flags, url)
    for chart in ("timeline-chart", "actor-network"):
        svg = re.search(rf'<svg id="{chart}".*?</svg>', dom, re.S)
        assert svg, f"{chart} not in the page the browser built"
        assert svg.group(0).count("<path") > 10, f"{chart} has no drawing"
    assert re.search(r'<g id="timeline-chart-ev0">', dom) and re.search(r'<g id="actor-network-node0">', dom)
    # the page's policy let its script run: the filters are shown, with the count of rows
    assert '<form id="filters">' in dom
    assert re.search(r'<p class="shown" id="who-said-what-shown">showing (\d+) of \1 rows</p>', dom)

    png = tmp_path / "report.png"
    subprocess.run(
        [*flags, f"--screenshot={png}", "--window-size=1280,2600", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    from PIL import Image

    with Image.open(png) as image:
        assert image.size == (1280, 2600)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is None or len(colours) > 50  # charts and text, not a blank page


@pytest.fixture(scope="module")
def big_report(tmp_path_factory):
    """3,000 events and 3,000 quotations through the real loader, reported by ``dossier report``."""
    folder = tmp_path_factory.mktemp("big")
    path = big_warehouse.build(folder, documents=60, events_per_document=50, quotes_per_document=50)
    out = folder / "report.html"
    assert main(["report", "--db", str(path), "--out", str(out)]) == 0
    return out, report.collect(path)


def _rows(dom: str, table_id: str) -> list[tuple[str, str]]:
    """(attributes, cells' text) of each row of a table in the browser's DOM."""
    table = dom.split(f'<table id="{table_id}" data-filtered="">')[1]
    body = table.split("<tbody>")[1].split("</tbody>")[0]
    return [
        (attributes, html.unescape(re.sub(r"<[^>]+>", "", cells)))
        for attributes, cells in re.findall(r"<tr([^>]*)>(.*?)</tr>", body, re.S)
    ]


def _visible(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [row for row in rows if not re.search(r"\bhidden\b", row[0])]


def _shown(dom: str, table_id: str) -> str:
    return re.search(rf'<p class="shown" id="{table_id}-shown">([^<]*)</p>', dom)[1]


def test_thousands_of_rows_filtered_in_the_page_by_actor_type_and_dates(big_report, tmp_path):
    """The filters in the link's fragment are applied as the page opens: only matching rows stay visible."""
    out, data = big_report
    assert len(data.events) == len(data.quotes) == 3000
    dom = _dom(_browser(tmp_path), out.resolve().as_uri() + "#actor=nazarov&type=AGREE&from=2018&to=2020-06")

    def wanted(actors, event_type, start, end):
        return (
            any("nazarov" in a.lower() for a in actors)
            and event_type == "AGREE"
            and end is not None
            and end >= dt.date(2018, 1, 1)
            and start <= dt.date(2020, 6, 30)
        )

    events = [
        r
        for r in data.events
        if wanted(r["actor_names"], r["event_type"], r["period_start"], r["period_end"])
    ]
    quotes = [
        r
        for r in data.quotes
        if wanted(
            [r["speaker"] or ""],
            r["event_type"],
            r["quote_date"],
            report.period_end(r["quote_date"], r["quote_date_precision"]),
        )
    ]
    assert 0 < len(events) < 500 and 0 < len(quotes) < 500  # fewer than a page: all of them shown
    for table_id, expected in (("events", events), ("who-said-what", quotes)):
        rows = _rows(dom, table_id)
        visible = _visible(rows)
        assert len(rows) == 3000 and len(visible) == len(expected), table_id
        assert all("Nazarov" in attributes and 'data-type="AGREE"' in attributes for attributes, _ in visible)
        assert (
            _shown(dom, table_id) == f"showing {len(expected)} of {len(expected)} matching rows (3000 in all)"
        )
    assert "<details open" in dom  # the events table, folded by default, is opened to show them
    assert '<form id="filters">' in dom


def test_thousands_of_rows_filtered_by_words_a_page_at_a_time(big_report, tmp_path):
    """Words are looked for in a row's whole text; at most 500 matching rows show until "show more"."""
    out, data = big_report
    dom = _dom(_browser(tmp_path), out.resolve().as_uri() + "#words=Glacier")
    cells = {
        "events": report._event_rows(data),
        "who-said-what": report._quote_rows(data),
    }
    for table_id, rows in cells.items():
        matching = sum("glacier" in "".join(report._cell(v) for v in row).lower() for row in rows)
        assert 0 < matching < len(rows)
        visible = _visible(_rows(dom, table_id))
        assert len(visible) == min(matching, 500) and all("glacier" in text.lower() for _, text in visible)
        assert (
            _shown(dom, table_id) == f"showing {min(matching, 500)} of {matching} matching rows (3000 in all)"
        )
        button = re.search(rf'<button type="button" id="{table_id}-more"( hidden="")?>([^<]*)</button>', dom)
        assert (button[1] is None) == (matching > 500)


def test_a_page_whose_script_does_not_run_shows_every_row_and_no_filters(big_report, tmp_path):
    """As a browser without JavaScript shows it; and a script the page's policy does not name never runs.

    The copy's script differs by one comment from the one whose hash the
    policy allows, as an injected script would: the browser refuses it.
    """
    out, _ = big_report
    copy = tmp_path / "changed-script.html"
    copy.write_text(out.read_text("utf-8").replace("<script>", "<script>// changed\n", 1), "utf-8")
    dom = _dom(_browser(tmp_path), copy.resolve().as_uri() + "#actor=nazarov")
    assert '<form id="filters" hidden="">' in dom
    for table_id in ("events", "who-said-what"):
        rows = _rows(dom, table_id)
        assert len(rows) == len(_visible(rows)) == 3000
        assert _shown(dom, table_id) == ""


def test_markdown_escapes_html_from_documents(tmp_path):
    """A title or actor name holding markup shows as text in Markdown, never as live HTML."""
    from tests.helpers.warehouse_rows import a_source
    from warehouse import load

    path = tmp_path / "hostile.duckdb"
    source = a_source()
    article, extraction = source.documents[0]
    source.documents[0] = (dataclasses.replace(article, title="<script>alert('x')</script> & co"), extraction)
    with db.connect(path) as con:
        load.load_source(con, source)
    out = tmp_path / "hostile.md"
    assert main(["report", "--db", str(path), "--format", "md", "--out", str(out)]) == 0
    text = out.read_text("utf-8")
    assert "<script" not in text and "&lt;script&gt;alert('x')&lt;/script&gt; &amp; co" in text
    assert (
        main(
            [
                "report",
                "--db",
                str(path),
                "--format",
                "md",
                "--out",
                str(out),
                "--actor",
                "<img src=x onerror=alert(1)>",
            ]
        )
        == 0
    )
    text = out.read_text("utf-8")
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text


def test_html_keeps_markup_from_documents_as_text_and_runs_only_its_own_script(tmp_path):
    """A title closing the script tag, a name breaking out of an attribute: both stay text."""
    from tests.helpers.warehouse_rows import a_source
    from warehouse import load

    path = tmp_path / "hostile.duckdb"
    source = a_source()
    article, extraction = source.documents[0]
    extraction.actors[1] = dataclasses.replace(
        extraction.actors[1], canonical_name='Ali" onmouseover="alert(1)'
    )
    source.documents[0] = (
        dataclasses.replace(article, title="</script><script>alert('x')</script> & co"),
        extraction,
    )
    with db.connect(path) as con:
        load.load_source(con, source)
    out = tmp_path / "hostile.html"
    assert main(["report", "--db", str(path), "--out", str(out)]) == 0
    page = out.read_text("utf-8")
    assert page.count("<script") == 1 and page.count("</script>") == 1
    assert "&lt;/script&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in page
    assert 'data-actors="Ali&quot; onmouseover=&quot;alert(1)|Tokayev"' in page
    assert '<option value="Ali&quot; onmouseover=&quot;alert(1)">' in page
    assert not {name for name in _attribute_names(page) if name.startswith("on")}  # no event handler


def _attribute_names(page: str) -> set[str]:
    """Every attribute name of every element, as an HTML parser reads the page."""
    from html.parser import HTMLParser

    names: set[str] = set()

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names.update(name for name, _ in attrs)

    Collector().feed(page)
    return names
