"""Quoted spans: the cue, the speaker, and quotation told apart from a term.

Entry point: ``extract_quotes(doc, mentions, events, published, precision) -> list[Quote]``.
"""

from extractors.quotes.extract import VERSION, extract_quotes

__all__ = ["VERSION", "extract_quotes"]
