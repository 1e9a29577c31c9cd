"""How well web pages become articles: dossier against plain trafilatura, same run, same machine.

Run from the repository root:

    .venv/bin/python benchmarks/html_extraction.py [--shared PATH] [--limit N] [--errors FIELD] [--half a|b]

Data (see each README): ``../shared/data/html-benchmark`` (pages with the
human-annotated ``articleBody``) and ``../shared/data/html-metadata-eval``
(pages with gold title / author / date). ``--limit N`` reads only the first N
pages of each set (sorted by id/URL), for a quick look. ``--half a`` or
``--half b`` scores only one of two fixed halves of the metadata pages (split
by a hash of the URL): develop rules looking at one half's errors, then check
that the other half moves the same way, so that rules fitted to single pages
show up as a gap between the halves.

Main text (html-benchmark), the benchmark's own metric
- Text is tokenised with ``\\w+``; true and extracted text become multisets of
  4-token shingles; TP/FP/FN are counted per page and divided by TP+FP+FN so
  that long pages do not weigh more. **P** is averaged over pages with
  TP+FP>0, **R** over pages with TP+FN>0, **F1** is the harmonic mean of the
  two averages; ``±`` is 1.96 standard deviations of a 1000-sample bootstrap
  over pages (seeded). **exact**: share of pages whose token sequence equals
  the annotation's.
- dossier: ``extract_html(bytes)``; when it finds several articles (a listing)
  their texts are joined, so the whole page is scored. plain trafilatura:
  ``trafilatura.extract(html, include_comments=False)``, as the benchmark's
  own runner calls it (this reproduces its published F1 of about 0.958).
- **pages/s**: pages divided by that tool's extraction wall time. dossier's
  time includes decoding, listing detection and metadata; trafilatura's the
  text only.

Metadata (html-metadata-eval, plus html-benchmark pages whose URL carries a day)
- Gold values per the README: an empty string means "none on the page". A
  page counts as correct when the tool gives the same value, or gives nothing
  where the gold has nothing. Neither tool is told the page's URL.
- **title**: equal after NFKC, case folding and collapsing punctuation/spaces.
- **author**: the same set of name words (NFKC, case-folded ``\\w+`` tokens of
  all authors together, without a leading "by"/"von" and the joiners "and",
  "und", "et", "y", "e"), so "A and B", "A; B" and ["A", "B"] match but a
  missing or extra author does not. Gold lists are joined.
- **date**: the same ``YYYY-MM-DD``.
- Columns: **accuracy** over all pages; **acc|gold** over pages with a gold
  value only; then the same split as counts:
  correct among pages with a gold value, abstentions among pages without one
  (``none ok``), and ``invented``: pages with no gold value where the tool
  still gave one.
- URL dates: html-benchmark pages whose URL states a full date (``/2019/11/18/``,
  ``/2019/nov/18/``, ``2019-11-19``) are scored for the date only, with the
  URL's date as gold.
- dossier reads the first article it returns (a listing page's first item);
  trafilatura is ``trafilatura.extract_metadata(html)`` with its defaults.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import statistics
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402

from core.errors import ExtractionError  # noqa: E402
from extractors.html.extract import extract_html  # noqa: E402

TEXT_SET = "html-benchmark"
META_SET = "html-metadata-eval"

# ---------------------------------------------------------------- the shingle metric

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    """4-token shingles of a text; a text shorter than n tokens is one shingle."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_counts(true: str, pred: str) -> tuple[float, float, float]:
    """TP, FP, FN over shingles, normalised by their sum so that every page weighs the same."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def prf(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Precision and recall averaged over pages, F1 their harmonic mean (the benchmark's definition)."""
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bootstrap_ci(counts: list[tuple[float, float, float]], samples: int = 1000) -> tuple[float, float, float]:
    """1.96 standard deviations of P, R, F1 over bootstrap resamples of the pages."""
    rng = random.Random(0)
    values: list[tuple[float, float, float]] = []
    for _ in range(samples):
        values.append(prf([counts[rng.randrange(len(counts))] for _ in counts]))
    return tuple(1.96 * statistics.stdev(column) for column in zip(*values))  # type: ignore[return-value]


# ---------------------------------------------------------------- tools


def dossier_articles(data: bytes):
    try:
        return extract_html(data)
    except ExtractionError:
        return []


def dossier_text(data: bytes) -> str:
    return "\n\n".join(article.text for article in dossier_articles(data))


def trafilatura_text(data: bytes) -> str:
    return trafilatura.extract(data.decode("utf8", errors="replace"), include_comments=False) or ""


@dataclass
class Meta:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None


def dossier_meta(data: bytes) -> Meta:
    articles = dossier_articles(data)
    if not articles:
        return Meta()
    first = articles[0]
    return Meta(
        first.title, list(first.authors or []), first.published.isoformat() if first.published else None
    )


def trafilatura_meta(data: bytes) -> Meta:
    try:
        found = trafilatura.extract_metadata(data)
    except Exception:  # noqa: BLE001 - a crash is an empty answer for the score
        return Meta()
    if found is None:
        return Meta()
    authors = [found.author] if found.author else []
    return Meta(found.title, authors, found.date or None)


# ---------------------------------------------------------------- matching


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def title_key(title: str | None) -> str:
    return " ".join(_TOKEN.findall(_fold(title or "")))


# Words that join or introduce names rather than being part of one: the gold
# writes "Von A und B" or "A and B" where a tool gives ["A", "B"].
_AUTHOR_JOINERS = {"and", "und", "et", "y", "e", "by", "von"}


def author_key(authors: str | list[str] | None) -> frozenset[str]:
    if isinstance(authors, list):
        authors = "; ".join(authors)
    tokens = _TOKEN.findall(_fold(authors or ""))
    if tokens and tokens[0] in ("by", "von"):  # a leading "By"/"Von" label, not a particle
        tokens = tokens[1:]
    return frozenset(t for t in tokens if t not in _AUTHOR_JOINERS - {"von"})


def date_key(date: str | None) -> str:
    return (date or "")[:10]


MATCHERS: dict[str, Callable] = {"title": title_key, "author": author_key, "date": date_key}


@dataclass
class FieldScore:
    """Accuracy on one field, split into pages with and without a gold value."""

    with_gold: int = 0
    right_with_gold: int = 0
    without_gold: int = 0
    abstained: int = 0
    errors: list[tuple[str, object, object]] = field(default_factory=list)

    def add(self, page: str, gold, predicted, key: Callable) -> None:
        gold_key, predicted_key = key(gold), key(predicted)
        if gold_key:
            self.with_gold += 1
            right = gold_key == predicted_key
            self.right_with_gold += right
        else:
            self.without_gold += 1
            right = not predicted_key
            self.abstained += right
        if not right:
            self.errors.append((page, gold, predicted))

    @property
    def accuracy(self) -> float:
        total = self.with_gold + self.without_gold
        return (self.right_with_gold + self.abstained) / total if total else 0.0


# ---------------------------------------------------------------- the runs


def run_text(root: Path, limit: int | None) -> dict:
    truth = json.loads((root / "ground-truth.json").read_text("utf8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    pages = {i: gzip.open(root / "html" / f"{i}.html.gz").read() for i in ids}
    results = {}
    for name, tool in (("dossier", dossier_text), ("trafilatura", trafilatura_text)):
        counts, exact, elapsed = [], 0, 0.0
        for item_id in ids:
            start = time.perf_counter()
            predicted = tool(pages[item_id])
            elapsed += time.perf_counter() - start
            true = truth[item_id]["articleBody"]
            counts.append(shingle_counts(true, predicted))
            exact += _TOKEN.findall(true) == _TOKEN.findall(predicted)
        results[name] = {
            "prf": prf(counts),
            "ci": bootstrap_ci(counts),
            "exact": exact / len(ids),
            "pages_per_s": len(ids) / elapsed if elapsed else 0.0,
            "pages": len(ids),
        }
    return results


_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)/(?P<m>0?[1-9]|1[0-2]|[a-z]{3})/(?P<d>0?[1-9]|[12]\d|3[01])(?:/|$)"
    r"|[/-](?P<y2>(?:19|20)\d\d)-(?P<m2>0[1-9]|1[0-2])-(?P<d2>0[1-9]|[12]\d|3[01])(?:[/-]|$)",
    re.I,
)
_MONTH_ABBR = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def url_date(url: str) -> str | None:
    """The day a URL states in its path (/2019/11/18/, /2019/nov/18/, 2019-11-19), or None."""
    match = _URL_DATE.search(url.split("?")[0].split("#")[0])
    if not match:
        return None
    year, month, day = (
        (match.group("y"), match.group("m"), match.group("d"))
        if match.group("y")
        else (match.group("y2"), match.group("m2"), match.group("d2"))
    )
    month_number = int(month) if month.isdigit() else _MONTH_ABBR.get(month.lower())
    return f"{int(year):04d}-{month_number:02d}-{int(day):02d}" if month_number else None


def url_half(url: str) -> str:
    """ "a" or "b": a fixed split of pages into two halves, by a hash of the URL."""
    return "ab"[hashlib.sha1(url.encode("utf8")).digest()[0] % 2]


def run_meta(meta_root: Path, text_root: Path, limit: int | None, half: str | None = None) -> dict:
    gold = json.loads((meta_root / "gold.json").read_text("utf8"))
    urls = sorted(u for u in gold if half is None or url_half(u) == half)
    urls = urls[:limit] if limit else urls
    truth = json.loads((text_root / "ground-truth.json").read_text("utf8"))
    dated = sorted(
        (i, url_date(v["url"]))
        for i, v in truth.items()
        if url_date(v["url"]) and (half is None or url_half(v["url"]) == half)
    )
    dated = dated[:limit] if limit else dated
    results = {}
    for name, tool in (("dossier", dossier_meta), ("trafilatura", trafilatura_meta)):
        scores = {f: FieldScore() for f in MATCHERS}
        url_scores = FieldScore()
        for url in urls:
            entry = gold[url]
            found = tool(gzip.open(meta_root / "html" / f"{entry['file']}.gz").read())
            scores["title"].add(url, entry.get("title", ""), found.title, title_key)
            scores["author"].add(url, entry.get("author", ""), found.authors, author_key)
            scores["date"].add(url, entry.get("date", ""), found.date, date_key)
        for item_id, day in dated:
            found = tool(gzip.open(text_root / "html" / f"{item_id}.html.gz").read())
            url_scores.add(truth[item_id]["url"], day, found.date, date_key)
        results[name] = {"fields": scores, "url_date": url_scores, "half": half}
    return results


# ---------------------------------------------------------------- report


def print_text(results: dict) -> None:
    pages = next(iter(results.values()))["pages"]
    print(f"Main text: {TEXT_SET}, {pages} pages, 4-word shingles vs articleBody")
    print(f"{'tool':<12} {'F1':>13} {'P':>13} {'R':>13} {'exact':>6} {'pages/s':>8}")
    for name, r in results.items():
        (p, rec, f1), (pc, rc, fc) = r["prf"], r["ci"]
        print(
            f"{name:<12} {f1:.3f} ± {fc:.3f} {p:.3f} ± {pc:.3f} {rec:.3f} ± {rc:.3f} {r['exact']:>6.3f} {r['pages_per_s']:>8.1f}"
        )
    print()


def print_meta(results: dict) -> None:
    any_result = next(iter(results.values()))
    counts = {f: s.with_gold + s.without_gold for f, s in any_result["fields"].items()}
    url_pages = any_result["url_date"].with_gold
    half = f" (half {any_result['half']})" if any_result.get("half") else ""
    print(
        f"Metadata: {META_SET}{half}, {counts['title']} pages; date also on {url_pages} {TEXT_SET} pages dated by URL"
    )
    print(
        f"{'tool':<12} {'field':<10} {'accuracy':>8} {'acc|gold':>8} {'right/gold':>12} {'none ok':>9} {'invented':>9}"
    )
    for name, r in results.items():
        rows = [*r["fields"].items(), ("url-date", r["url_date"])]
        for field_name, s in rows:
            invented = s.without_gold - s.abstained
            on_gold = s.right_with_gold / s.with_gold if s.with_gold else 0.0
            print(
                f"{name:<12} {field_name:<10} {s.accuracy:>8.3f} {on_gold:>8.3f} {s.right_with_gold:>5}/{s.with_gold:<6}"
                f" {s.abstained:>4}/{s.without_gold:<4} {invented:>9}"
            )
    print()


def print_errors(results: dict, field_name: str) -> None:
    r = results["dossier"]
    scores = r["url_date"] if field_name == "url-date" else r["fields"][field_name]
    print(f"dossier {field_name} errors ({len(scores.errors)}): page | gold | dossier")
    for page, gold, predicted in scores.errors:
        print(f"  {page} | {gold!r} | {predicted!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--shared", type=Path, default=REPO.parent / "shared", help="the shared folder (default ../shared)"
    )
    parser.add_argument("--limit", type=int, help="score only the first N pages of each set")
    parser.add_argument("--skip-text", action="store_true", help="metadata only")
    parser.add_argument("--skip-meta", action="store_true", help="main text only")
    parser.add_argument(
        "--half", choices=["a", "b"], help="metadata on one half of the pages only (split by URL hash)"
    )
    parser.add_argument(
        "--errors", choices=["title", "author", "date", "url-date"], help="list dossier's misses on a field"
    )
    args = parser.parse_args(argv)

    text_root, meta_root = args.shared / "data" / TEXT_SET, args.shared / "data" / META_SET
    missing = [p for p in (text_root / "ground-truth.json", meta_root / "gold.json") if not p.is_file()]
    if missing:
        print(
            f"benchmark data not found: {', '.join(map(str, missing))} (give --shared PATH)", file=sys.stderr
        )
        return 2
    warnings.simplefilter("ignore")
    if not args.skip_text:
        print_text(run_text(text_root, args.limit))
    if not args.skip_meta:
        meta = run_meta(meta_root, text_root, args.limit, args.half)
        print_meta(meta)
        if args.errors:
            print_errors(meta, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
