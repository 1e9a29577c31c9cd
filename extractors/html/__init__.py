"""Web pages: article text, metadata, listing pages, dates and by-lines as printed.

Entry point: ``extract_html(data, content_type=None, fetched_at=None) -> list[Article]``.
"""

from extractors.html.extract import VERSION, extract_html

__all__ = ["VERSION", "extract_html"]
