"""Temporal expressions, normalised, with precision, anchored on the narrative.

Entry point: ``find_timexes(doc, paragraphs, published, precision) -> list[Timex]``.
"""

from extractors.timex.extract import VERSION, Timex, find_timexes

__all__ = ["VERSION", "Timex", "find_timexes"]
