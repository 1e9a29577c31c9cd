"""English month and weekday names, the one table every date reader derives its own from.

Pages in other languages get their month names from dateparser's locale data
(``extractors.html.printed_dates.month_names``), keyed by these English names.
"""

from __future__ import annotations

#: The months in order; a month's number is its position + 1.
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: Three-letter abbreviation -> month number ("jan" -> 1), as URLs and tables write them.
MONTH_ABBREVIATIONS = {name[:3]: number for number, name in enumerate(MONTH_NAMES, 1)}

#: Full name, three-letter abbreviation and "sept" -> month number: what English prose prints.
ENGLISH_MONTHS = (
    {name: number for number, name in enumerate(MONTH_NAMES, 1)} | MONTH_ABBREVIATIONS | {"sept": 9}
)
