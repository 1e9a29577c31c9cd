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
