"""Tell PDF, HTML and plain text apart from the bytes, not the file name.

File names lie (a ``.html`` saved from a PDF link, a URL with no extension), so
the content decides and the name is only a tie-breaker for short plain text.
"""

from __future__ import annotations

import re

from core.errors import ExtractionError

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
    raise ExtractionError("unrecognised binary content (not PDF, HTML or text)")


def _looks_textual(head: bytes) -> bool:
    """Text has no NUL bytes and few control characters, whatever its encoding."""
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) * 0.01
