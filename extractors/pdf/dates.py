"""Dates as papers and reports print them: "Received 5.6.2024", "3 October 2024", "November 2024".

Read from a PDF's first-page notes and title page (``extractors.pdf.extract``
decides where to look); numeric dates are day first, as journals print them.
"""

from __future__ import annotations

import datetime as dt
import re

from extractors.common.calendar import ENGLISH_MONTHS

_MONTHS = ENGLISH_MONTHS


def parse_printed_date(text: str) -> dt.date | None:
    """Dates as journals print them; numeric ones are day first (5.6.2024 is 5 June)."""
    text = text.strip()
    patterns = [
        (r"^(\d{4})-(\d{1,2})-(\d{1,2})", lambda m: (int(m[1]), int(m[2]), int(m[3]))),
        (r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})", lambda m: (int(m[3]), int(m[2]), int(m[1]))),
        (
            r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})",
            lambda m: (int(m[3]), _MONTHS.get(m[2].lower()), int(m[1])),
        ),
        (
            r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})",
            lambda m: (int(m[3]), _MONTHS.get(m[1].lower()), int(m[2])),
        ),
    ]
    for pattern, parts in patterns:
        m = re.match(pattern, text)
        if m:
            year, month, day = parts(m)
            try:
                return dt.date(year, month, day) if month else None
            except (TypeError, ValueError):
                return None
    return None


def parse_date_line(text: str) -> tuple[dt.date, str] | None:
    """A line that is nothing but a date ('November 2024', '3 October 2024')."""
    text = text.strip().rstrip(".")
    when = parse_printed_date(text)
    if when and re.fullmatch(r"[\w ,./-]{6,20}", text) and not re.search(r"\d{5}", text):
        return when, "day"
    m = re.fullmatch(r"([A-Za-z]+)\.?,?\s+(\d{4})", text)
    if m and _MONTHS.get(m.group(1).lower()):
        return dt.date(int(m.group(2)), _MONTHS[m.group(1).lower()], 1), "month"
    return None
