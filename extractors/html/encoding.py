"""Bytes of a web page -> text, choosing the encoding the way a browser would.

Pages lie about their encoding less often than people fear, but in predictable
ways: a ``latin-1`` declaration almost always means Windows-1252 (curly quotes
and dashes in 0x80-0x9F), and a missing declaration is usually UTF-8. So the
order is the browser's: byte-order mark, then the HTTP ``Content-Type``
charset, then the page's own ``<meta>``; only when nothing is declared do we
guess, and we never fail: the last resort decodes with replacement characters.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from extractors.common.encoding import bomless_utf16

__all__ = ["decode_html", "browser_codec", "bomless_utf16"]

# How far into the page to look for a <meta> charset. Browsers stop at 1024
# bytes, but real pages often put several kilobytes of scripts first.
_META_SCAN_BYTES = 16_384

# A declared encoding can be wrong in a few bytes (a truncated character, one
# pasted symbol); that is not a reason to distrust it. Above this share of
# undecodable bytes the declaration is taken to be a lie and we guess instead.
_TOLERATED_ERROR_SHARE = 0.002

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Declared encodings that browsers decode with a superset (WHATWG Encoding
# standard): the superset decodes every byte the declared one does, plus the
# characters that authors actually typed.
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
}

_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.I)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""", re.I)


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page; return the text and the Python codec name used.

    Never raises on bad bytes: whatever cannot be decoded becomes U+FFFD, so
    one broken byte costs one character, not the page.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), codec
    utf16 = bomless_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16

    declared = [
        browser_codec(_charset_from_content_type(content_type)),
        browser_codec(_charset_from_meta(data), from_page=True),
    ]
    declared = [codec for codec in declared if codec]
    if declared and declared[0] != "utf-8" and _is_multibyte_utf8(data):
        return data.decode("utf-8"), "utf-8"
    for codec in declared:
        text = _decode_if_plausible(data, codec)
        if text is not None:
            return text, codec

    guessed = _guess(data)
    if guessed is not None:
        return guessed
    fallback = declared[0] if declared else "utf-8"
    return data.decode(fallback, errors="replace"), fallback


def browser_codec(label: str | None, *, from_page: bool = False) -> str | None:
    """Map a charset label to the Python codec a browser would really use.

    Unknown labels give None (the declaration is ignored, as browsers do). A
    page that declares UTF-16 in its own markup cannot be UTF-16 (the
    declaration itself was readable as ASCII), so browsers read it as UTF-8.
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    if from_page and name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return _SUPERSETS.get(name, name)


def _charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header, if any."""
    if not content_type:
        return None
    match = _CONTENT_TYPE_CHARSET.search(content_type)
    return match.group(1) if match else None


def _charset_from_meta(data: bytes) -> str | None:
    """The charset a page declares in <meta charset> or <meta http-equiv>.

    An XML declaration counts too, after the meta tags: XHTML pages written by
    older tools often carry only that.
    """
    head = data[:_META_SCAN_BYTES]
    for tag in _META_TAG.findall(head):
        match = _CONTENT_TYPE_CHARSET.search(tag.decode("ascii", errors="replace"))
        if match:
            return match.group(1)
    match = _XML_DECLARATION.search(head)
    return match.group(1).decode("ascii") if match else None


def _is_multibyte_utf8(data: bytes) -> bool:
    """True when the bytes are valid UTF-8 and hold at least one multi-byte character.

    Pages saved from a CMS often keep a legacy ``windows-1252`` or
    ``iso-8859-1`` declaration over bytes that are UTF-8; read as declared they
    show mojibake ("Kosovoâ€™s"). Legacy text with accented letters or curly
    quotes almost never forms valid multi-byte UTF-8 sequences by chance, so
    valid UTF-8 that uses them outweighs the declaration (what browsers'
    detectors and ftfy conclude too). Pure ASCII is the same in both.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not text.isascii()


def _decode_if_plausible(data: bytes, codec: str) -> str | None:
    """Decode with a declared codec unless the bytes show the declaration is false."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return None
    text = data.decode(codec, errors="replace")
    damaged = text.count("\ufffd")
    if damaged <= max(1, len(data) * _TOLERATED_ERROR_SHARE):
        return text
    return None


def _guess(data: bytes) -> tuple[str, str] | None:
    """Guess an undeclared encoding: UTF-8 if it decodes, else charset-normalizer.

    Strict UTF-8 comes first because it is both the most common encoding on
    the web and self-checking: non-UTF-8 text almost never decodes as UTF-8.
    """
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or not best.encoding:
        return None
    codec = browser_codec(best.encoding) or best.encoding
    try:
        return data.decode(codec, errors="replace"), codec
    except LookupError:
        return None
