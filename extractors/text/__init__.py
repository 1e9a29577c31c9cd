"""Plain text, and telling a source's type from its bytes.

Entry point: ``extract_text(data) -> list[Article]``.
"""

from extractors.text.extract import VERSION, extract_text

__all__ = ["VERSION", "extract_text"]
