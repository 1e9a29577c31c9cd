"""Printing query results as a table, CSV or JSON for the terminal.

``aligned`` is the one plain-text table renderer: ``dossier sql`` and the
evaluation's report both lay their columns out with it.
"""

from __future__ import annotations

import csv
import io
import json


def render(columns: list[str], rows: list[tuple], fmt: str = "table", max_width: int = 60) -> str:
    if fmt == "json":
        return json.dumps(
            [dict(zip(columns, row)) for row in rows], default=str, ensure_ascii=False, indent=2
        )
    if fmt == "csv":
        out = io.StringIO()
        # Unix line ends: with the csv module's default \r\n, `$(dossier sql ... | tail -1)` kept a \r.
        writer = csv.writer(out, lineterminator="\n")
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
    return "\n".join([*aligned(columns, cells), f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])


def aligned(
    headers: list[str], rows: list[list[str]], right: frozenset[int] = frozenset(), trim: bool = False
) -> list[str]:
    """Header, rule and rows in columns two spaces apart; columns in ``right`` right-aligned.

    ``trim`` drops trailing spaces from each line (for text meant to be diffed).
    """
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells) -> str:
        text = "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
        )
        return text.rstrip() if trim else text

    rule = "  ".join("-" * w for w in widths)
    return [line(headers), rule, *(line(r) for r in rows)]
