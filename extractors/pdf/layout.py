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
import itertools
import math
import operator
import re
import statistics
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import pdfplumber
import pdfplumber.utils.text
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfplumber.page import PDFPageAggregatorWithMarkedContent, fix_fontname_bytes

from core.errors import ExtractionError
from extractors.pdf.glyphs import clean_word, map_glyph

X_TOLERANCE = 1.5
GUTTER_COVER = 0.05  # a gutter is covered by at most this share of the usual number of words
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
    pulled: list[list[Word]] = field(default_factory=list)  # the words of each dropped pull quote
    reader: str = "pdfminer"  # or "pdfium" when its glyph mapping was better
    unmapped: int = 0  # glyphs left out because the PDF maps them to no text


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
    second = _SecondReader(data)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            info = {str(k): _info_text(v) for k, v in (pdf.metadata or {}).items()}
            pages = [_read_closed(p, i + 1, second) for i, p in enumerate(pdf.pages)]
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 - anything pdfminer throws means a bad file
        raise ExtractionError(" ".join(_describe_failure(exc).split())) from None
    finally:
        second.close()
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

    Same rule as pdfplumber's ``Page.dedupe_chars`` (same text, font, size
    and uprightness within ``tolerance`` points), but that one restores the
    original order with ``list.index`` and is quadratic: seconds per page on
    dense pages. A grid makes it linear. Its cells are twice the tolerance
    wide, so a character's possible duplicates lie in its own cell or the
    neighbour on the side of the cell it is nearer: four cells to look in,
    not nine; a cell is one integer, and the style is compared only for the
    few characters found there (60 pages of a 320-page report: 0.50 -> 0.29 s).
    """
    width = 2 * tolerance
    cells: dict[int, list[tuple]] = {}
    kept = []
    for ch in chars:
        y, x = ch["doctop"], ch["x0"]
        fy, fx = y / width, x / width
        gy, gx = math.floor(fy), math.floor(fx)
        ny = gy - 1 if fy - gy < 0.5 else gy + 1
        nx = gx - 1 if fx - gx < 0.5 else gx + 1
        style = (ch["text"], ch.get("fontname"), ch.get("size"), ch.get("upright"))
        # One integer per cell; two cells sharing one would only add candidates.
        row, near_row = gy * 65536, ny * 65536
        own = row + gx
        duplicate = False
        for cell in (own, row + nx, near_row + gx, near_row + nx):
            found = cells.get(cell)
            if found and any(
                other == style and abs(y - oy) <= tolerance and abs(x - ox) <= tolerance
                for oy, ox, other in found
            ):
                duplicate = True
                break
        if not duplicate:
            cells.setdefault(own, []).append((y, x, style))
            kept.append(ch)
    return kept


# --------------------------------------------------------------------------- glyphs


UNMAPPED_SHARE = 0.01  # above this share of unreadable glyphs a page is read again with pdfium


def _mapped_chars(chars: list[dict]) -> tuple[list[dict], int, int]:
    """Chars with their Unicode text settled, the count of unmapped ones dropped, and the total.

    An unmapped glyph is left out rather than printed as ``(cid:N)``: the
    token would become a false word for every later stage, and its count is
    kept so the loss is visible.
    """
    kept, unmapped, total = [], 0, 0
    for ch in chars:
        text = ch["text"]
        if text.isspace():
            kept.append(ch)
            continue
        total += 1
        mapped = map_glyph(text, str(ch.get("fontname", "")))
        if mapped is None:
            unmapped += 1
            continue
        if mapped != text:
            ch = dict(ch, text=mapped)
        kept.append(ch)
    return kept, unmapped, total


_PDFIUM_LOCK = threading.Lock()  # pdfium is not thread-safe, not even across documents


class _SecondReader:
    """pypdfium2 (installed with pdfplumber), opened only when a page needs a second reading.

    pdfminer renders a glyph whose font lacks a usable ToUnicode map as
    ``(cid:N)``; pdfium also consults the font's own charmap and glyph names,
    and recovers the text of many such fonts (and fails on others, which is
    why its reading is only kept when it maps more glyphs). Every pdfium call
    holds one process-wide lock, and every pdfium object is closed inside it,
    so a threaded task runner cannot crash the process.
    """

    def __init__(self, data: bytes):
        self.data = data
        self.pdf = None

    def chars(self, number: int) -> list[dict] | None:
        with _PDFIUM_LOCK:
            try:
                import pypdfium2
                import pypdfium2.raw as pdfium_c

                if self.pdf is None:
                    self.pdf = pypdfium2.PdfDocument(self.data)
                page = self.pdf[number - 1]
                try:
                    if page.get_rotation() % 360:
                        return None
                    left, _, _, top = page.get_mediabox()
                    textpage = page.get_textpage()
                    try:
                        return _pdfium_chars(textpage, pdfium_c, left, top)
                    finally:
                        textpage.close()
                finally:
                    page.close()
            except Exception:  # noqa: BLE001 - the second reading is optional; keep the first
                return None

    def close(self) -> None:
        with _PDFIUM_LOCK:
            if self.pdf is not None:
                self.pdf.close()
                self.pdf = None


def _pdfium_chars(textpage, pdfium_c, left: float, top: float) -> list[dict]:
    """pdfium's characters in pdfplumber's shape: top-left origin, size from the text matrix.

    A ligature glyph comes back as two or three characters sharing one box;
    the box is shared out between them so word grouping sees them adjacent.
    """
    import ctypes

    out: list[dict] = []
    matrix = pdfium_c.FS_MATRIX()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, i):
            continue
        text = textpage.get_text_range(i, 1)
        if not text or text in "\r\n":
            continue
        x0, y0, x1, y1 = textpage.get_charbox(i, loose=True)
        pdfium_c.FPDFText_GetMatrix(textpage.raw, i, ctypes.byref(matrix))
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i) * ((matrix.b**2 + matrix.d**2) ** 0.5) or (
            y1 - y0
        )
        pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, name, 128, ctypes.byref(flags))
        bottom = top - y0
        out.append(
            {
                "text": text,
                "x0": x0 - left,
                "x1": x1 - left,
                "top": bottom - size,
                "bottom": bottom,
                "doctop": bottom - size,
                "upright": abs(matrix.b) < 1e-3 and abs(matrix.c) < 1e-3,
                "size": size,
                "fontname": name.value.decode("latin-1"),
            }
        )
    i = 0
    while i < len(out):  # share out boxes repeated by ligature glyphs
        j = i + 1
        while (
            j < len(out)
            and out[j]["x0"] == out[i]["x0"]
            and out[j]["x1"] == out[i]["x1"]
            and out[j]["top"] == out[i]["top"]
        ):
            j += 1
        if j - i > 1:
            x0, width = out[i]["x0"], (out[i]["x1"] - out[i]["x0"]) / (j - i)
            for k in range(i, j):
                out[k]["x0"], out[k]["x1"] = x0 + (k - i) * width, x0 + (k - i + 1) * width
        i = j
    return out


def _page_objects(page) -> dict[str, list[dict]]:
    """The page's objects by kind, as pdfplumber's ``page.objects`` has them, characters made lean.

    pdfplumber turns every character into a dict of some twenty attributes,
    each passed through its recursive ``resolve_all`` (colours, colour space,
    matrix, marked-content ids), which cost more than pdfminer's reading of
    the page itself: 77 of 143 profiled seconds on a 320-page report; and
    pdfminer builds an ``LTChar`` object per character for pdfplumber to
    read. Here pdfminer's interpreter runs with ``_CharRecorder``, which
    records what dossier reads of a character (text, font, size,
    uprightness, box) computed exactly as ``LTChar`` and pdfplumber compute
    it; graphics, a few per page, still become pdfplumber's own dicts.
    (320-page report, ``extract_pdf`` alone, old and new code run side by
    side: 52-55 s of CPU before this and the word grouping below, 17-21 s after.)
    """
    from pdfminer.layout import LTContainer
    from pdfminer.pdfinterp import PDFPageInterpreter

    device = _CharRecorder(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    objects: dict[str, list[dict]] = {}
    stack = [iter(device.get_result()._objs)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTContainer):  # a figure: its contents (without laparams, not itself)
            stack.append(iter(obj._objs))
        else:
            found = page.process_object(obj)
            objects.setdefault(found["object_type"], []).append(found)
    mb_x0, mb_top = page.mediabox[:2]
    height, doctop, norm = page.height, page.initial_doctop, page.pdf.unicode_norm
    objects["char"] = [_char_dict(c, height, doctop, mb_x0, mb_top, norm) for c in device.chars]
    return objects


class _CharRecorder(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's pdfminer device, recording characters as tuples instead of ``LTChar`` objects.

    ``render_char`` repeats pdfminer's ``PDFLayoutAnalyzer.render_char`` and
    ``LTChar.__init__`` (pdfminer.six 20260107) step for step, so every value
    is the float pdfminer would have computed; characters are recorded in
    the order pdfminer would have added them to the page (a figure's
    characters where the figure is). Other objects (images, rectangles,
    lines, curves) go to the page as before.
    ``tests/extractors/pdf/test_layout.py`` compares the two readings.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.chars: list[tuple] = []

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        adv = font.char_width(cid) * fontsize * scaling
        vertical = font.is_vertical()
        if vertical:
            vx, vy = font.char_disp(cid)
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            bx0, by0, bx1, by1 = -vx, vy + rise + adv, -vx + fontsize, vy + rise
        else:
            descent = font.get_descent() * fontsize
            bx0, by0, bx1, by1 = 0, descent + rise, adv, descent + rise + fontsize
        a, b, c, d, e, f = matrix
        upright = a * d * scaling > 0 and b * c <= 0
        left1, bottom1 = a * bx0 + c * by0 + e, b * bx0 + d * by0 + f
        right1, bottom2 = a * bx1 + c * by0 + e, b * bx1 + d * by0 + f
        right2, top1 = a * bx1 + c * by1 + e, b * bx1 + d * by1 + f
        left2, top2 = a * bx0 + c * by1 + e, b * bx0 + d * by1 + f
        x0, x1 = min(left1, left2, right1, right2), max(left1, left2, right1, right2)
        y0, y1 = min(bottom1, bottom2, top1, top2), max(bottom1, bottom2, top1, top2)
        self.chars.append(
            (text, font.fontname, (x1 - x0) if vertical else (y1 - y0), upright, x0, y0, x1, y1)
        )
        return adv


def _char_dict(char: tuple, height: float, doctop: float, mb_x0: float, mb_top: float, norm) -> dict:
    """One recorded character with the values pdfplumber's ``Page.process_object`` gives those keys."""
    text, fontname, size, upright, x0, y0, x1, y1 = char
    if norm is not None:
        text = unicodedata.normalize(norm, text)
    if isinstance(fontname, bytes):
        fontname = fix_fontname_bytes(fontname)
    top = (height - y1) + mb_top
    if mb_x0 != 0:
        x0, x1 = x0 + mb_x0, x1 + mb_x0
    return {
        "text": text,
        "fontname": fontname,
        "size": size,
        "upright": upright,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": (height - y0) + mb_top,
        "doctop": doctop + top,
    }


def _page_chars(chars: list[dict], number: int, second: _SecondReader) -> tuple[list[dict], int, str]:
    """The page's characters from pdfminer, or from pdfium when pdfminer left many unmapped."""
    chars, unmapped, total = _mapped_chars(chars)
    if unmapped < 2 or unmapped <= UNMAPPED_SHARE * total:
        return chars, unmapped, "pdfminer"
    again = second.chars(number)
    if again is None:
        return chars, unmapped, "pdfminer"
    chars2, unmapped2, total2 = _mapped_chars(again)
    if unmapped2 < unmapped and total2 >= 0.9 * total:
        return chars2, unmapped2, "pdfium"
    return chars, unmapped, "pdfminer"


def _read_closed(page, number: int, second: _SecondReader) -> Page:
    """Copy one page out, then free pdfplumber's objects for it.

    pdfplumber keeps every page's parsed characters and layout cached until the
    file is closed; a 320-page report peaked at 3.2 GB in PDF reading alone.
    What dossier keeps of a page (words, boxes) is a small fraction of that.
    """
    try:
        return _read_page(page, number, second)
    finally:
        page.close()


def _read_page(page, number: int, second: _SecondReader) -> Page:
    objects = _page_objects(page)
    chars, unmapped, reader = _page_chars(objects["char"], number, second)
    raw = _upright_words(_dedupe_chars(chars))
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
    boxes = [
        Box(float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"]), "image")
        for i in objects.get("image", [])
    ]
    for r in objects.get("rect", []):
        thin = min(r["width"], r["height"]) < 2
        boxes.append(
            Box(
                float(r["x0"]),
                float(r["top"]),
                float(r["x1"]),
                float(r["bottom"]),
                "rule" if thin else "rect",
            )
        )
    for ln in objects.get("line", []):
        boxes.append(Box(float(ln["x0"]), float(ln["top"]), float(ln["x1"]), float(ln["bottom"]), "rule"))
    for c in objects.get("curve", []):
        boxes.append(Box(float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]), "curve"))
    return Page(
        number=number,
        width=float(page.width),
        height=float(page.height),
        words=words,
        boxes=boxes,
        reader=reader,
        unmapped=unmapped,
    )


Y_TOLERANCE = 3  # pdfplumber's default: characters whose tops differ by at most this share a line
_LIGATURES = pdfplumber.utils.text.LIGATURES  # spelled out in words, as pdfplumber does


def _upright_words(chars: list[dict]) -> list[dict]:
    """The words of the upright characters, as pdfplumber's ``extract_words`` gives them with our settings.

    That is ``x_tolerance=X_TOLERANCE``, lines by ``top`` within
    ``Y_TOLERANCE``, no text flow, no blank characters, ``extra_attrs``
    font name and size, ligatures spelled out: pdfplumber's own algorithm,
    step for step, for the upright words dossier keeps (rotated ones are
    dropped by the caller) and with only the keys it reads. Its general
    version cost 3 of the 14 CPU seconds of a 320-page report's reading.
    ``tests/extractors/pdf/test_layout.py`` compares the two.
    """
    words: list[dict] = []
    for (upright, _, _), grouped in itertools.groupby(chars, key=_STYLE):
        if not upright:
            continue
        run = list(grouped)
        # Lines: tops clustered (sorted distinct values, a gap over the tolerance
        # starts the next line), characters in line order, then left to right.
        line_of: dict[float, int] = {}
        line, last = -1, None
        for top in sorted({c["top"] for c in run}):
            if last is None or top > last + Y_TOLERANCE:
                line += 1
            line_of[top], last = line, top
        for _, members in itertools.groupby(
            sorted(run, key=lambda c: line_of[c["top"]]), key=lambda c: line_of[c["top"]]
        ):
            word: list[dict] = []
            for ch in sorted(members, key=lambda c: c["x0"]):
                text = ch["text"]
                if text.isspace():
                    _close_word(word, words)
                elif text == "":  # pdfplumber's "split at punctuation" test matches an empty text
                    _close_word(word, words)
                    words.append(_merged([ch]))
                elif word and _starts_new_word(word[-1], ch):
                    _close_word(word, words)
                    word.append(ch)
                else:
                    word.append(ch)
            _close_word(word, words)
    return words


_STYLE = operator.itemgetter("upright", "fontname", "size")


def _starts_new_word(prev: dict, ch: dict) -> bool:
    return (
        ch["x0"] < prev["x0"]
        or ch["x0"] > prev["x1"] + X_TOLERANCE
        or abs(ch["top"] - prev["top"]) > Y_TOLERANCE
    )


def _close_word(word: list[dict], words: list[dict]) -> None:
    if word:
        words.append(_merged(word))
        word.clear()


def _merged(chars: list[dict]) -> dict:
    first = chars[0]
    return {
        "text": "".join(_LIGATURES.get(c["text"], c["text"] or "") for c in chars),
        "x0": min(c["x0"] for c in chars),
        "x1": max(c["x1"] for c in chars),
        "top": min(c["top"] for c in chars),
        "bottom": max(c["bottom"] for c in chars),
        "upright": first["upright"],
        "fontname": first["fontname"],
        "size": first["size"],
    }


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
    running heads from filling the gutter in. A band still counts as a gutter
    when a few words cross it (``GUTTER_COVER`` of the usual cover): a centred
    line or a wide formula now and then; tables in a one-column text leave
    far more.
    """
    width = int(max(p.width for p in doc.pages)) + 2
    delta = [0] * (width + 1)
    lefts: list[float] = []
    rights: list[float] = []
    for page in doc.pages:
        for w in page.words:
            if abs(w.size - size) > 0.1 * size:
                continue
            if w.bottom < 0.08 * page.height or w.top > 0.92 * page.height:
                continue  # a centred page number or running head would fill the gutter in on every page
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
    threshold = GUTTER_COVER * statistics.median(inner)
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
                page.pulled.append([])
            page.pulled[page.dropped.index(frame)].append(w)
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
    return _attach_scripts(rows)


def _attach_scripts(rows: list[list[Word]]) -> list[list[Word]]:
    """A row of small type overlapping a bigger row's box holds its sub- or superscripts.

    Indices (``Ω_B``), exponents and note marks sit half a line off the
    baseline, so their centres fall outside the row; read as a row of their
    own they split a paragraph in two. A separate line of small type (a
    footnote, a caption) never overlaps the box of the line next to it.
    """

    def box(row):
        return min(w.top for w in row), max(w.bottom for w in row), max(w.size for w in row)

    rows = list(rows)
    i = 0
    while i < len(rows):
        top, bottom, size = box(rows[i])
        host, best = None, 0.25 * (bottom - top)
        for j in range(max(0, i - 3), min(len(rows), i + 4)):  # the other column's rows interleave
            if j == i:
                continue
            n_top, n_bottom, n_size = box(rows[j])
            overlap = min(bottom, n_bottom) - max(top, n_top)
            if size < 0.85 * n_size and overlap > best and _within(rows[i], rows[j], n_size):
                host, best = j, overlap
        if host is None:
            i += 1
            continue
        rows[host] = rows[host] + rows[i]
        del rows[i]
        i = max(0, min(i, host) - 1)
    return rows


def _within(row: list[Word], other: list[Word], size: float) -> bool:
    """Every word of ``row`` lies inside the horizontal extent of ``other`` (or just past its ends)."""
    lo = min(w.x0 for w in other) - 1.5 * size
    hi = max(w.x1 for w in other) + 1.5 * size
    return all(lo <= w.x0 and w.x1 <= hi for w in row)


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
        and not any(
            f.x0 - 1 <= b.x0 and b.x1 <= f.x1 + 1 and f.top - 1 <= b.top <= f.bottom + 1 for f in frames
        )
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
        if b.kind == "image"
        or (b.kind in {"rect", "curve"} and (b.x1 - b.x0) > 0.25 * page.width and (b.bottom - b.top) > 30)
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
        if (
            prev.role == "float"
            and line.role == "body"
            and line.size == prev.size
            and 0 < line.top - prev.top < 2.2 * line.size
        ):
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
