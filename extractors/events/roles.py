"""Each actor mention's side in the event its sentence states: source, target or participant.

Reading sides is a question about the sentence's clauses (who did it, to
whom, who merely reports it), not about who an actor is, so it works on
finished mentions and the parse alone and is kept apart from finding them.
Reported speech is read as PLOVER does.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from core.records import Mention

# Verbs whose complement clause is the event when the speaker comes after it ("..., officials said").
_REPORTING_VERBS = {
    "say",
    "tell",
    "announce",
    "report",
    "state",
    "add",
    "confirm",
    "claim",
    "quote",
    "declare",
    "note",
    "write",
    "according",
}
_TARGET_PREPOSITIONS = {
    "against",
    "to",
    "with",
    "on",
    "upon",
    "toward",
    "towards",
    "at",
    "into",
    "over",
    "between",
    "from",
}
# Where an event happens ("arrived in Amman", "opened an embassy in Tehran"): the target when nothing else is.
_PLACE_PREPOSITIONS = {"in", "inside", "within", "near", "outside"}


def event_roles(doc: Doc, mentions: list[Mention]) -> list[tuple[Mention, str]]:
    """Each mention's side in the event its sentence states: source, target or participant.

    The event is the sentence's main verb with the verbs chained to it
    ("agreed to send"), except when a reporting clause trails it ("..., a
    spokesman said"): then the reported clause is the event and the reporter is
    no side of it. When the speaker comes first ("Russia said Sudan must return
    the helicopter"), the speaker is the source and the actor the statement is
    about (the subject of what was said, else its object) the target. What a
    purpose clause acts on is a target too ("rioted to demand the removal of
    the President").
    """
    out = []
    for sent in doc.sents:
        inside = [m for m in mentions if sent.start_char <= m.char_start < sent.end_char]
        if inside:
            out.extend(_sentence_roles(doc, sent, inside))
    return out


def _sentence_roles(doc: Doc, sent, inside: list[Mention]) -> list[tuple[Mention, str]]:
    root = sent.root
    complement = next((c for c in root.children if c.dep_ == "ccomp"), None)
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    trailing = (
        complement is not None
        and root.lemma_.lower() in _REPORTING_VERBS
        and (subject is None or subject.i > root.i or complement.i < root.i)
    )
    chain = _chain(complement if trailing else root)
    said = _chain(complement) if complement is not None and not trailing else set()
    purpose = _purpose(doc, chain)
    sides = []
    for mention in inside:
        token = _mention_root(doc, mention)
        side = "participant" if token is None else _side(token, chain)
        if token is not None and side in ("participant", "place"):
            if said and (inner := _side(token, said)) != "participant":
                side = {"source": "said subject", "target": "said object"}.get(inner, inner)
            elif purpose and _side(token, purpose) == "target":
                side = "target"
        sides.append((mention, side))
    sources = {m.actor_key for m, side in sides if side == "source"}
    about = any(side == "said subject" and m.actor_key not in sources for m, side in sides)
    resolved = []
    for mention, side in sides:
        if side == "said subject":
            side = "source" if mention.actor_key in sources else "target"
        elif side == "said object":
            side = "participant" if about else "target"
        resolved.append((mention, side))
    resolved = [
        (m, "target" if side == "place" else side) for m, side in resolved
    ]  # PLOVER: the place acted on
    if not any(side == "target" for _, side in resolved):
        # An event with no stated target: the other actors of the event's clauses are its targets
        # ("... unless Israel rescinded the annexation"), but not whoever reports it.
        reported = set(t.i for t in complement.subtree) if trailing else None
        resolved = [
            (
                m,
                "target"
                if side == "participant" and m.actor_key not in sources and _in_event(doc, m, reported)
                else side,
            )
            for m, side in resolved
        ]
    return resolved


def _in_event(doc: Doc, mention: Mention, reported: set[int] | None) -> bool:
    token = _mention_root(doc, mention)
    if token is None or (reported is not None and token.i not in reported):
        return False
    return not any(t.lower_ == "according" for t in token.ancestors)


def _purpose(doc: Doc, chain: set[int]) -> set[int]:
    """Verbs of the clauses that say what the event was for ("to demand", "demanding").

    Clauses opened by a conjunction ("as", "when", "after", "because") tell
    the circumstances instead, and their actors are no side of the event.
    """
    found: set[int] = set()
    for i in chain:
        for child in doc[i].children:
            if (
                child.dep_ in ("advcl", "xcomp")
                and child.i not in chain
                and child.pos_ in ("VERB", "AUX")
                and not any(c.dep_ == "mark" and c.lower_ != "to" for c in child.children)
            ):
                found |= _chain(child)
    return found


def _mention_root(doc: Doc, mention: Mention) -> Token | None:
    span = doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
    return span.root if span is not None else None


def _chain(predicate: Token | None) -> set[int]:
    """The predicate and the verbs that continue it ("agreed to send", "attacked and killed")."""
    if predicate is None:
        return set()
    chain, todo = set(), [predicate]
    while todo:
        tok = todo.pop()
        chain.add(tok.i)
        todo.extend(
            c
            for c in tok.children
            if c.dep_ in ("xcomp", "conj", "acomp") and c.pos_ in ("VERB", "AUX", "ADJ")
        )
    return chain


def _side(token: Token, chain: set[int]) -> str:
    """The side of the argument ``token`` hangs from, relative to the first verb above it.

    Nouns pass their side down to what modifies them ("Sudan's government",
    "aid to Mozambique"), except that whatever comes "against" something is a
    target wherever it hangs ("war against Iraq"), and a place said with "in"
    is kept apart as a place.
    """
    marker = None
    while token.head.i != token.i:
        head = token.head
        if (
            (head.pos_ in ("VERB", "AUX") or head.i in chain)
            and head.i not in chain
            and head.dep_ in ("acl", "amod")
        ):
            if marker is None and token.dep_ == "prep" and token.lower_ in _PLACE_PREPOSITIONS | {"against"}:
                marker = "target" if token.lower_ == "against" else "place"
            token = head  # "refugees fleeing the war in Liberia", "Vietnamese-led forces": go on to the noun
            continue
        if head.pos_ in ("VERB", "AUX") or head.i in chain:
            if head.i not in chain:
                return "participant"
            dep = token.dep_
            if dep in ("nsubj", "csubj", "agent"):
                side = "source"
            elif dep in ("nsubjpass", "dobj", "dative", "attr", "oprd", "obj"):
                side = "target"
            elif dep == "prep" and token.lower_ in _TARGET_PREPOSITIONS:
                side = "target"
            elif dep == "prep" and token.lower_ in _PLACE_PREPOSITIONS:
                side = "place"
            else:
                side = "participant"
            if marker is not None and side != "source":
                return marker
            return side
        if (
            token.dep_ == "pobj"
            and head.dep_ == "prep"
            and head.head.pos_ in ("NOUN", "PROPN")
            and marker is None
        ):
            if head.lower_ == "against":
                marker = "target"
            elif head.lower_ in _PLACE_PREPOSITIONS:
                marker = "place"
        token = head
    return "participant"
