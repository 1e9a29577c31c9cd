"""Make one document's candidate mentions agree: one kind per name, one key per real-world actor.

Candidates are read one at a time (``candidates``); only the whole
document shows that "Nazarbayev" tagged as a place shares a surname with the
person "Nursultan Nazarbayev", that "Crimea" is a place in one sentence and an
organisation in the next by the model's labels alone, that a surname joins the
longest full name ending in it whose given names agree ("Kasim-Jomart" and
"Kassym-Jomart" do; "Ilham" and "Dilnoza" do not), that an acronym joins the
long form defined with it, and that "the Council" is the council named just
before. This module settles those, in that order, and gives every candidate its
actor key and canonical name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.tokens import Doc

from extractors import nlp
from extractors.actors import countries
from extractors.actors.acronyms import acronym_definitions, initials
from extractors.actors.candidates import Candidate, person_shaped_words
from extractors.actors.lexicon import (
    fold,
    head_word,
    institution_words_only,
    name_heads,
    organization,
    sectors,
)
from extractors.actors.names import given_names_agree, name_key, skeleton

# Surname endings that make a name a person's rather than a place's (Slavic, Turkic, Caucasian names).
_SURNAME_ENDINGS = (
    "ov",
    "ev",
    "ova",
    "eva",
    "yev",
    "yeva",
    "enko",
    "ski",
    "sky",
    "skiy",
    "oglu",
    "yan",
    "dze",
    "shvili",
    "vich",
)
_SPEECH_VERBS = {
    "say",
    "tell",
    "announce",
    "state",
    "add",
    "confirm",
    "claim",
    "declare",
    "note",
    "emphasize",
    "emphasise",
    "stress",
    "argue",
    "insist",
    "explain",
    "report",
    "quote",
    "remark",
    "assert",
    "believe",
    "write",
    "suggest",
    "propose",
    "underline",
    "acknowledge",
}
_STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "-"}


def settle_persons(doc: Doc, cands: list[Candidate]) -> None:
    """Names sharing a surname with a person are that person, whatever the model labelled them.

    A surname cluster is a person's when one of its names was labelled PERSON
    or carries a title; failing that, when two weaker signs agree: a Slavic or
    Turkic surname ending, coordination with a person ("Erdogan and
    Nazarbayev"), or being the subject of a verb of saying.
    """
    clusters: dict[str, list[Candidate]] = defaultdict(list)
    for cand in cands:
        if not cand.fixed and not cand.description and person_shaped_words(cand.words):
            clusters[skeleton(cand.words[-1])].append(cand)
    persons = {id(c) for c in cands if c.kind == "person"}
    for group in clusters.values():
        if any(c.kind == "person" for c in group):
            is_person = True
        else:
            signs = 0
            surname = fold(group[0].words[-1])
            signs += surname.endswith(_SURNAME_ENDINGS)
            signs += any(_coordinated_with(doc, c, cands, persons) for c in group)
            signs += any(_speaks(doc, c) for c in group)
            is_person = signs >= 2
        if is_person:
            for cand in group:
                cand.kind = "person"


def unify_kinds(cands: list[Candidate]) -> None:
    """One name, one kind in a document: the model's labels for "Crimea" or "South Caucasus" vary by sentence."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for cand in cands:
        if not cand.fixed and cand.kind in ("organization", "location", "other"):
            groups[fold(cand.surface)].append(cand)
    order = {"location": 0, "organization": 1, "other": 2}
    for group in groups.values():
        counts = Counter(c.kind for c in group)
        kind = min(counts, key=lambda k: (-counts[k], order[k]))
        for cand in group:
            cand.kind = kind


def _coordinated_with(doc: Doc, cand: Candidate, cands: list[Candidate], persons: set[int]) -> bool:
    root = doc[cand.ts : cand.te].root
    partners = {root.head.i} if root.dep_ in ("conj", "appos") else set()
    partners |= {t.i for t in root.children if t.dep_ in ("conj", "appos")}
    return any(id(c) in persons and any(c.ts <= p < c.te for p in partners) for c in cands)


def _speaks(doc: Doc, cand: Candidate) -> bool:
    root = doc[cand.ts : cand.te].root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in _SPEECH_VERBS


def resolve(doc: Doc, cands: list[Candidate]) -> None:
    """Give every candidate its actor key and canonical name, one per real-world actor."""
    aliases = _aliases(doc, cands)
    for cand in cands:
        if cand.kind == "country":
            cand.canonical = countries.display_name(cand.iso3)
            cand.key = f"country:{cand.iso3}"
        elif cand.kind == "organization":
            _resolve_organization(cand, aliases)
    _resolve_people([c for c in cands if c.kind == "person"])
    for cand in cands:
        if cand.key is None:
            cand.canonical = cand.canonical or cand.surface
            cand.key = name_key(cand.kind, cand.canonical)


def _aliases(doc: Doc, cands: list[Candidate]) -> dict[str, str]:
    """Short forms bound to long forms: acronyms defined in parentheses, either way round,
    names given in parentheses ("Justice and Development Party (AK Party)"), and acronyms
    whose letters are the initials of exactly one organisation in the text."""
    text = nlp.doc_text(doc)
    aliases = dict(acronym_definitions(text))
    orgs = [c for c in cands if c.kind == "organization"]
    for first, second in zip(orgs, orgs[1:]):
        between = text[first.end : second.start]
        after = text[second.end : second.end + 3]
        if re.fullmatch(r"\s*\(\s*", between) and after.lstrip().startswith(")"):
            short, long_ = (second, first) if len(second.surface) < len(first.surface) else (first, second)
            aliases.setdefault(short.surface, long_.canonical or long_.surface)
    long_forms = {c.canonical or c.surface for c in orgs if len(c.words) >= 2}
    for cand in orgs:
        if cand.surface.isupper() and cand.surface not in aliases and organization(cand.surface) is None:
            matches = {name for name in long_forms if initials(name) == cand.surface.replace("&", "")}
            if len(matches) == 1:
                aliases[cand.surface] = matches.pop()
    return aliases


def _resolve_organization(cand: Candidate, aliases: dict[str, str]) -> None:
    defined = aliases.get(cand.surface)
    if (
        cand.canonical
        and defined
        and (organization(defined) is None or organization(defined).name != cand.canonical)
    ):
        cand.canonical, cand.agent_type = None, None  # the document defines this acronym its own way
    name = cand.canonical or defined or cand.surface
    entry = organization(name) if not cand.fixed else None
    if entry is not None and not cand.country:
        cand.canonical, cand.agent_type, cand.sector = (
            entry.name,
            entry.agent_type,
            cand.sector or entry.sector,
        )
        cand.country = entry.country
        name = entry.name
    if not cand.fixed and _generic_institution(name) and cand.country:
        name = (
            f"{name} ({countries.display_name(cand.country)})"  # one country's ministry, not every ministry
        )
    cand.canonical = name
    cand.key = name_key("organization", name)


def _generic_institution(name: str) -> bool:
    """'Ministry of Foreign Affairs', 'Supreme Court': names every state's body bears.

    Every word is an institution word and the head is a body of the state, so
    "Justice and Development Party" (a party) stays a name of its own.
    """
    head = fold(head_word(name.split()) or "")
    return (
        institution_words_only(name)
        and sectors().get(head, sectors().get(head.rstrip("s"))) in _STATE_SECTORS
    )


def _resolve_people(persons: list[Candidate]) -> None:
    """A surname joins the full name it ends; full names with agreeing given names are one person."""
    by_surname: dict[str, list[Candidate]] = defaultdict(list)
    for cand in persons:
        by_surname[skeleton(cand.words[-1])].append(cand)
    for group in by_surname.values():
        people: list[list[Candidate]] = []  # each: the full-name mentions of one person
        for cand in sorted((c for c in group if len(c.words) > 1), key=lambda c: -len(c.words)):
            for person in people:
                if given_names_agree(cand.words[:-1], person[0].words[:-1]):
                    person.append(cand)
                    break
            else:
                people.append([cand])
        for person in people:
            name = max(person, key=lambda c: (len(c.words), len(c.surface), -c.start)).surface
            for cand in person:
                cand.canonical = name
        for cand in group:
            if len(cand.words) == 1:
                cand.canonical = _nearest_person(cand, people) or cand.surface
            cand.key = name_key("person", cand.canonical)


def _nearest_person(cand: Candidate, people: list[list[Candidate]]) -> str | None:
    """The person a lone surname means: the only one, else the one named last before it, else next after."""
    if not people:
        return None
    if len(people) == 1:
        return people[0][0].canonical
    before = [(c.start, p[0].canonical) for p in people for c in p if c.start < cand.start]
    if before:
        return max(before)[1]
    return min((c.start, p[0].canonical) for p in people for c in p)[1]


def descriptions(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """'the organization', 'the Council', 'the Ministry': the nearest earlier organisation with that head."""
    orgs = sorted((c for c in cands if c.kind == "organization"), key=lambda c: c.start)
    if not orgs:
        return []
    heads = [(c.start, _head_key(head_word((c.canonical or c.surface).split()) or ""), c) for c in orgs]
    covered = {i for c in cands for i in range(c.ts, c.te)}
    for cand in cands:  # "the Council" tagged as a name of its own
        if (
            cand.kind == "organization"
            and not cand.fixed
            and len(cand.words) == 1
            and cand.ts > 0
            and doc[cand.ts - 1].lower_ == "the"
            and name_heads().get(fold(cand.surface)) == "organization"
        ):
            earlier = [
                c
                for start, head, c in heads
                if head == _head_key(cand.surface) and start < cand.start and c is not cand
            ]
            if earlier:
                target = earlier[-1]
                cand.key, cand.canonical, cand.country = target.key, target.canonical, target.country
                cand.agent_type, cand.sector, cand.description = target.agent_type, target.sector, True
    out = []
    for tok in doc:
        if (
            tok.i in covered
            or tok.i == 0
            or doc[tok.i - 1].lower_ != "the"
            or tok.pos_ not in ("NOUN", "PROPN")
        ):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (
            nxt.lower_ == "of"
            or (nxt.text[:1].isupper() and nxt.pos_ == "PROPN")
            or nxt.pos_ in ("NOUN", "PROPN")
        ):
            continue  # "the Council of Europe", "the Council Chairman": not a bare reference
        key = _head_key(tok.text)
        if name_heads().get(fold(tok.text)) != "organization":
            continue  # "the world", "the region": not a reference to a named body
        earlier = [c for start, head, c in heads if head == key and start < tok.idx]
        if not earlier or tok.tag_ in ("NNS", "NNPS"):
            continue
        target = earlier[-1]
        cand = Candidate(
            tok.i,
            tok.i + 1,
            tok.idx,
            tok.idx + len(tok.text),
            tok.text,
            "organization",
            "COREF",
            country=target.country,
            canonical=target.canonical,
            agent_type=target.agent_type,
            sector=target.sector,
            description=True,
            key=target.key,
        )
        out.append(cand)
    return out


def _head_key(word: str) -> str:
    return fold(word).replace("organis", "organiz")
