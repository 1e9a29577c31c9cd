import codecs

import pytest

from extractors.html.encoding import browser_codec, decode_html

PAGE = "<html><head>{meta}</head><body><p>{body}</p></body></html>"


def page(body: str, meta: str = "") -> str:
    return PAGE.format(meta=meta, body=body)


def test_byte_order_mark_wins_over_every_declaration():
    data = codecs.BOM_UTF8 + page("Zürich", '<meta charset="iso-8859-1">').encode("utf-8")
    text, encoding = decode_html(data, "text/html; charset=koi8-r")
    assert encoding == "utf-8"
    assert "Zürich" in text and not text.startswith("\ufeff")


def test_utf16_page_with_its_byte_order_mark():
    data = codecs.BOM_UTF16_LE + page("Ankara – İzmir").encode("utf-16-le")
    text, encoding = decode_html(data)
    assert encoding == "utf-16-le"
    assert "Ankara – İzmir" in text


def test_http_charset_beats_the_page_meta():
    data = page("Привет", '<meta charset="utf-8">').encode("cp1251")
    text, encoding = decode_html(data, 'text/html; charset="windows-1251"')
    assert encoding == "cp1251"
    assert "Привет" in text


def test_latin1_declaration_is_read_as_windows_1252_like_a_browser():
    data = page("“Quoted” – 5 €", '<meta charset="ISO-8859-1">').encode("cp1252")
    text, encoding = decode_html(data)
    assert encoding == "cp1252"
    assert "“Quoted” – 5 €" in text


def test_http_equiv_meta_declaration():
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">'
    data = page("Łódź", meta).encode("cp1250")
    assert decode_html(data) == (page("Łódź", meta), "cp1250")


def test_undeclared_utf8_is_recognised():
    data = page("Şəki, Gəncə").encode("utf-8")
    assert decode_html(data) == (page("Şəki, Gəncə"), "utf-8")


def test_undeclared_legacy_encoding_is_guessed():
    body = (
        "Министерство энергетики сообщило, что строительство газопровода начнётся весной. "
        "Эксперты считают, что проект изменит энергетический рынок всего региона."
    )
    text, encoding = decode_html(page(body).encode("cp1251"))
    assert body in text
    assert encoding == "cp1251"


def test_a_false_utf8_declaration_does_not_garble_the_page():
    body = "Café “Zum Löwen” – Öffnungszeiten: täglich außer Montag, Frühstück ab 8 Uhr. " * 5
    data = page(body, '<meta charset="utf-8">').encode("cp1252")
    text, _ = decode_html(data)
    assert "Café “Zum Löwen”" in text
    assert "\ufffd" not in text


def test_one_stray_byte_keeps_the_declared_encoding():
    data = page("Tiflis – Baku " * 20).encode("utf-8")
    data = data.replace(b"Baku", b"Ba\xffu", 1)
    text, encoding = decode_html(data, "text/html; charset=utf-8")
    assert encoding == "utf-8"
    assert text.count("\ufffd") == 1
    assert "Tiflis – Baku" in text


def test_unknown_labels_are_ignored():
    data = page("Plain text", '<meta charset="no-such-charset">').encode("ascii")
    assert decode_html(data)[0] == page("Plain text", '<meta charset="no-such-charset">')


@pytest.mark.parametrize("data", [b"", b"\x00\xff\xfe\xfd", bytes(range(256)) * 4])
def test_never_raises_on_bad_bytes(data):
    text, encoding = decode_html(data, "text/html; charset=utf-8")
    assert isinstance(text, str) and encoding


def test_browser_codec_mapping():
    assert browser_codec("latin1") == "cp1252"
    assert browser_codec("US-ASCII") == "cp1252"
    assert browser_codec("gb2312") == "gb18030"
    assert browser_codec("utf-16", from_page=True) == "utf-8"
    assert browser_codec("x-unknown") is None


def test_valid_utf8_under_a_legacy_declaration_is_read_as_utf8():
    """A file on disk has no HTTP header to trust; valid multi-byte UTF-8 outweighs a stale meta tag."""
    page = '<html><head><meta charset="windows-1252"></head><body>Kosovo’s “plan”</body></html>'.encode()
    text, codec = decode_html(page)
    assert codec == "utf-8" and "Kosovo’s “plan”" in text
    legacy = '<html><head><meta charset="windows-1252"></head><body>Kosovo’s café</body></html>'.encode(
        "cp1252"
    )
    text, codec = decode_html(legacy)
    assert codec == "cp1252" and "Kosovo’s café" in text


def test_utf16_html_without_a_byte_order_mark():
    page = "<html><body><p>Dushanbe</p></body></html>".encode("utf-16-be")
    text, codec = decode_html(page)
    assert codec == "utf-16-be" and "Dushanbe" in text
