"""The analyst report: one self-contained HTML page (or Markdown for notes) about the warehouse.

It answers the first questions an analyst asks, optionally about one actor and
since a date: what happened when (a timeline drawn by date precision), who said
what (a table in date order), and who acts with whom (a network picture). The
HTML embeds its charts as SVG and its style inline, with no link to fetch, so it
opens offline and can be mailed or archived as one file.

Its one script, written here (``_SCRIPT``, a few dozen lines, no library),
filters the event and quotation tables in the page by actor, event type, date
range and words, and shows "showing N of M". A warehouse of years of reading
holds thousands of rows, so every row is in the page (up to
``MAX_HTML_ROWS``) and carries what the filter needs as ``data-*`` attributes;
filtering toggles the rows' ``hidden`` attribute, nothing is rebuilt. At most
500 matching rows show at a time ("show more"): unhiding all 10,000 rows took
Chromium 2–3 s of layout, 500 take a few hundred milliseconds. The filters
live in the URL fragment (``report.html#actor=Nazarov&from=2020``), so a
filtered view can be shared as a link. Without JavaScript the form stays
hidden and every row shows. Nothing from a document ever reaches the script:
the data is escaped into attributes and cells, and the page's
Content-Security-Policy allows only this script (by its hash), no other
script and no fetch at all.

Measured with ``benchmarks/report_browser.py`` (5,000 events and 5,000
quotations through the real loader, headless Chromium 150, 2 shared cores,
medians of 5): page 3.8 MB with every row, rendered in 2.7 s, loaded in 0.58 s
(first paint 0.16 s), a filter applied in 0.07–0.34 s. The report before the
filters held 400 rows of each table in 2.1 MB, took 7–15 s to render (the
timeline drew 4,387 marks, 55 inches tall: now counted per period, see
``charts``) and 0.9 s to load.

The data comes from ``warehouse.analysis`` (the analyst views); this module only
lays it out.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from dossier import charts

#: Rows a Markdown table shows before the report points to the view that holds them all.
MAX_TABLE_ROWS = 400
#: Rows an HTML table holds (the filters show a part of them). 10,000 events and 10,000 quotations
#: make a 7.2 MB page that Chromium loads in 1.3–3.2 s on 2 busy cores (first paint 0.24 s).
MAX_HTML_ROWS = 10_000


@dataclass
class ReportData:
    """Everything one report shows, already filtered."""

    db_path: str
    overview: dict
    events: list[dict]
    quotes: list[dict]
    pairs: list[dict]
    actors: list[dict]
    actor_query: str | None = None
    matched_actors: list[dict] = field(default_factory=list)
    since: dt.date | None = None
    generated: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))


def parse_since(text: str) -> dt.date:
    """'2020', '2020-06' or '2020-06-15' as the first day it names: analysts say "since 2020"."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    month = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if month:
        return dt.date(int(month[1]), int(month[2]), 1)
    return dt.date.fromisoformat(text)


def collect(db_path: Path | str, actor: str | None = None, since: dt.date | None = None) -> ReportData:
    """Read what the report shows from the warehouse (read-only)."""
    from warehouse import analysis, db

    with db.connect(db_path, read_only=True) as con:
        matched = analysis.resolve_actor(con, actor) if actor else []
        ids = [a["actor_id"] for a in matched] if actor else None
        return ReportData(
            db_path=str(db_path),
            overview=analysis.overview(con),
            events=analysis.timeline(con, ids, since),
            quotes=analysis.who_said_what(con, ids, since),
            pairs=analysis.cooccurrence(con, ids, since),
            actors=analysis.actor_profiles(con, ids),
            actor_query=actor,
            matched_actors=matched,
            since=since,
        )


def period_label(date: dt.date | None, precision: str | None) -> str:
    """A date as precisely as it is known: '14 Mar 2024', 'week of 11 Mar 2024', 'Mar 2024', 'Q1 2024',
    'summer 2024', 'H2 2024', '2024', '2020s'."""
    if date is None:
        return "undated"
    if precision == "decade":
        return f"{date.year // 10 * 10}s"
    if precision == "year":
        return str(date.year)
    if precision == "month":
        return date.strftime("%b %Y")
    if precision == "quarter":
        return f"Q{(date.month - 1) // 3 + 1} {date.year}"
    if precision == "half":
        return f"H{1 if date.month < 7 else 2} {date.year}"
    if precision == "season":
        return (
            f"{ {3: 'spring', 6: 'summer', 9: 'autumn', 12: 'winter'}.get(date.month, 'season') } {date.year}"
        )
    if precision == "week":
        return f"week of {date.day} {date.strftime('%b %Y')}"
    return f"{date.day} {date.strftime('%b %Y')}"


def title_of(data: ReportData) -> str:
    parts = ["dossier report"]
    if data.actor_query:
        parts.append(f"actor: {data.actor_query}")
    if data.since:
        parts.append(f"since {data.since.isoformat()}")
    return " — ".join(parts)


def _scope_lines(data: ReportData) -> list[str]:
    """Plain sentences saying what the report covers, shared by both formats."""
    o = data.overview
    lines = [
        f"Warehouse {data.db_path}: {o['documents']} documents, {o['events']} events, "
        f"{o['actors']} actors, {o['quotations']} quotations"
        + (f", events dated {o['first_date']} to {o['last_date']}." if o["first_date"] else ".")
    ]
    if data.actor_query:
        names = ", ".join(f"{a['canonical_name']} ({a['kind']})" for a in data.matched_actors)
        lines.append(
            f"Actor “{data.actor_query}” matches: {names}."
            if names
            else f"Actor “{data.actor_query}” matches no actor in the warehouse."
        )
    if data.since:
        lines.append(
            f"Since {data.since.isoformat()}: events whose period reaches that date; dated quotations from it."
        )
    lines.append(
        f"Shown: {len(data.events)} events, {len(data.quotes)} quotations, "
        f"{len(data.pairs)} actor pairs. Generated {data.generated.isoformat(sep=' ')}."
    )
    return lines


# ---------------------------------------------------------------- HTML

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:2em auto;max-width:1200px;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.scope{color:#555;margin:.2em 0} figure{margin:1em 0} figcaption{color:#555;font-size:.9em}
table{border-collapse:collapse;width:100%;font-size:.92em} th,td{border-bottom:1px solid #e5e5e5;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f6f6f6;position:sticky;top:0} td.when{white-space:nowrap} td.quote{max-width:34em}
.muted{color:#777} details summary{cursor:pointer;margin:.6em 0;color:#2874a6}
svg.chart text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
#filters{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #ddd;padding:.5em 0;display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center}
#filters label{white-space:nowrap} #filters input:invalid{outline:2px solid #c0392b}
#filters[hidden]{display:none} .shown{color:#555;margin:.4em 0}
"""

#: The page's one script: the filters over the event and quotation tables (see the module docstring).
#: A row is kept when each filter set holds: an actor's name contains the words typed, the event
#: type is the one chosen, the row's period reaches into [from, to] (a row without a date is left
#: out once a date is set, as with ``--since``), its text contains the words.
#: "2020" as "to" means to the end of 2020: a date compares as text, and "~" sorts after "-".
_SCRIPT = """
(function () {
  "use strict";
  var form = document.getElementById("filters"), names = ["actor", "type", "from", "to", "words"];
  var tables = Array.prototype.slice.call(document.querySelectorAll("table[data-filtered]"));
  var dated = /^\\d{4}(-\\d{2}(-\\d{2})?)?$/, page = 500, limits = {};
  function value(name) { return form.elements[name].value.trim(); }
  function wanted() {
    var f = {};
    names.forEach(function (n) { f[n] = value(n).toLowerCase(); });
    if (!dated.test(f.from)) f.from = "";
    if (!dated.test(f.to)) f.to = "";
    return f;
  }
  function keeps(row, f) {
    var d = row.dataset;
    return (!f.actor || (d.actors || "").toLowerCase().indexOf(f.actor) >= 0) &&
      (!f.type || (d.type || "").toLowerCase() === f.type) &&
      (!f.from || (d.to || "") >= f.from) &&
      (!f.to || (!!d.from && d.from <= f.to + "~")) &&
      (!f.words || row.textContent.toLowerCase().indexOf(f.words) >= 0);
  }
  function apply() {
    var f = wanted(), query = new URLSearchParams();
    names.forEach(function (n) { if (value(n)) query.set(n, value(n)); });
    var filtered = query.toString() !== "";
    tables.forEach(function (table) {
      var rows = table.tBodies[0].rows, limit = limits[table.id], matching = 0;
      for (var i = 0; i < rows.length; i++) {
        var show = keeps(rows[i], f) && ++matching <= limit;
        if (rows[i].hidden === show) rows[i].hidden = !show;
      }
      document.getElementById(table.id + "-shown").textContent = "showing " + Math.min(matching, limit) +
        " of " + matching + (filtered ? " matching rows (" + rows.length + " in all)" : " rows");
      var more = document.getElementById(table.id + "-more"), details = table.closest("details");
      more.hidden = matching <= limit;
      more.textContent = "show " + Math.min(page, matching - limit) + " more";
      if (details && filtered) details.open = true;
    });
    history.replaceState(null, "", filtered ? "#" + query : location.pathname + location.search);
  }
  function restart() { tables.forEach(function (t) { limits[t.id] = page; }); apply(); }
  function fromFragment() {
    var query = new URLSearchParams(location.hash.slice(1));
    names.forEach(function (n) { form.elements[n].value = query.get(n) || ""; });
    restart();
  }
  tables.forEach(function (t) {
    document.getElementById(t.id + "-more").addEventListener("click", function () { limits[t.id] += page; apply(); });
  });
  form.hidden = false;
  form.addEventListener("input", restart);
  form.addEventListener("reset", function () { setTimeout(restart); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", fromFragment);
  fromFragment();
})();
"""


def _csp() -> str:
    """The page may run its own script (by hash) and inline style, and fetch nothing at all."""
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    return (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'"
    )


def render_html(data: ReportData) -> str:
    """The report as one HTML document: inline CSS, SVG and one script of ours, no external references."""
    e = html.escape
    title = title_of(data)
    parts = [
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_csp()}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        *(f'<p class="scope">{e(line)}</p>' for line in _scope_lines(data)),
        _filter_form(data),
    ]

    parts += [
        '<section id="timeline"><h2>Timeline</h2>',
        "<figure>",
        charts.timeline_svg(data.events),
        "<figcaption>A day-dated event is a point; a month- or year-dated event is a bar across "
        "its month or year, since the text does not say when in it. Hatched: planned, hypothetical "
        "or denied. Hover a mark for its actors. Past "
        f"{charts.MAX_DRAWN_MARKS} marks, each lane counts events per month, quarter or year instead. "
        "The filters act on the tables, not on the charts.</figcaption></figure>",
        f"<details><summary>The {len(data.events)} events as a table</summary>",
        _html_table(
            ["when", "type", "what", "actors", "sentence", "document", "page"],
            _event_rows(data),
            table_id="events",
            classes={0: "when"},
            view="timeline",
            row_data=[_event_data(r) for r in data.events],
        ),
        "</details></section>",
    ]

    parts += [
        '<section id="quotes"><h2>Who said what</h2>',
        _html_table(
            QUOTE_HEADERS,
            _quote_rows(data),
            table_id="who-said-what",
            classes={0: "when", 3: "quote"},
            view="who_said_what",
            row_data=[_quote_data(r) for r in data.quotes],
        ),
        "</section>",
    ]

    parts += [
        '<section id="network"><h2>Actor network</h2>',
        "<figure>",
        charts.network_svg(data.pairs),
        "<figcaption>Two actors are linked when they take part in the same event; hover a line for "
        "the period.</figcaption></figure>",
        "<h3>Actors that appear together most</h3>",
        _html_table(
            PAIR_HEADERS,
            _pair_rows(data.pairs[:25]),
            table_id="pairs",
            view="actor_cooccurrence",
        ),
        "</section>",
    ]

    parts += [
        '<section id="actors"><h2>Actors</h2>',
        _html_table(
            [
                "actor",
                "kind",
                "country",
                "titles",
                "mentions",
                "documents",
                "events",
                "events by type",
                "quotations",
            ],
            [
                (
                    r["canonical_name"],
                    r["kind"],
                    r["country_code"],
                    ", ".join(r["titles"] or []),
                    r["mentions"],
                    r["documents"],
                    r["events"],
                    _by_type(r["events_by_type"]),
                    r["quotes"],
                )
                for r in data.actors
            ],
            table_id="actor-profiles",
            view="actor_profiles",
        ),
        "</section>",
        '<p class="muted">Made by <code>dossier report</code>. Every row comes from the warehouse\'s '
        "analyst views (timeline, who_said_what, actor_cooccurrence, actor_profiles); "
        "the provenance view gives the source, page and words of each.</p>",
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _filter_form(data: ReportData) -> str:
    """The filters over the event and quotation tables, hidden until the script shows them.

    The actor box suggests every name in the tables (typing part of one is
    enough); the type list holds the event types present.
    """
    e = html.escape
    actors = sorted(
        {name for r in data.events for name in r["actor_names"] or []}
        | {r["speaker"] for r in data.quotes if r["speaker"]}
    )
    types = sorted({r["event_type"] for r in data.events if r["event_type"]})
    dated = r"\d{4}(-\d{2}(-\d{2})?)?"
    return (
        '<form id="filters" hidden><strong>Filter the tables:</strong>'
        '<label>actor or speaker <input name="actor" type="search" list="actor-names" size="18"></label>'
        '<label>event type <select name="type"><option value="">any</option>'
        + "".join(f'<option value="{e(t)}">{e(t)}</option>' for t in types)
        + "</select></label>"
        f'<label>from <input name="from" size="10" placeholder="2020-06" pattern="{dated}"></label>'
        f'<label>to <input name="to" size="10" placeholder="2021" pattern="{dated}"></label>'
        '<label>words <input name="words" type="search" size="18"></label>'
        '<button type="reset">clear</button>'
        '<datalist id="actor-names">'
        + "".join(f'<option value="{e(a)}">' for a in actors)
        + "</datalist></form>"
    )


def _event_data(r: dict) -> dict[str, str | None]:
    """What the filter reads on an event row: its actors, type and period."""
    return {
        "actors": "|".join(r["actor_names"] or []),
        "type": r["event_type"],
        "from": _iso(r["period_start"]),
        "to": _iso(r["period_end"]),
    }


def _quote_data(r: dict) -> dict[str, str | None]:
    """What the filter reads on a quotation row: its speaker, the type of the event it was said at, its period."""
    return {
        "actors": r["speaker"],
        "type": r.get("event_type"),
        "from": _iso(r["quote_date"]),
        "to": _iso(period_end(r["quote_date"], r["quote_date_precision"])),
    }


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


_MONTHS_IN = {"month": 1, "quarter": 3, "season": 3, "half": 6, "year": 12, "decade": 120}


def period_end(date: dt.date | None, precision: str | None) -> dt.date | None:
    """The last day of the period a date stands for, as the ``event_periods`` view computes it."""
    if date is None:
        return None
    if precision == "week":
        return date + dt.timedelta(days=6)
    months = _MONTHS_IN.get(precision or "")
    if not months:
        return date
    after = date.month - 1 + months
    return dt.date(date.year + after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)


#: The tables both formats show, with the same columns and rows.
QUOTE_HEADERS = ["when", "speaker", "said", "quotation", "document", "page"]
PAIR_HEADERS = ["actor", "actor", "shared events", "first", "last"]


def _event_rows(data: ReportData) -> list[tuple]:
    """The HTML timeline table's rows (the Markdown one leaves the sentence out)."""
    return [
        (
            period_label(r["event_date"], r["date_precision"]),
            r["event_type"],
            _what(r),
            r["actors"],
            r["sentence"],
            r["title"],
            r["page"],
        )
        for r in data.events
    ]


def _quote_rows(data: ReportData) -> list[tuple]:
    return [
        (
            period_label(r["quote_date"], r["quote_date_precision"]),
            _speaker(r),
            r["cue"],
            f"“{r['quote_text']}”",
            r["title"],
            r["page"],
        )
        for r in data.quotes
    ]


def _pair_rows(pairs: list[dict]) -> list[tuple]:
    return [(r["actor_a"], r["actor_b"], r["events"], r["first_date"], r["last_date"]) for r in pairs]


def _what(r: dict) -> str:
    """An event's subtype and mode, as the timeline tables print them."""
    return " ".join(filter(None, [r["event_subtype"], f"[{r['mode']}]" if r["mode"] else None]))


def _speaker(row: dict) -> str:
    details = ", ".join(
        filter(
            None,
            [
                row.get("speaker_title"),
                row.get("speaker_actor_kind") or row.get("speaker_kind"),
                row.get("speaker_country"),
            ],
        )
    )
    name = row.get("speaker") or "unknown"
    return f"{name} ({details})" if details else name


def _by_type(counts: dict | None) -> str:
    return ", ".join(f"{k} {v}" for k, v in (counts or {}).items())


def _cell(value) -> str:
    return "" if value is None else str(value)


def _html_table(
    headers: list[str],
    rows: list[tuple],
    table_id: str,
    view: str,
    classes: dict[int, str] | None = None,
    row_data: list[dict[str, str | None]] | None = None,
) -> str:
    """A table of at most ``MAX_HTML_ROWS`` rows; with ``row_data``, each row's ``data-*`` for the filter."""
    if not rows:
        return f'<p id="{table_id}" class="muted">Nothing matches.</p>'
    classes = classes or {}
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    opening = [f'<td class="{classes[i]}">' if i in classes else "<td>" for i in range(len(headers))]
    body = "\n".join(
        f"<tr{_data_attributes(row_data[n]) if row_data else ''}>"
        + "".join(f"{opening[i]}{html.escape(_cell(v))}</td>" for i, v in enumerate(row))
        + "</tr>"
        for n, row in enumerate(rows[:MAX_HTML_ROWS])
    )
    more = (
        f'<p class="muted">{len(rows) - MAX_HTML_ROWS} more rows: query the <code>{view}</code> view.</p>'
        if len(rows) > MAX_HTML_ROWS
        else ""
    )
    shown = f'<p class="shown" id="{table_id}-shown"></p>' if row_data else ""
    filtered = " data-filtered" if row_data else ""
    next_page = f'<button type="button" id="{table_id}-more" hidden>show more</button>' if row_data else ""
    return (
        f'{shown}<table id="{table_id}"{filtered}><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>'
        f"{next_page}{more}"
    )


def _data_attributes(data: dict[str, str | None]) -> str:
    return "".join(f' data-{k}="{html.escape(v)}"' for k, v in data.items() if v)


# ---------------------------------------------------------------- Markdown


def render_markdown(data: ReportData) -> str:
    """The same report as Markdown tables, for notes (the timeline as a dated list, the network as pairs)."""
    out = [f"# {_md_text(title_of(data))}", "", *(f"{_md_text(line)}  " for line in _scope_lines(data)), ""]
    out += [
        "## Timeline",
        "",
        _md_table(
            ["when", "type", "what", "actors", "document", "page"],
            [
                (
                    period_label(r["event_date"], r["date_precision"]),
                    r["event_type"],
                    _what(r),
                    r["actors"],
                    r["title"],
                    r["page"],
                )
                for r in data.events
            ],
            "timeline",
        ),
        "",
    ]
    out += [
        "## Who said what",
        "",
        _md_table(
            QUOTE_HEADERS,
            _quote_rows(data),
            "who_said_what",
        ),
        "",
    ]
    out += [
        "## Actors that appear together in events",
        "",
        _md_table(
            PAIR_HEADERS,
            _pair_rows(data.pairs),
            "actor_cooccurrence",
        ),
        "",
    ]
    out += [
        "## Actors",
        "",
        _md_table(
            ["actor", "kind", "country", "mentions", "events", "events by type", "quotations"],
            [
                (
                    r["canonical_name"],
                    r["kind"],
                    r["country_code"],
                    r["mentions"],
                    r["events"],
                    _by_type(r["events_by_type"]),
                    r["quotes"],
                )
                for r in data.actors
            ],
            "actor_profiles",
        ),
        "",
    ]
    return "\n".join(out)


def _md_text(text: str) -> str:
    """Text from documents, safe in Markdown: renderers pass raw HTML through, so ``<script>`` must not survive.

    HTML's three special characters become entities, which every Markdown
    renderer shows as the characters themselves.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_cell(value) -> str:
    return _md_text(_cell(value)).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(headers: list[str], rows: list[tuple], view: str) -> str:
    if not rows:
        return "_Nothing matches._"
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows[:MAX_TABLE_ROWS]]
    if len(rows) > MAX_TABLE_ROWS:
        lines += ["", f"_{len(rows) - MAX_TABLE_ROWS} more rows: query the `{view}` view._"]
    return "\n".join(lines)


def write(data: ReportData, out: Path, fmt: str = "html") -> Path:
    """Render and write the report; returns the path written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(data) if fmt == "html" else render_markdown(data), encoding="utf-8")
    return out
