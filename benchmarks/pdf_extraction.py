"""How well PDFs become text: dossier against pdfplumber's default (and poppler's pdftotext).

Run from the repository root:

    .venv/bin/python benchmarks/pdf_extraction.py [--docs] [--data DIR]

Data: ``../shared/data/pdf-benchmark`` (see its README). Documents with a
reference text (``groundtruth-docling``: Docling's layout-aware markdown;
``groundtruth-korzen``: TeX-derived body text) are scored for words and reading
order; every document (also ``unlabelled-grobid``) is checked for artefacts and
timed.

What the columns mean
- **P / R / F1**: bag-of-words precision, recall and F1 against the reference,
  pooled over all labelled documents. Words are NFKC-folded, lower-cased and
  stripped of edge punctuation; markdown syntax of the Docling references and
  the ``word(12)`` position suffixes of the Korzen reference are removed first.
- **order**: reading order, the longest common subsequence of the reference and
  output word sequences divided by the number of words they share (multiset
  intersection). It is 1.0 when every word that was found comes in the
  reference's order, whatever the recall; interleaved columns pull it down.
  Pooled over documents (sum of LCS / sum of shared words). For dossier it is
  measured on the reading flow (title, abstract, body): its captions,
  footnotes and reference list are separate records placed after the body,
  and where those sit says nothing about how the columns were read.
- **hyph**: line-end hyphen splits left in the output, over all documents:
  a word ending in a hyphen followed by whitespace and a lower-case word
  ("popula- tion", "popula-\\ntion"; a suspended "pre- and post-" is not
  counted), plus, where a reference exists, a hyphenated word "a-b" the
  reference never writes while it does write "ab".
- **lig**: ligature code points (U+FB00-FB06) left in the output, plus doubled
  ligature damage ("ThThe", "fifirst": a ligature letter pair printed twice).
- **cid**: ``(cid:N)`` tokens, unmapped glyphs (U+FFFD) and private-use characters.
- **pages/s**: pages divided by the extraction wall time of that tool (one
  process, this machine).

What each tool's output is
- dossier: what ``extract_pdf`` keeps as prose, scoped like the reference it is
  compared with. Docling's references hold everything but page furniture, so
  dossier's title, abstract, body (with captions), footnotes and reference list
  are compared; Korzen's hold the title, headings and body only (no abstract,
  captions, footnotes or references), so dossier's title and body without its
  captions are compared. Separating those parts is the extractor's job, so
  dossier is credited for it; the other tools print one undivided text.
- pdfplumber: ``page.extract_text()`` with its defaults, pages joined.
- pdftotext: ``pdftotext FILE -`` (poppler's default reading-order mode), when
  installed; skipped otherwise.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_DATA = REPO.parent / "shared" / "data" / "pdf-benchmark"

TARGETS = {"f1": 0.94, "order": 0.96, "hyph": 0, "lig": 0, "cid": 0, "pps": 2.0}


# --------------------------------------------------------------------------- the tools


@dataclass
class Output:
    """One tool's text for one document; ``scoped`` maps a reference kind to the text to score."""

    text: str
    seconds: float
    scoped: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    flow: str | None = None  # the text whose word order is scored, when not all of it


def run_dossier(path: Path) -> Output:
    from core.errors import ExtractionError
    from extractors.pdf.extract import extract_pdf

    started = time.perf_counter()
    try:
        (article,) = extract_pdf(path.read_bytes())
    except ExtractionError as exc:
        return Output("", time.perf_counter() - started, error=str(exc))
    seconds = time.perf_counter() - started
    captions = sorted(article.captions, key=lambda c: c.char_start)
    body_only = (
        article.text[: captions[0].char_start] if captions else article.text
    )  # captions follow the body
    footnotes = [note.text for note in article.footnotes]
    everything = [
        article.title or "",
        article.abstract or "",
        article.text,
        *footnotes,
        *(r.raw for r in article.references),
    ]
    return Output(
        text="\n\n".join(everything),
        seconds=seconds,
        scoped={"docling": "\n\n".join(everything), "korzen": "\n\n".join([article.title or "", body_only])},
        flow="\n\n".join([article.title or "", article.abstract or "", body_only]),
    )


def run_pdfplumber(path: Path) -> Output:
    import pdfplumber

    started = time.perf_counter()
    try:
        with pdfplumber.open(path) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    except Exception as exc:  # noqa: BLE001 - a failing baseline is reported, not fatal
        return Output("", time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}")
    return Output(text, time.perf_counter() - started)


def run_pdftotext(path: Path) -> Output:
    started = time.perf_counter()
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return Output("", seconds, error=done.stderr.strip()[:200])
    return Output(done.stdout, seconds)


# --------------------------------------------------------------------------- references


def reference_text(pdf: Path) -> tuple[str, str] | None:
    """(kind, text) of the reference beside ``pdf``, or None for unlabelled documents."""
    markdown = pdf.with_suffix(".md")
    if markdown.exists():
        return "docling", strip_markdown(markdown.read_text(encoding="utf-8"))
    body = pdf.with_name(pdf.stem + ".body.txt")
    if body.exists():
        return "korzen", re.sub(r"\(\d+\)(?=\s|$)", "", body.read_text(encoding="utf-8"))
    return None


def strip_markdown(text: str) -> str:
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"^```.*$", " ", text, flags=re.M)
    text = re.sub(r"^\s*\|?\s*-+\s*(\|\s*-+\s*)*\|?\s*$", " ", text, flags=re.M)  # table rules
    text = re.sub(r"^\s{0,3}#{1,6}\s+", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"\*\*|__|`|\|", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text.replace("\\_", "_").replace("&amp;", "&")


# --------------------------------------------------------------------------- measures


_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def words(text: str) -> list[str]:
    """The comparable words of a text (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    text = re.sub(r"\(cid:\d+\)", " ", text).replace("\u2044", " / ")  # 1/4 typeset with a fraction slash
    out = []
    for token in text.split():
        core = _EDGE.sub("", token)
        if core:
            out.append(core)
    return out


def lcs_length(a: list[str], b: list[str]) -> int:
    """Longest common subsequence, one numpy row per word of ``a``.

    Row update L[i][j] = max(L[i-1][j], L[i][j-1], L[i-1][j-1] + eq) is the
    running maximum of t[j] = max(L[i-1][j], L[i-1][j-1] + eq), so each row is
    two vector operations instead of a Python loop.
    """
    import numpy as np

    if not a or not b:
        return 0
    vocab = {w: i for i, w in enumerate(set(a) | set(b))}
    bb = np.array([vocab[w] for w in b], dtype=np.int32)
    prev = np.zeros(len(b) + 1, dtype=np.int32)
    for w in a:
        eq = (bb == vocab[w]).astype(np.int32)
        t = prev.copy()
        t[1:] = np.maximum(prev[1:], prev[:-1] + eq)
        prev = np.maximum.accumulate(t)
    return int(prev[-1])


_SUSPENDED = re.compile(r"(\w)-\s+(?:and|or|to|und|nor|as well as)\b")


def hyphen_splits(text: str, reference_words: set[str] | None) -> int:
    """Hyphens left where a line broke a word, and joins the reference contradicts."""
    text = _SUSPENDED.sub(r"\1 ", text)
    count = sum(1 for m in re.finditer(r"\w-\s+(?=[a-z])", text))
    if reference_words:
        for token, n in Counter(words(text)).items():
            if "-" in token and token not in reference_words and token.replace("-", "") in reference_words:
                count += n
    return count


_DOUBLED = re.compile(r"(Th|ff|fi|fl|ft|ffi|ffl)\1(?=[a-z])")


def ligature_leftovers(text: str) -> int:
    return len(re.findall("[\ufb00-\ufb06]", text)) + len(_DOUBLED.findall(text))


def cid_leftovers(text: str) -> int:
    return len(re.findall(r"\(cid:\d+\)", text)) + len(re.findall("[\ufffd\ue000-\uf8ff]", text))


@dataclass
class Tally:
    tp: int = 0
    out_words: int = 0
    ref_words: int = 0
    lcs: int = 0
    shared: int = 0
    hyph: int = 0
    lig: int = 0
    cid: int = 0
    pages: int = 0
    seconds: float = 0.0
    errors: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self) -> dict[str, float]:
        p = self.tp / self.out_words if self.out_words else 0.0
        r = self.tp / self.ref_words if self.ref_words else 0.0
        return {
            "P": p,
            "R": r,
            "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "order": self.lcs / self.shared if self.shared else 0.0,
            "hyph": self.hyph,
            "lig": self.lig,
            "cid": self.cid,
            "pages/s": self.pages / self.seconds if self.seconds else 0.0,
        }


def score(output: Output, reference: tuple[str, str] | None, pages: int) -> Tally:
    tally = Tally(pages=pages, seconds=output.seconds, errors=int(output.error is not None))
    ref_words = None
    if reference is not None:
        kind, ref_text = reference
        text = output.scoped.get(kind, output.text)
        ref = words(ref_text)
        out = words(text)
        shared = sum((Counter(ref) & Counter(out)).values())
        tally.tp, tally.out_words, tally.ref_words = shared, len(out), len(ref)
        if output.flow is not None:
            out = words(output.flow)
            shared = sum((Counter(ref) & Counter(out)).values())
        tally.shared, tally.lcs = shared, lcs_length(ref, out)
        ref_words = set(ref)
    tally.hyph = hyphen_splits(output.text, ref_words)
    tally.lig = ligature_leftovers(output.text)
    tally.cid = cid_leftovers(output.text)
    return tally


# --------------------------------------------------------------------------- the run


def page_count(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--docs", action="store_true", help="also print one row per document and tool")
    parser.add_argument(
        "--tools", default="dossier,pdfplumber,pdftotext", help="comma-separated subset to run"
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data} is absent: nothing to measure (the benchmark data lives in ../shared).")
        return 0
    tools = {"dossier": run_dossier, "pdfplumber": run_pdfplumber}
    if shutil.which("pdftotext"):
        tools["pdftotext"] = run_pdftotext
    else:
        print("pdftotext (poppler-utils) is not installed: its column is skipped.")
    tools = {name: run for name, run in tools.items() if name in args.tools.split(",")}
    pdfs = sorted(args.data.glob("*/*.pdf"))
    labelled = sum(1 for p in pdfs if reference_text(p) is not None)
    total_pages = sum(page_count(p) for p in pdfs)
    print(f"{len(pdfs)} PDFs ({labelled} with a reference text), {total_pages} pages, from {args.data}\n")

    totals = {name: Tally() for name in tools}
    labelled_totals = {name: Tally() for name in tools}
    per_doc: list[tuple[str, str, dict, str | None]] = []
    for pdf in pdfs:
        reference = reference_text(pdf)
        pages = page_count(pdf)
        for name, run in tools.items():
            output = run(pdf)
            tally = score(output, reference, pages)
            totals[name].add(tally)
            if reference is not None:
                labelled_totals[name].add(tally)
            per_doc.append((pdf.stem, name, tally.row() | {"labelled": reference is not None}, output.error))

    if args.docs:
        print(
            f"{'document':32} {'tool':11} {'P':>6} {'R':>6} {'F1':>6} {'order':>6} {'hyph':>5} {'lig':>5} {'cid':>5} {'pages/s':>8}"
        )
        for doc, name, row, error in per_doc:
            if row["labelled"]:
                measures = f"{row['P']:6.3f} {row['R']:6.3f} {row['F1']:6.3f} {row['order']:6.3f}"
            else:
                measures = f"{'':6} {'':6} {'':6} {'':6}"
            note = f"  ERROR {error[:60]}" if error else ""
            print(
                f"{doc[:32]:32} {name:11} {measures} {row['hyph']:5d} {row['lig']:5d} {row['cid']:5d} {row['pages/s']:8.1f}{note}"
            )
        print()

    print(
        "| tool | word P | word R | word F1 | reading order | hyphen splits | ligatures | (cid:N) / unmapped | pages/s | failed |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in tools:
        words_row = labelled_totals[name].row()
        all_row = totals[name].row()
        print(
            f"| {name} | {words_row['P']:.3f} | {words_row['R']:.3f} | {words_row['F1']:.3f} | {words_row['order']:.3f} "
            f"| {all_row['hyph']} | {all_row['lig']} | {all_row['cid']} | {all_row['pages/s']:.1f} | {totals[name].errors} |"
        )
    print(
        f"| target | | | >= {TARGETS['f1']} | >= {TARGETS['order']} | {TARGETS['hyph']} | {TARGETS['lig']} "
        f"| {TARGETS['cid']} | >= {TARGETS['pps']} | |"
    )
    print("\nword P/R/F1 and reading order: labelled documents only; the other columns: all documents.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
