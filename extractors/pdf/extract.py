"""PDF bytes to one Article: clean body text with page provenance, and what the paper says about itself.

The work is split in three: ``layout`` finds the words and their reading
order, ``clean`` removes the typesetter's artefacts and builds paragraphs,
and this module reads the front matter (title, byline, abstract, keywords),
the journal details printed in running heads and notes, and the reference
list, so that the body ``text`` holds the article and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from core.errors import ExtractionError
from core.records import Article, Aside, Caption, Reference
from extractors.common.text import alnum_key
from extractors.pdf.clean import (
    Geometry,
    Paragraph,
    Vocabulary,
    is_heading,
    join_paragraph,
    mark_running_lines,
    paragraph_text,
    repair_lines,
    split_paragraphs,
    starts_paragraph,
)
from extractors.pdf.dates import parse_date_line, parse_printed_date
from extractors.pdf.layout import (
    Line,
    body_size,
    build_lines,
    drop_pull_quotes,
    find_gutters,
    mark_captions,
    mark_footnotes,
    order_page,
    read_document,
)

VERSION = "pdf-0.2"

__all__ = ["VERSION", "extract_pdf", "ExtractionError"]


def extract_pdf(data: bytes) -> list[Article]:
    """Read one PDF into one Article (doc_type "pdf"); raise ExtractionError for unreadable input."""
    doc = read_document(data)
    size = body_size(doc)
    gutters = find_gutters(doc, size)
    lines_by_page: dict[int, list[Line]] = {}
    for page in doc.pages:
        drop_pull_quotes(page, size)
        lines_by_page[page.number] = build_lines(page, gutters)
    printed = mark_running_lines(doc.pages, lines_by_page)
    flow: list[Line] = []
    for page in doc.pages:
        lines = lines_by_page[page.number]
        mark_footnotes(page, lines, size)
        mark_captions(page, lines, size)
        flow.extend(order_page([ln for ln in lines if ln.role in {"body", "float"}]))
    if not flow:
        raise ExtractionError("PDF has no body text: every line is a running head, page number or footnote")

    every_line = [ln for p in doc.pages for ln in lines_by_page[p.number]]
    geo = Geometry.measure(flow, size, doc.pages)
    vocab = Vocabulary(flow + [ln for ln in every_line if ln.role == "footnote"])
    if repair_lines(every_line, vocab):
        vocab = Vocabulary(flow + [ln for ln in every_line if ln.role == "footnote"])

    front = read_front_matter(flow, geo, vocab)
    rest = flow[front.body_start :]
    ref_lines, rest = split_off_references(rest, geo)
    paragraphs = [join_paragraph(p, vocab) for p in split_paragraphs(rest, geo)]
    paragraphs = drop_leading_headings(paragraphs, geo)
    paragraphs, pulled = split_off_pull_quotes(paragraphs, geo)
    text, page_starts, captions = assemble(paragraphs, len(doc.pages))

    notes = [ln for ln in every_line if ln.role == "footnote"]
    heads = [ln.text for ln in every_line if ln.role == "margin"]
    metadata = collect_metadata(front, notes, heads, printed, doc.info, vocab, len(doc.pages))
    metadata["columns"] = len(gutters) + 1
    unmapped = sum(p.unmapped for p in doc.pages)
    if unmapped:
        metadata["unmapped_glyphs"] = unmapped  # left out: the PDF maps them to no text
    second = [p.number for p in doc.pages if p.reader != "pdfminer"]
    if second:
        metadata["pages_read_with_pdfium"] = second
    article = Article(
        text=text,
        doc_type="pdf",
        title=front.title or _info_title(doc.info),
        authors=front.authors or _info_authors(doc.info),
        abstract=front.abstract,
        metadata=metadata,
        page_starts=page_starts,
        references=parse_references(ref_lines, geo, vocab),
        extractor_version=VERSION,
        captions=captions,
        pull_quotes=boxed_pull_quotes(doc.pages, vocab) + pulled,
        footnotes=split_footnotes(notes, vocab),
        page_spans=[(c.char_start, c.char_end, c.page) for c in captions],
    )
    if not front.title and article.title:
        metadata["title_source"] = "pdf-info"
    if not front.authors and article.authors:
        metadata["authors_source"] = "pdf-info"
    published = metadata.pop("_published", None)
    if published:
        article.published, article.published_precision = published
    return [article]


# --------------------------------------------------------------------------- front matter


@dataclass
class FrontMatter:
    """What precedes the body on page 1, and where the body starts in the line flow."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    abstract: str | None = None
    keywords: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # affiliations, banners: kept for metadata
    body_start: int = 0


_ABSTRACT = re.compile(r"^(abstract|summary)\b\s*[:.\u2014\u2013-]?\s*(.*)$", re.I)
_KEYWORDS = re.compile(r"^(key\s*words|index terms)\s*[:.\u2014\u2013-]\s*(.*)$", re.I)
_MARKS = re.compile(r"[*\u2020\u2021\u00a7\u00b6\u00b9\u00b2\u00b3\u2070-\u2079]+")
_NOT_A_NAME = re.compile(
    r"\b(university|universit[äy]|department|dept|institute|school|college|centre|center|faculty|"
    r"laboratory|ministry|abstract|introduction|journal|volume|issue|of|the|for|and the|in|on)\b",
    re.I,
)


def read_front_matter(flow: list[Line], geo: Geometry, vocab: Vocabulary) -> FrontMatter:
    """Title = the largest type on page 1; then byline, abstract and keywords if printed."""
    front = FrontMatter()
    first_page = [i for i, ln in enumerate(flow) if ln.page == flow[0].page]
    if not first_page:
        return front
    candidates = [i for i in first_page if sum(ch.isalpha() for ch in flow[i].text) >= 4]  # not a drop cap
    if not candidates:
        return front
    biggest = max(flow[i].size for i in candidates)
    start = next(i for i in candidates if flow[i].size == biggest)
    # a title set only a little larger than the body (LaTeX proceedings) must open the page:
    # only smaller type (a series banner) may precede it, else it is a section heading
    modest = biggest < 1.15 * geo.body_size
    before = flow[first_page[0] : start]
    body_before = [ln for ln in before if abs(ln.size - geo.body_size) <= 0.3 and not ln.bold]
    if biggest < 1.08 * geo.body_size or (
        modest and (len(before) >= 8 or any(ln.size >= geo.body_size - 0.3 for ln in before))
    ):
        return front
    if len(body_before) >= 3 and sum(len(ln.text) for ln in body_before) > 150:
        return front  # a paragraph comes first: the large type is a pull quote or a heading
    end = start
    while end + 1 < len(flow) and flow[end + 1].page == flow[start].page and flow[end + 1].size == biggest:
        end += 1
    title_lines = flow[start : end + 1]
    front.title = _title_text(title_lines, vocab)
    front.other.extend(ln.text for ln in flow[:start])
    cursor = end + 1
    cursor = _read_byline(flow, cursor, front)
    limit = min(len(flow), cursor + 80)

    abstract_at = next((i for i in range(cursor, limit) if _ABSTRACT.match(flow[i].text)), None)
    keywords_at = next((i for i in range(cursor, limit) if _KEYWORDS.match(flow[i].text)), None)
    if abstract_at is not None:
        front.other.extend(ln.text for ln in flow[cursor:abstract_at])
        front.abstract, cursor = _read_abstract(flow, abstract_at, keywords_at, geo, vocab)
    if keywords_at is not None and keywords_at >= cursor - 1:
        end_kw = keywords_at + 1
        while end_kw < len(flow) and not starts_paragraph(flow[end_kw - 1], flow[end_kw], geo):
            end_kw += 1
        raw = paragraph_text(flow[keywords_at:end_kw], vocab)
        listed = _KEYWORDS.match(raw).group(2)
        front.keywords = [k.strip(" .") for k in re.split(r"[;,]", listed) if k.strip(" .")]
        cursor = max(cursor, end_kw)
    if abstract_at is None and keywords_at is None:
        # no abstract: the body begins with the first line set in body type
        first_body = next(
            (
                i
                for i in range(cursor, len(flow))
                if abs(flow[i].size - geo.body_size) <= 0.3 or flow[i].page != flow[start].page
            ),
            cursor,
        )
        front.other.extend(ln.text for ln in flow[cursor:first_body])
        cursor = first_body
    front.body_start = cursor
    return front


def _title_text(lines: list[Line], vocab: Vocabulary) -> str:
    biggest = max(w.size for ln in lines for w in ln.words)
    kept = [
        Line(words=big, page=ln.page, column=ln.column)
        for ln in lines
        if (big := [w for w in ln.words if w.size >= 0.8 * biggest])
    ]
    text = paragraph_text(kept, vocab)
    return _MARKS.sub("", text).strip()


def _read_byline(flow: list[Line], cursor: int, front: FrontMatter) -> int:
    """Up to two name lines after the title; footnote marks and a leading 'By' are dropped."""
    for _ in range(3):
        if cursor >= len(flow):
            break
        text = flow[cursor].text.strip()
        if not _MARKS.sub("", text).strip():
            cursor += 1  # a lone footnote mark set on its own baseline
            continue
        names = _names_in(text)
        if not names:
            break
        front.authors.extend(n for n in names if n not in front.authors)
        front.authors.extend(_names_beside(flow, flow[cursor], front.authors))
        cursor += 1
    return cursor


def _names_beside(flow: list[Line], line: Line, known: list[str]) -> list[str]:
    """Co-authors printed side by side, one per column, on the byline's baseline.

    Columns are read one after the other, so the other authors of a
    conference-style byline come much later in the flow.
    """
    found = []
    for other in flow:
        if other.page != line.page or other is line or abs(other.top - line.top) > 1.0:
            continue
        for name in _names_in(other.text.strip()):
            if name not in known and name not in found:
                found.append(name)
    return found


def _names_in(text: str) -> list[str]:
    text = re.sub(r"^\s*by\s+", "", _MARKS.sub("", text), flags=re.I).strip()
    text = re.sub(r"\d+", "", text)
    if not text or text.endswith(".") and not re.search(r"\b[A-Z]\.$", text) or _NOT_A_NAME.search(text):
        return []
    names = []
    for part in re.split(r",\s*|\s+and\s+|\s*&\s*|;\s*", text):
        tokens = part.split()
        if not tokens:
            continue
        if not 2 <= len(tokens) <= 5 or not all(
            re.match(r"^[^\W\d_][\w.'\u2019-]*$", t) and t[0].isupper() for t in tokens
        ):
            return []
        names.append(_name_case(" ".join(tokens)))
    return names


def _name_case(name: str) -> str:
    """Bylines are often set in capitals; names are stored as written in running text."""
    if not name.isupper():
        return name
    return " ".join(
        t if t.endswith(".") else "-".join(part.capitalize() for part in t.split("-")) for t in name.split()
    )


def _read_abstract(flow, at, keywords_at, geo, vocab) -> tuple[str | None, int]:
    """The abstract runs from its label to the keywords line, or to its paragraph's end."""
    label = _ABSTRACT.match(flow[at].text)
    lines = list(flow[at : at + 1]) if label.group(2) else []
    i = at + 1
    if keywords_at is not None and keywords_at > at:
        stop = keywords_at
        same = all(abs(ln.size - flow[i].size) <= 0.15 for ln in flow[i:stop]) if i < stop else True
        if not same:
            keywords_at = None
    if keywords_at is None or keywords_at <= at:
        stop = i
        while stop < len(flow) and (stop == i or not starts_paragraph(flow[stop - 1], flow[stop], geo)):
            stop += 1
    lines.extend(flow[i:stop])
    if not lines:
        return None, stop
    paragraphs = [join_paragraph(p, vocab).text for p in split_paragraphs(lines, geo)]
    text = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    text = re.sub(r"^\s*(abstract|summary)\b\s*[:.\u2014\u2013-]?\s*", "", text, flags=re.I)
    return text.strip() or None, stop


def drop_leading_headings(paragraphs: list[Paragraph], geo: Geometry) -> list[Paragraph]:
    """The body starts with its first sentence, not with an 'Introduction' heading."""
    while paragraphs and _heading_like(paragraphs[0], geo):
        paragraphs = paragraphs[1:]
    return paragraphs


def _heading_like(paragraph: Paragraph, geo: Geometry) -> bool:
    text = paragraph.text.strip()
    if paragraph.kind != "body" or len(text.split()) > 10 or re.search(r"[.!?,;]$", text):
        return False
    return all(is_heading(ln, geo) or abs(ln.size - geo.body_size) > 0.15 for ln in paragraph.lines)


# --------------------------------------------------------------------------- references


_REF_HEADING = re.compile(
    r"^\s*(?:\d+\.?\s*)?(references|bibliography|works cited|literature cited|reference list|literature)\s*:?\s*$",
    re.I,
)


def split_off_references(lines: list[Line], geo: Geometry) -> tuple[list[Line], list[Line]]:
    """Lines after the last 'References' heading are the reference list; the rest stays body.

    The list ends at the next section heading (an appendix, author notes):
    a bold heading, or a line set clearly larger than the body. Without a
    heading, a numbered list ``[1] ... [2] ...`` at the end of the paper is
    the reference list (physics and engineering papers often print none).
    """
    at = next((i for i in range(len(lines) - 1, -1, -1) if _REF_HEADING.match(lines[i].text)), None)
    if at is None:
        return _numbered_reference_list(lines, geo)
    refs = [ln for ln in lines[at + 1 :] if ln.role == "body"]
    end = next((i for i, ln in enumerate(refs) if _section_heading(ln, geo)), len(refs))
    after = refs[end:]
    floats = [ln for ln in lines[at + 1 :] if ln.role == "float"]
    return refs[:end], lines[:at] + floats + after


def _section_heading(line: Line, geo: Geometry) -> bool:
    if line.size >= 1.15 * geo.body_size and len(line.text.split()) <= 15:
        return True
    return is_heading(line, geo) and line.size >= geo.body_size - 0.2


_BRACKET_NUMBER = re.compile(r"^\[(\d{1,3})\]\s")


def _numbered_reference_list(lines: list[Line], geo: Geometry) -> tuple[list[Line], list[Line]]:
    """A trailing run of entries numbered [1], [2], [3]... (at least three, in order).

    Entries set smaller than the body take only the lines in their own type
    size, so body text that reading order places between two parts of the
    list (a list at the foot of both columns) stays in the body.
    """
    first = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].text.startswith("[1]")), None)
    if first is None:
        return [], lines
    numbers = [int(m.group(1)) for ln in lines[first:] if (m := _BRACKET_NUMBER.match(ln.text))]
    if len(numbers) < 3 or numbers[:3] != [1, 2, 3]:
        return [], lines
    size = lines[first].size
    small = size < geo.body_size - 0.3
    refs, rest = [], list(lines[:first])
    for ln in lines[first:]:
        if (
            ln.role == "body"
            and not is_heading(ln, geo)
            and (abs(ln.size - size) <= 0.3 if small else not _section_heading(ln, geo))
        ):
            refs.append(ln)
        else:
            rest.append(ln)
    return refs, rest


def parse_references(lines: list[Line], geo: Geometry, vocab: Vocabulary) -> list[Reference]:
    """One entry per hanging indent (or number, or blank space); URLs rejoined without spaces."""
    if not lines:
        return []
    left: dict[tuple[int, int], float] = {}
    for ln in lines:
        key = (ln.page, ln.column)
        left[key] = min(left.get(key, ln.x0), ln.x0)
    indented = [ln.x0 - left[(ln.page, ln.column)] > 0.5 * ln.size for ln in lines]
    numbered = [bool(re.match(r"^(\[\d+\]|\d+\.\s)", ln.text)) for ln in lines]
    if 0.2 <= sum(indented) / len(lines) < 0.9:
        starts = [not flag for flag in indented]
    elif sum(numbered) >= 0.3 * len(lines) or sum(numbered) >= 3:
        starts = numbered
    else:
        starts = [
            i == 0
            or (
                lines[i].page == lines[i - 1].page
                and lines[i].top - lines[i - 1].top > 1.3 * geo.pitch_for(lines[i].size)
            )
            or (lines[i - 1].text.endswith(".") and re.match(r"^[A-Z][^\s,]+,\s", lines[i].text) is not None)
            for i in range(len(lines))
        ]
    entries: list[list[Line]] = []
    for ln, start in zip(lines, starts):
        if start or not entries:
            entries.append([ln])
        else:
            entries[-1].append(ln)
    references = []
    for entry in entries:
        raw = _join_reference(entry, vocab)
        if raw:
            references.append(Reference(raw=raw, year=_reference_year(raw)))
    return references


def _join_reference(entry: list[Line], vocab: Vocabulary) -> str:
    return re.sub(r"\s+", " ", paragraph_text(entry, vocab))


def _reference_year(raw: str) -> int | None:
    """'(2019)' first; else a bare year that is not part of a page range, volume:page or identifier."""
    found = re.search(r"\((\d{4})[a-z]?\)", raw) or re.search(
        r"(?<![\d\-\u2013:/.])(1[5-9]\d\d|20\d\d)[a-z]?(?![\d\-\u2013:/])", raw
    )
    return int(found.group(1)) if found else None


# --------------------------------------------------------------------------- text


def assemble(paragraphs: list[Paragraph], n_pages: int) -> tuple[str, list[int], list[Caption]]:
    """Join the body paragraphs with blank lines, then the captions; note where each page begins.

    Captions go after the body, one paragraph each, rather than where the
    figure stood. Photo captions hold dated events and quotations of their own
    (the NLP must see them, and offsets must point into this text), but read
    in place they would sit between two paragraphs that belong together and
    make the body hard to read as prose. At the end they stay searchable, each
    one's span and page is recorded as a ``Caption`` (its page also in
    ``page_spans``, since it lies outside the page order), and anyone wanting
    the body alone cuts the text at the first caption.

    A page that contributes no body text (all figure, or all references) starts
    where the next page does, which keeps ``page_starts`` sorted for bisect.
    """
    parts: list[str] = []
    first_at: dict[int, int] = {}
    offset = 0
    body = [p for p in paragraphs if p.kind != "float" and p.text.strip()]
    floats = [p for p in paragraphs if p.kind == "float" and p.text.strip()]
    for i, paragraph in enumerate(body):
        if i:
            parts.append("\n\n")
            offset += 2
        pieces = list(paragraph.pieces)
        pieces[-1] = (pieces[-1][0], pieces[-1][1].rstrip())
        for page, piece in pieces:
            first_at.setdefault(page, offset)
            parts.append(piece)
            offset += len(piece)
    body_end = offset
    captions: list[Caption] = []
    for paragraph in floats:
        if offset:
            parts.append("\n\n")
            offset += 2
        caption = paragraph.text.strip()
        parts.append(caption)
        captions.append(Caption(caption, offset, offset + len(caption), paragraph.pieces[0][0]))
        offset += len(caption)
    text = "".join(parts)
    starts = [0] * n_pages
    upcoming = body_end
    for page in range(n_pages, 0, -1):
        upcoming = first_at.get(page, upcoming)
        starts[page - 1] = upcoming
    for i in range(1, n_pages):
        starts[i] = max(starts[i], starts[i - 1])
    if n_pages:
        starts[0] = 0 if starts[0] > 0 and 1 not in first_at else starts[0]
    return text, starts, captions


# --------------------------------------------------------------------------- pull quotes and notes


def split_off_pull_quotes(paragraphs: list[Paragraph], geo: Geometry) -> tuple[list[Paragraph], list[Aside]]:
    """Display type repeating a body sentence is a pull quote even without a frame: keep it once.

    Only a sentence set clearly larger than the body whose words occur, in
    order, elsewhere in the body is taken out, so a large-type passage that
    says something new (a lead paragraph) and a heading repeating a phrase stay.
    """
    body_keys = [alnum_key(p.text) for p in paragraphs]
    kept, pulled = [], []
    for i, paragraph in enumerate(paragraphs):
        key = body_keys[i]
        large = paragraph.lines and all(ln.size >= 1.15 * geo.body_size for ln in paragraph.lines)
        sentence = re.search(
            r"[.!?][\"'\u201d\u2019)]?$", paragraph.text.strip()
        )  # headings are no sentences
        if (
            large
            and sentence
            and len(key) >= 30
            and any(key in other for j, other in enumerate(body_keys) if j != i)
        ):
            pulled.append(Aside(paragraph.text.strip(), paragraph.lines[0].page))
            continue
        kept.append(paragraph)
    return kept, pulled


def boxed_pull_quotes(pages, vocab: Vocabulary) -> list[Aside]:
    """The framed large-type quotes ``drop_pull_quotes`` took off each page, as text."""
    asides = []
    for page in pages:
        for words in page.pulled:
            lines = sorted(build_lines(replace(page, words=list(words)), []), key=lambda ln: (ln.top, ln.x0))
            text = paragraph_text(lines, vocab)
            if text:
                asides.append(Aside(text, page.number))
    return asides


_NOTE_MARK = re.compile(
    r"^\s*(?:\d{1,3}|[*\u2020\u2021\u00a7\u00b6\u00b9\u00b2\u00b3\u2070-\u2079]+)(?=\s*\S)"
)


def split_footnotes(lines: list[Line], vocab: Vocabulary) -> list[Aside]:
    """Footnote lines in reading order, one note per leading mark ('1', '*', '\u2020')."""
    notes: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.page, ln.column, ln.top)):
        starts = not notes or notes[-1][-1].page != line.page or bool(_NOTE_MARK.match(line.text))
        if starts:
            notes.append([line])
        else:
            notes[-1].append(line)
    return [Aside(text, group[0].page) for group in notes if (text := paragraph_text(group, vocab))]


# --------------------------------------------------------------------------- metadata


_CITATION = re.compile(
    r"(?P<journal>[^.()\n]+?)\s*,\s*(?:vol\.?\s*)?(?P<volume>\d+)\s*\((?P<issue>[\w/\u2013-]+)\)\s*,\s*"
    r"(?:pp?\.\s*)?(?P<pages>\d+\s*[-\u2013]\s*\d+)",
    re.I,
)
_HEADER = re.compile(
    r"^(?P<journal>.*?)[\s\u2022\u00b7|,:\u2013\u2014-]*\bvol(?:ume|\.)?\s*(?P<volume>\d+)"
    r"(?:[\s,\u2022\u00b7]*(?:(?:issue|no\.?|number)\s*(?P<issue>\d+)|\((?P<issue2>\d+)\)))?",
    re.I,
)
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_DATED = re.compile(
    r"\b(received|revised|accepted|published(?: online)?|available online)(?:\s*:\s*|\s+(?=\d))", re.I
)
_ORCID = re.compile(r"\b\d{4}-\d{4}-\d{4}-\d{3}[\dX]\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def collect_metadata(
    front: FrontMatter,
    notes: list[Line],
    heads: list[str],
    printed: dict[int, int],
    info: dict[str, str],
    vocab: Vocabulary,
    n_pages: int,
) -> dict:
    """Journal details from the citation line, the running heads and the first-page notes."""
    meta: dict = {}
    if front.title:
        meta["title_source"] = "largest-font"
    if front.authors:
        meta["authors_source"] = "byline"
    if front.keywords:
        meta["keywords"] = front.keywords
    if front.other:
        meta["front_matter"] = [t for t in front.other if t.strip()]
    note_text = paragraph_text(sorted(notes, key=lambda ln: (ln.page, ln.top)), vocab) if notes else ""
    if note_text:
        meta["notes"] = note_text
    pool = "\n".join([note_text, *front.other])

    citation = _find_citation(pool, front.title)
    if citation:
        for key in ("journal", "volume", "issue", "pages"):
            meta[key] = citation[key]
            meta[f"{key}_source"] = "citation-line"
        if citation.get("year"):
            meta["_published"] = (dt.date(citation["year"], 1, 1), "year")
            meta["published_source"] = "citation-line"
    _fill_from_heads(meta, heads + front.other)
    if "pages" not in meta and printed and "journal" in meta:
        offsets = Counter(num - page for page, num in printed.items())
        offset, votes = offsets.most_common(1)[0]
        if votes >= max(2, len(printed) // 2) and offset >= 0:
            meta["pages"] = f"{1 + offset}-{n_pages + offset}"
            meta["pages_source"] = "page-numbers"

    doi = _DOI.search(pool + "\n" + "\n".join(heads)) or _DOI.search(
        info.get("doi", "") + " " + info.get("Subject", "")
    )
    if doi:
        meta["doi"] = doi.group().rstrip(".,;)")
        meta["doi_source"] = "text"
    for key, pattern in (("orcid", _ORCID), ("email", _EMAIL)):
        found = pattern.search(pool)
        if found:
            meta[key] = found.group()
    for m in _DATED.finditer(pool):
        label = m.group(1).lower().split()[0]
        when = parse_printed_date(pool[m.end() : m.end() + 40])
        if when and label in {"received", "revised", "accepted", "published", "available"}:
            key = "published" if label in {"published", "available"} else label
            meta.setdefault(key, when.isoformat())
            meta.setdefault(f"{key}_source", "first-page-note")
    if "published" in meta:
        meta["_published"] = (dt.date.fromisoformat(meta["published"]), "day")
        meta["published_source"] = "first-page-note"
    if "_published" not in meta:
        for line in front.other:  # a report's title page often carries a bare date line
            dated = parse_date_line(line)
            if dated:
                meta["_published"] = dated
                meta["published_source"] = "front-matter-date"
                break
    if "_published" in meta:
        when, precision = meta["_published"]
        meta["published"] = when.isoformat()[: {"year": 4, "month": 7}.get(precision, 10)]
    return meta


def _find_citation(pool: str, title: str | None) -> dict | None:
    """'Author (2024). Title. Journal, 5(4), 410-428.': the journal's own citation line."""
    flat = re.sub(r"\s+", " ", pool)
    if title:
        flat = flat.replace(title, " ")
    m = _CITATION.search(flat)
    if not m:
        return None
    journal = re.sub(r"^.*(?:cite|citation)\s*(?:as)?\s*:\s*", "", m.group("journal"), flags=re.I).strip(
        " .,:"
    )
    before = flat[max(0, m.start() - 400) : m.start()]
    years = re.findall(r"\((\d{4})\)", before)
    return {
        "journal": journal,
        "volume": m.group("volume"),
        "issue": m.group("issue"),
        "pages": re.sub(r"\s*[\u2013-]\s*", "-", m.group("pages")),
        "year": int(years[-1]) if years else None,
    }


def _fill_from_heads(meta: dict, heads: list[str]) -> None:
    """Running heads such as 'Journal Name - Volume 5 Issue 4' fill what the citation did not."""
    found = []
    for text in heads:
        m = _HEADER.search(text)
        if m and m.group("journal").strip(" \u2022\u00b7|,-"):
            found.append(m)
    if not found:
        return
    best = max(found, key=lambda m: len(m.group("journal")))
    values = {
        "journal": best.group("journal").strip(" \u2022\u00b7|,:\u2013\u2014-"),
        "volume": best.group("volume"),
        "issue": best.group("issue") or best.group("issue2"),
    }
    for key, value in values.items():
        if value and key not in meta:
            meta[key] = value
            meta[f"{key}_source"] = "running-head"
    pages = re.search(r"\bpp?\.\s*(\d+\s*[-\u2013]\s*\d+)", " ".join(heads))
    if pages and "pages" not in meta:
        meta["pages"] = re.sub(r"\s*[\u2013-]\s*", "-", pages.group(1))
        meta["pages_source"] = "running-head"
    if "_published" not in meta:
        year = re.search(r"\b(19\d\d|20\d\d)\b", best.string)
        if year:
            meta["_published"] = (dt.date(int(year.group(1)), 1, 1), "year")
            meta["published_source"] = "running-head"


def _info_title(info: dict[str, str]) -> str | None:
    """The Info title, unless it is a word processor's placeholder ('5', 'Microsoft Word - draft.doc')."""
    title = re.sub(r"^microsoft (word|powerpoint) - ", "", (info.get("Title") or "").strip(), flags=re.I)
    if sum(ch.isalpha() for ch in title) < 4 or re.search(
        r"\.(docx?|tex|dvi|pdf|rtf|odt|indd)$", title, re.I
    ):
        return None
    return title if title.lower() not in {"untitled", "untitled document"} else None


def _info_authors(info: dict[str, str]) -> list[str]:
    """Info authors that look like names: one-word user names ('z', 'FAA', 'Proprietario') are not."""
    author = (info.get("Author") or "").strip()
    if not author or author.lower() in {"anonymous", "unknown"}:
        return []
    names = [a.strip() for a in re.split(r";|\s+and\s+|,\s*(?=[A-Z][a-z]+\s)", author) if a.strip()]
    return [n for n in names if len(n.split()) >= 2 and sum(ch.isalpha() for ch in n) >= 4]
