"""Dated events typed in PLOVER terms, with their actors' roles.

Entry point: ``extract_events(doc, timexes, mentions, published, precision) -> list[Event]``.
"""

from extractors.events.extract import VERSION, extract_events

__all__ = ["VERSION", "extract_events"]
