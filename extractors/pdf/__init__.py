"""PDFs: words and layout, columns, running heads, hyphenation, references.

Entry point: ``extract_pdf(data) -> list[Article]``.
"""

from extractors.pdf.extract import VERSION, extract_pdf

__all__ = ["VERSION", "extract_pdf"]
