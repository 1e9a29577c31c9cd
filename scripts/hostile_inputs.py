"""Hostile inputs for tests and benchmarks, generated rather than stored.

    python scripts/hostile_inputs.py gzip-bomb OUT --gib 4 --layers 2
    python scripts/hostile_inputs.py long-text OUT --chars 2500000
    python scripts/hostile_inputs.py long-pdf OUT --pages 320

Each is small to store or quick to make and large once read: a body that
expands through nested ``Content-Encoding`` layers, a plain-text file of
millions of characters made of varied news-like sentences.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path


def gzip_layers(size: int, layers: int = 2, chunk: int = 1 << 24) -> bytes:
    """``size`` zero bytes gzipped ``layers`` times, streamed so making it needs little memory."""

    def gzip_stream(pieces):
        encoder = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        for piece in pieces:
            out = encoder.compress(piece)
            if out:
                yield out
        yield encoder.flush()

    def zeros():
        left = size
        block = bytes(chunk)
        while left > 0:
            yield block[: min(chunk, left)]
            left -= chunk

    stream = zeros()
    for _ in range(layers):
        stream = gzip_stream(stream)
    return b"".join(stream)


SENTENCES = (
    "The foreign minister said on {d} May {y} that talks with the neighbouring states would resume in Tashkent.",
    '"We will not accept a tariff imposed without consultation," the deputy prime minister told reporters.',
    "The commission agreed in March {y} to share data on river flows from {n} gauging stations.",
    "Prices of wheat rose by {n} per cent in the second quarter of {y}, the statistics office reported.",
    "Opposition deputies walked out of the chamber on {d} June, calling the vote unlawful.",
)


def long_text(chars: int) -> str:
    """A plain-text document of about ``chars`` characters: a title, then paragraphs of varied sentences."""
    out, total, n = ["A very long report", ""], 0, 0
    while total < chars:
        paragraph = " ".join(
            SENTENCES[(n + k) % len(SENTENCES)].format(d=1 + n % 28, y=1990 + n % 35, n=n % 97)
            for k in range(4)
        )
        out.append(paragraph)
        out.append("")
        total += len(paragraph) + 1
        n += 1
    return "\n".join(out)


def long_pdf(path: Path, pages: int) -> None:
    """A report of ``pages`` pages of two-column-free body text with a running header (needs reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    n = 0
    for page in range(1, pages + 1):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(72, height - 40, "Water and energy in Central Asia: annual review")
        pdf.drawString(width / 2, 30, str(page))
        text = pdf.beginText(72, height - 80)
        text.setFont("Times-Roman", 10)
        for _ in range(11):
            paragraph = " ".join(
                SENTENCES[(n + k) % len(SENTENCES)].format(d=1 + n % 28, y=1990 + n % 35, n=n % 97)
                for k in range(3)
            )
            words, line = paragraph.split(), ""
            for word in words:
                if len(line) + len(word) > 95:
                    text.textLine(line)
                    line = ""
                line += word + " "
            text.textLine(line)
            text.textLine("")
            n += 1
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="kind", required=True)
    bomb = sub.add_parser("gzip-bomb")
    bomb.add_argument("out", type=Path)
    bomb.add_argument("--gib", type=float, default=4.0)
    bomb.add_argument("--layers", type=int, default=2)
    text = sub.add_parser("long-text")
    text.add_argument("out", type=Path)
    text.add_argument("--chars", type=int, default=2_500_000)
    report = sub.add_parser("long-pdf")
    report.add_argument("out", type=Path)
    report.add_argument("--pages", type=int, default=320)
    args = parser.parse_args(argv)
    if args.kind == "gzip-bomb":
        args.out.write_bytes(gzip_layers(int(args.gib * 2**30), args.layers))
    elif args.kind == "long-pdf":
        long_pdf(args.out, args.pages)
    else:
        args.out.write_text(long_text(args.chars), encoding="utf-8")
    print(f"wrote {args.out}: {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
