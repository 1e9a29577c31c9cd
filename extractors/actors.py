"""Actors: who is named in a document, merged across the forms the text uses.

spaCy's entities are the candidates. They are corrected with a gazetteer
(countries, demonyms, capitals), split where a demonym or a title is glued to a
name ("Kazakh President Kassym-Jomart Tokayev" is a country, a role and a
person), and clustered within the document: a surname alone joins the longest
full name ending in it, and an acronym defined in parentheses joins its long form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span

from dossier.records import Actor, Mention
from extractors import countries
from extractors.names import clean_surface, fold, name_key

VERSION = "actors-0.1"

_LABEL_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
               "FAC": "location", "NORP": "other"}
_ACRONYM_DEF = re.compile(r"((?:[A-Z][\w'’&-]*\s+)(?:(?:of|for|and|the|on|in|&)\s+|[A-Z][\w'’&-]*\s+){1,10})\(([A-Z][A-Za-z&]{1,9})\)")


@lru_cache(maxsize=1)
def _roles() -> frozenset[str]:
    text = resources.files("extractors").joinpath("data/roles.txt").read_text("utf-8")
    return frozenset(fold(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


@dataclass
class _Candidate:
    start: int  # char offsets of the name itself (title and demonym removed)
    end: int
    surface: str
    kind: str
    label: str
    role: str | None = None
    country: str | None = None  # affiliation said next to the name
    iso3: str | None = None  # for countries
    tokens: list[str] = field(default_factory=list)


def extract_actors(doc: Doc) -> tuple[list[Actor], list[Mention]]:
    """Mentions of actors in ``doc`` and the document-level actors they resolve to."""
    candidates = _candidates(doc)
    acronyms = _acronym_definitions(doc.text)
    _reclassify_persons(candidates)
    actors: dict[str, Actor] = {}
    mentions: list[Mention] = []
    persons = [c for c in candidates if c.kind == "person"]
    for cand in candidates:
        actor = _resolve(cand, persons, acronyms)
        existing = actors.get(actor.key)
        if existing is None:
            actors[actor.key] = actor
        else:
            existing.country_code = existing.country_code or actor.country_code
        if cand.surface not in actors[actor.key].aliases:
            actors[actor.key].aliases.append(cand.surface)
        mentions.append(Mention(actor.key, cand.surface, cand.start, cand.end, cand.label, cand.role))
    return list(actors.values()), mentions


def _candidates(doc: Doc) -> list[_Candidate]:
    out: list[_Candidate] = []
    for ent in doc.ents:
        if ent.label_ not in _LABEL_KIND:
            continue
        out.extend(_split_entity(doc, ent))
    out.extend(_gazetteer_countries(doc))
    out.sort(key=lambda c: c.start)
    return out


def _gazetteer_countries(doc: Doc, longest: int = 5) -> list[_Candidate]:
    """Country names and demonyms the statistical model missed (it misses "Türkiye" often)."""
    found: list[_Candidate] = []
    i = 0
    while i < len(doc):
        if doc[i].ent_type_ or not doc[i].text[:1].isupper():
            i += 1
            continue
        for n in range(min(longest, len(doc) - i), 0, -1):
            span = doc[i:i + n]
            if any(t.ent_type_ for t in span):
                continue
            country = countries.lookup(span.text)
            if len(span.text) <= 3 and not span.text.isupper():
                continue  # "Us" opening a sentence is not the United States
            if country and country.form in ("name", "demonym"):
                found.append(_country_candidate(span.start_char, span.end_char, span.text, country.iso3, "GAZETTEER"))
                i += n - 1
                break
        i += 1
    return found


def _split_entity(doc: Doc, ent: Span) -> list[_Candidate]:
    """Peel demonyms and titles off the front of an entity (and just before it)."""
    tokens = list(ent)
    pieces: list[_Candidate] = []
    role_words: list[str] = []
    affiliation: str | None = None
    # Look just before the entity for "Kazakh President" / "Foreign Minister".
    i = ent.start - 1
    before: list = []
    while i >= 0 and doc[i].is_title and fold(doc[i].text) in _roles() | _role_parts():
        before.insert(0, doc[i])
        i -= 1
    if before:
        role_words = [t.text for t in before]
    if i >= 0 and before and (c := countries.lookup(doc[i].text)) and c.form == "demonym":
        affiliation = c.iso3
    # Then inside the entity.
    while len(tokens) > 1:
        head = tokens[0]
        country = countries.lookup(head.text)
        if country and country.form == "demonym":
            pieces.append(_country_candidate(head.idx, head.idx + len(head.text), head.text, country.iso3, ent.label_))
            affiliation = country.iso3
            tokens = tokens[1:]
        elif fold(head.text) in _roles() | _role_parts() and head.is_title:
            role_words.append(head.text)
            tokens = tokens[1:]
        elif head.lower_ in ("the",):
            tokens = tokens[1:]
        else:
            break
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    surface = clean_surface(doc.text[start:end])
    if not surface or not any(ch.isalpha() for ch in surface):
        return pieces
    end = start + doc.text[start:end].find(surface) + len(surface) if surface in doc.text[start:end] else end
    start = end - len(surface)
    role = " ".join(role_words) or None
    country = countries.lookup(surface)
    if country and country.form in ("name", "demonym"):
        pieces.append(_country_candidate(start, end, surface, country.iso3, ent.label_))
        return pieces
    kind = _LABEL_KIND[ent.label_]
    if country and country.form == "capital":
        # A capital as grammatical subject speaks for its government ("Ankara condemned").
        kind = "country" if tokens[-1].dep_ in ("nsubj", "nsubjpass") else "location"
        pieces.append(_Candidate(start, end, surface, kind, ent.label_, iso3=country.iso3 if kind == "country" else None,
                                 country=country.iso3, tokens=[t.text for t in tokens]))
        return pieces
    if role and kind != "person" and ent.label_ in ("ORG", "GPE", "NORP") and _looks_like_person_name(tokens):
        kind = "person"
    pieces.append(_Candidate(start, end, surface, kind, ent.label_, role=role, country=affiliation,
                             tokens=[t.text for t in tokens]))
    return pieces


@lru_cache(maxsize=1)
def _role_parts() -> frozenset[str]:
    """Single words of multi-word titles ("Secretary", "General") so titles are peeled word by word."""
    return frozenset(part for role in _roles() for part in role.split())


def _looks_like_person_name(tokens) -> bool:
    return 1 <= len(tokens) <= 4 and all(t.is_title or "-" in t.text for t in tokens)


def _country_candidate(start: int, end: int, surface: str, iso3: str, label: str) -> _Candidate:
    return _Candidate(start, end, surface, "country", label, iso3=iso3, country=iso3, tokens=surface.split())


def _reclassify_persons(cands: list[_Candidate]) -> None:
    """A lone surname tagged ORG or GPE is a person when a person in the text bears it."""
    surnames = {fold(c.tokens[-1]) for c in cands if c.kind == "person" and len(c.tokens) > 1}
    for c in cands:
        if c.kind in ("organization", "location", "other") and len(c.tokens) == 1 and fold(c.tokens[0]) in surnames:
            c.kind = "person"


def _acronym_definitions(text: str) -> dict[str, str]:
    """'Organization of Turkic States (OTS)' -> {'OTS': 'Organization of Turkic States'}.

    The long form is trimmed from the left until its capitalised words' initials
    spell the acronym, so a preceding sentence start is not taken along.
    """
    found: dict[str, str] = {}
    for m in _ACRONYM_DEF.finditer(text):
        words, acronym = m.group(1).split(), m.group(2)
        for i in range(len(words)):
            initials = "".join(w[0] for w in words[i:] if w[0].isupper())
            if initials.upper() == acronym.upper().replace("&", ""):
                found.setdefault(acronym, " ".join(words[i:]))
                break
    return found


def _resolve(cand: _Candidate, persons: list[_Candidate], acronyms: dict[str, str]) -> Actor:
    if cand.kind == "country":
        name = countries.display_name(cand.iso3)
        return Actor(f"country:{cand.iso3}", name, "country", cand.iso3)
    name = cand.surface
    if cand.kind == "person":
        name = _full_name(cand, persons)
    elif cand.kind == "organization" and name in acronyms:
        name = acronyms[name]
    return Actor(name_key(cand.kind, name), name, cand.kind, _affiliation(cand, persons, name))


def _full_name(cand: _Candidate, persons: list[_Candidate]) -> str:
    """The longest name in the document that ends with this mention's last word."""
    last = fold(cand.tokens[-1]) if cand.tokens else fold(cand.surface)
    best = cand.surface
    for other in persons:
        if other.tokens and fold(other.tokens[-1]) == last and len(other.surface) > len(best):
            if len(cand.tokens) > 1 and fold(other.tokens[0]) != fold(cand.tokens[0]):
                continue  # a different first name: a different person
            best = other.surface
    return best


def _affiliation(cand: _Candidate, persons: list[_Candidate], name: str) -> str | None:
    if cand.country:
        return cand.country
    if cand.kind == "person":  # "President Aliyev" inherits what "Azerbaijani President Ilham Aliyev" said
        for other in persons:
            if other.country and other.surface == name:
                return other.country
    return None
