"""From a source's bytes to its articles, whatever the format.

The one entry point the flow calls: it sniffs the type from the content and
hands the bytes to the HTML, PDF or plain-text extractor.
"""

from __future__ import annotations

import datetime as dt

from core.errors import ExtractionError
from core.records import Article
from extractors import html, pdf, pipeline, text
from extractors.text.sniff import detect_type

_EXTRACTORS = {"html": html, "pdf": pdf, "text": text}


def extract(
    data: bytes, name_hint: str = "", content_type: str | None = None, fetched_at: dt.date | None = None
) -> tuple[str, list[Article]]:
    """(doc_type, articles) for one source; raises ExtractionError for unusable input."""
    doc_type = detect_type(data, name_hint)
    if doc_type == "html":
        articles = html.extract_html(data, content_type=content_type, fetched_at=fetched_at)
    elif doc_type == "pdf":
        articles = pdf.extract_pdf(data)
    else:
        articles = text.extract_text(data)
    articles = [a for a in articles if a.text.strip()]
    if not articles:
        raise ExtractionError(f"no text found in {doc_type} source")
    return doc_type, articles


def pipeline_version() -> str:
    """Every extractor's version in one string: a change in any re-extracts the source."""
    versions = {name: module.VERSION for name, module in _EXTRACTORS.items()} | pipeline.versions()
    return ",".join(f"{k}={v}" for k, v in sorted(versions.items()))
