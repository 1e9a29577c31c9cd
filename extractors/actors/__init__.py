"""Actors: mentions of people, organisations, countries and places, merged into actors.

Entry point: ``extract_actors(doc) -> (actors, mentions)``.
"""

from extractors.actors.extract import VERSION, extract_actors

__all__ = ["VERSION", "extract_actors"]
