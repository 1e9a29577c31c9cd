"""One glyph at a time: what text a PDF's character stands for.

Read while the words are collected (``extractors.pdf.layout``), before any line
or paragraph exists: ligature code points spelled out, private-use and
symbol-font codes decoded, glyphs without a text mapping dropped.
"""

from __future__ import annotations

import re
import unicodedata

LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_LIGATURE_RE = re.compile("[\ufb00-\ufb06]")

# Adobe's Symbol encoding, codes 0x20-0x7E and 0xA0-0xFF in order; "\0" marks
# the pieces of large brackets, braces and integrals, which carry no text.
_SYMBOL_LOW = (
    " !\u2200#\u2203%&\u220b()\u2217+,\u2212./0123456789:;<=>?\u2245"
    "\u0391\u0392\u03a7\u0394\u0395\u03a6\u0393\u0397\u0399\u03d1\u039a\u039b\u039c\u039d\u039f\u03a0"
    "\u0398\u03a1\u03a3\u03a4\u03a5\u03c2\u03a9\u039e\u03a8\u0396[\u2234]\u22a5_\0"
    "\u03b1\u03b2\u03c7\u03b4\u03b5\u03c6\u03b3\u03b7\u03b9\u03d5\u03ba\u03bb\u03bc\u03bd\u03bf\u03c0"
    "\u03b8\u03c1\u03c3\u03c4\u03c5\u03d6\u03c9\u03be\u03c8\u03b6{|}\u223c"
)
_SYMBOL_HIGH = (
    "\u20ac\u03d2\u2032\u2264\u2044\u221e\u0192\u2663\u2666\u2665\u2660\u2194\u2190\u2191\u2192\u2193"
    "\u00b0\u00b1\u2033\u2265\u00d7\u221d\u2202\u2022\u00f7\u2260\u2261\u2248\u2026\0\0\u21b5"
    "\u2135\u2111\u211c\u2118\u2297\u2295\u2205\u2229\u222a\u2283\u2287\u2284\u2282\u2286\u2208\u2209"
    "\u2220\u2207\u00ae\u00a9\u2122\u220f\u221a\u22c5\u00ac\u2227\u2228\u21d4\u21d0\u21d1\u21d2\u21d3"
    "\u25ca\u2329\u00ae\u00a9\u2122\u2211\0\0\0\0\0\0\0\0\0\0"
    "\0\u232a\u222b\0\0\0\0\0\0\0\0\0\0\0\0\0"
)
SYMBOL_FONT = {0xF020 + i: ch for i, ch in enumerate(_SYMBOL_LOW)} | {
    0xF0A0 + i: ch for i, ch in enumerate(_SYMBOL_HIGH)
}
APPLE_PUA = {0xF001: "fi", 0xF002: "fl"}  # Mac fonts put their ligatures here
_CID = re.compile(r"^\(cid:\d+\)$")
_DINGBATS = re.compile(r"wingding|dingbat|webding|zapf", re.I)


def map_glyph(text: str, font: str) -> str | None:
    """The Unicode text of one glyph, or None when the PDF gives no usable mapping.

    pdfminer prints a glyph without a ToUnicode entry as ``(cid:N)``; other
    tools give U+FFFD or a control character. Fonts with a symbolic charmap
    put their glyphs at U+F000 + code: the Symbol font is decoded through its
    published encoding, dingbat fonts are used for list bullets, other
    symbolic fonts hold plain ASCII there. Any other private-use glyph (icon
    fonts, bracket pieces of display maths) carries no text.
    """
    if len(text) != 1:
        return None if _CID.match(text) else text
    code = ord(text)
    control = code == 0xFFFD or (code < 0x20 and text not in "\t\n") or 0x7F <= code < 0xA0
    if (control or 0xE000 <= code <= 0xF8FF) and _DINGBATS.search(font):
        return "\u2022"  # dingbat fonts print list bullets and check boxes, whatever their codes
    if control:
        return None
    if not 0xE000 <= code <= 0xF8FF:
        return text
    if code in APPLE_PUA:
        return APPLE_PUA[code]
    if 0xF020 <= code <= 0xF0FF:
        if "symbol" in font.lower():
            mapped = SYMBOL_FONT.get(code, "\0")
            return None if mapped == "\0" else mapped
        if code <= 0xF07E:
            return chr(code - 0xF000)
    return None


def clean_word(text: str) -> str:
    """Ligature code points (U+FB00-FB06) spelled out, then NFC, so search and offsets agree."""
    text = _LIGATURE_RE.sub(lambda m: LIGATURES[m.group()], text)
    return unicodedata.normalize("NFC", text.replace("\u00ad", "-"))
