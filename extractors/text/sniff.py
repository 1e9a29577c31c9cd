"""Tell PDF, HTML and plain text apart from the bytes, not the file name.

File names lie (a ``.html`` saved from a PDF link, a URL with no extension), so
the content decides and the name is only a tie-breaker for short plain text.
"""

from __future__ import annotations

import re

from core.errors import ExtractionError
from extractors.common.encoding import bomless_utf16

_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|article)\b",
    re.I | re.S,
)


def detect_type(data: bytes, name_hint: str = "") -> str:
    """Return 'pdf', 'html' or 'text', or raise ExtractionError for other binaries."""
    if not data:
        raise ExtractionError("empty file")
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(stripped):
        return "html"
    if name_hint.lower().endswith((".html", ".htm", ".xhtml")) and b"<" in head:
        return "html"
    if _looks_textual(head):
        return "text"
    utf16 = bomless_utf16(head)
    if utf16:
        return "html" if _HTML_START.match(head.decode(utf16, "replace").encode()) else "text"
    raise ExtractionError("unrecognised binary content (not PDF, HTML or text)")


def _looks_textual(head: bytes) -> bool:
    """Text has few control characters, whatever its encoding.

    A few NUL bytes (a damaged copy, a padded export) do not make a file binary:
    up to 2 % of the head (or four in a short file) are allowed, and the text
    extractor removes them and says so. UTF-16 without a byte-order mark is told apart by ``bomless_utf16``.
    """
    nuls = head.count(0)
    controls = sum(1 for b in head if 0 < b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) * 0.01 and nuls <= max(4, len(head) * 0.02)
