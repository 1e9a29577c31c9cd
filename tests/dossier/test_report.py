"""The analyst report on the bundled samples: one offline HTML file, a Markdown variant, and the charts.

The browser test opens the file in Debian's chromium, headless, the way an
analyst would; it is skipped where no chromium is installed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess

import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from dossier import charts, report
from dossier.cli import main
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
    assert '<table id="who-said-what">' in page
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
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(r'(src|href)="(?!#)', page)  # only links inside the page
    assert not re.search(r"url\((?!#)", page)
    assert "<?xml" not in page  # the SVGs are inline, not pasted documents


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


def _chromium() -> str | None:
    return next(
        filter(None, (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome"))), None
    )


def test_report_opens_in_headless_chromium(html_report, tmp_path):
    browser = _chromium()
    if browser is None:
        reason = "no chromium, chromium-browser or google-chrome on PATH (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI installs it (.ci/run), so the report must be rendered there")
        pytest.skip(reason)
    flags = [
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
    url = html_report.resolve().as_uri()
    dom = subprocess.run(
        [*flags, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    for chart in ("timeline-chart", "actor-network"):
        svg = re.search(rf'<svg id="{chart}".*?</svg>', dom, re.S)
        assert svg, f"{chart} not in the page the browser built"
        assert svg.group(0).count("<path") > 10, f"{chart} has no drawing"
    assert re.search(r'<g id="timeline-chart-ev0">', dom) and re.search(r'<g id="actor-network-node0">', dom)

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
