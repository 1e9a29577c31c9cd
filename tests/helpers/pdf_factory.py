"""Small PDFs for the PDF extractor tests, drawn line by line with reportlab.

Each builder writes one file into the given directory and returns its path,
as a user's file would be. Lines are broken by hand (so a test knows exactly
which line ends in a hyphen) and set justified like a journal column; the
text is invented for these tests. Fonts are the Bitstream Vera faces bundled
with reportlab, which have the fi/fl ligature glyphs.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

PAGE_W, PAGE_H = A4
MARGIN = 56
GUTTER = 24
COL_W = (PAGE_W - 2 * MARGIN - GUTTER) / 2
LEFT_X, RIGHT_X = MARGIN, MARGIN + COL_W + GUTTER
BODY, BOLD, ITALIC = "Vera", "VeraBd", "VeraIt"
BODY_SIZE, LEADING = 9.5, 13.5

JOURNAL_HEAD = "Journal of River Basin Studies \u2022 Volume 12 Issue 3"


def _register_fonts() -> None:
    for name, file in ((BODY, "Vera.ttf"), (BOLD, "VeraBd.ttf"), (ITALIC, "VeraIt.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, file))


def _draw_line(
    c: canvas.Canvas, text: str, x: float, y: float, width: float, font=BODY, size=BODY_SIZE, justify=True
):
    """Spread the words over ``width`` like justified type; the last line of a paragraph is not."""
    words = text.split()
    c.setFont(font, size)
    if not justify or len(words) < 2:
        c.drawString(x, y, text)
        return
    widths = [pdfmetrics.stringWidth(w, font, size) for w in words]
    gap = (width - sum(widths)) / (len(words) - 1)
    if gap < 1.5:
        raise ValueError(f"line too long for the column: {text!r}")
    pos = x
    for word, w in zip(words, widths):
        c.drawString(pos, y, word)
        pos += w + gap


def _column(c: canvas.Canvas, x: float, y: float, blocks: list[tuple[str, list[str]]]) -> float:
    """Draw blocks top-down: ("p", lines) indented paragraph, ("cont", lines) continued one, ("h", [heading])."""
    for kind, lines in blocks:
        if kind == "h":
            y -= 4
            _draw_line(c, lines[0], x, y, COL_W, font=BOLD, size=11, justify=False)
            y -= LEADING + 2
            continue
        for i, line in enumerate(lines):
            indent = 10 if kind == "p" and i == 0 else 0
            last = i == len(lines) - 1
            _draw_line(c, line, x + indent, y, COL_W - indent, justify=not last)
            y -= LEADING
    return y


def _running_head(c: canvas.Canvas, page_number: int, right_text: str) -> None:
    c.setFont(BOLD, 7.5)
    c.drawString(MARGIN, PAGE_H - 32, JOURNAL_HEAD)
    c.setFont(BODY, 7)
    c.drawRightString(PAGE_W - MARGIN, PAGE_H - 32, right_text)
    c.setLineWidth(0.5)
    c.line(MARGIN, PAGE_H - 38, PAGE_W - MARGIN, PAGE_H - 38)
    c.setFont(BOLD, 8.5)
    c.drawString(MARGIN if page_number % 2 == 0 else PAGE_W - MARGIN - 15, 30, str(page_number))


# The body: 17 lines on page 1, continued on page 2. "coop-/eration" is a
# typesetter's break; "dry-/season" keeps its hyphen because "dry-season"
# appears elsewhere; the left column runs on into the right one mid-sentence.
PAGE1_LEFT = [
    ("h", ["Introduction"]),
    (
        "cont",
        [
            "RIVERS CROSS BORDERS that maps drew",
            "long after the water had found its course.",
            "When the Kessa River was divided in 1961,",
            "three states signed one treaty on the same",
            "day, and each read it differently. Coop-",
            "eration came only in 1987, when a shared",
            "network of gauges was built at the border.",
        ],
    ),
    (
        "p",
        [
            "The commission met twice a year. Its",
            "minutes show that the shared gauge data",
            "were trusted more than national figures",
            "and that cooperation grew out of the",
        ],
    ),
]
PAGE1_RIGHT = [
    (
        "cont",
        [
            "measurements the delegations could all",
            "check with their own eyes.",
        ],
    ),
    (
        "p",
        [
            "A second treaty followed in 1994. It set",
            "a minimum flow for the dry-season months",
            "and named an arbiter for the disputes that",
            "the commission could not settle over the",
        ],
    ),
]
PAGE2_LEFT = [
    (
        "cont",
        [
            "long summers of the following decade.",
        ],
    ),
    (
        "p",
        [
            "In 2003 the upper dam held back the dry-",
            "season flow for six weeks (Orlov, 2019).",
            "The arbiter ruled within a month and the",
            "flow was restored.",
        ],
    ),
    ("h", ["Conclusion"]),
    (
        "cont",
        [
            "Treaties on shared rivers last when the",
            "parties can see the same numbers. Trust",
            "in data came before trust in each other.",
        ],
    ),
]
PAGE2_RIGHT = [
    ("h", ["References"]),
]
REFERENCES = [
    ["Orlov, P. (2019). Measuring Trust on Shared", "Rivers. Basin Politics, 4(2), 11-29."],
    [
        "Tamsin, R. (2021). Gauges and Goodwill. Re-",
        "trieved May 2, 2022 from https://example.org/",
        "rivers/gauges-and-",
        "goodwill.html",
    ],
]
PULL_QUOTE = ["Trust in data came", "before trust in", "each other."]
CAPTION = "Figure 1. The Kessa gauge station on the day it opened, May 4, 1987 (Photo: commission archive)."


def two_column_article(directory: Path) -> Path:
    """Two pages: title block, abstract, two columns, running heads, page numbers,
    a footnote under a short rule, a figure with a caption, a boxed pull quote and references."""
    _register_fonts()
    path = Path(directory) / "two-column-article.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Sharing the Upper Basin")

    # page 1: full-width title block
    _running_head(c, 101, "M. KELLEN")
    c.setFont(BOLD, 18)
    c.drawString(MARGIN, PAGE_H - 80, "Sharing the Upper Basin: Treaties")
    c.drawString(MARGIN, PAGE_H - 102, "and Their Limits")
    c.setFont(BOLD, 10.5)
    c.drawString(MARGIN, PAGE_H - 130, "MARA KELLEN")
    c.setFont(BOLD, 7)
    c.drawString(MARGIN + pdfmetrics.stringWidth("MARA KELLEN", BOLD, 10.5) + 1, PAGE_H - 126, "*")
    c.setFont(BODY, 8)
    c.drawString(MARGIN, PAGE_H - 144, "Institute of Hydropolitics, Lakeside University")
    c.setFont(BOLD, 8.5)
    c.drawString(MARGIN, PAGE_H - 170, "ABSTRACT")
    width = PAGE_W - 2 * MARGIN
    _draw_line(
        c,
        "Upstream and downstream states rarely agree on how much water a river owes to its lower reaches.",
        MARGIN,
        PAGE_H - 184,
        width,
        size=8.5,
    )
    _draw_line(
        c,
        "This paper reads three treaties on the Kessa River and asks what made them hold.",
        MARGIN,
        PAGE_H - 196,
        width,
        size=8.5,
        justify=False,
    )
    c.setFont(BOLD, 8.5)
    c.drawString(MARGIN, PAGE_H - 214, "Keywords: water treaties, river basins, cooperation.")

    top = PAGE_H - 250
    _column(c, LEFT_X, top, PAGE1_LEFT)
    _column(c, RIGHT_X, top, PAGE1_RIGHT)

    # footnote block under a short rule
    c.line(MARGIN, 120, MARGIN + 110, 120)
    notes = [
        "*Mara Kellen is a lecturer at Lakeside University. E-mail: m.kellen@example.org",
        "Received: 3.2.2023 Accepted: 14.4.2023",
        "Cite as: Kellen, M. (2023). Sharing the Upper Basin. Journal of River Basin Studies, 12(3), 101-102.",
    ]
    c.setFont(BODY, 7)
    for i, note in enumerate(notes):
        c.drawString(MARGIN, 108 - 10 * i, note)
    c.showPage()

    # page 2: a figure on top, its caption, then the columns
    _running_head(c, 102, "M. KELLEN")
    picture = Image.new("RGB", (60, 20), (90, 120, 150))
    c.drawImage(ImageReader(picture), MARGIN, PAGE_H - 200, width=width, height=150)
    c.setFont(ITALIC, 7.5)
    c.drawString(MARGIN, PAGE_H - 212, CAPTION)
    top = PAGE_H - 240
    bottom_left = _column(c, LEFT_X, top, PAGE2_LEFT)
    # a boxed pull quote repeating a body sentence, under the left column text
    box_top = bottom_left - 10
    c.rect(LEFT_X, box_top - 70, COL_W, 70)
    c.setFont(ITALIC, 13)
    for i, line in enumerate(PULL_QUOTE):
        c.drawString(LEFT_X + 10, box_top - 20 - 17 * i, line)
    y = _column(c, RIGHT_X, top, PAGE2_RIGHT)
    for entry in REFERENCES:
        for i, line in enumerate(entry):
            c.setFont(BODY, 8)
            c.drawString(RIGHT_X + (10 if i else 0), y, line)
            y -= 11
        y -= 3
    c.showPage()
    c.save()
    return path


def one_column_report(directory: Path, pages: int = 2) -> Path:
    """A plain report: a title, then one paragraph per page in a single column, numbered pages."""
    _register_fonts()
    path = Path(directory) / "one-column-report.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    width = PAGE_W - 2 * MARGIN
    for page in range(1, pages + 1):
        y = PAGE_H - 80
        if page == 1:
            c.setFont(BOLD, 16)
            c.drawString(MARGIN, y, "Water Storage in Dry Years")
            y -= 40
        lines = [
            f"Section {page} of this report describes how the reservoirs on the plain were filled and drawn down",
            "during the dry years, and which of the storage rules held when the inflow fell below the long-term",
            "average for a third season in a row.",
        ]
        for i, line in enumerate(lines):
            _draw_line(
                c,
                line,
                MARGIN + (12 if i == 0 else 0),
                y,
                width - (12 if i == 0 else 0),
                justify=i < len(lines) - 1,
            )
            y -= LEADING
        c.setFont(BODY, 8)
        c.drawCentredString(PAGE_W / 2, 30, str(page))
        c.showPage()
    c.save()
    return path


def ligature_page(directory: Path) -> Path:
    """One line set with the fi and fl ligature code points, as some typesetters emit them."""
    _register_fonts()
    path = Path(directory) / "ligatures.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(BODY, 11)
    c.drawString(
        MARGIN, PAGE_H - 100, "The \ufb01rst \ufb02ood of the year was of\ufb01cially recorded in May."
    )
    c.showPage()
    c.save()
    return path


def wide_margin_report(directory: Path, pages: int = 3) -> Path:
    """One column with a generous top margin: the running head sits 11% down the page,
    lower than the 8% band where heads usually are, set off from the text by a wide gap.
    Page 1 ends in a sentence that runs on to page 2 and carries a note mark set as a superscript."""
    _register_fonts()
    path = Path(directory) / "wide-margin-report.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    width = PAGE_W - 2 * MARGIN
    for page in range(1, pages + 1):
        c.setFont(ITALIC, 9)
        c.drawString(MARGIN, PAGE_H * 0.89, "Basin Review Quarterly  Storage and Release")
        y = PAGE_H * 0.89 - 40
        if page == 2:
            _draw_line(c, "again by the end of the spring.", MARGIN, y, width, justify=False)
            y -= LEADING
        lines = [
            f"Part {page} reports how the storage on the plain was drawn down during the third dry",
            "season, when the inflow fell below the long-term average and the release rules were",
            "tested against the needs of the farms downstream of the lower dam.",
        ]
        for i, line in enumerate(lines):
            indent = 12 if i == 0 else 0
            _draw_line(c, line, MARGIN + indent, y, width - indent, justify=i < len(lines) - 1)
            y -= LEADING
        if page == 1:
            first = "The commission agreed the new rule in 1994,"
            _draw_line(c, first, MARGIN + 12, y, width, justify=False)
            x = MARGIN + 12 + pdfmetrics.stringWidth(first, BODY, BODY_SIZE)
            c.setFont(BODY, 6)
            c.drawString(x + 0.5, y + 4, "2")  # a note mark raised above the baseline
            c.setFont(BODY, BODY_SIZE)
            c.drawString(x + 6, y, "after two dry years had emptied the upper")
            y -= LEADING
            _draw_line(c, "reservoir, and the lower one had not filled", MARGIN, y, width, justify=False)
        c.setFont(BODY, 8)
        c.drawCentredString(PAGE_W / 2, 30, str(page))
        c.showPage()
    c.save()
    return path


def open_pull_quote_page(directory: Path) -> Path:
    """A page with a pull quote set in large italic type without a frame, between two paragraphs."""
    _register_fonts()
    path = Path(directory) / "open-pull-quote.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    width = PAGE_W - 2 * MARGIN
    y = PAGE_H - 100
    first = [
        "The delegations met at the gauge station in the spring. Numbers that everyone can read",
        "end arguments that words cannot. They signed the protocol on the second day and left",
        "the station to the technicians, who kept the records for another twenty years.",
    ]
    for i, line in enumerate(first):
        _draw_line(c, line, MARGIN + (12 if i == 0 else 0), y, width - (12 if i == 0 else 0), justify=i < 2)
        y -= LEADING
    y -= 20
    c.setFont(ITALIC, 16)
    c.drawString(MARGIN + 40, y, "Numbers that everyone can read end")
    c.drawString(MARGIN + 40, y - 20, "arguments that words cannot.")
    y -= 60
    second = [
        "The records show that the flow rule was kept in every year but one, when a late frost",
        "held the snow in the mountains until the middle of June and the river ran low.",
    ]
    for i, line in enumerate(second):
        _draw_line(c, line, MARGIN + (12 if i == 0 else 0), y, width - (12 if i == 0 else 0), justify=i < 1)
        y -= LEADING
    c.showPage()
    c.save()
    return path


def numbered_references_page(directory: Path) -> Path:
    """A body paragraph, then a reference list numbered [1], [2], [3] in smaller type with no heading."""
    _register_fonts()
    path = Path(directory) / "numbered-references.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    width = PAGE_W - 2 * MARGIN
    y = PAGE_H - 100
    body = [
        "Gauge records from three stations [1, 2] agree with the treaty archive [3] on the dates",
        "when the minimum flow was not met. The stations were read by hand twice a day until the",
        "automatic recorders came, and the two kinds of record were kept side by side for a year",
        "to check that they agreed; they did, within a few centimetres, in every month of that",
        "year except the one in which the river froze over.",
    ]
    for i, line in enumerate(body):
        _draw_line(c, line, MARGIN + (12 if i == 0 else 0), y, width - (12 if i == 0 else 0), justify=i < 4)
        y -= LEADING
    y -= 20
    entries = [
        ["[1] Orlov P. Basin Politics 4:11-29, 2019, [hydro-", "ph/0401234]."],
        ["[2] Tamsin R. Gauges and Goodwill (River Press, 2021)."],
        ["[3] Kessa Commission. Minutes 1961-1994. Archive 17:1707-1712, 2000."],
    ]
    c.setFont(BODY, 7.5)
    for entry in entries:
        for i, line in enumerate(entry):
            c.drawString(MARGIN + (14 if i else 0), y, line)
            y -= 9.5
    c.showPage()
    c.save()
    return path


def encrypted_pdf(directory: Path) -> Path:
    """A PDF that needs a user password to open."""
    _register_fonts()
    path = Path(directory) / "encrypted.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, encrypt="secret")
    c.setFont(BODY, 11)
    c.drawString(MARGIN, PAGE_H - 100, "Only readers with the password may see this sentence.")
    c.showPage()
    c.save()
    return path


def truncated_pdf(directory: Path) -> Path:
    """The first half of a good PDF, as an interrupted download leaves it."""
    whole = two_column_article(directory).read_bytes()
    path = Path(directory) / "truncated.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def image_only_pdf(directory: Path) -> Path:
    """A scan: one picture per page and no text layer at all."""
    path = Path(directory) / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    picture = Image.new("L", (80, 110), 200)
    c.drawImage(ImageReader(picture), MARGIN, MARGIN, width=PAGE_W - 2 * MARGIN, height=PAGE_H - 2 * MARGIN)
    c.showPage()
    c.save()
    return path


def empty_file(directory: Path) -> Path:
    path = Path(directory) / "empty.pdf"
    path.write_bytes(b"")
    return path
