"""Look up what ``extract_actors`` found by canonical name, as the actor tests read it."""

from __future__ import annotations

from extractors.actors.extract import extract_actors


def actors_of(nlp, text):
    """(actors by canonical name, mentions) of ``text``."""
    found, mentions = extract_actors(nlp(text))
    return {a.canonical_name: a for a in found}, mentions


def surfaces(mentions, actor):
    """The surfaces of ``actor``'s mentions, in text order."""
    return [m.surface for m in mentions if m.actor_key == actor.key]
