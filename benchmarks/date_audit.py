"""Why dossier's publication date differs from the gold: each miss, sorted by what the page says.

Run from the repository root:

    .venv/bin/python benchmarks/date_audit.py [--shared PATH] [--list KIND]

``benchmarks/html_extraction.py`` scores dates on ``html-metadata-eval``; this
script reads each page dossier gets wrong against its own HTML and sorts the
miss by what the page states, so that the remaining errors can be told apart
into ones a better rule could fix and ones where the gold contradicts the page
or itself. A date counts as *stated* when the page's HTML or URL holds it in
a common written form: ISO, dotted, slashed (either order), dashed
day first, compact ``YYYYMMDD``, or with a month name in one of the languages dossier reads.

Kinds of miss (``--list KIND`` prints the pages of one kind):
- ``gold-malformed``: the gold value is not a valid ``YYYY-MM-DD``.
- ``gold-not-stated``: the page states the gold's date nowhere, not even in
  markup or its URL.
- ``gold-none-page-dated``: the gold says the page has no date; the page's
  URL, markup or a printed date line states the one dossier gives.
- ``gold-is-update``: the gold's date appears on the page only after an
  update label or as a modification date in markup, and dossier gives the
  publication date the page also states.
- ``one-day-apart``: both dates are stated, a day apart (a time zone's
  midnight, or a story filed late and printed the next day).
- ``abstained``: dossier gives no date; split by where the gold's date is
  (comments, footers and sidebars; markup only; printed elsewhere).
- ``other``: both dates are stated and none of the above explains the gap.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import json
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning  # noqa: E402

from core.errors import ExtractionError  # noqa: E402
from extractors.html.extract import extract_html  # noqa: E402
from extractors.html.metadata import page_metadata  # noqa: E402
from extractors.html.printed_dates import month_names  # noqa: E402

_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
_UPDATE_BEFORE = re.compile(
    r"(?:updat|modif|änder|aktualis|edited|revis|actualiz|aggiorn|bijgewerkt|mis à jour)[^<>]{0,40}$", re.I
)


def written_forms(day: dt.date) -> list[str]:
    """The ways a page may write ``day``: numeric forms and month names in several languages."""
    y, m, d = day.year, day.month, day.day
    forms = {
        f"{y}-{m:02d}-{d:02d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}/{m}/{d}/",
        f"{y}{m:02d}{d:02d}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y}",
        f"{d:02d}.{m:02d}.{y % 100:02d}",
        f"{d:02d}/{m:02d}/{y}",
        f"{m:02d}/{d:02d}/{y}",
        f"{d}/{m}/{y}",
        f"{m}/{d}/{y}",
        f"{d:02d}-{m:02d}-{y}",
    }
    for name, number in month_names(_LANGUAGES).items():
        if number == m and len(name) >= 3:
            forms |= {
                f"{d}. {name} {y}",
                f"{d} {name} {y}",
                f"{name} {d}, {y}",
                f"{d:02d}. {name} {y}",
                f"{d} de {name} de {y}",
            }
    return sorted(forms)


def stated_at(page: str, day: dt.date) -> list[int]:
    """Offsets in ``page`` (lower-cased, unescaped HTML plus URL) where ``day`` is written."""
    return sorted(
        {
            match.start()
            for form in written_forms(day)
            for match in re.finditer(r"(?<!\d)" + re.escape(form.lower()) + r"(?![\d])", page)
        }
    )


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def classify(url: str, gold: str, ours: dt.date | None, source: str | None, data: bytes) -> str:
    """The kind of one miss (see the module docstring)."""
    text = html.unescape(data.decode("utf8", errors="replace")).lower()
    page = url.lower() + "\n" + text
    gold_day = _day(gold)
    if gold and gold_day is None:
        return "gold-malformed"
    if gold_day is not None and not stated_at(page, gold_day):
        return "gold-not-stated"
    if gold_day is None:
        return f"gold-none-page-dated ({_kind_of_source(source)})"
    gold_places = stated_at(page, gold_day)
    if ours is None:
        return f"abstained ({_where(data, gold_day, gold_places, page)})"
    if _only_as_update(page, gold_places):
        return "gold-is-update"
    if abs((ours - gold_day).days) == 1:
        return "one-day-apart"
    return "other"


def _only_as_update(page: str, places: list[int]) -> bool:
    """Every place the date is written follows an update label or a modification field."""
    return all(_UPDATE_BEFORE.search(page[max(0, at - 60) : at]) for at in places)


def _kind_of_source(source: str | None) -> str:
    if source == "own-url":
        return "URL"
    if source and source.startswith("printed"):
        return "printed date line"
    return "markup"


def _where(data: bytes, day: dt.date, places: list[int], page: str) -> str:
    """Where an abstention's gold date is: behind an update label, in furniture, only in markup, or printed."""
    if _only_as_update(page, places):
        return "only as an update"
    soup = BeautifulSoup(data, "lxml")
    printed = page_metadata(soup).printed
    found = [p for p in printed.dates if day in (p.date, p.alternative)] if printed else []
    if not found:
        return "only in markup or scripts"
    if all(p.furniture for p in found):
        return "only in comments, footers or sidebars"
    if all(p.mentioned for p in found):
        return "only inside a sentence"
    return "printed in the text"


def audit(root: Path) -> tuple[Counter, dict[str, list[str]], int]:
    gold = json.loads((root / "gold.json").read_text("utf8"))
    kinds: Counter = Counter()
    pages: dict[str, list[str]] = {}
    for url in sorted(gold):
        entry = gold[url]
        data = gzip.open(root / "html" / f"{entry['file']}.gz").read()
        try:
            articles = extract_html(data)
        except ExtractionError:
            articles = []
        first = articles[0] if articles else None
        ours = first.published if first else None
        wanted = (entry.get("date") or "")[:10]
        if (ours.isoformat() if ours else "") == wanted:
            continue
        source = first.metadata.get("date_source") if first else None
        kind = classify(url, wanted, ours, source, data)
        kinds[kind] += 1
        pages.setdefault(kind, []).append(
            f"{url} | gold {wanted or '-'} | dossier {ours or '-'} ({source or '-'})"
        )
    return kinds, pages, len(gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument(
        "--list",
        metavar="KIND",
        nargs="?",
        const="",
        help="print the pages of kinds starting with KIND (all kinds without KIND)",
    )
    args = parser.parse_args()
    root = args.shared / "data" / "html-metadata-eval"
    if not root.exists():
        sys.exit(f"no {root}: this audit needs the shared benchmark data")
    warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)
    warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
    kinds, pages, total = audit(root)
    misses = sum(kinds.values())
    print(
        f"html-metadata-eval: {total} pages, dossier's date differs from the gold on {misses} "
        f"(accuracy {(total - misses) / total:.3f})"
    )
    for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {count:4d}  {kind}")
    contradicted = sum(c for k, c in kinds.items() if k.startswith(("gold-malformed", "gold-not-stated")))
    print(
        f"accuracy on the {total - contradicted} pages whose gold the page itself supports "
        f"(dropping malformed and unstated gold dates): {(total - misses) / (total - contradicted):.3f}"
    )
    if args.list is not None:
        for kind in sorted(k for k in pages if k.startswith(args.list)):
            print(f"\n{kind}:")
            for line in pages[kind]:
                print(f"  {line}")


if __name__ == "__main__":
    main()
