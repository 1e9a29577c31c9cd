"""Byte-level facts about text shared by the HTML and plain-text extractors."""

from __future__ import annotations


def bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 written without a byte-order mark, else None.

    Text in a Latin script stored as UTF-16 has a zero byte in every other
    position (the high byte of each ASCII character): at least 40 % of the
    even (big-endian) or odd (little-endian) bytes of the first 4 KB are zero,
    and almost none of the others. Single-byte text has no zeros at all, so a
    few stray NULs in a .txt never pass this test.
    """
    head = data[:4096]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd >= 0.4 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even >= 0.4 and zeros_odd < 0.05:
        return "utf-16-be"
    return None
