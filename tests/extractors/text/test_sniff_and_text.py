import pytest

from core.errors import ExtractionError
from extractors.text.extract import extract_text
from extractors.text.sniff import detect_type


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html></html>", "html"),
        (b"<!-- saved page -->\n<html lang='en'>", "html"),
        (b"Statement on the river accord\n\nThe commission met.", "text"),
    ],
)
def test_type_comes_from_the_content(data, kind):
    assert detect_type(data, "whatever.bin") == kind


def test_binary_and_empty_input_are_refused():
    with pytest.raises(ExtractionError, match="empty"):
        detect_type(b"")
    with pytest.raises(ExtractionError, match="binary"):
        detect_type(bytes(range(256)))


def test_plain_text_title_is_the_first_line_and_spaces_are_normalised():
    (article,) = extract_text("Accord signed\r\n\r\nThe  parties\u00a0agreed.\r\n\r\n\r\nMore.".encode())
    assert article.title == "Accord signed"
    assert article.text == "The parties agreed.\n\nMore."


def test_legacy_encoded_text_is_decoded_not_lost():
    (article,) = extract_text("Title\n\nThe café’s “menu”.".encode("cp1252"))
    assert "café’s “menu”" in article.text


def test_a_first_line_that_is_a_paragraph_stays_in_the_body():
    """News files often start with their first paragraph: it is text, not a title."""
    text = '"We will not sign," the minister said on Monday.\nTalks resume in May.'
    (article,) = extract_text(text.encode())
    assert article.title is None and article.text.startswith('"We will not sign,"')
    (article,) = extract_text(b"The council met in Tashkent on 4 May.\n\nIt agreed a tariff.")
    assert article.title is None and article.text.startswith("The council met")


def test_a_title_needs_a_blank_line_after_it_and_no_final_stop():
    (article,) = extract_text(b"Ferry tariff agreed\nThe council met on 4 May.")
    assert article.title is None
    (article,) = extract_text(b"Ferry tariff agreed: what changes?\n\nThe council met on 4 May.")
    assert article.title == "Ferry tariff agreed: what changes?"


def test_utf16_without_a_byte_order_mark_is_read():
    text = "Statement on the river accord\n\nThe commission met in Nukus."
    for codec in ("utf-16-le", "utf-16-be"):
        data = text.encode(codec)
        assert detect_type(data, "statement.txt") == "text"
        (article,) = extract_text(data)
        assert article.text == "The commission met in Nukus."
    page = "<!DOCTYPE html><html><body><p>Hello</p></body></html>".encode("utf-16-le")
    assert detect_type(page, "page.html") == "html"


def test_stray_nul_bytes_are_removed_and_counted():
    data = b"Statement\n\nThe commission\x00 met\x00 in Nukus."
    assert detect_type(data, "s.txt") == "text"
    (article,) = extract_text(data)
    assert article.text == "The commission met in Nukus."
    assert article.metadata["nul_characters_removed"] == 2
