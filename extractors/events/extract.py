"""Dated events: one per clause whose predicate is an action or a decision.

A date is an event date (``Timex.is_event_date``: not a citation, credit,
plan horizon or vague period) and hangs from something in the parse. We climb
from the date to what it dates:

* the first verb above it, when that verb (or the noun it carries, or the
  clause it reports) is an action in PLOVER's sense: "Türkiye *convened* a
  meeting on September 27, 2021"; "*At the 2025 Gabala Summit*, OTS leaders
  *stressed*" (the summit only sets the scene);
* otherwise the event noun the date modifies: "the Nagorno-Karabakh
  *conflict* in 2020", "the October *Revolution* (1917)", "*during his visit*
  to Azerbaijan on December 10, 2020";
* otherwise an action in a clause the date scopes over: "In 2018, the forces
  experienced a setback as the AKP *forged* an alliance with the MHP".

When the verb the date hangs on is a happening itself, it keeps the date beside
what was found below it ("*caught* fire yesterday": the fire and the catching;
``_governing_happening``, events-0.14).

A clause yields one event per distinct date ("the summits of 2021, 2022 and
2023" are three), however often the date is repeated. Actors come from the
clause's dependency structure: the subject side is the source, the object and
"to/against/with" side the target, "between X and Y" and "of X" participants,
a place after "in/at" the location. "He", "his" and "the two countries" are
resolved to the persons and countries named just before.

Happenings PLOVER has no category for, named by a noun (an earthquake, a
blaze, a shooting, a court hearing, an outage: ``data/event_nouns.tsv``), are
events of the clause's date like the political ones, typed OTHER with what they
are; so is what a dated verb sets off or stops ("sparked a tsunami",
"thwarted an attack on Thursday"). An event noun below an untyped verb that
nobody takes part in leaves the date to the verb ("culminated in armed clashes
in May 1920"); a date inside the noun's own phrase stays the noun's ("the war
in 2020 changed the region" is no dated change). With events-0.7 (benchmarks/events.py,
dev / untouched P-R): EventStoryLine 0.589/0.264 -> 0.623/0.292 and
0.647/0.281 -> 0.685/0.319; WikiWars 0.855/0.700 -> 0.863/0.704 and
0.882/0.651 -> 0.893/0.659; TempEval-3 0.559/0.667 -> 0.569/0.667, untouched
unchanged. events-0.8 follows a participle's own coordination ("hit Iran on
Sunday, killing ten and *injuring* eighty"): EventStoryLine 0.614/0.299 and
0.686/0.329, WikiWars 0.867/0.704 and 0.894/0.659.

"The meeting" or "this visit" with no date of its own takes the date of the
event it names a sentence or two before ("The meeting resulted in the adoption
of a joint communique"); "after/following/before X" dates nothing. Mentions of
the same event in one document (a caption repeating the body) are merged into
one event that lists them all. Each event carries PLOVER's auxiliary mode:
negated, hypothetical, future (said as planned, or dated after publication) or
historical (a past event mentioned in passing, over a year before publication).
An event nobody takes part in is not kept.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from core.records import Event, Mention
from extractors import nlp
from extractors.events import plover as event_types
from extractors.events.plover import EventType
from extractors.timex.extract import Timex

VERSION = "events-0.15"

_SUBJECT = ("nsubj", "csubj", "expl")
_OBJECT = ("dobj", "attr", "dative", "oprd", "obj")
_TARGET_PREPOSITIONS = {
    "to",
    "against",
    "with",
    "on",
    "toward",
    "towards",
    "for",
    "from",
    "into",
    "over",
    "upon",
}
_JOINT_PREPOSITIONS = {"between", "among", "amongst", "of"}
_PLACE_PREPOSITIONS = {"in", "at", "near", "inside", "outside", "across", "throughout"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_ROLE_RANK = {"source": 0, "target": 1, "participant": 2, "location": 3}
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
_COUNT_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_GROUP_NOUNS = {
    "country",
    "nation",
    "state",
    "side",
    "government",
    "republic",
    "party",
    "neighbour",
    "neighbor",
}
_HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should"}
_FUTURE_AUX = {"will", "shall", "'ll"}
_PLANNING = {
    "plan",
    "intend",
    "expect",
    "schedule",
    "set",
    "due",
    "aim",
    "hope",
    "prepare",
    "propose",
    "agree",
    "decide",
}


@dataclass
class _Clause:
    """What one date hangs from: the word stating the event, and how it was found."""

    predicate: Token
    event_type: EventType | None
    nominal: bool = False  # the event is a noun ("the 2020 conflict"), not a verb's clause
    setting_of: Token | None = (
        None  # the verb whose scene a nominal event sets ("during his visit, he recited")
    )
    governor: Token | None = (
        None  # the verb a nominal event is an argument of ("the Declaration facilitates ...")
    )
    dates: list[Timex] = field(default_factory=list)
    shares_date_of: Token | None = None  # the dated verb whose date an argument or reported clause shares
    instead: _Clause | None = None  # what the date gives when this nominal event has nobody taking part
    governing: _Clause | None = (
        None  # the happening verb the date hangs on, when the event was found below it
    )


def extract_events(
    doc: Doc,
    timexes: list[Timex],
    mentions: list[Mention],
    published: dt.date | None = None,
    published_precision: str | None = "day",
) -> list[Event]:
    """Every dated event in ``doc``, typed, with its actors; repeated mentions merged.

    ``published`` (and its precision: a journal gives only the year) decides
    what is future and what is a historical mention.
    """
    index = _MentionIndex(doc, mentions, _asides(nlp.doc_text(doc), timexes))
    history = _History()
    index.history = history
    found: list[Event] = []
    written = _period_end(published, published_precision or "day") if published is not None else None
    event_dates = sorted((t for t in timexes if t.is_event_date), key=lambda t: t.char_start)
    starts = [t.char_start for t in event_dates]
    for sent in _sentences(doc):
        # a binary search per sentence, not a scan of every date: linear in the document's length
        dates = event_dates[
            bisect.bisect_left(starts, sent.start_char) : bisect.bisect_left(starts, sent.end_char)
        ]
        anaphors = _event_anaphors(doc, sent, dates, history)
        clauses: dict[int, _Clause] = {}
        quoted = _quoted_spans(sent)
        for timex in dates + [a.timex for a in anaphors]:
            clause = _attach(doc, sent, timex, dates)
            if clause is not None and _quoted_apart(quoted, timex, clause.predicate):
                continue  # '"In 2003 BP invested ...," the oil giant said': 2003 is not when it said it
            if clause is not None:
                clauses.setdefault(clause.predicate.i, clause).dates.append(timex)
        for clause in list(clauses.values()):
            extras = _governing_happening(clause) + _when_clauses(clause, dates)
            extras += _shared_date_clauses(clause, dates)
            extras += _reported_clauses(clause, dates) + _argument_events(clause, dates)
            while extras:
                extra = extras.pop(0)
                if extra.predicate.i in clauses:
                    continue
                clauses[extra.predicate.i] = extra
                if extra.shares_date_of is not None and not extra.nominal:
                    # "returned ..., found her foes and executed two, police said Friday": the report's
                    # day is a guess for the act it reports, not to be spread (ESL dev P 0.641 -> 0.655)
                    continue
                # "hit Iran on Sunday, killing 10 and injuring 80": the participle's own coordination
                extras += _shared_date_clauses(extra, dates) + _argument_events(extra, dates)
        lent = {id(a.timex) for a in anaphors}
        for clause in clauses.values():
            own = [t for t in clause.dates if id(t) not in lent]
            for timex in _distinct_dates(
                own or clause.dates
            ):  # a date of its own beats one lent by 'the meeting'
                anaphor = next((a for a in anaphors if a.timex is timex), None)
                if anaphor is not None and clause.nominal and clause.predicate.i == anaphor.noun.i:
                    said = (anaphor.timex.char_start, anaphor.timex.char_end)
                    anaphor.antecedent.mentions.append(said)
                    anaphor.antecedent.mention_words.append(
                        ((anaphor.noun.idx, anaphor.noun.idx + len(anaphor.noun)), said)
                    )
                    continue  # "this meeting" again: one more mention of the event it refers to
                event = _event(
                    doc,
                    sent,
                    clause,
                    timex,
                    index,
                    written,
                    anaphor.antecedent.actors if anaphor is not None else None,
                )
                instead = clause.instead
                if event is None and instead is not None and timex not in _dates_of(clauses, instead):
                    event = _event(doc, sent, instead, timex, index, written)
                if event is not None:
                    found.append(event)
                    history.add(event, clause, doc)
    return merge_mentions(found)


_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|``.*?''")


def _quoted_spans(sent: Span) -> list[tuple[int, int]]:
    """Character spans of the quotations in ``sent`` (marks included)."""
    base = sent.start_char
    return [(base + m.start(), base + m.end()) for m in _QUOTED.finditer(sent.text)]


def _quoted_apart(quoted: list[tuple[int, int]], timex: Timex, predicate: Token) -> bool:
    """True when the date is inside a quotation and the predicate outside it.

    What a speaker dates is dated inside the words quoted; the verb that reports
    them happened when it was said, which the quotation does not say. A date in a
    quoted name dates nothing outside it either ('his "March to the Sea"', 'the
    song "White Christmas" was broadcast'). events-0.15: TempEval-3 dev P/R
    0.565/0.692 -> 0.574/0.692 ('"In 2003 BP invested ...," the oil giant said');
    WikiWars dev 0.923/0.737 -> 0.925/0.736, untouched F1 0.787 -> 0.788;
    EventStoryLine unchanged.
    """
    for start, end in quoted:
        if start <= timex.char_start and timex.char_end <= end:
            return not (start <= predicate.idx < end)
    return False


def _dates_of(clauses: dict[int, _Clause], clause: _Clause) -> list[Timex]:
    """The dates an event on ``clause``'s predicate already has in this sentence."""
    same = clauses.get(clause.predicate.i)
    return same.dates if same is not None else []


def _sentences(doc: Doc):
    """spaCy's sentences, cut at blank lines: a heading or a list entry never shares a clause with the next."""
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if (token.is_space and "\n\n" in token.text) or "\n\n" in token.whitespace_:
                end = token.i + 1
                if any(not t.is_space for t in doc[start:end]):
                    yield doc[start:end]
                start = end
        if start < sent.end and any(not t.is_space for t in doc[start : sent.end]):
            yield doc[start : sent.end]


# --------------------------------------------------------------------------- what a date dates
# Prepositions that place something relative to an event without dating it ("after the war").
_TEMPORAL_RELATIONS = {
    "after",
    "before",
    "following",
    "since",
    "until",
    "till",
    "prior",
    "ahead",
    "preceding",
    "pending",
}


def _attach(doc: Doc, sent: Span, timex: Timex, dates: list[Timex]) -> _Clause | None:
    """The clause or event noun ``timex`` dates, by the order of preference in the module docstring."""
    span = doc.char_span(timex.char_start, timex.char_end, alignment_mode="expand")
    if span is None:
        return None
    inside = {t.i for t in span}
    noun: Token | None = None
    verb: Token | None = None
    token = span.root
    owner = _modified_noun(span)
    if owner is not None:
        if event_types.event_noun(owner) is not None:
            return _nominal(owner, _verb_above(owner, sent), sent)
    while token.head.i != token.i and sent.start <= token.head.i < sent.end:
        token = token.head
        if token.i in inside or (token.dep_ == "conj" and _is_date_token(token, dates)):
            continue
        if token.dep_ in ("prep", "mark") and token.lower_ in _TEMPORAL_RELATIONS:
            # "visited following the coup attempt on July 15": the date is the coup's, not the visit's
            return _nominal(noun, None, sent) if noun is not None else None
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "prep":
            verb = token
            break
        if noun is None and token.pos_ in ("NOUN", "PROPN") and event_types.event_noun(token) is not None:
            noun = token
    typed = event_types.type_clause(verb) if verb is not None else None
    if typed is not None:
        return _Clause(verb, typed)
    if noun is not None:
        if timex.timeml == "PRESENT_REF":
            return None  # "the trial, now under General X": 'now' dates no event noun
        return _nominal(noun, verb, sent)  # "the war in 2020 changed ...": the date is the war's alone
    return _verb_path(sent, verb, timex, dates)


_PREMODIFIERS = ("compound", "nummod", "amod", "poss", "nmod")


def _modified_noun(span: Span) -> Token | None:
    """The noun a date is written into: "the 2010 commando raid", "Friday's announcement".

    When that noun names an event, the date is its own and not the verb's above it:
    "apologised ... during the 2010 commando raid" is no apology of 2010, "convicted of
    the 2005 murder" no conviction (TempEval-3 untouched P/R 0.679/0.731 -> 0.714/0.769,
    EventStoryLine dev 0.630/0.328 -> 0.633/0.330, untouched 0.698/0.348 -> 0.703/0.350;
    WikiWars dev unchanged, untouched recall 698 -> 699 of 1058, precision 0.8949 -> 0.8946).
    A date before another noun ("a 2009 analysis") is left to the climb: sending it
    nowhere cost WikiWars 8 dates a split ("ending the 1941 campaign").
    """
    root = span.root
    head = root.head
    if root.dep_ not in _PREMODIFIERS or head.i <= root.i or head.i < span.end or head.pos_ != "NOUN":
        return None
    if root.dep_ == "poss":
        return head  # "Friday's announcement"
    # Only inside a noun phrase its determiner opens: "On April 8 Union cavalry destroyed ..." is
    # the parser taking a date for a name's modifier.
    before = span.doc[span.start - 1] if span.start > 0 else None
    opened = before is not None and before.head.i == head.i and before.dep_ in ("det", "poss")
    return head if opened else None


def _verb_above(token: Token, sent: Span) -> Token | None:
    while token.head.i != token.i and sent.start <= token.head.i < sent.end:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def _verb_path(sent: Span, verb: Token | None, timex: Timex, dates: list[Timex]) -> _Clause | None:
    """What an untyped verb above the date (or a verbless fragment) gives: an action below it, or itself.

    Only a verbless sentence looks for an event noun anywhere in it: "now" or a
    negated verb gave "the trial" of "Plans to put him on trial ... were cancelled
    when the army, now under ..." a date (WikiWars dev precision 0.855 -> 0.864).
    """
    if verb is None:
        fragment = _event_noun_in(
            sent.root, dates, timex
        )  # a verbless caption: "Leaders ... at a summit meeting on May 16"
        if fragment is not None:
            return _Clause(fragment, event_types.type_noun(fragment), nominal=True, setting_of=sent.root)
    elif timex.timeml != "PRESENT_REF" and not event_types.is_negated(verb):
        # "the Dow fell on 4 September": an event PLOVER has no category for
        itself = _Clause(verb, None) if _happening(verb, timex) else None
        below = _typed_clause_below(
            verb,
            dates,
            timex,
            shallow=timex.anchor == "narrative" and timex.timeml is None,
            own_clause=itself is not None,
        )
        if below is not None:
            if below.nominal:
                below.instead = itself  # "fled during the evacuation", if nobody takes part in it
            below.governing = itself
            return below
        if itself is not None:
            return itself
    if _opens_sentence(sent, timex) and timex.precision == "day" and timex.anchor == "explicit":
        head = (
            verb or sent.root
        )  # a dated caption or chronology entry: "July 1, 2015, a freight train departs ..."
        return _Clause(head, event_types.type_clause(head))
    return None


_STATIVE = {
    "be",
    "have",
    "seem",
    "appear",
    "remain",
    "know",
    "believe",
    "think",
    "want",
    "need",
    "like",
    "include",
    "contain",
    "consist",
    "mean",
    "cost",
    "lie",
    "stand",
    "belong",
    "become",
}


def _happening(verb: Token, timex: Timex) -> bool:
    """Is an untyped verb still a dated happening worth an OTHER event?

    A full verb in a clause the date actually dates: not a copula or a state
    ("was president in 2009"), not an anaphor's borrowed date ("the meeting
    resulted in"), not "now" or "currently".
    """
    if verb.pos_ != "VERB" or verb.lemma_.lower() in _STATIVE:
        return False
    return not (timex.anchor == "narrative" and timex.timeml is None)


def _shared_date_clauses(clause: _Clause, dates: list[Timex]) -> list[_Clause]:
    """Verbs that share the clause's date: 'shot and killed a woman Monday', 'hit Iran on Sunday, killing 10'.

    Coordinated verbs and participial adjuncts state happenings of their own
    on the same day; each becomes its own event unless it has a date of its own.
    The caller follows them on from each verb found ("killing ten and injuring
    eighty"; EventStoryLine dev recall 0.292 -> 0.299, untouched 0.319 -> 0.329).
    A clause dated only by "now" lends nothing: in a history it is a scene, not a date.
    """
    if clause.nominal or clause.predicate.pos_ != "VERB":
        return []
    if clause.dates and all(d.timeml == "PRESENT_REF" for d in clause.dates):
        return []  # "They now gathered the laws ..., submitted ...": 'now' sets a scene, it dates no act
    out = []
    head = clause.predicate
    if head.dep_ == "conj" and head.head.pos_ == "VERB" and head.head.i < head.i:
        # "shot and killed a guard and wounded two visitors on Monday": the date closes the coordination
        first = head.head
        while first.dep_ == "conj" and first.head.pos_ == "VERB" and first.head.i < first.i:
            first = first.head
        chain, queue = [], [first]
        while queue:
            verb = queue.pop(0)
            chain.append(verb)
            queue += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i < head.i]
        for verb in chain:
            words = _own_words(verb)
            if (
                any(w.idx <= d.char_start < w.idx + len(w) for w in words for d in dates)
                or verb.lemma_.lower() in _STATIVE
            ):
                continue
            if not event_types.is_negated(verb):
                out.append(_Clause(verb, event_types.type_clause(verb), dates=list(clause.dates)))
    for word in clause.predicate.children:
        coordinated = word.dep_ == "conj" and word.pos_ == "VERB"
        participle = (
            word.dep_ in ("advcl", "xcomp")
            and word.tag_ == "VBG"
            and not any(c.dep_ in ("mark", "aux") for c in word.children)
        )
        child = word if coordinated or participle else _just_before(word, clause.dates)
        if child is None:
            continue
        if any(child.left_edge.idx <= d.char_start <= child.right_edge.idx for d in dates):
            continue  # it has a date of its own
        if event_types.is_negated(child) or child.lemma_.lower() in _STATIVE:
            continue
        out.append(_Clause(child, event_types.type_clause(child), dates=list(clause.dates)))
    return out


def _just_before(prep: Token, dates: list[Timex]) -> Token | None:
    """'died on Friday after slipping and falling 200 feet': the act a dated day's 'after -ing' names.

    A bare gerund right after the act is of the same day; a finite clause or a noun
    after 'after' ("arrested Monday after a long inquiry") may be much older, and a
    year or a month is too coarse to say the two fall in it together. The caller
    follows the gerund's own coordination ("slipping and falling"). events-0.14
    (benchmarks/events.py, dev / untouched): EventStoryLine P/R 0.688/0.383 ->
    0.696/0.398 and 0.732/0.406 -> 0.734/0.418, value accuracy 0.891 unchanged and
    0.917 -> 0.915 (the one new dev value off is "laughed Tuesday after hearing a jury's
    ruling", where the benchmark's publication day, read from the file's anchors, is a
    week after the gold's: "laughed" is off the same way); TempEval-3 unchanged;
    WikiWars precision 0.928 -> 0.929 untouched, recall unchanged.
    """
    if prep.dep_ != "prep" or prep.lower_ != "after":
        return None
    if not dates or any(d.precision not in ("day", "hour") for d in dates):
        return None
    gerund = next((c for c in prep.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
    if gerund is None or any(c.dep_ in ("nsubj", "nsubjpass", "aux", "mark") for c in gerund.children):
        return None
    return gerund


_SPEECH_VERBS = {"say", "tell", "announce", "confirm", "report", "state", "add", "disclose", "reveal"}


def _reported_clauses(clause: _Clause, dates: list[Timex]) -> list[_Clause]:
    """'His attorney said Thursday the actress checked into rehab': the reported past act shares the day.

    Only a speech verb dated by a day of the news week (anchored on the
    publication), and only a reported clause in the simple past with no date
    of its own: "said Friday he will resign" reports a plan, "said that in 2009
    he had ..." has its own date.
    """
    head = clause.predicate
    if clause.nominal or head.lemma_.lower() not in _SPEECH_VERBS:
        return []
    if not any(d.anchor == "publication" and d.precision == "day" for d in clause.dates):
        return []
    out = []
    for child in head.children:
        if child.dep_ != "ccomp" or child.pos_ != "VERB" or child.tag_ != "VBD":
            continue
        if any(child.left_edge.idx <= d.char_start <= child.right_edge.idx for d in dates):
            continue
        if event_types.is_negated(child) or child.lemma_.lower() in _STATIVE:
            continue
        out.append(
            _Clause(child, event_types.type_clause(child), dates=list(clause.dates), shares_date_of=head)
        )
    return out


_ORDERING = {"follow", "precede", "succeed", "predate", "postdate"}
# Verbs whose object is a happening of the verb's own time: what they set off, stop or fight.
# Other objects are as often what the act makes ("signed a treaty", "issued a statement") or
# an older event ("investigating the shooting", "awaits trial"). ESL dev recall +1, untouched +2.
_BRINGS_ABOUT = {
    "cause",
    "spark",
    "trigger",
    "prompt",
    "provoke",
    "unleash",
    "thwart",
    "foil",
    "prevent",
    "avert",
    "repel",
    "repulse",
    "fight",
    "battle",
}


def _argument_events(clause: _Clause, dates: list[Timex]) -> list[_Clause]:
    """'A fire destroyed the building Tuesday', 'destroyed by a fire on Tuesday': the event noun a
    dated verb takes as subject or agent happened on that date too.

    The caller asks it of the verbs that share a date as well ("killed on Sunday when an
    earthquake razed villages"; events-0.10: EventStoryLine dev P/R 0.626/0.321 -> 0.630/0.328,
    untouched 0.694/0.342 -> 0.698/0.348; WikiWars precision 0.868 -> 0.869 dev, 0.894 -> 0.895
    untouched). A verb of order dates nothing else: "was followed by aftershocks" (ESL links
    one such, 1 dev hit given up). The noun a relative clause hangs on is its subject when
    the relative pronoun is: "the blaze which broke out on Sunday", "the shooting that took
    place last Friday" (events-0.14: EventStoryLine dev P/R 0.684/0.375 -> 0.688/0.383,
    untouched 0.730/0.402 -> 0.732/0.406; TempEval-3 untouched 0.724/0.750 -> 0.733/0.786;
    WikiWars unchanged)."""
    head = clause.predicate
    if clause.nominal or head.pos_ != "VERB" or head.lemma_.lower() in _ORDERING:
        return []  # "was followed by four aftershocks": they came later
    if all(t.anchor == "narrative" and t.timeml is None for t in clause.dates):
        return []  # a date lent by 'the meeting' of an earlier sentence dates that meeting only
    out = []
    # Subjects and agents only: an object is as often what the act makes ("signed a treaty") as a
    # happening of its own ("thwarted an attack"), and the treaty is the signing.
    candidates = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    candidates += [g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if head.lemma_.lower() in _BRINGS_ABOUT:  # "sparked a tsunami", "thwarted an attack on Thursday"
        candidates += [c for c in head.children if c.dep_ == "dobj"]
    antecedent = _relative_subject_antecedent(head)
    if antecedent is not None:  # "the blaze which broke out on Sunday": the blaze is the subject
        candidates.append(antecedent)
    via = clause.event_type.via if clause.event_type is not None else None
    for noun in candidates:
        if noun.pos_ != "NOUN" or event_types.event_noun(noun) is None:
            continue
        if via is not None and via.i == noun.i or noun.lemma_.lower() in _ISSUED_NOUNS:
            continue  # "the statement condemned ...": the statement is its issuer's act, told by the verb  # "reached a compromise": the verb's event is already typed by this noun
        relative = {t.i for t in head.subtree} if noun is antecedent else set()
        if any(
            t.idx <= d.char_start < t.idx + len(t) for t in noun.subtree if t.i not in relative for d in dates
        ):
            continue
        out.append(
            _Clause(
                noun,
                event_types.type_noun(noun) or event_types.event_noun(noun),
                nominal=True,
                governor=head,
                dates=list(clause.dates),
                shares_date_of=head,
            )
        )
    return out


# Verbs whose date is what they look ahead to: "planned an offensive for November 11",
# "predicted victory by the end of 1967" date the offensive and the victory, not the planning.
_FORESEEING = {"predict", "forecast", "promise", "vow", "threaten", "warn", "expect", "pledge"}


def _governing_happening(clause: _Clause) -> list[_Clause]:
    """'Caught fire yesterday', 'was arraigned Wednesday on murder charges': the verb the date
    hangs on happened that day, even when the climb found an event below it.

    ``_verb_path`` gives a date on an untyped verb to the typed clause or event
    noun below it ("experienced an outage this morning" is the outage); the verb
    itself, when it is a happening (``_happening``), is an event of that date
    too, and the caller follows its coordinated verbs, participles and event-noun
    subjects as for any dated verb ("A powerful earthquake flattened buildings and
    sparked landslides Tuesday, killing at least five": the flattening, the
    sparking, the killing and the earthquake). Not for a verb of planning or
    foresight (the date is what it looks ahead to) nor for a date the narrative
    lends ("By June ..." in a history: spread to more words, a guessed year costs
    WikiWars dev precision 0.912 -> 0.907 and value accuracy 0.953 -> 0.946).
    events-0.14 (benchmarks/events.py, dev / untouched): EventStoryLine P/R/F1
    0.684/0.337/0.452 -> 0.684/0.375/0.484 and 0.735/0.354/0.477 -> 0.730/0.402/0.519,
    value accuracy 0.882 -> 0.889 and 0.921 -> 0.916; TempEval-3 dev 0.569/0.654 ->
    0.565/0.692, untouched 0.750/0.750 -> 0.724/0.750 (one more event of 29); WikiWars
    P 0.916 -> 0.923 and 0.924 -> 0.928, recall 0.738 -> 0.737 and 0.683 unchanged.
    Of the 10 new EventStoryLine dev predictions the gold does not count, 8 are dated as
    the sentence says ("caught fire yesterday, causing substantial damage", "In 2004 a
    massive tremor sparked a tsunami"), which that corpus leaves unlinked; one follows a
    misparse ("watched video capturing the moment a mother was gunned down" parsed with
    "gunned" coordinated with "watched"), one is a clock time the gold converts to UTC.
    """
    verb = clause.governing
    if verb is None or not clause.dates:
        return []
    if verb.predicate.lemma_.lower() in _PLANNING | _FORESEEING:
        return []
    if any(d.anchor == "narrative" for d in clause.dates):
        return []
    return [_Clause(verb.predicate, verb.event_type, dates=list(clause.dates))]


def _relative_subject_antecedent(verb: Token) -> Token | None:
    """The noun a relative clause's verb takes as subject: "the quake, which struck on Sunday"."""
    if verb.dep_ != "relcl" or verb.head.i == verb.i:
        return None
    relative = any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in verb.children)
    return verb.head if relative else None


def _when_clauses(clause: _Clause, dates: list[Timex]) -> list[_Clause]:
    """'In September 2020, when conflict erupted ..., Türkiye provided': the when-clause shares the date.

    So do 'as' and 'while' clauses, and untyped happenings among them ("as civilians
    swamped the perimeter", "when the army ceased its bombardment"; events-0.9:
    EventStoryLine dev P/R 0.614/0.299 -> 0.626/0.321, untouched 0.686/0.329 ->
    0.694/0.342; WikiWars dev precision 0.867 -> 0.868, untouched recall 697 -> 698 of
    1058, value accuracy 0.926 -> 0.927). "After" and "before" clauses relate, they do not share.
    """
    if clause.nominal:
        return []
    out = []
    for child in clause.predicate.children:
        if child.dep_ != "advcl" or not any(
            c.dep_ in ("mark", "advmod") and c.lower_ in _AT_THE_SAME_TIME for c in child.children
        ):
            continue
        if any(child.left_edge.idx <= d.char_start <= child.right_edge.idx for d in dates):
            continue  # it has a date of its own
        typed = event_types.type_clause(child)
        if typed is not None:
            out.append(_Clause(child, typed, dates=list(clause.dates)))
        elif (
            child.pos_ == "VERB"
            and child.lemma_.lower() not in _STATIVE
            and not event_types.is_negated(child)
            and not any(d.timeml == "PRESENT_REF" for d in clause.dates)
        ):
            out.append(_Clause(child, None, dates=list(clause.dates)))  # "as fights erupted"
    return out


_AT_THE_SAME_TIME = {"when", "as", "while"}


def _nominal(noun: Token, verb: Token | None, sent: Span) -> _Clause:
    """An event named by a noun; a verb whose scene it sets (or the fragment it sits in) lends its subject."""
    if verb is None:
        setting = sent.root if sent.root.pos_ in ("NOUN", "PROPN") and sent.root.i != noun.i else None
    else:
        setting = verb if _is_adjunct(noun, verb) else None
    return _Clause(
        noun,
        event_types.type_noun(noun) or event_types.event_noun(noun),
        nominal=True,
        setting_of=setting,
        governor=verb,
    )


def _event_noun_in(root: Token, dates: list[Timex], timex: Timex) -> Token | None:
    for token in [root] + list(root.subtree):
        if token.pos_ in ("NOUN", "PROPN") and event_types.event_noun(token) is not None:
            if not _subtree_has_other_date(token, dates, timex):
                return token
    return None


def _is_date_token(token: Token, dates: list[Timex]) -> bool:
    return any(t.char_start <= token.idx < t.char_end for t in dates)


def _is_adjunct(noun: Token, verb: Token) -> bool:
    """Is the noun a prepositional phrase setting the verb's scene ('At the summit, ...'), not an argument?"""
    token = noun
    while token.head.i != token.i and token.head.i != verb.i:
        token = token.head
    return token.dep_ in ("prep", "npadvmod", "advmod", "pobj")


def _typed_clause_below(
    verb: Token, dates: list[Timex], timex: Timex, shallow: bool = False, own_clause: bool = False
) -> _Clause | None:
    """An action in a clause the date scopes over: 'In 2018, X experienced a setback as Y forged an alliance'.

    ``shallow`` (a date lent by 'the meeting' of an earlier sentence) looks only
    at the verb's own objects: 'The meeting resulted in the adoption of ...'.
    ``own_clause`` (the verb the date modifies is a happening itself) keeps the search
    out of the verbs coordinated with it: "the cable went down on Saturday, and feedback
    suggests ...", "had checked into rehab Thursday morning, but then left" are first
    the going down and the checking in; the coordinated verbs get the date, if at all,
    as verbs that share it (events-0.13: EventStoryLine dev P/R 0.655/0.333 ->
    0.656/0.341, untouched 0.703/0.350 -> 0.711/0.358, value accuracy 0.906 -> 0.908;
    WikiWars untouched P 0.920 -> 0.921; TempEval-3 unchanged).
    """
    queue = [
        c
        for c in verb.children
        if c.dep_ not in ("nsubj", "nsubjpass", "csubj")
        and not _finite_relative(c)
        and not (own_clause and c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
        and (not shallow or c.dep_ in ("dobj", "prep", "pobj", "attr"))
    ]
    seen: set[int] = set()
    while queue:
        token = queue.pop(0)
        if token.i in seen or _subtree_has_other_date(token, dates, timex):
            continue
        seen.add(token.i)
        if token.dep_ in ("prep", "mark") and token.lower_ in _TEMPORAL_RELATIONS:
            continue
        if token.pos_ == "VERB":
            typed = event_types.type_clause(token)
            if typed is not None:
                return _Clause(typed.predicate, typed)
        elif (
            token.pos_ == "NOUN"
            and token.dep_ in ("dobj", "pobj", "attr")
            and event_types.event_noun(token) is not None
        ):
            return _Clause(
                token, event_types.type_noun(token), nominal=True, governor=verb
            )  # "resulted in the adoption of"
        queue += [
            c
            for c in token.children
            if c.dep_ not in ("punct", "det", "amod", "nsubj", "nsubjpass")
            and not _finite_relative(c)
            and (not shallow or c.dep_ in ("dobj", "prep", "pobj"))
        ]
    return None


def _finite_relative(token: Token) -> bool:
    """'Iran, which has objected ...' describes its noun; 'the first president to visit' does not."""
    return token.dep_ == "relcl" and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def _subtree_has_other_date(token: Token, dates: list[Timex], timex: Timex) -> bool:
    start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    return any(t is not timex and start <= t.char_start < end for t in dates)


def _opens_sentence(sent: Span, timex: Timex) -> bool:
    return not sent.text[: timex.char_start - sent.start_char].strip(' ,.:;-–("“')


def _distinct_dates(dates: list[Timex]) -> list[Timex]:
    """One date per value and precision: 'in 2021 ... that year' in one clause is one event.

    'Now' beside a date of the clause is no second date: "In 1862 the rebels now
    seized the town" happened in 1862 only.
    """
    if any(t.timeml != "PRESENT_REF" for t in dates):
        dates = [t for t in dates if t.timeml != "PRESENT_REF"]
    seen: dict[tuple[dt.date, str], Timex] = {}
    for t in dates:
        seen.setdefault((t.value, t.precision), t)
    return list(seen.values())


# --------------------------------------------------------------------------- the event
def _event(
    doc: Doc,
    sent: Span,
    clause: _Clause,
    timex: Timex,
    index: _MentionIndex,
    written: dt.date | None,
    inherited: list[tuple[str, str]] | None = None,
) -> Event | None:
    actors = _actors(doc, sent, clause, index)
    known = {key for key, _ in actors}
    actors += [
        (key, "participant") for key, _ in inherited or [] if key not in known
    ]  # the meeting it refers back to
    if not actors and (clause.nominal or clause.predicate.pos_ != "VERB") and clause.shares_date_of is None:
        return None  # an event noun nobody takes part in ("the 2020 conflict") says too little
    typed = clause.event_type
    category = typed.category if typed is not None else "OTHER"
    subtype = typed.subtype if typed is not None else None
    start, end = _extent(sent, clause, timex)
    word = typed.via if typed is not None else clause.predicate
    head = clause.predicate
    return Event(
        event_date=timex.value,
        date_precision=timex.precision,
        date_text=timex.text,
        date_anchor=timex.anchor,
        event_type=category,
        event_subtype=subtype,
        sentence=sent.text,
        char_start=start,
        char_end=end,
        actors=actors,
        mode=_mode(clause, timex, written),
        predicate=word.lemma_.lower(),
        predicate_span=(head.idx, head.idx + len(head)),
        date_span=(timex.char_start, timex.char_end),
        date_qualifier=timex.qualifier,
        date_anchor_start=timex.anchor_start,
        event_time=timex.time,
        time_zone=timex.zone,
    )


def _extent(sent: Span, clause: _Clause, timex: Timex) -> tuple[int, int]:
    """The words that state the event: the predicate's phrase and the date, within the sentence."""
    head = clause.predicate
    start = min(head.left_edge.idx, timex.char_start)
    end = max(head.right_edge.idx + len(head.right_edge), timex.char_end)
    start, end = max(start, sent.start_char), min(end, sent.end_char)
    text = nlp.doc_text(sent.doc)
    while end > start and text[end - 1].isspace():
        end -= 1
    while end > start and text[end - 1] in " ,;:.\n":
        end -= 1
    return start, end


# --------------------------------------------------------------------------- modes
def _mode(clause: _Clause, timex: Timex, written: dt.date | None) -> str | None:
    """PLOVER's auxiliary modes: negated, hypothetical, future, historical (a background mention).

    ``written`` is the last day the publication date allows (31 December for a
    journal dated by its year).
    """
    head = clause.setting_of if clause.nominal and clause.setting_of is not None else clause.predicate
    chain = _verb_chain(head)
    if any(event_types.is_negated(t) for t in chain) or any(
        t.lemma_ in ("fail", "refuse") for t in chain[1:]
    ):
        return "negated"
    aux = {c.lower_ for t in chain for c in t.children if c.dep_ in ("aux", "auxpass")}
    if aux & _HYPOTHETICAL_AUX or any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless") for t in chain for c in t.children
    ):
        return "hypothetical"
    infinitive = {"to", "be"} <= aux and len(chain) == 1  # "the meeting, to be held in April"
    future_words = any(t.lemma_ in _PLANNING for t in chain[1:]) or aux & _FUTURE_AUX or infinitive
    if future_words or (written is not None and timex.value > written):
        return "future"
    if (
        written is not None
        and _period_end(timex.value, timex.precision) < written - dt.timedelta(days=365)
        and _background(clause)
    ):
        return "historical"
    return None


def _verb_chain(token: Token) -> list[Token]:
    """The predicate and the verbs that govern it through xcomp ('plans to hold' -> hold, plans)."""
    chain = [token]
    while token.dep_ in ("xcomp",) and token.head.i != token.i:
        token = token.head
        chain.append(token)
    return chain


def _period_end(value: dt.date, precision: str) -> dt.date:
    """The last day of the period a date at this precision names."""
    if precision in ("day", "hour"):
        return value
    if precision == "week":
        return value + dt.timedelta(days=6)
    if precision in ("month", "quarter", "season", "half"):
        months = {"month": 1, "quarter": 3, "season": 3, "half": 6}[precision]
        index = value.year * 12 + value.month - 1 + months
        return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)
    if precision == "decade":
        return dt.date(value.year + 9, 12, 31)
    return dt.date(value.year, 12, 31)


def _background(clause: _Clause) -> bool:
    """A past event referred to in passing: a noun phrase, or a clause below the sentence's main one."""
    return clause.nominal or clause.predicate.dep_ not in ("ROOT", "conj")


# --------------------------------------------------------------------------- actors
def _asides(text: str, timexes: list[Timex]) -> list[tuple[int, int]]:
    """Parentheses holding a citation or a credit: '(Photo: CGTN, 2022)' names no participant."""
    out = []
    for t in timexes:
        if t.role in ("citation", "credit"):
            start = text.rfind("(", max(0, t.char_start - 200), t.char_start)
            end = text.find(")", t.char_end, t.char_end + 200)
            if start >= 0 and end >= 0:
                out.append((start, end + 1))
    return out


class _MentionIndex:
    """Mentions by token, and the persons and countries named so far, for pronouns and 'the two countries'."""

    def __init__(self, doc: Doc, mentions: list[Mention], asides: list[tuple[int, int]]):
        self.doc = doc
        self.history: _History | None = None  # events so far: who issued 'the statement', who 'it' is
        self.by_token: dict[int, Mention] = {}
        self.mentions = sorted(mentions, key=lambda m: m.char_start)
        for m in self.mentions:
            if any(s <= m.char_start < e for s, e in asides):
                continue
            span = doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
            if span is not None:
                for token in span:
                    self.by_token.setdefault(token.i, m)

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def last_persons(self, before: int, within: int = 1200) -> list[str]:
        return [
            m.actor_key
            for m in reversed(self.mentions)
            if m.char_end <= before and before - m.char_end < within and m.actor_key.startswith("person:")
        ]

    def last_parties(self, before: int, n: int, within: int = 2500) -> list[str]:
        """The last ``n`` distinct countries, organisations or persons named: 'both sides' after 'X and Y'."""
        keys: list[str] = []
        for m in reversed(self.mentions):
            if (
                m.char_end <= before
                and before - m.char_end < within
                and not m.actor_key.startswith("location:")
            ):
                if m.actor_key not in keys:
                    keys.append(m.actor_key)
                if len(keys) == n:
                    break
        return keys if len(keys) == n else []

    def last_countries(self, before: int, n: int, within: int = 2500) -> list[str]:
        keys: list[str] = []
        for m in reversed(self.mentions):
            if m.char_end <= before and before - m.char_end < within and m.actor_key.startswith("country:"):
                if m.actor_key not in keys:
                    keys.append(m.actor_key)
                if len(keys) == n:
                    break
        return keys if len(keys) == n else []


def _actors(doc: Doc, sent: Span, clause: _Clause, index: _MentionIndex) -> list[tuple[str, str]]:
    """(actor key, role) for the event's clause, strongest role kept when an actor appears twice.

    The clause's own words first (coordinated clauses and list items are
    their own events and keep their actors); then, for a clause without a
    subject, its governor's subject; for an event noun with no actor in its
    phrase, the scene it sets or the clause it is an argument of.
    """
    head = clause.predicate
    roles: dict[str, str] = {}

    def add(pairs: list[tuple[str, str]], as_role: str | None = None) -> None:
        for key, role in pairs:
            role = as_role or role
            if key not in roles or _ROLE_RANK[role] < _ROLE_RANK[roles[key]]:
                roles[key] = role

    for token in _own_words(head):
        add(_token_actors(token, head, clause.nominal, index))
    if clause.nominal:
        if clause.setting_of is not None and clause.setting_of.pos_ in ("VERB", "AUX"):
            add(_subject_actors(clause.setting_of, index))
        elif clause.setting_of is not None:
            add([(k, "participant") for t in clause.setting_of.subtree for k in _keys_at(t, index)])
        if not roles and clause.governor is not None:
            add(_argument_actors(clause.governor, head, index), "participant")
    elif not any(r == "source" for r in roles.values()):
        add(_inherited_subject(head, index))
    if not roles:
        add(_subject_actors(sent.root, index), "participant")
    return sorted(roles.items(), key=lambda kv: (_ROLE_RANK[kv[1]], kv[0]))


def _own_words(head: Token) -> list[Token]:
    """The head's phrase without its coordinated siblings ('the conflict in 2020, the withdrawal in 2021, ...')
    and, for a verb, without the adverbial and relative clauses that state events of their own."""
    skip: set[int] = set()
    verbal = head.pos_ in ("VERB", "AUX")
    for child in head.children:
        listed = (
            child.dep_ == "appos"
            and child.pos_ in ("NOUN", "PROPN")
            and event_types.event_noun(child) is not None
        )
        separate = verbal and child.dep_ in ("relcl", "advcl")  # a clause of its own, with its own event
        if child.dep_ in ("conj", "cc") or listed or separate:
            skip.update(t.i for t in child.subtree)
    return [t for t in head.subtree if t.i not in skip]


def _keys_at(token: Token, index: _MentionIndex) -> list[str]:
    mention = index.at(token)
    if mention is not None:
        return [mention.actor_key] if token.i == _mention_root(index, mention, token).i else []
    return _resolve_reference(token, index)


def _argument_actors(verb: Token, exclude: Token, index: _MentionIndex) -> list[tuple[str, str]]:
    """Actors in a verb's other arguments, for an event noun with none of its own.

    'The Shusha Declaration ... facilitates collaboration between the two
    nations': the nations. Other events listed beside it keep their actors.
    """
    ancestors = {t.i for t in exclude.ancestors}
    skip = {t.i for t in exclude.subtree}
    for token in verb.subtree:
        listed = token.dep_ in ("conj", "appos") or any(c.dep_ in ("conj", "appos") for c in token.children)
        if (
            token.i == exclude.i
            or not listed
            or token.pos_ not in ("NOUN", "PROPN")
            or event_types.event_noun(token) is None
        ):
            continue
        if token.i not in ancestors:
            skip.update(t.i for t in token.subtree)
        else:  # an event this one is listed under: its own words, not the branch leading here
            skip.add(token.i)
            for child in token.children:
                if child.i not in ancestors and child.i != exclude.i:
                    skip.update(t.i for t in child.subtree)
    out = []
    for child in verb.children:
        if child.i in skip or child.dep_ in _SUBJECT + ("nsubjpass", "punct", "cc", "conj"):
            continue
        out += [(k, "participant") for t in child.subtree if t.i not in skip for k in _keys_at(t, index)]
    return out


def _token_actors(token: Token, head: Token, nominal: bool, index: _MentionIndex) -> list[tuple[str, str]]:
    """The actors one token of the clause names, with their role relative to the clause's head."""
    mention = index.at(token)
    keys: list[str] = []
    if mention is not None and token.i == _mention_root(index, mention, token).i:
        keys = [mention.actor_key]
    elif mention is None:
        keys = _resolve_reference(token, index)
    if not keys:
        return []
    role = _role_towards(token, head, nominal, mention)
    return [(k, role) for k in keys]


def _mention_root(index: _MentionIndex, mention: Mention, token: Token) -> Token:
    """One token per mention speaks for it: the highest one in the parse."""
    span = index.doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
    return span.root if span is not None else token


def _resolve_reference(token: Token, index: _MentionIndex) -> list[str]:
    """'he'/'his' -> the person named last; 'the two countries' -> the two countries named last."""
    word = token.lower_
    if word in _PERSON_PRONOUNS and token.pos_ == "PRON":
        persons = index.last_persons(token.idx)
        return persons[:1]
    if word in ("it", "they") and token.pos_ == "PRON" and token.dep_ in ("nsubj", "nsubjpass"):
        return _carried_subject(token, index)
    if token.pos_ == "NOUN" and token.lemma_.lower() in _ISSUED_NOUNS and not _names_own_actor(token, index):
        return _issuer(token, index)
    if (
        token.pos_ == "NOUN"
        and token.lemma_.lower() in ("side", "party")
        and any(c.lower_ in ("both", "two") for c in token.children)
    ):
        return index.last_parties(token.sent.start_char, 2)  # "both sides": the two parties named
    if token.pos_ == "NOUN" and token.lemma_.lower() in _GROUP_NOUNS:
        count = next(
            (
                _COUNT_WORDS[c.lower_]
                for c in token.children
                if c.lower_ in _COUNT_WORDS and c.dep_ in ("nummod", "det", "predet", "amod")
            ),
            None,
        )
        if count is not None and any(c.lower_ in ("the", "both") for c in token.children):
            return index.last_countries(token.sent.start_char, count)
    return []


_ISSUED_NOUNS = {
    "statement",
    "communiqué",
    "communique",
    "charter",
    "declaration",
    "report",
    "letter",
    "resolution",
    "memorandum",
    "note",
}


def _names_own_actor(noun: Token, index: _MentionIndex) -> bool:
    """'the OTS statement', 'the ministry's report', 'the statement by the OTS' name their issuer."""
    return any(index.at(t) is not None for t in noun.subtree if t.i != noun.i)


def _issuer(noun: Token, index: _MentionIndex) -> list[str]:
    """'The statement' with no issuer of its own: who issued the last one the paragraph talks about.

    The source of the last event within the paragraph (about 1,500 characters)
    whose sentence has the same noun, or states an issuing ('issued', 'said',
    'adopted'); nothing when no such event has a source.
    """
    if index.history is None or not any(c.lower_ in _ANAPHORIC_DETERMINERS for c in noun.children):
        return []
    lemma = noun.lemma_.lower()
    for _, event, end in reversed(index.history.entries):
        if end > noun.idx or noun.idx - end > 1500:
            continue
        sources = [k for k, role in event.actors if role == "source"]
        if sources and (lemma in event.sentence.lower() or event.predicate in _ISSUING):
            return sources[:1]
    return []


_ISSUING = {"issue", "say", "adopt", "publish", "release", "express", "sign", "announce", "state"}


def _carried_subject(pronoun: Token, index: _MentionIndex) -> list[str]:
    """'It' or 'they' opening a clause: the source of the previous sentence's last event, else nothing."""
    if index.history is None:
        return []
    sent_start = pronoun.sent.start_char
    for _, event, end in reversed(index.history.entries):
        if end > sent_start:
            continue
        if sent_start - end > 400:
            return []
        sources = [k for k, role in event.actors if role == "source" and not k.startswith("person:")]
        return sources[:1]
    return []


def _role_towards(token: Token, head: Token, nominal: bool, mention: Mention | None) -> str:
    """Source, target, participant or location, from the path between the actor and the event's head."""
    path = []
    node = token
    while node.i != head.i and node.head.i != node.i:
        path.append(node)
        node = node.head
    if not path:
        return "participant"
    top = path[-1]  # the child of the head on the way to the actor
    prep = next((p.lower_ for p in reversed(path) if p.dep_ in ("prep", "agent")), None)
    place = (
        mention is not None
        and mention.label in _PLACE_LABELS | {"GAZETTEER"}
        and mention.actor_key.startswith("location:")
    )
    if nominal:
        if top.dep_ == "poss" or prep == "by":
            return "source"
        if prep in _TARGET_PREPOSITIONS:
            return "target"
        if prep in _PLACE_PREPOSITIONS and place:
            return "location"
        return "participant"
    if top.dep_ in _SUBJECT or top.dep_ == "agent" or prep == "by" and top.dep_ == "agent":
        return "source"
    if top.dep_ in ("nsubjpass",) or top.dep_ in _OBJECT:
        return "target"
    if top.dep_ == "prep" and not _direct_object_of(path):
        return "participant"  # "against the backdrop of Russia's invasion": Russia is no target of the visit
    if top.dep_ == "prep":
        if prep in _JOINT_PREPOSITIONS:
            return "participant"
        if prep in _PLACE_PREPOSITIONS and (
            place or (mention is not None and mention.label in _PLACE_LABELS)
        ):
            return "location"
        if prep in _TARGET_PREPOSITIONS:
            return "target"
    return "participant"


def _direct_object_of(path: list[Token]) -> bool:
    """Is the actor the object of the preposition itself (or listed with it), not nested deeper?"""
    below_prep = []
    for node in path:
        if node.dep_ in ("prep", "agent"):
            break
        below_prep.append(node)
    return all(
        n.dep_ in ("pobj", "conj", "appos", "compound", "amod", "poss", "nmod", "cc") for n in below_prep
    )


def _subject_actors(verb: Token, index: _MentionIndex) -> list[tuple[str, str]]:
    out = []
    for child in verb.children:
        if child.dep_ in _SUBJECT + ("nsubjpass",):
            for token in child.subtree:
                mention = index.at(token)
                if mention is not None:
                    out.append((mention.actor_key, "source"))
                else:
                    out += [(k, "source") for k in _resolve_reference(token, index)]
    return list(dict.fromkeys(out))


def _inherited_subject(verb: Token, index: _MentionIndex) -> list[tuple[str, str]]:
    """A clause without a subject of its own ('decided to join', 'convened a meeting to discuss') takes its governor's."""
    token = verb
    for _ in range(3):
        if any(c.dep_ in _SUBJECT for c in token.children) or token.dep_ not in (
            "xcomp",
            "advcl",
            "conj",
            "pcomp",
            "acl",
        ):
            break
        token = token.head
    if token.i == verb.i:
        return []
    return _subject_actors(token, index)


# --------------------------------------------------------------------------- "the meeting" of the sentence before
_ANAPHORIC_DETERMINERS = {"the", "this", "that", "these", "those"}


@dataclass
class _Anaphor:
    """A definite event noun ('The meeting resulted in ...') dated by the event it refers back to."""

    noun: Token
    timex: Timex
    antecedent: Event


# A noun modifying another names no event of its own: "the quake-triggered tsunami of 2004" is no quake
# (the 2004 date went to "The 6.1-magnitude quake struck inland" of 2013; ESL dev 2 such dates).
_MODIFIERS = ("compound", "npadvmod", "amod", "nmod", "poss")


class _History:
    """Dated events so far, with the event nouns that name them, for 'the meeting' two sentences on."""

    def __init__(self) -> None:
        self.entries: list[tuple[set[str], Event, int]] = []

    def add(self, event: Event, clause: _Clause, doc: Doc) -> None:
        span = doc.char_span(event.char_start, event.char_end, alignment_mode="expand")
        names = {clause.predicate.lemma_.lower()}
        if span is not None:
            names |= {
                t.lemma_.lower()
                for t in span
                if t.pos_ == "NOUN" and t.dep_ not in _MODIFIERS and event_types.event_noun(t) is not None
            }
        self.entries.append((names, event, event.char_end))

    def find(self, lemma: str, before: int, within: int) -> Event | None:
        for names, event, end in reversed(self.entries):
            if end <= before and before - end <= within and lemma in names:
                return event
        return None


def _event_anaphors(doc: Doc, sent: Span, dates: list[Timex], history: _History) -> list[_Anaphor]:
    """'The meeting' or 'this visit' with no date of its own, naming an event dated just before.

    "The ..." only as a subject, "this/that ..." anywhere but after a temporal
    preposition: "after this visit" and "following the war" relate to the
    event without dating anything.

    Tried and not kept (events-0.16 round): dating "two days after the burst",
    "a day after Raite died", "the morning after the fire" from the earlier
    dated event of the same lemma (within 1,500 characters, day precision only,
    no date when that event is undated), else from the last dated event of the
    person who owns it ("Buckley's death"). benchmarks/events.py, dev /
    untouched: EventStoryLine P/R 0.687/0.394 -> 0.689/0.399 (3 golds, all from
    the owner fallback) and 0.732/0.426 unchanged; TempEval-3 unchanged;
    WikiWars dev unchanged, untouched 0.931/0.693 -> 0.930/0.694 (3 more events,
    1 right; at 3,000 characters 0.927/0.694). The same-lemma rule alone gained
    nothing on any dev part; most ESL golds count from an event the document
    never dates itself ("Buckley's death" is dated only through "climbing ...
    on Saturday").
    """
    out = []
    for token in sent:
        if token.pos_ != "NOUN" or event_types.event_noun(token) is None:
            continue
        determiner = next((c.lower_ for c in token.children if c.dep_ == "det"), None)
        if determiner not in _ANAPHORIC_DETERMINERS:
            continue
        if determiner == "the" and token.dep_ not in ("nsubj", "nsubjpass"):
            continue  # "the conflict" deep in a clause may be any conflict; "the meeting resulted in" is that one
        if any(
            t.char_start < token.right_edge.idx + len(token.right_edge)
            and token.left_edge.idx <= t.char_start
            for t in dates
        ):
            continue
        if token.dep_ == "pobj" and token.head.lower_ in _TEMPORAL_RELATIONS:
            continue
        antecedent = history.find(token.lemma_.lower(), sent.start_char, within=1500)
        if antecedent is None:
            continue
        start = min([c.idx for c in token.children if c.dep_ == "det"] + [token.idx])
        timex = Timex(
            start,
            token.idx + len(token),
            nlp.doc_text(doc)[start : token.idx + len(token)],
            antecedent.event_date,
            antecedent.date_precision,
            "narrative",
            anchor_start=antecedent.char_start,
        )
        out.append(_Anaphor(token, timex, antecedent))
    return out


# --------------------------------------------------------------------------- one event, several mentions
def merge_mentions(events: list[Event]) -> list[Event]:
    """Mentions of one event in one document become one event that lists them all.

    Two mentions are the same event when their dates are compatible (one
    period lies within the other: "the March 31, 2025 statement" and "in March
    2025"), they have the same category and predicates naming one happening
    (``_same_happening``), and the same main actors: the sources when both name
    one, else a shared actor. A caption repeating the body, a summary repeating
    a paragraph, one ministry statement quoted in four sentences. The merged
    event keeps the most precise date stated, and each repeat's place with the
    words that state it (``mention_words``: its predicate and its date).

    events-0.15 (benchmarks/events.py, a repeat scored by its own words; dev /
    untouched): OTHER events merged only by the same word or a derived noun
    (48 of 79 dev merges had been two different happenings): EventStoryLine
    P/R 0.693/0.385 -> 0.689/0.385 and 0.723/0.412 -> 0.726/0.412, TempEval-3
    0.548/0.654 -> 0.523/0.654 (the events no longer swallowed, "underwent
    brain surgery in early 2011", are ones the gold links to no date) and
    0.733/0.786 unchanged, WikiWars 0.923/0.743 -> 0.925/0.743 and 0.929/0.692
    -> 0.930/0.692; events per article 5.4 -> 5.5, 89.9 -> 92.9.
    """
    kept: list[Event] = []
    # Only an event of the same type sharing an actor can be the same event (``_same_event``),
    # so each is compared with those alone, in the order they were kept: the same first match
    # as a scan of every kept event, without the scan's cost growing with the square of a long
    # report's events (a 300,000-character text spent 5.5 s here).
    by_actor: dict[tuple[str, str], list[int]] = {}
    for event in events:
        candidates = sorted({i for key, _ in event.actors for i in by_actor.get((event.event_type, key), ())})
        same = next((kept[i] for i in candidates if _same_event(kept[i], event)), None)
        if same is None:
            for key in {key for key, _ in event.actors}:
                by_actor.setdefault((event.event_type, key), []).append(len(kept))
            kept.append(event)
            continue
        if (same.char_start, same.char_end) != (event.char_start, event.char_end):
            same.mentions.append((event.char_start, event.char_end))
            same.mention_words.append(_words(event))
        same.mentions += event.mentions  # "this meeting" said of a repeat is said of the event
        same.mention_words += event.mention_words
        if _finer(event, same):
            for name in ("event_date", "date_precision", "date_text", "date_anchor", "date_qualifier"):
                setattr(same, name, getattr(event, name))
            same.event_time, same.time_zone, same.date_anchor_start = (
                event.event_time,
                event.time_zone,
                event.date_anchor_start,
            )
        known = {key for key, _ in same.actors}
        same.actors += [(key, role) for key, role in event.actors if key not in known]
        index = kept.index(same) if any(key not in known for key, _ in event.actors) else None
        for key in {key for key, _ in event.actors} - known:
            by_actor.setdefault((same.event_type, key), []).append(index)
    return kept


def _words(event: Event) -> tuple[tuple[int, int], tuple[int, int]]:
    """The words that state an event: its predicate and its date (its extent when either is unknown)."""
    extent = (event.char_start, event.char_end)
    return event.predicate_span or extent, event.date_span or extent


_FINENESS = {"hour": 0, "day": 1, "week": 2, "month": 3, "quarter": 4, "season": 4, "half": 5, "year": 6}


def _finer(a: Event, b: Event) -> bool:
    return _FINENESS.get(a.date_precision, 9) < _FINENESS.get(b.date_precision, 9)


def _same_event(a: Event, b: Event) -> bool:
    if a.event_type != b.event_type or not _nested(a, b):
        return False
    identical = (a.char_start, a.char_end, a.predicate) == (b.char_start, b.char_end, b.predicate)
    if not identical and a.char_start <= b.char_start < a.char_end:
        return False  # two dates of one sentence are two events
    if not _same_happening(a, b):
        return False
    if (a.mode in ("negated", "hypothetical")) != (b.mode in ("negated", "hypothetical")):
        return False
    sources_a = {k for k, r in a.actors if r == "source"}
    sources_b = {k for k, r in b.actors if r == "source"}
    if sources_a and sources_b:
        return bool(sources_a & sources_b)
    return bool({k for k, _ in a.actors} & {k for k, _ in b.actors})


def _same_happening(a: Event, b: Event) -> bool:
    """Do the two predicates name one kind of happening, so that the two can be one event?

    The same word ("condemned" ... "condemned the project again"), a word
    derived from the other ("arraigned" ... "his arraignment"), or two words
    of one PLOVER subtype ("said", "the statement": a statement issued; "held
    talks", "discussed": talks). An OTHER event has no subtype that says more
    than its field ("sparked landslides" is no "earthquake", though both are
    natural disasters), so only its word can: before, any two OTHER events of
    one period sharing an actor merged, "Westmoreland predicted victory by the
    end of 1967" into "In November 1967 Westmoreland spearheaded a public
    relations drive", and the analyst lost an event (48 of 79 merges in the
    three corpora's development parts were such pairs).
    """
    if a.predicate == b.predicate:
        return not _says_nothing(a)
    if _derived(a.predicate or "", b.predicate or ""):
        return True
    return a.event_type != "OTHER" and a.event_subtype is not None and a.event_subtype == b.event_subtype


# Verbs that say what was done only through their object ("made an offer", "took part", "did"),
# or only that something began or was tried: the same one twice is not yet the same happening.
_EMPTY_KINDS = ("light", "aspect", "intent", "undo")
_EMPTY_VERBS = {"do", "have", "get", "be", "come", "see"}


def _says_nothing(event: Event) -> bool:
    """Is an untyped event's predicate a verb that names no happening of its own ("made", "began")?"""
    if event.event_type != "OTHER" or event.event_subtype is not None:
        return False
    entry = event_types.verbs().get(event.predicate or "")
    return event.predicate in _EMPTY_VERBS or (entry is not None and entry.kind in _EMPTY_KINDS)


# What a noun adds to its verb's stem: "arraign-ment", "inva-sion", "elect-ion", "arriv-al", "fail-ure".
_NOUN_ENDINGS = ("ion", "ment", "al", "ure", "ance", "ence", "ing", "age")


def _derived(a: str, b: str) -> bool:
    """Is one word the other's event noun: the verb's stem (less at most two final letters), at most
    two joining letters and a noun ending ("condemn-at-ion", "deci-s-ion")?"""
    short, long = sorted((a, b), key=len)
    for cut in range(3):
        stem = short[: len(short) - cut]
        rest = long[len(stem) :]
        if len(stem) >= 4 and long.startswith(stem) and any(rest[j:] in _NOUN_ENDINGS for j in range(3)):
            return True
    return False


def _nested(a: Event, b: Event) -> bool:
    """Does one event's period lie within the other's (the same day, or a day of the same month)?"""
    end_a = _period_end(a.event_date, a.date_precision)
    end_b = _period_end(b.event_date, b.date_precision)
    return (a.event_date <= b.event_date and end_b <= end_a) or (
        b.event_date <= a.event_date and end_a <= end_b
    )


def actor_role(doc: Doc, mention: Mention, predicate: Token | None) -> str:
    """The role of a mention towards a predicate (source, target, participant, location)."""
    if predicate is None:
        return "participant"
    span = doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
    if span is None or not (predicate.left_edge.i <= span.root.i <= predicate.right_edge.i):
        return "participant"
    return _role_towards(span.root, predicate, predicate.pos_ not in ("VERB", "AUX"), mention)


_role = actor_role  # the name benchmarks/actors.py imports
