"""Plain-text sources: decode, normalise, and take the first line as the title.

Press statements and notes arrive as .txt with no markup; the only structure
they reliably have is a first line that names them and blank lines between
paragraphs, so that is all this extractor assumes.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from core.errors import ExtractionError
from core.records import Article

VERSION = "text-0.1"

_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007\u2009]+")
_BLANKS = re.compile(r"\n{3,}")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then the detector, then cp1252 with replacement.

    Never raises on bad bytes: a garbled character is better than a lost document.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("cp1252", errors="replace")


def normalise(text: str) -> str:
    """NFC, one kind of newline and space, no runs of blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def extract_text(data: bytes) -> list[Article]:
    text = normalise(decode_text(data))
    if not text:
        raise ExtractionError("no text in file")
    title, _, body = text.partition("\n")
    if len(title) > 200 or not body.strip():
        # A long first line is a paragraph, not a title.
        title, body = None, text
    return [
        Article(
            text=body.strip(),
            doc_type="text",
            title=title,
            extractor_version=VERSION,
            metadata={"title_source": "first-line"} if title else {},
        )
    ]
