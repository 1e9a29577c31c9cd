"""The PLOVER sector of each actor mention: "Sudanese government" GOV, "Russian troops" MIL.

A sector belongs to the mention, not the actor: the same country is GOV in
"Ugandan officials" and MIL in "Ugandan troops". It comes from the mention's
title ("Foreign Minister"), its own name ("Ministry of Defence"), or the noun
the mention modifies. It is read last, once resolution has given every
organisation its canonical name, so "CRC" is read as the commission it stands for.
"""

from __future__ import annotations

from spacy.tokens import Doc

from extractors.actors.candidates import Candidate
from extractors.actors.lexicon import fold, sectors, titles


def sector_of(doc: Doc, cand: Candidate) -> str | None:
    """The PLOVER sector this mention is given: by its title, its own name, or the noun it modifies."""
    if cand.role:
        title = titles().get(fold(cand.role)) or titles().get(fold(cand.role.split()[-1]))
        if title is not None and title.sector:
            return title.sector
    if cand.kind == "organization":
        sector = _sector_in_words([fold(w) for w in (cand.canonical or cand.surface).split()])
        if sector:
            return sector
    return _context_sector(doc, cand)


def _sector_in_words(words: list[str]) -> str | None:
    """The most specific sector named in a list of words: MIL, JUD, LEG... before GOV."""
    found = []
    for i, word in enumerate(words):
        for text in (" ".join(words[i : i + 2]), word, word.rstrip("s")):
            sector = sectors().get(text)
            if sector and sector != "-":
                found.append(sector)
                break
    specific = [s for s in found if s != "GOV"]
    return specific[0] if specific else (found[0] if found else None)


def _context_sector(doc: Doc, cand: Candidate) -> str | None:
    """'Sudanese government', "Sudan's government", 'government of Sudan', 'Afghan rebel leaders'."""
    root = doc[cand.ts : cand.te].root
    head = None
    if root.dep_ in ("amod", "compound", "poss", "nmod", "nn") and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
    elif root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        head = root.head.head
    if head is None or head.i in range(cand.ts, cand.te):
        return None
    modifiers = [
        t
        for t in head.children
        if t.dep_ in ("compound", "amod") and t.i < head.i and not cand.ts <= t.i < cand.te
    ]
    words = [fold(t.lemma_) for t in sorted(modifiers, key=lambda t: t.i)] + [fold(head.lemma_)]
    specific = _sector_in_words(words[:-1])
    if specific:
        return specific
    return _sector_in_words([" ".join(words[-2:])] if len(words) > 1 else []) or _sector_in_words(words[-1:])
