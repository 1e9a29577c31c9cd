"""Printing query results as a table, CSV or JSON for the terminal."""

from __future__ import annotations

import csv
import io
import json


def render(columns: list[str], rows: list[tuple], fmt: str = "table", max_width: int = 60) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], default=str, ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue().rstrip("\n")
    return _table(columns, rows, max_width)


def _cell(value, max_width: int) -> str:
    text = "NULL" if value is None else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= max_width else text[: max_width - 1] + "…"


def _table(columns: list[str], rows: list[tuple], max_width: int) -> str:
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in cells]
    return "\n".join([line, rule, *body, f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])
