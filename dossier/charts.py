"""The report's pictures: an event timeline and an actor network, as inline SVG.

Drawn with matplotlib's object API (no pyplot, no global state, no display) and
saved as SVG text, so the report is one file that opens offline. Text stays text
in the SVG (searchable, crisp), and every mark carries a ``<title>`` that a
browser shows on hover: the chart is for the shape, the tooltip for the detail.

Dates are drawn by their precision. An event dated "2019" means some time in
2019, so it is a bar across the year, not a dot on 1 January; "June 2019" is a
bar across June; only a day-precision date is a point.

Past ``MAX_DRAWN_MARKS`` marks the timeline stops drawing each one (thousands
of marks made a chart 55 inches tall) and counts events per lane and month,
quarter or year; an event dated more loosely than a bar is a band across its
period, so the counts never pretend to know a month the text did not give.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import re
from dataclasses import dataclass

import matplotlib
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

PRECISION_COLOURS = {"day": "#1b4f72", "month": "#2e86c1", "year": "#85c1e9", "decade": "#d4e6f1"}
KIND_COLOURS = {
    "person": "#c0392b",
    "organization": "#2874a6",
    "country": "#239b56",
    "location": "#b9770e",
    "other": "#7f8c8d",
}
#: Up to this many marks, each is labelled with its subtype on the chart (more would be clutter).
MAX_LABELLED_MARKS = 45
#: The share of the time axis one label character takes (7-point text on an 11-inch chart).
_LABEL_SHARE_PER_CHAR = 0.0078
#: Above this many marks the timeline counts events per lane and period instead of drawing each one:
#: 4,387 marks drawn one by one made a chart 55 inches tall, 1.75 MB of SVG and 7 s of drawing.
MAX_DRAWN_MARKS = 500
#: Modes that say an event did not (yet) happen: drawn hollow and hatched.
UNREAL_MODES = {"future", "hypothetical", "negated"}


@dataclass
class Mark:
    """One drawn event: the same event reported by several documents is one mark."""

    lane: str
    start: dt.date
    end: dt.date
    precision: str
    mode: str | None
    label: str  # the event's subtype: "summit", "agreement signed"
    actors: str
    count: int = 1


def timeline_svg(events: list[dict], svg_id: str = "timeline-chart") -> str:
    """Events (rows of the ``timeline`` view) as lanes per event type, each mark spanning its period."""
    return _svg(*timeline_figure(events, svg_id), svg_id)


def network_svg(pairs: list[dict], max_actors: int = 40, svg_id: str = "actor-network") -> str:
    """Actors as nodes sized by shared events, linked when they take part in the same events."""
    return _svg(*network_figure(pairs, max_actors, svg_id), svg_id)


def timeline_figure(events: list[dict], svg_id: str = "timeline-chart") -> tuple[Figure, dict[str, str]]:
    """The timeline figure and the hover title of each mark (by gid).

    When a few old events (history recalled in passing) stretch the axis over a
    century and squeeze everything else into its last years, a second panel
    zooms on the years most events fall in; the first panel keeps them all.
    """
    marks = _marks(events)
    if not marks:
        return _empty_figure("No dated events match."), {}
    focus = _focus_start(marks)
    if len(marks) > MAX_DRAWN_MARKS:
        return _count_figure(marks, focus, svg_id)
    panels = [("all", marks, False)] if focus else []
    zoomed = [m for m in marks if m.end >= focus] if focus else marks
    panels.append(("focus", zoomed, len(zoomed) <= MAX_LABELLED_MARKS))
    # The overview is one row per lane (marks may overlap): it only shows where in time things are.
    layouts = [
        _lay_out(panel_marks, labelled, packed=name == "focus") for name, panel_marks, labelled in panels
    ]
    heights = [sum(rows.values()) + 0.6 * len(rows) + 1.5 for rows, _ in layouts]
    fig = Figure(figsize=(11, 0.6 + 0.3 * sum(heights)))
    axes = fig.subplots(len(panels), 1, gridspec_kw={"height_ratios": heights}, squeeze=False)[:, 0]
    titles = {}
    for ax, (name, panel_marks, labelled), (rows_per_lane, row_of) in zip(axes, panels, layouts):
        prefix = f"{svg_id}-all-ev" if name == "all" else f"{svg_id}-ev"
        index = {id(m): i for i, m in enumerate(marks)}
        y_of_lane = _draw_lanes(ax, rows_per_lane)
        for mark in panel_marks:
            gid = f"{prefix}{index[id(mark)]}"
            _draw_mark(ax, mark, y_of_lane[mark.lane] + row_of[id(mark)], gid=gid, labelled=labelled)
            titles[gid] = _mark_title(mark)
        _date_axis(ax, min(m.start for m in panel_marks), max(m.end for m in panel_marks))
    heading = "Events by type; a mark spans the period its date names"
    if focus:
        axes[0].set_title(f"{heading}. All {len(marks)} marks:", fontsize=10, loc="left")
        axes[1].set_title(f"Since {focus.year}, where {len(zoomed)} of them fall:", fontsize=10, loc="left")
    else:
        axes[0].set_title(heading, fontsize=10, loc="left")
    axes[0].legend(
        handles=_timeline_legend(marks),
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        frameon=False,
    )
    fig.tight_layout()
    return fig, titles


def _count_figure(marks: list[Mark], focus: dt.date | None, svg_id: str) -> tuple[Figure, dict[str, str]]:
    """Too many marks to draw one by one: per lane (event type), a bar per month, quarter or year
    whose height is the number of events dated within it.

    An event dated only to a longer period than the bar (a year, a decade) is
    not put in one of its months: it is a faint band across its whole period
    under the bars, as honest about its date as a mark would be. The panels
    are those of the drawn timeline (all years, then the years most events
    fall in when a few old ones stretch the axis).
    """
    lanes = sorted({m.lane for m in marks}, key=lambda lane: (lane == "unknown", lane))
    zoomed = [m for m in marks if m.end >= focus] if focus else marks
    panels = [("all-", marks), ("", zoomed)] if focus else [("", marks)]
    # Two rows a lane: bars from the band at the bottom up to the lane's top.
    fig = Figure(figsize=(11, 0.6 + 0.25 * len(panels) * (2.6 * len(lanes) + 1.5)))
    axes = fig.subplots(len(panels), 1, squeeze=False)[:, 0]
    titles: dict[str, str] = {}
    for ax, (prefix, panel_marks) in zip(axes, panels):
        y_of_lane = _draw_lanes(ax, {lane: 2 for lane in lanes})
        unit = _count_unit(panel_marks)
        _draw_counts(ax, panel_marks, y_of_lane, unit, f"{svg_id}-{prefix}", titles)
        _date_axis(ax, min(m.start for m in panel_marks), max(m.end for m in panel_marks))
    events = sum(m.count for m in marks)
    heading = f"{events} events by type, counted per {_count_unit(zoomed)} (too many to draw one by one)"
    if focus:
        axes[0].set_title(f"{heading}. All years, per {_count_unit(marks)}:", fontsize=10, loc="left")
        shown = sum(m.count for m in zoomed)
        axes[1].set_title(f"Since {focus.year}, where {shown} of them fall:", fontsize=10, loc="left")
    else:
        axes[0].set_title(heading, fontsize=10, loc="left")
    axes[0].legend(
        handles=[
            Patch(facecolor=PRECISION_COLOURS["day"], label="events dated within\nthe bar's period"),
            Patch(facecolor=PRECISION_COLOURS["year"], label="events dated only to\na longer period"),
        ],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=8,
        frameon=False,
    )
    fig.tight_layout()
    return fig, titles


def _count_unit(marks: list[Mark]) -> str:
    """Month bars up to five years, quarters up to fifteen, then years: a few dozen bars across."""
    days = (max(m.end for m in marks) - min(m.start for m in marks)).days
    return "month" if days <= 5 * 366 else "quarter" if days <= 15 * 366 else "year"


def _bin(date: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the month, quarter or year holding ``date``."""
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    first_month = (date.month - 1) // months * months
    start = dt.date(date.year, first_month + 1, 1)
    after = first_month + months
    return start, dt.date(date.year + after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)


def _bin_label(start: dt.date, unit: str) -> str:
    if unit == "month":
        return start.strftime("%b %Y")
    return f"Q{(start.month - 1) // 3 + 1} {start.year}" if unit == "quarter" else str(start.year)


def _draw_counts(
    ax, marks: list[Mark], y_of_lane: dict[str, float], unit: str, prefix: str, titles: dict[str, str]
) -> None:
    """Bars of events per lane and period, and bands for events dated more loosely than a bar."""
    counts: dict[tuple[str, dt.date, dt.date], int] = {}
    bands: dict[tuple[str, dt.date, dt.date], int] = {}
    for m in marks:
        start, end = _bin(m.start, unit)
        key, into = ((m.lane, start, end), counts) if m.end <= end else ((m.lane, m.start, m.end), bands)
        into[key] = into.get(key, 0) + m.count
    top = max(counts.values(), default=1)
    for i, ((lane, start, end), n) in enumerate(sorted(counts.items())):
        (bar,) = ax.bar(
            [date2num(start)],
            [2.0 * n / top],
            width=date2num(end + dt.timedelta(days=1)) - date2num(start),
            bottom=y_of_lane[lane] - 0.45,
            align="edge",
            color=PRECISION_COLOURS["day"],
            edgecolor="white",
            linewidth=0.4,
        ).patches
        bar.set_gid(f"{prefix}bin{i}")
        titles[f"{prefix}bin{i}"] = f"{lane}, {_bin_label(start, unit)}: {n} event(s) dated within it"
    widest = max(bands.values(), default=1)
    for i, ((lane, start, end), n) in enumerate(sorted(bands.items())):
        (band,) = ax.barh(
            [y_of_lane[lane] - 0.62],
            [date2num(end + dt.timedelta(days=1)) - date2num(start)],
            left=[date2num(start)],
            height=0.2,
            color=PRECISION_COLOURS["year"],
            alpha=0.35 + 0.65 * n / widest,
            linewidth=0,
        ).patches
        band.set_gid(f"{prefix}band{i}")
        titles[f"{prefix}band{i}"] = (
            f"{lane}: {n} event(s) dated only to {start.isoformat()} – {end.isoformat()}"
        )


def _focus_start(marks: list[Mark]) -> dt.date | None:
    """The first of January from which most marks lie, when the earlier few stretch the axis; else None.

    Zooms when 85% of the marks fall in the last 40% of a span of more than
    twenty years: then the full axis would leave most marks a few pixels apart.
    """
    first, last = min(m.start for m in marks), max(m.end for m in marks)
    if (last - first).days < 20 * 365:
        return None
    starts = sorted(m.start for m in marks)
    start = dt.date(starts[int(len(starts) * 0.15)].year, 1, 1)
    return start if (last - start) < 0.4 * (last - first) else None


def _lay_out(marks: list[Mark], labelled: bool, packed: bool = True) -> tuple[dict[str, int], dict[int, int]]:
    """Rows per lane (event type) and the row of each mark (by id) for one panel."""
    span_days = max((max(m.end for m in marks) - min(m.start for m in marks)).days, 60)
    lanes = sorted({m.lane for m in marks}, key=lambda lane: (lane == "unknown", lane))
    rows_per_lane, row_of = {}, {}
    for lane in lanes:
        if not packed:
            rows_per_lane[lane] = 1
            row_of.update({id(m): 0 for m in marks if m.lane == lane})
            continue
        used, rows = _pack([m for m in marks if m.lane == lane], span_days, labelled)
        rows_per_lane[lane] = used
        row_of.update(rows)
    return rows_per_lane, row_of


def _draw_lanes(ax, rows_per_lane: dict[str, int]) -> dict[str, float]:
    """Lane separators and names, first lane on top; returns the y of each lane's first row."""
    lanes = list(rows_per_lane)
    y_of_lane, y = {}, 0.0
    for lane in reversed(lanes):
        y_of_lane[lane] = y
        y += rows_per_lane[lane] + 0.6
    for lane in lanes:
        ax.axhline(y_of_lane[lane] + rows_per_lane[lane] - 0.2, color="#dddddd", linewidth=0.6)
    ax.set_yticks([y_of_lane[lane] + (rows_per_lane[lane] - 1) / 2 for lane in lanes], lanes)
    ax.set_ylim(-0.8, y - 0.3)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return y_of_lane


def _date_axis(ax, first: dt.date, last: dt.date) -> None:
    span_days = max((last - first).days, 60)
    pad = dt.timedelta(days=max(span_days // 40, 15))
    ax.set_xlim(date2num(first - pad), date2num(last + pad))
    locator = AutoDateLocator(minticks=5, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    ax.set_axisbelow(True)


def network_figure(
    pairs: list[dict], max_actors: int = 40, svg_id: str = "actor-network"
) -> tuple[Figure, dict[str, str]]:
    """The network figure (the ``max_actors`` most connected actors) and the hover titles."""
    import networkx as nx  # only the layout: drawing is plain matplotlib

    graph = nx.Graph()
    for p in pairs:
        graph.add_node(p["actor_a"], kind=p["actor_a_kind"])
        graph.add_node(p["actor_b"], kind=p["actor_b_kind"])
        graph.add_edge(
            p["actor_a"], p["actor_b"], weight=p["events"], first=p["first_date"], last=p["last_date"]
        )
    if not graph:
        return _empty_figure("No two actors share an event."), {}
    strength = dict(graph.degree(weight="weight"))
    keep = sorted(graph, key=lambda n: (-strength[n], n))[:max_actors]
    graph = graph.subgraph(keep).copy()
    pos = _layout(graph)

    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    aspect = (max(ys) - min(ys) + 1) / (max(xs) - min(xs) + 1)
    fig = Figure(figsize=(11, min(max(11 * aspect, 4.5), 10)))
    ax = fig.add_subplot()
    top = max(d["weight"] for *_, d in graph.edges(data=True))
    for i, (a, b, d) in enumerate(sorted(graph.edges(data=True), key=lambda e: e[2]["weight"])):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        (line,) = ax.plot(
            [x1, x2],
            [y1, y2],
            color="#5d6d7e",
            alpha=0.25 + 0.5 * d["weight"] / top,
            linewidth=0.6 + 3.5 * d["weight"] / top,
            zorder=1,
        )
        line.set_gid(f"{svg_id}-edge{i}")
    titles = {
        f"{svg_id}-edge{i}": f"{a} – {b}: {d['weight']} shared event(s), {d['first']} to {d['last']}"
        for i, (a, b, d) in enumerate(sorted(graph.edges(data=True), key=lambda e: e[2]["weight"]))
    }
    biggest = max(strength[n] for n in graph)
    for i, node in enumerate(sorted(graph)):
        x, y = pos[node]
        kind = graph.nodes[node]["kind"]
        dot = ax.scatter(
            [x],
            [y],
            s=60 + 640 * strength[node] / biggest,
            color=KIND_COLOURS.get(kind, "#7f8c8d"),
            edgecolor="white",
            linewidth=1.2,
            zorder=2,
        )
        dot.set_gid(f"{svg_id}-node{i}")
        titles[f"{svg_id}-node{i}"] = (
            f"{node} ({kind}): {strength[node]} event link(s) with {graph.degree(node)} actor(s)"
        )
        ax.annotate(
            node,
            (x, y),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=7.5,
            zorder=3,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.7},
        )
    ax.set_axis_off()
    ax.margins(0.08)
    kinds = sorted({graph.nodes[n]["kind"] for n in graph})
    ax.legend(
        handles=[
            Line2D([], [], marker="o", linestyle="", color=KIND_COLOURS.get(k, "#7f8c8d"), label=k)
            for k in kinds
        ],
        loc="upper left",
        fontsize=8,
        frameon=False,
    )
    shown = (
        f"the {len(graph)} most connected of {len(strength)} actors"
        if len(strength) > len(graph)
        else f"{len(graph)} actors"
    )
    ax.set_title(
        f"Actors that take part in the same events ({shown}); line width = shared events",
        fontsize=10,
        loc="left",
    )
    fig.tight_layout()
    return fig, titles


def _layout(graph) -> dict:
    """Node positions: the biggest connected group in a square, the smaller groups in columns beside it.

    One spring layout of the whole graph flings small separate groups to the
    edges and squeezes the big one into a knot; laying out each group on its
    own, in a square sized by its number of actors, keeps every group legible.
    The layout ignores edge weights: strong ties would pull their actors onto
    one another, and line width already shows them.
    """
    import networkx as nx

    groups = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    sides = [2.2 * math.sqrt(len(g)) for g in groups]
    height, gap = sides[0], 0.8
    pos, x, y, column_width = {}, 0.0, 0.0, 0.0
    for group, side in zip(groups, sides):
        if y and y + side > height:  # this column is full: start the next one
            x, y, column_width = x + column_width + gap, 0.0, 0.0
        centre = (x + side / 2, -(y + side / 2))
        if len(group) == 1:
            pos[group[0]] = centre
        else:
            pos.update(
                nx.spring_layout(
                    graph.subgraph(group),
                    weight=None,
                    seed=7,
                    k=2.5 / math.sqrt(len(group)),
                    iterations=500,
                    scale=side / 2 * 0.9,
                    center=centre,
                )
            )
        y += side + gap
        column_width = max(column_width, side)
    return pos


def _marks(events: list[dict]) -> list[Mark]:
    """One mark per distinct (type, period, subtype, mode): repeats across documents are counted, not stacked."""
    grouped: dict[tuple, Mark] = {}
    for e in events:
        if e.get("period_start") is None:
            continue
        lane = e.get("event_type") or "unknown"
        key = (
            lane,
            e["period_start"],
            e["date_precision"],
            e.get("event_subtype"),
            e.get("mode") in UNREAL_MODES,
        )
        if key in grouped:
            grouped[key].count += 1
            continue
        grouped[key] = Mark(
            lane,
            e["period_start"],
            e.get("period_end") or e["period_start"],
            e["date_precision"],
            e.get("mode"),
            e.get("event_subtype") or lane.lower(),
            e.get("actors") or "",
        )
    return sorted(grouped.values(), key=lambda m: (m.lane, m.start, m.end))


def _pack(marks: list[Mark], span_days: int, labelled: bool) -> tuple[int, dict[int, int]]:
    """Give each mark the first row of its lane where it overlaps nothing: (rows used, row by mark id).

    A point still needs room to be seen, so every mark is treated as at least
    1.5% of the chart wide when deciding overlaps, and a labelled mark also
    keeps the room its label takes to the right.
    """
    room = dt.timedelta(days=max(1, int(span_days * 0.015)))
    row_ends: list[dt.date] = []
    row_of: dict[int, int] = {}
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        end = max(mark.end, mark.start + room)
        if labelled:
            end += dt.timedelta(days=int(span_days * _LABEL_SHARE_PER_CHAR * (len(_label(mark)) + 2)))
        for row, row_end in enumerate(row_ends):
            if mark.start > row_end:
                row_of[id(mark)], row_ends[row] = row, end
                break
        else:
            row_of[id(mark)] = len(row_ends)
            row_ends.append(end)
    return max(len(row_ends), 1), row_of


def _label(mark: Mark) -> str:
    return mark.label + (f" ×{mark.count}" if mark.count > 1 else "")


def _draw_mark(ax, mark: Mark, y: float, gid: str, labelled: bool) -> None:
    colour = PRECISION_COLOURS.get(mark.precision, "#7f8c8d")
    unreal = (mark.mode or "") in UNREAL_MODES
    if mark.precision == "day":
        (artist,) = ax.plot(
            [date2num(mark.start)],
            [y],
            marker="o",
            markersize=7,
            linestyle="",
            markerfacecolor="white" if unreal else colour,
            markeredgecolor=colour,
            markeredgewidth=1.5,
        )
    else:
        start, end = date2num(mark.start), date2num(mark.end + dt.timedelta(days=1))
        container = ax.barh(
            [y],
            [end - start],
            left=[start],
            height=0.62,
            color="white" if unreal else colour,
            edgecolor=PRECISION_COLOURS["day"] if mark.precision != "year" else "#2e86c1",
            linewidth=0.7,
            hatch="////" if unreal else None,
        )
        artist = container.patches[0]
    artist.set_gid(gid)
    if labelled or mark.count > 1:
        text = _label(mark) if labelled else f"×{mark.count}"
        right = mark.start if mark.precision == "day" else mark.end + dt.timedelta(days=1)
        ax.annotate(
            text,
            (date2num(right), y),
            xytext=(5, 0),
            textcoords="offset points",
            fontsize=7,
            color="#444444",
            va="center",
        )


def _timeline_legend(marks: list[Mark]) -> list:
    seen = {m.precision for m in marks}
    handles = []
    if "day" in seen:
        handles.append(
            Line2D([], [], marker="o", linestyle="", color=PRECISION_COLOURS["day"], label="day: a point")
        )
    for precision, words in (
        ("month", "month: across the month"),
        ("year", "year: across the year"),
        ("decade", "decade: across the decade"),
    ):
        if precision in seen:
            handles.append(Patch(facecolor=PRECISION_COLOURS[precision], edgecolor="#2e86c1", label=words))
    if any((m.mode or "") in UNREAL_MODES for m in marks):
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="#2e86c1",
                hatch="////",
                label="planned, hypothetical\nor negated",
            )
        )
    if any(m.count > 1 for m in marks):
        handles.append(Line2D([], [], linestyle="", label="×n: stated in n places"))
    return handles


def _mark_title(mark: Mark) -> str:
    when = (
        mark.start.isoformat()
        if mark.precision == "day"
        else f"{mark.start.isoformat()} – {mark.end.isoformat()}"
    )
    extra = f" [{mark.mode}]" if mark.mode else ""
    times = f" (stated in {mark.count} places)" if mark.count > 1 else ""
    actors = f" — {mark.actors}" if mark.actors else ""
    return f"{mark.lane}: {mark.label}{extra}; {mark.precision} precision, {when}{times}{actors}"


def _empty_figure(message: str) -> Figure:
    fig = Figure(figsize=(8, 1))
    fig.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555")
    return fig


def _svg(fig: Figure, titles: dict[str, str], svg_id: str) -> str:
    """The figure as an inline ``<svg>``: no XML prolog, an id, scalable width, hover titles on marks."""
    buf = io.StringIO()
    # Text as <text> (not paths); ids stable between runs and distinct between the figures of one page.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": svg_id}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)  # RDF boilerplate
    svg = re.sub(
        r'<svg ([^>]*?)width="[^"]*" height="[^"]*"',
        lambda m: f'<svg id="{svg_id}" class="chart" {m.group(1)}style="width:100%;height:auto"',
        svg,
        count=1,
    )
    for gid, title in titles.items():
        svg = svg.replace(f'<g id="{gid}">', f'<g id="{gid}">\n  <title>{html.escape(title)}</title>', 1)
    return svg
