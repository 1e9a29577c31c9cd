"""Plain-text sources: decode, normalise, and take the first line as the title when it is one.

Press statements and notes arrive as .txt with no markup; the only structure
they reliably have is a first line that names them and blank lines between
paragraphs, so that is all this extractor assumes. A news file that starts
straight with its first paragraph has no title: taking that line as the title
removed it from the text (three quotations lost on one real-news set), so the
first line is a title only when it looks like one (``looks_like_title``).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from core.errors import ExtractionError
from core.records import Article
from extractors.common.encoding import bomless_utf16

VERSION = "text-0.2"

_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007\u2009]+")
_BLANKS = re.compile(r"\n{3,}")
#: Longest first line still taken for a title: headlines run to about 120
#: characters; a longer line is a paragraph.
MAX_TITLE = 150
_SENTENCE_END = (".", ",", ";", ":", "…", '"', "”", "'", "’")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then UTF-16 without BOM, the detector, cp1252 with replacement.

    Never raises on bad bytes: a garbled character is better than a lost document.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    utf16 = bomless_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("cp1252", errors="replace")


def strip_nuls(text: str) -> tuple[str, int]:
    """The text without NUL characters, and how many there were (a damaged copy, not content)."""
    count = text.count("\x00")
    return (text.replace("\x00", ""), count) if count else (text, 0)


def looks_like_title(line: str, rest: str) -> bool:
    """A first line is a title when it is short, does not end a sentence and a blank line follows it."""
    return (
        0 < len(line) <= MAX_TITLE
        and not line.endswith(_SENTENCE_END)
        and rest.startswith("\n")
        and bool(rest.strip())
    )


def normalise(text: str) -> str:
    """NFC, one kind of newline and space, no runs of blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def extract_text(data: bytes) -> list[Article]:
    text, nuls = strip_nuls(decode_text(data))
    text = normalise(text)
    if not text:
        raise ExtractionError("no text in file")
    first, _, rest = text.partition("\n")
    metadata: dict = {"nul_characters_removed": nuls} if nuls else {}
    if looks_like_title(first, rest):
        title, body = first, rest
        metadata["title_source"] = "first-line"
    else:
        title, body = None, text
    return [
        Article(text=body.strip(), doc_type="text", title=title, extractor_version=VERSION, metadata=metadata)
    ]
