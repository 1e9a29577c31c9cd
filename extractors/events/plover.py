"""What kind of event a clause states, in PLOVER's terms.

PLOVER (the successor of CAMEO used by POLECAT) has 16 event categories:
AGREE, CONSULT, SUPPORT, COOPERATE, AID, REQUEST, ACCUSE, REJECT, THREATEN,
PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT, CONCEDE, RETREAT. A clause gets
its category from its predicate, read through the parse the way a coder reads
it:

* the verb itself ("condemned" -> ACCUSE), or its phrasal form ("called for"
  -> REQUEST, "came to power");
* for a light verb, the noun it carries ("held talks" -> CONSULT, "imposed
  sanctions" -> SANCTION, "expressed support" -> SUPPORT);
* for a transparent verb, its complement ("plans to visit" -> CONSULT, "the
  conflict erupted" -> ASSAULT);
* for a reporting verb, the reported clause ("said they had agreed to" ->
  AGREE), or the statement itself when nothing is reported.

Events an analyst dates that PLOVER does not code (a leader coming to power,
an election) are kept as OTHER with a subtype. The lexicons are data
(``data/event_verbs.tsv``, ``data/event_nouns.tsv``) so they can grow
without touching the code.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from extractors.common.datafiles import data_lines

CATEGORIES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "CONCEDE",
    "RETREAT",
)
_CLAUSAL = ("xcomp", "ccomp", "advcl", "conj", "pcomp", "acl", "relcl", "csubj")
_NEGATIONS = {"not", "n't", "never", "no"}


@dataclass(frozen=True)
class Entry:
    category: str | None
    subtype: str | None
    kind: str  # event | light | report | aspect | intent | undo | intransitive


@dataclass
class EventType:
    """The category a clause gets, and the word that gave it."""

    category: str
    subtype: str | None
    predicate: Token  # the verb or noun that states the event
    via: Token  # the word whose lexicon entry decided (the noun of a light verb, the complement of "plan to")


def _load(name: str) -> dict[str, Entry]:
    table: dict[str, Entry] = {}
    for line in data_lines(name):
        key, category, subtype, kind = (line.split("\t") + ["", "", "", "event"])[:4]
        table[key.strip()] = Entry(
            None if category.strip() in ("-", "") else category.strip(),
            None if subtype.strip() in ("-", "") else subtype.strip(),
            kind.strip() or "event",
        )
    return table


@lru_cache(maxsize=1)
def verbs() -> dict[str, Entry]:
    return _load("event_verbs.tsv")


@lru_cache(maxsize=1)
def nouns() -> dict[str, Entry]:
    return _load("event_nouns.tsv")


def lemmas(token: Token) -> list[str]:
    """The parser's lemma, then what the word's ending says, for when the lemmatiser slips ('staged' -> 'stag')."""
    out = [token.lemma_.lower()]
    word = token.lower_
    if not (word.startswith(out[0]) and 0 < len(word) - len(out[0]) <= 3):
        return out  # 'found' -> 'find' is right: no guessing
    if word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith("ed"):
        out += [word[:-1], word[:-2]] + ([word[:-3]] if len(word) > 4 and word[-3] == word[-4] else [])
    if word.endswith("ing"):
        out += [word[:-3], word[:-3] + "e"] + ([word[:-4]] if len(word) > 5 and word[-4] == word[-5] else [])
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    out.append(word)
    return list(dict.fromkeys(out))


def verb_entry(verb: Token) -> Entry | None:
    """The lexicon entry of a verb, preferring the longest key the parse supports ('come to power' over 'come')."""
    table = verbs()
    for lemma in lemmas(verb):
        found = _verb_entry(verb, lemma, table)
        if found is not None:
            return found
    return None


def _verb_entry(verb: Token, lemma: str, table: dict[str, Entry]) -> Entry | None:
    keys: list[str] = []
    for child in verb.children:
        word = child.lower_
        if child.dep_ in ("prep", "agent", "dative"):
            keys += [f"{lemma} {word} {g.lemma_.lower()}" for g in child.children if g.dep_ == "pobj"]
            keys.append(f"{lemma} {word}")
        elif child.dep_ == "prt":
            keys.append(f"{lemma} {word}")
            keys += [f"{lemma} {word} {g.lemma_.lower()}" for g in verb.children if g.dep_ == "prep"]
        elif child.dep_ in ("dobj", "attr"):
            keys.append(f"{lemma} {child.lemma_.lower()}")
    for key in sorted(keys, key=lambda k: -len(k.split())):
        if key in table:
            return table[key]
    return table.get(lemma)


def noun_entry(noun: Token) -> Entry | None:
    """The lexicon entry of an event noun ('hunger strike' before 'strike'); aspect nouns read their 'of' complement."""
    table = nouns()
    names = lemmas(noun)
    lemma = names[0]
    for child in noun.children:
        for name in names:
            if child.dep_ in ("compound", "amod") and f"{child.lemma_.lower()} {name}" in table:
                return table[f"{child.lemma_.lower()} {name}"]
    entry = next((table[n] for n in names if n in table), None)
    if entry is not None and entry.kind == "aspect":
        inner = _of_complement(noun)
        found = noun_entry(inner) if inner is not None else None
        if found is not None and found.category:
            return Entry(found.category, f"{found.subtype} ({lemma})" if found.subtype else None, "event")
        return None
    return entry


def _of_complement(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def is_negated(token: Token) -> bool:
    """'did not sign', 'never met', 'no talks were held', 'nobody was hurt': nothing happened."""
    return any(
        c.dep_ == "neg"
        or (c.lower_ in _NEGATIONS and c.dep_ in ("advmod", "det"))
        or (c.lower_ in _NOBODY and c.dep_ in ("nsubj", "nsubjpass"))
        for c in token.children
    )


_NOBODY = {"nobody", "nothing", "none", "noone"}


# Categories of cooperation and of conflict: an intention to cooperate is AGREE, an intention
# to harm is THREATEN, a refusal of cooperation is REJECT (CAMEO 03, 13 and 12).
# Ending a coercive act concedes (CAMEO 081-083); ending sanctions retreats from them (085).
_UNDONE = {"COERCE": "CONCEDE", "SANCTION": "RETREAT", "PROTEST": "CONCEDE", "ASSAULT": "RETREAT"}
_COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
_CONFLICTUAL = {"SANCTION", "PROTEST", "COERCE", "ASSAULT", "MOBILIZE"}
_FUTURE_AUX = {"will", "would", "shall", "'ll", "wo", "going"}
_OBLIGATION_AUX = {"must", "should", "ought"}
_INTENT_ADJECTIVES = {"ready", "willing", "prepared", "determined", "poised", "set", "eager", "keen"}
_CIVILIANS = {
    "protester",
    "demonstrator",
    "supporter",
    "student",
    "worker",
    "activist",
    "farmer",
    "people",
    "youth",
    "crowd",
    "resident",
    "villager",
    "opponent",
    "union",
    "teacher",
    "driver",
    "trucker",
    "miner",
    "employee",
    "thousand",
    "hundred",
    "dozen",
    "citizen",
    "member",
    "women",
    "man",
    "woman",
}


def type_noun(noun: Token) -> EventType | None:
    """A noun's event, or the event its clause states ('a statement condemning', 'a declaration demanding')."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "without":
        return None  # "ended without agreement"
    for child in noun.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB" and child.tag_ == "VBG":
            found = type_verb(child)
            if found is not None:
                return found
    entry = noun_entry(noun)
    if entry is None or entry.category is None:
        for child in noun.children:  # "a mediation effort", "a peace deal": the modifier names the event
            if child.dep_ == "compound" and child.pos_ == "NOUN":
                inner = noun_entry(child)
                if inner is not None and inner.category is not None:
                    return EventType(inner.category, inner.subtype, noun, child)
        return None
    return EventType(entry.category, entry.subtype, noun, noun)


def event_noun(noun: Token) -> EventType | None:
    """Does this noun name an event ('summit', 'the coup attempt', 'a peace deal')? Its own words only."""
    entry = noun_entry(noun)
    if entry is not None and entry.category is not None:
        return EventType(entry.category, entry.subtype, noun, noun)
    for child in noun.children:
        if child.dep_ == "compound" and child.pos_ == "NOUN":
            inner = noun_entry(child)
            if inner is not None and inner.category is not None:
                return EventType(inner.category, inner.subtype, noun, child)
    return None


def type_verb(verb: Token, depth: int = 0) -> EventType | None:
    """The category a verb's clause states, following light, transparent and reporting verbs and modality."""
    found, chain = _base_type(verb, depth)
    if found is None:
        return None
    return _with_modality(found, chain)


def _base_type(verb: Token, depth: int) -> tuple[EventType | None, list[Token]]:
    """The event the words name, and the verbs passed on the way (for modality)."""
    if depth > 5:
        return None, []
    entry = verb_entry(verb)
    chain = [verb]
    if entry is not None and entry.kind == "intransitive" and any(c.dep_ == "dobj" for c in verb.children):
        entry = None  # "demonstrated restraint" is no demonstration
    if entry is None:
        inner = _adjectival_complement(verb)  # "is prepared to lift", "is ready to talk"
        if inner is not None:
            found, rest = _base_type(inner, depth + 1)
            return found, chain + rest
        return None, chain
    if entry.kind == "light":
        noun = _carried_noun(verb)
        found = type_noun(noun) if noun is not None else None
        if found is not None:
            return EventType(found.category, found.subtype, verb, found.via), chain
    elif entry.kind in ("aspect", "intent"):
        inner = _complement_verb(verb)
        if inner is not None:
            found, rest = _base_type(inner, depth + 1)
            if found is not None:
                return found, chain + rest
            if entry.kind == "aspect":
                return None, chain  # "stops being a wall": the complement says nothing happened
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if entry.kind == "aspect" and subject is not None and subject.pos_ in ("NOUN", "PROPN"):
            found = type_noun(subject)  # "the conflict erupted", "the talks took place"
            if found is not None:
                return EventType(found.category, found.subtype, verb, found.via), chain
    elif entry.kind == "undo":
        noun = _carried_noun(verb)
        found = type_noun(noun) if noun is not None else None
        undone = _UNDONE.get(found.category) if found is not None else None
        if undone is not None:
            if found.category == "COERCE" and found.subtype in ("blockade", "siege", "occupation"):
                undone = "RETREAT"  # easing a military blockade is de-escalation
            return EventType(undone, f"{found.subtype} ended", verb, found.via), chain
        if noun is None and entry.category is None:
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            found = type_noun(subject) if subject is not None and subject.pos_ in ("NOUN", "PROPN") else None
            if found is not None:  # "the war ended"
                return EventType(found.category, found.subtype, verb, found.via), chain
    elif entry.kind == "report":
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        found = (
            type_noun(obj) if obj is not None else None
        )  # "announced a suspension", "declared a ceasefire"
        if found is not None:
            return EventType(found.category, found.subtype, verb, found.via), chain
        content = _complement_verb(verb, ("ccomp", "xcomp"))
        if content is not None:
            if _has_aux(content, _OBLIGATION_AUX) or _has_have_to(content):
                return EventType("REQUEST", "demand", content, content), chain + [content]
            found, rest = _first_typed(content, depth + 1)
            if found is not None:
                return found, chain + rest
    if entry.category is None:
        return None, chain
    return EventType(entry.category, entry.subtype, verb, verb), chain


def _first_typed(head: Token, depth: int) -> tuple[EventType | None, list[Token]]:
    """The first clause in a reported content that states an event (breadth first)."""
    for token in _breadth_first(
        head, lambda t: [c for c in t.children if c.dep_ in _CLAUSAL and c.pos_ in ("VERB", "AUX")]
    ):
        if token.pos_ in ("VERB", "AUX"):
            found, chain = _base_type(token, depth)
            if found is not None:
                return found, chain
    return None, []


def _breadth_first(head: Token, follow) -> Iterator[Token]:
    """Tokens from ``head`` outwards, each once, going down to the children ``follow`` picks."""
    queue, seen = deque([head]), set()
    while queue:
        token = queue.popleft()
        if token.i in seen:
            continue
        seen.add(token.i)
        yield token
        queue.extend(follow(token))


def _with_modality(found: EventType, chain: list[Token]) -> EventType:
    """Recode by modality as CAMEO does: refused cooperation, demands, and intentions."""
    tokens = chain + [found.predicate] if found.predicate not in chain else chain
    negated = any(is_negated(t) for t in tokens) or any(t.lemma_ in ("fail", "renege") for t in tokens)
    if negated and found.category in _COOPERATIVE:
        return EventType(
            "REJECT", f"{found.subtype or found.category.lower()} refused", found.predicate, found.via
        )
    if negated:
        return found
    content = found.predicate if found.predicate.pos_ in ("VERB", "AUX") else tokens[-1]
    if _has_aux(content, _OBLIGATION_AUX) and content is not tokens[0]:
        return EventType("REQUEST", "demand", found.predicate, found.via)
    intended = (
        any(_has_aux(t, _FUTURE_AUX) for t in tokens)
        or any(verb_entry(t) is not None and verb_entry(t).kind == "intent" for t in tokens)
        or any(_adjectival_complement(t) is not None for t in tokens)
    )
    if not intended:
        return found
    conditional = any(c.dep_ == "mark" and c.lower_ == "unless" for t in tokens for c in t.subtree)
    if found.category in _CONFLICTUAL or (conditional and found.category in _COOPERATIVE | {"RETREAT"}):
        return EventType(
            "THREATEN", f"threat: {found.subtype or found.category.lower()}", found.predicate, found.via
        )
    if found.category in _COOPERATIVE:
        return EventType(
            "AGREE", f"intent: {found.subtype or found.category.lower()}", found.predicate, found.via
        )
    return found


def _has_aux(verb: Token, words: set[str]) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in words for c in verb.children)


def _has_have_to(verb: Token) -> bool:
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lemma_ in ("have", "need")
        and any(c.lower_ == "to" for c in verb.children)
    )


def _adjectival_complement(verb: Token) -> Token | None:
    """'is prepared to lift' -> lift: a copula whose adjective takes an intended act."""
    for child in verb.children:
        if child.dep_ == "acomp" and child.lower_ in _INTENT_ADJECTIVES:
            return _complement_verb(child, ("xcomp",))
    return None


def _carried_noun(verb: Token) -> Token | None:
    """The noun a light verb carries: its object, else the object of its first preposition ('embarked on a visit')."""
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return child
    for child in verb.children:
        if child.dep_ in ("prep", "prt") and child.lower_ in ("on", "in", "into", "out"):
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _complement_verb(verb: Token, deps: tuple[str, ...] = ("xcomp", "ccomp")) -> Token | None:
    for child in verb.children:
        if child.dep_ in deps and child.pos_ in ("VERB", "AUX"):
            return child
    for child in verb.children:  # "sworn to fight" is sometimes parsed as a purpose clause
        if (
            child.dep_ == "advcl"
            and child.pos_ == "VERB"
            and any(g.lower_ == "to" and g.i < child.i for g in child.children)
        ):
            return child
    return None


def civilian_subject(verb: Token) -> bool:
    """Blocking roads or occupying buildings is a protest when crowds do it, coercion when a state does."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child.lemma_.lower() in _CIVILIANS
    return False


def type_clause(head: Token) -> EventType | None:
    """The category of the clause headed by ``head`` (a verb, or a noun in a verbless caption)."""
    if head.pos_ in ("VERB", "AUX"):
        found = type_verb(head)
        protest_like = found is not None and (
            found.category in ("COERCE", "ASSAULT") or found.predicate.lemma_ == "gather"
        )
        if protest_like and civilian_subject(found.predicate):
            return EventType("PROTEST", f"protest: {found.subtype}", found.predicate, found.via)
        return found
    if head.pos_ in ("NOUN", "PROPN"):
        return type_noun(head)
    return None


def main_event_type(sent: Span) -> EventType | None:
    """The event a whole sentence reports: its main clause, else the first typed clause below it.

    Used to code single sentences (the PLOVER benchmark); the event extractor
    types each dated clause with :func:`type_clause` instead.
    """

    def clauses_then_arguments(token: Token) -> list[Token]:
        children = list(token.children)
        return [c for c in children if c.dep_ in _CLAUSAL or (c.pos_ == "VERB" and c.dep_ != "amod")] + [
            c for c in children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "prep", "attr")
        ]

    for token in _breadth_first(sent.root, clauses_then_arguments):
        found = type_clause(token)
        if found is not None:
            return found
    return None
