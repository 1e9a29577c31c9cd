"""Where the words sit: PDF bytes to positioned lines in reading order.

This is the only module that talks to pdfplumber. It copies what it needs out
of each page (words with font and size, graphics boxes) into plain records
while the file is open, so that everything after it is ordinary Python over
coordinates and can be tested without a PDF.

Reading order is rebuilt from geometry rather than trusted from the content
stream: a two-column page read row by row interleaves the columns. Column
gutters are found once per document from where body-size words never sit, then
every page is cut into horizontal bands (full-width material, column material)
and each column band is read column by column.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

import pdfplumber

from extractors.errors import ExtractionError
from extractors.pdf_clean import clean_word

X_TOLERANCE = 1.5
FULL = -1  # column index of a line that spans the gutter


@dataclass
class Word:
    """One word as pdfplumber saw it, with the style of its characters."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str

    @property
    def bold(self) -> bool:
        return bool(re.search(r"bold|black|heavy|semibold", self.font, re.I))


@dataclass
class Box:
    """A graphic on the page: figures, frames and rules tell captions and footnotes apart."""

    x0: float
    top: float
    x1: float
    bottom: float
    kind: str  # image | rect | curve | rule


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word]
    boxes: list[Box]
    dropped: list[Box] = field(default_factory=list)  # boxed pull quotes taken out


@dataclass
class Document:
    pages: list[Page]
    info: dict[str, str]  # the PDF's own Info dictionary (Title, Author, ...)


@dataclass
class Line:
    """A run of words on one baseline inside one column (or across all of them)."""

    words: list[Word]
    page: int
    column: int  # FULL, or 0.. from the left
    role: str = "body"  # body | float | footnote | margin
    band: int = 0  # index of the horizontal band on its page, set by ``order_page``
    text: str = ""
    size: float = 0.0
    font: str = ""

    def __post_init__(self) -> None:
        self.words.sort(key=lambda w: w.x0)
        self.text = _join_words(self.words)
        weights: Counter = Counter()
        fonts: Counter = Counter()
        for w in self.words:
            weights[round(w.size, 1)] += len(w.text)
            fonts[w.font] += len(w.text)
        self.size = weights.most_common(1)[0][0]
        self.font = fonts.most_common(1)[0][0]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


def _join_words(words: list[Word]) -> str:
    """Words split only by a style change (italic journal name, then a comma) are not spaced."""
    out = words[0].text
    for prev, word in zip(words, words[1:]):
        gap = word.x0 - prev.x1
        out += ("" if gap < 0.12 * min(prev.size, word.size) else " ") + word.text
    return out


# --------------------------------------------------------------------------- reading


def read_document(data: bytes) -> Document:
    """Copy words and graphics out of the PDF, turning every parser failure into ExtractionError.

    pdfminer raises a zoo of exception types on damaged files (and pdfplumber
    wraps some of them); callers should only ever see one clear message.
    """
    _check_envelope(data)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            info = {str(k): _info_text(v) for k, v in (pdf.metadata or {}).items()}
            pages = [_read_page(p, i + 1) for i, p in enumerate(pdf.pages)]
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 - anything pdfminer throws means a bad file
        raise ExtractionError(" ".join(_describe_failure(exc).split())) from None
    if not pages:
        raise ExtractionError("PDF has no pages")
    if not any(p.words for p in pages):
        has_images = any(b.kind == "image" for p in pages for b in p.boxes)
        kind = "image-only (scanned?)" if has_images else "without any text"
        raise ExtractionError(f"PDF has no text layer: its pages are {kind}; OCR is not supported")
    return Document(pages=pages, info=info)


def _check_envelope(data: bytes) -> None:
    """Cheap checks first: they give better messages than pdfminer's parse errors."""
    if not data:
        raise ExtractionError("empty input: no bytes to read as a PDF")
    if b"%PDF-" not in data[:1024]:
        raise ExtractionError("not a PDF: no %PDF- header at the start of the data")
    if b"%%EOF" not in data[-2048:]:
        raise ExtractionError("PDF is truncated: no %%EOF end marker (incomplete download or copy?)")


def _describe_failure(exc: Exception) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return "PDF is encrypted (password-protected); cannot read its text without the password"
    if name in {"PSEOF", "PDFNoValidXRef"}:
        return f"PDF is truncated or corrupt: {name}: {inner}".strip()
    if name == "PDFSyntaxError":
        return f"PDF is corrupt: {inner}"
    return f"PDF could not be parsed: {name}: {inner}"


def _info_text(value) -> str:
    if isinstance(value, bytes):
        for enc in ("utf-16", "latin-1"):
            try:
                return value.decode(enc)
            except UnicodeDecodeError:
                continue
    return str(value)


def _dedupe_chars(chars: list[dict], tolerance: float = 1.0) -> list[dict]:
    """Drop overprinted duplicates (fake bold, shadow text), keeping the first of each.

    Same rule as pdfplumber's ``Page.dedupe_chars`` (same text, font and size
    within ``tolerance`` points), but that one restores the original order with
    ``list.index`` and is quadratic: seconds per page on dense pages. A grid of
    1-point cells makes it linear.
    """
    cells: dict[tuple, list[dict]] = {}
    kept = []
    for ch in chars:
        key = (ch.get("upright"), ch["text"], ch.get("fontname"), ch.get("size"))
        gy, gx = int(ch["doctop"]), int(ch["x0"])
        duplicate = any(
            abs(ch["doctop"] - other["doctop"]) <= tolerance and abs(ch["x0"] - other["x0"]) <= tolerance
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
            for other in cells.get((key, gy + dy, gx + dx), ())
        )
        if not duplicate:
            cells.setdefault((key, gy, gx), []).append(ch)
            kept.append(ch)
    return kept


def _read_page(page, number: int) -> Page:
    raw = pdfplumber.utils.extract_words(
        _dedupe_chars(page.chars),
        x_tolerance=X_TOLERANCE,
        use_text_flow=False,
        keep_blank_chars=False,
        extra_attrs=["fontname", "size"],
    )
    words = [
        Word(
            text=clean_word(w["text"]),
            x0=float(w["x0"]),
            x1=float(w["x1"]),
            top=float(w["top"]),
            bottom=float(w["bottom"]),
            size=float(w["size"]),
            font=re.sub(r"^[A-Z]{6}\+", "", str(w["fontname"])),
        )
        for w in raw
        if w.get("upright", True) and w["text"].strip() and w["x1"] > 0 and w["x0"] < page.width
    ]
    boxes = [Box(float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"]), "image") for i in page.images]
    for r in page.rects:
        thin = min(r["width"], r["height"]) < 2
        boxes.append(Box(float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]), "rule" if thin else "rect"))
    for ln in page.lines:
        boxes.append(Box(float(ln["x0"]), float(ln["top"]), float(ln["x1"]), float(ln["bottom"]), "rule"))
    for c in page.curves:
        boxes.append(Box(float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]), "curve"))
    return Page(number=number, width=float(page.width), height=float(page.height), words=words, boxes=boxes)


# --------------------------------------------------------------------------- style and columns


def body_size(doc: Document) -> float:
    """The size most characters are set in: everything else is measured against it."""
    sizes: Counter = Counter()
    for page in doc.pages:
        for w in page.words:
            sizes[round(w.size, 1)] += len(w.text)
    return sizes.most_common(1)[0][0]


def find_gutters(doc: Document, size: float) -> list[tuple[float, float]]:
    """Vertical bands that body-size words never cover, pooled over all pages.

    Per page, a title block and an abstract that span the gutter can outnumber
    the column lines; over the whole document the column text dominates, and
    counting only body-size words keeps full-width front matter, captions and
    running heads from filling the gutter in.
    """
    width = int(max(p.width for p in doc.pages)) + 2
    delta = [0] * (width + 1)
    lefts: list[float] = []
    rights: list[float] = []
    for page in doc.pages:
        for w in page.words:
            if abs(w.size - size) > 0.1 * size:
                continue
            lo, hi = max(0, int(w.x0)), min(width, int(w.x1 + 0.999))
            delta[lo] += 1
            delta[hi] -= 1
            lefts.append(w.x0)
            rights.append(w.x1)
    if len(lefts) < 50:
        return []
    cover, running = [], 0
    for d in delta[:width]:
        running += d
        cover.append(running)
    lefts.sort()
    rights.sort()
    text_left = lefts[len(lefts) // 50]
    text_right = rights[-len(rights) // 50 - 1]
    span = text_right - text_left
    inner = [c for c in cover[int(text_left) : int(text_right)] if c > 0]
    if not inner or span <= 0:
        return []
    threshold = 0.02 * statistics.median(inner)
    lo_limit, hi_limit = text_left + 0.2 * span, text_right - 0.2 * span
    gutters, start = [], None
    for x in range(int(text_left), int(text_right) + 1):
        low = cover[x] <= threshold
        if low and start is None:
            start = x
        if (not low or x == int(text_right)) and start is not None:
            end = x
            if end - start >= max(6.0, 0.6 * size) and start >= lo_limit and end <= hi_limit:
                gutters.append((float(start), float(end)))
            start = None
    return gutters


# --------------------------------------------------------------------------- lines


def drop_pull_quotes(page: Page, size: float) -> None:
    """Boxed text set larger than the body repeats a body sentence: leave it out.

    The box is remembered in ``page.dropped`` so the paragraph builder knows a
    vertical jump across it is not a paragraph break.
    """
    frames = [b for b in page.boxes if b.kind == "rect" and (b.x1 - b.x0) > 40 and (b.bottom - b.top) > 20]
    keep = []
    for w in page.words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        frame = next((b for b in frames if b.x0 <= cx <= b.x1 and b.top <= cy <= b.bottom), None)
        if frame is not None and w.size > 1.15 * size:
            if frame not in page.dropped:
                page.dropped.append(frame)
            continue
        keep.append(w)
    page.words = keep


def build_lines(page: Page, gutters: list[tuple[float, float]]) -> list[Line]:
    """Group words into rows, then cut rows at the gutters into column lines."""
    lines: list[Line] = []
    for row in _rows(page.words):
        for piece in _split_wide_gaps(row):
            lines.extend(_cut_at_gutters(piece, gutters, page.number))
    return lines


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words whose vertical centres agree within half a line height share a row."""
    rows: list[list[Word]] = []
    anchor = None
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        centre = (w.top + w.bottom) / 2
        height = w.bottom - w.top
        if anchor is not None and centre - anchor[0] <= 0.45 * min(height, anchor[1]):
            rows[-1].append(w)
        else:
            rows.append([w])
            anchor = (centre, height)
    return rows


def _split_wide_gaps(row: list[Word]) -> list[list[Word]]:
    """A gap of several ems inside a row separates unrelated items (header left and right)."""
    row = sorted(row, key=lambda w: w.x0)
    pieces = [[row[0]]]
    for prev, word in zip(row, row[1:]):
        if word.x0 - prev.x1 > 3.5 * max(prev.size, word.size):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return pieces


def _cut_at_gutters(piece: list[Word], gutters: list[tuple[float, float]], page_no: int) -> list[Line]:
    def crosses(g):
        lo, hi = g[0] + 1, g[1] - 1
        return any(w.x0 < hi and w.x1 > lo for w in piece)

    if not gutters:
        return [Line(words=piece, page=page_no, column=0)]
    if any(crosses(g) for g in gutters):
        return [Line(words=piece, page=page_no, column=FULL)]
    centres = [(g[0] + g[1]) / 2 for g in gutters]
    columns: dict[int, list[Word]] = {}
    for w in piece:
        idx = sum(1 for c in centres if (w.x0 + w.x1) / 2 > c)
        columns.setdefault(idx, []).append(w)
    return [Line(words=ws, page=page_no, column=idx) for idx, ws in sorted(columns.items())]


# --------------------------------------------------------------------------- roles


def mark_footnotes(page: Page, lines: list[Line], size: float) -> None:
    """Small type under a short rule in the lower half of the page is a footnote block."""
    frames = [b for b in page.boxes if b.kind in {"rect", "image"}]
    rules = [
        b
        for b in page.boxes
        if b.kind == "rule"
        and not any(f.x0 - 1 <= b.x0 and b.x1 <= f.x1 + 1 and f.top - 1 <= b.top <= f.bottom + 1 for f in frames)
        and (b.bottom - b.top) < 2
        and (b.x1 - b.x0) < 0.5 * page.width
        and (b.x1 - b.x0) > 20
        and b.top > 0.5 * page.height
    ]
    if not rules:
        return
    rule_y = min(b.top for b in rules)
    for line in lines:
        if line.role == "body" and line.top > rule_y and line.size < 0.92 * size:
            line.role = "footnote"


CAPTION_START = re.compile(r"^(fig(ure)?\.?|table|photo|source|map|chart|image)\s*\d*[.:)]?\s", re.I)


def mark_captions(page: Page, lines: list[Line], size: float) -> None:
    """Small type just under a figure (or starting 'Figure 3') floats: it is not body flow."""
    figures = [
        b
        for b in page.boxes
        if b.kind == "image" or (b.kind in {"rect", "curve"} and (b.x1 - b.x0) > 0.25 * page.width and (b.bottom - b.top) > 30)
    ]
    small = sorted((ln for ln in lines if ln.role == "body" and ln.size < 0.92 * size), key=lambda ln: ln.top)
    for line in small:
        under_figure = any(
            -2 <= line.top - f.bottom <= 2.5 * size and line.x0 < f.x1 and line.x1 > f.x0 for f in figures
        )
        if under_figure or CAPTION_START.match(line.text):
            line.role = "float"
    # a caption's continuation lines follow it closely in the same size
    for prev, line in zip(small, small[1:]):
        if prev.role == "float" and line.role == "body" and line.size == prev.size and 0 < line.top - prev.top < 2.2 * line.size:
            line.role = "float"


# --------------------------------------------------------------------------- order


def order_page(lines: list[Line]) -> list[Line]:
    """Full-width bands and column bands top to bottom; inside a column band, column by column."""
    bands: list[list[Line]] = []
    kinds: list[bool] = []  # True for a full-width band
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        full = line.column == FULL
        if bands and kinds[-1] == full:
            bands[-1].append(line)
        else:
            bands.append([line])
            kinds.append(full)
    ordered: list[Line] = []
    for idx, band in enumerate(bands):
        for line in sorted(band, key=lambda ln: (ln.column, ln.top, ln.x0)):
            line.band = idx
            ordered.append(line)
    return ordered
