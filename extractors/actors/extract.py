"""Actors: who is named in a document, merged across the forms the text uses.

The one entry point is ``extract_actors``; the steps it runs live in modules
of their own:

1. **candidates** (``candidates``): spaCy's entities, cut at parentheses
   and peeled of demonyms and titles, plus the gazetteer hits and bare
   acronyms the model missed, each given a kind from its head word and
   context rather than the model's label.
2. **agreement** (``actor_resolution``): within the document, names sharing a
   surname with a person are that person, one name keeps one kind, a surname
   joins the full name it ends, an acronym its long form, and "the Council"
   the nearest earlier council.
3. **sector** (``actor_sectors``): the PLOVER sector of each mention
   ("Sudanese government" GOV, "Russian troops" MIL, "Foreign Minister" GOV).
4. **records** (here): mentions become ``Mention`` rows and the actors they
   resolve to ``Actor`` rows, with the country each belongs to when the text
   says it ("Kazakh President", "King Hassan of Morocco").

The word lists all of them read are in ``lexicon``. Each mention's side
in its sentence's event is read later, by ``event_roles``.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc

from core.records import Actor, Mention
from extractors.actors.candidates import Candidate, find_candidates
from extractors.actors.resolution import descriptions, resolve, settle_persons, unify_kinds
from extractors.actors.sectors import sector_of

__all__ = ["VERSION", "extract_actors"]

VERSION = "actors-0.4"  # 0.3: a minister's portfolio is cut off the name after it; 0.4: "Le | Drian" runs on; "in X" is a place


def extract_actors(doc: Doc) -> tuple[list[Actor], list[Mention]]:
    """Mentions of actors in ``doc`` and the document-level actors they resolve to."""
    candidates = find_candidates(doc)
    settle_persons(doc, candidates)
    unify_kinds(candidates)
    resolve(doc, candidates)
    candidates.extend(descriptions(doc, candidates))
    candidates.sort(key=lambda c: c.start)
    for cand in candidates:
        cand.sector = cand.sector or sector_of(doc, cand)
    return _records(candidates)


def _records(cands: list[Candidate]) -> tuple[list[Actor], list[Mention]]:
    """One Actor per key and one Mention per candidate; an actor's country is the one its mentions say most."""
    actors: dict[str, Actor] = {}
    affiliations: dict[str, Counter] = defaultdict(Counter)
    mentions = []
    for cand in cands:
        actor = actors.get(cand.key)
        if actor is None:
            actor = actors[cand.key] = Actor(
                cand.key, cand.canonical, cand.kind, None, agent_type=cand.agent_type
            )
        if cand.kind == "country":
            actor.country_code = cand.iso3
        elif cand.country and not (cand.agent_type and cand.fixed):
            affiliations[cand.key][cand.country] += 1
        if not cand.description and cand.surface not in actor.aliases:
            actor.aliases.append(cand.surface)
        mentions.append(
            Mention(cand.key, cand.surface, cand.start, cand.end, cand.label, cand.role, cand.sector)
        )
    for key, counts in affiliations.items():
        if actors[key].country_code is None and actors[key].agent_type is None:
            actors[key].country_code = counts.most_common(1)[0][0]
    for cand in cands:  # a national body from a gazetteer (an agency, a party) names its country itself
        if cand.fixed and cand.agent_type is None and cand.country and actors[cand.key].country_code is None:
            actors[cand.key].country_code = cand.country
    return list(actors.values()), mentions
