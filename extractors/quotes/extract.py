"""Quotations: who said what, and which quoted spans are only terms.

The spans come from ``extractors.quote_marks`` (the text alone); this module
reads the single spaCy parse around each of them to decide three things:

* **Cue and speaker.** The reporting word is looked for along the dependency
  path from the quoted words upwards (so "X adds ... "a", and Y recognizes ...
  "b"" gives each quotation its own clause), then among the words hanging below
  the quotation ('"...," she said'), then, for whole statements only, anywhere
  in the sentence. The speaker is the subject of that verb, the agent of a
  passive, the object of "according to", the noun a relative clause hangs from,
  the owner of a "statement"/"goal", or the name before "X: ...". A statement
  with no cue of its own continues the quotation just before it only when it
  opens the very next sentence.
* **Who that is.** Through the actor mentions: a pronoun takes the nearest
  fitting actor before it, "the ministry" the last organisation so named, "the
  statement" / "the communiqué" the organisation or state that issued it (the
  one its phrase names, else the last one named before it). A name a reporting verb makes
  speak is a person for the pronouns after it when the text says so (a first name, "Ms.", a
  "she" going on), even where the actors missed it or took it for an organisation.
* **Quote or term.** Titles, names, slogans, scare quotes and words discussed as
  words are terms: told by naming frames ("so-called", "known as", "the concept
  of"), title case, a capital mid-sentence, a short phrase with no cue, or a
  phrase standing as the subject of someone else's clause. Both kinds are
  kept; only quotations carry a speaker.

A quotation is dated by the dated event of its own sentence (or of the
sentence its speaker came from); failing that by the publication date, and
``date_anchor`` says which.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from core.records import Event, Mention, Quote
from extractors import nlp
from extractors.common.genders import first_name_gender, is_given_name, lone_given_name_gender
from extractors.quotes.marks import QuoteSpan, find_quote_spans, paragraph_ranges

__all__ = ["VERSION", "extract_quotes", "find_quote_spans"]

VERSION = "quotes-0.10"  # 0.10: an infinitive or participle cue the parse left with no speaker, or a
# statement noun with no author, takes the reporter of its sentence; 0.9: "a Chinese official" is an
# unnamed person, no longer China; he/she agree with the first names of lone-first-name people and of
# namesakes

# Verbs that report speech or writing: their subject is the speaker.
SPEECH_VERBS = frozenset(
    """
    say state stress tell note add declare announce emphasize emphasise underline underscore call describe
    refer pledge promise warn argue claim write insist explain condemn praise express affirm reaffirm highlight
    acknowledge urge vow remark observe comment recall repeat reject suggest predict welcome hail proclaim assert
    confirm mention read put reiterate deny admit answer reply respond ask demand propose announce criticize
    criticise denounce dismiss blame accuse caution complain lament boast concede contend maintain point
    characterize characterise label term dub quote cite report testify tweet post speak voice signal
    recommend advise reassure assure inform brief quip joke muse question appeal thank congratulate recount relate
    shout yell scream cry chant exclaim whisper mutter plead retort counter
    conclude continue blast mock liken email bark exhort wonder confess elaborate laud tout interrupt scoff
    snap chide rebut agree disagree remember opine
""".split()
)
# Verbs of belief or perception: a source, but a short noun phrase under them is still a term.
BELIEF_VERBS = frozenset(
    """
    believe think consider recognize recognise see view regard feel hope expect fear envision envisage
    perceive deem find
""".split()
)
# Nouns whose content is what someone said or wrote, or what they aim at.
STATEMENT_NOUNS = frozenset(
    """
    statement words remark comment message declaration communique communiqué pledge promise vow warning appeal
    claim assertion assurance announcement speech address interview tweet post letter note report language
    wording text release readout testimony reply response answer quote quotation phrase commentary
""".split()
)
GOAL_NOUNS = frozenset(
    "goal aim objective purpose intention ambition target mission plan task priority".split()
)
DOCUMENT_NOUNS = frozenset(
    """
    statement communique communiqué declaration report document resolution agreement treaty text letter note
    release memorandum charter strategy plan vision decree law constitution program programme concept roadmap
    doctrine accord protocol convention bill directive readout transcript manifesto platform white paper
""".split()
)
ORGANISATION_NOUNS = frozenset(
    """
    ministry government council commission committee office agency secretariat organization organisation
    parliament court bank presidency embassy administration department cabinet party union alliance bloc
    kremlin authorities authority spokesman spokeswoman spokesperson service assembly senate congress
""".split()
)
# Words that make a named actor a document (not "Programme": the World Food Programme is an agency).
_DOCUMENT_NAMES = frozenset(
    """
    vision strategy agreement treaty declaration charter communique communiqué statement report resolution accord
    protocol convention memorandum decree law doctrine concept roadmap
""".split()
)
_STATE_NOUNS = frozenset("government cabinet administration authorities authority presidency kremlin".split())
PERSON_NOUNS = frozenset(
    """
    spokesman spokeswoman spokesperson minister president official officials analyst analysts expert experts
    observer observers scholar scholars diplomat diplomats leader leaders ambassador envoy chairman chairwoman
    chair secretary director head researcher researchers critic critics activist activists resident residents
    witness witnesses economist economists professor author authors journalist journalists negotiator
    negotiators lawmaker lawmakers senator deputy governor mayor commander general officer officers
    representative representatives delegate delegates adviser advisor advisers people citizens voters
""".split()
)
# People a description names by what they are, who do not speak for the body it names (as a
# spokesman or a representative does): "a Chinese official", "the RNC member", "a source familiar
# with the FDIC's investigation" are unnamed people, kept as the description with no actor; before
# quotes-0.9 they were China, the RNC, the FDIC. PolNeAR refined speaker (one run): dev 478 -> 479
# of 558 found, train-dev 3427 -> 3436 of 4099, untouched 424 of 533 unchanged; wrong speakers dev
# 50 -> 49, train-dev 449 -> 440; none that was right became wrong.
_UNNAMED_PEOPLE = (
    PERSON_NOUNS
    - {
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "representative",
        "representatives",
        "delegate",
        "delegates",
    }
) | frozenset(
    """
    member members source sources aide aides staffer staffers operative operatives strategist strategists
    worker workers employee employees supporter supporters insider insiders
""".split()
)
_PRONOUN_PEOPLE = {"he", "she", "him", "her", "his", "hers"}
_PRONOUN_THINGS = {"it", "its"}
_FUNCTION_WORDS = frozenset(
    """
    of the and for on in to a an between through with at by from de la le der die das del du van von
    or as into against about within without over under upon
""".split()
)
# Words before a quoted span that make it a name or a word discussed as a word.
# Words that announce a set phrase even when it is a whole sentence ('the slogan "Meth, we're on it"').
_SLOGAN_WORDS = r"\b(?:slogan|motto|tagline|catchphrase|hashtag|headline|caption|nickname|word|term|phrase)"
_SLOGAN = re.compile(_SLOGAN_WORDS + r"\s*:?\s*$", re.I)
_NAMING_BEFORE = re.compile(
    r"(?:\bso[- ]called|\bself[- ](?:proclaimed|styled|declared)|\b(?:known|referred\s+to|renowned|"
    r"perceived|seen|regarded|considered|designated)\s+as|\b(?:speak|speaks|spoke|speaking|talk|talks|talked|"
    r"talking)\s+(?:of|about)|"
    r"\brefer(?:s|red|ring)?\s+to\b.{0,60}\bas|\bwhat\s+(?:\w+\s+){1,3}(?:call|calls|called|term|terms|dub|dubs)\s+"
    r"|\b(?:call|calls|called|calling)\s+(?:it\s+|them\s+|this\s+|that\s+)?the\s+|"
    r"\b(?:dubbed|termed|nicknamed|named|titled|entitled|"
    r"summari[sz]ed\s+(?:by|as)|summed\s+up\s+(?:by|as)|coined|"
    r"the\s+(?:term|word|words|phrase|expression|concept|notion|idea|label|name|title|formula|"
    r"vision|principle|doctrine|policy|strategy|programme|program|initiative|banner|rubric|heading)\s+(?:of\s+)?|"
    + _SLOGAN_WORDS
    + r")\s*:?)"
    r"\s*(?:(?:the|a|an|its|their|his|her)\s+)?$",
    re.I,
)
# Nouns right after a quoted span that make it a name ("the "Look North" policy").
_NAMING_AFTER = re.compile(
    r"^\s*(?:policy|policies|strategy|strategies|program|programme|project|initiative|doctrine|concept|"
    r"format|principle|approach|campaign|movement|model|mechanism|framework|agenda|paradigm|narrative|"
    r"slogan|formula|process|summit|forum|platform|vision|plan|operation|scheme|brand|label|motto|"
    r"project|bloc|group|axis|club|doctrine|era|period)\b",
    re.I,
)
_DIRECT_DEPS = {"dobj", "ccomp", "xcomp", "oprd", "attr", "acomp", "parataxis", "npadvmod", "appos", "advcl"}
_CONTEXT_SENTENCES = 3
_PRONOUN_SENTENCES = 4
# A pronoun is left unresolved (speaker NULL, the "he" kept as written) when its best antecedent
# scores below this, or beats another person by less than the margin (scores: see _antecedent).
# Chosen on PolNeAR dev, counting a wrong speaker as costing twice a missing one: see README.
_MIN_PRONOUN_SCORE = -1.0
_MIN_PRONOUN_MARGIN = 1.0
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Lady|Dame)\.?\s+$")
_HONORIFIC_GENDER = {"mr": "m", "sir": "m", "mrs": "f", "ms": "f", "miss": "f", "lady": "f", "dame": "f"}
# Words that tell a person's gender when said with the name ("spokeswoman Jane Doe", "his wife, Ann").
_GENDERED_NOUNS = {
    **dict.fromkeys(
        "spokesman congressman chairman businessman husband father son brother king prince "
        "boyfriend grandfather uncle nephew actor".split(),
        "m",
    ),
    **dict.fromkeys(
        "spokeswoman congresswoman chairwoman businesswoman wife mother daughter sister queen "
        "princess girlfriend grandmother aunt niece actress".split(),
        "f",
    ),
}
_STATEMENT_WORDS = 8


@dataclass
class _Attribution:
    """What the text says about who said a quoted span."""

    cue: str | None = None
    cue_token: Token | None = None
    speaker: Token | None = None
    how: str = ""  # verb | belief | according | noun | goal | colon | label | continued
    direct: bool = False  # the quotation is the cue's own complement
    context_sentence: Span | None = None  # where a speaker taken from context was found


@dataclass
class _Speaker:
    key: str | None = None
    text: str | None = None
    kind: str | None = None


class _Context:
    """One document's parse, mentions, spans and events, indexed for the lookups below."""

    def __init__(
        self,
        doc: Doc,
        mentions: list[Mention],
        spans: list[QuoteSpan],
        events: list[Event],
        published: dt.date | None,
        published_precision: str | None,
        text: str,
    ):
        self.doc = doc
        self.text = text  # Doc.text is rebuilt from the tokens on every access: read it once
        self.published_precision = published_precision or "day"
        self.mentions = sorted(mentions, key=lambda m: m.char_start)
        self.spans = spans
        self.events = events
        # Events by start, and the longest, so the events overlapping a stretch of text are
        # found by binary search instead of a scan of every event for every quotation.
        self.events_by_start = sorted(events, key=lambda e: e.char_start)
        self.event_starts = [e.char_start for e in self.events_by_start]
        self.longest_event = max((e.char_end - e.char_start for e in events), default=0)
        self.event_order = {id(e): i for i, e in enumerate(events)}
        self.published = published
        self.paragraphs = paragraph_ranges(self.text)
        self.para_starts = [p[0] for p in self.paragraphs]
        self.sents = _sentences(doc, self.paragraphs)
        self.sent_starts = [s.start_char for s in self.sents]
        self.quoted = sorted((s.outer_start, s.outer_end) for s in spans)
        self.last_speaker: tuple[str, int] | None = None  # (actor key, end of its quotation)
        self.last_cue_at: int | None = None  # the cue of the last quotation ("...," she said)
        self._genders: dict[str, str | None] | None = None
        self._sources: list[Mention] | None = None
        self._index_mentions()
        # Speakers the actors step missed or typed as a thing ("Reynolds says", "Maryam Violet
        # told"): people from here on, under a key of their own; ``public`` maps it back.
        self.public: dict[str, str | None] = {}
        speaking = _speaking_names(self)
        if speaking:
            self.mentions = sorted(speaking, key=lambda m: m.char_start)
            self._index_mentions()

    def _index_mentions(self) -> None:
        self.mention_starts = [m.char_start for m in self.mentions]
        self.mention_at = {}
        for m in self.mentions:
            for i in range(m.char_start, m.char_end):
                self.mention_at.setdefault(i, m)

    def public_key(self, key: str | None) -> str | None:
        """The actor key a quotation stores: a speaking name's own key goes back to the actor the
        actors step made of it (None when it made none)."""
        return self.public.get(key, key) if key is not None else None

    def sources(self) -> list[Mention]:
        """The named people the narrative reports as speaking or thinking (see ``_sources``)."""
        if self._sources is None:
            self._sources = _sources(self)
        return self._sources

    def gender(self, key: str) -> str | None:
        """'m' or 'f' where the document says so for this person, else None."""
        if self._genders is None:
            self._genders = _document_genders(self)
        return self._genders.get(key)

    def paragraph(self, offset: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.para_starts, offset) - 1)
        return self.paragraphs[i] if self.paragraphs else (0, len(self.text))

    def reach(self, span: QuoteSpan) -> tuple[int, int]:
        """The paragraphs a quotation lies in: dependency arcs beyond them are parser errors."""
        return self.paragraph(span.outer_start)[0], self.paragraph(max(span.outer_start, span.outer_end - 1))[
            1
        ]

    def in_quote(self, offset: int) -> bool:
        """True when ``offset`` lies inside some quoted span (marks included)."""
        i = bisect.bisect_right(self.quoted, (offset, float("inf"))) - 1
        return any(a <= offset < b for a, b in self.quoted[max(0, i - 3) : i + 1])

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """The mentions that start in [start, end), by binary search."""
        a = bisect.bisect_left(self.mention_starts, start)
        b = bisect.bisect_left(self.mention_starts, end)
        return self.mentions[a:b]

    def sent_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, offset) - 1)

    def region(self, span: QuoteSpan) -> list[Span]:
        """The sentences the quotation and its marks touch (a lone closing mark that the
        parser moved into the next sentence does not drag that sentence in)."""
        end = max(span.end, span.close_at if span.close_at is not None else span.end)
        first, last = self.sent_index(span.outer_start), self.sent_index(max(span.outer_start, end - 1))
        return self.sents[first : last + 1]


def _document_genders(ctx: _Context) -> dict[str, str | None]:
    """Each person's gender as the document states it: an honorific or a gendered noun said with the
    name ("Mrs. Clinton", "spokeswoman Jen Psaki"), the he/his or she/her of sentences naming
    that person alone (outside quotations), or the he/she subject of the sentences right after
    one naming that person alone that name no one ('Graham said, "..." He continued, "..." He
    added, "..."'). A person the evidence disagrees about gets None.

    The last kind (quotes-0.7) outweighs a first name that usually belongs to the other gender
    (Lindsey Graham was a woman by his name, so each "he continued" went unresolved): refined
    speaker on PolNeAR dev 0.848 -> 0.853, train-dev 0.830 -> 0.831, untouched unchanged."""
    votes: dict[str, list[int]] = {}

    def vote(key: str, gender: str, weight: int = 1) -> None:
        v = votes.setdefault(key, [0, 0])
        v[0 if gender == "m" else 1] += weight

    people = [m for m in ctx.mentions if m.actor_key.startswith("person:")]
    by_name: dict[str, str] = {}
    full = {m.actor_key for m in people if len(m.surface.split()) > 1}
    for m in people:
        lone = lone_given_name_gender(m.surface) if m.actor_key not in full and " " not in m.surface else None
        if lone and m.actor_key not in by_name:
            # "Melanie said", "Kevin was drifting off": a person the story calls by a common first
            # name alone, never named in full (a lone "Jordan" with a "Chuck Jordan" is a surname).
            by_name[m.actor_key] = lone
            vote(m.actor_key, lone)
        honorific = _HONORIFIC.search(ctx.text[max(0, m.char_start - 6) : m.char_start])
        if honorific:
            vote(m.actor_key, _HONORIFIC_GENDER[honorific.group(1).lower()], 3)
        given = first_name_gender(m.surface)
        if given and m.actor_key not in by_name:
            by_name[m.actor_key] = given
            vote(m.actor_key, given, 2)  # once per person, however often the full name recurs
        before = ctx.text[max(0, m.char_start - 40) : m.char_start].lower().split()
        words = before[-3:] + (m.role or "").lower().split()
        for w in words:
            g = _GENDERED_NOUNS.get(w.strip(",.'’s"))
            if g:
                vote(m.actor_key, g, 3)
    previous: str | None = None  # the one person the last narrative sentence named
    for sent in ctx.sents:
        named = {
            m.actor_key
            for m in people
            if sent.start_char <= m.char_start < sent.end_char and not ctx.in_quote(m.char_start)
        }
        carried = False
        if not named and previous is not None:
            # "Graham said, '...' He continued, '...' He added, '...'": the he that goes on is the
            # one just named.
            for t in sent:
                g = _PRONOUN_GENDER.get(t.lower_)
                if g and t.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote(t.idx):
                    vote(previous, g)
                    carried = True
                    break
        if not carried and (not ctx.in_quote(sent.start_char) or named):
            previous = next(iter(named)) if len(named) == 1 else None
        if len(named) != 1:
            continue
        key = next(iter(named))
        first = min(m.char_start for m in people if m.actor_key == key and sent.start_char <= m.char_start)
        for t in sent:
            g = _PRONOUN_GENDER.get(t.lower_)
            if g and t.idx > first and not ctx.in_quote(t.idx):
                vote(key, g)
    out: dict[str, str | None] = {}
    # A first name settles what the document leaves open ("she" is never a Frank).
    for key, (male, female) in votes.items():
        out[key] = "m" if male > 2 * female else "f" if female > 2 * male else by_name.get(key)
    return out


def _sentences(doc: Doc, paragraphs: list[tuple[int, int]]) -> list[Span]:
    """The parser's sentences, cut at paragraph breaks (which the parser does not always respect)."""
    out: list[Span] = []
    p = 0
    for sent in doc.sents:
        a, b = sent.start_char, sent.end_char
        while p < len(paragraphs) and paragraphs[p][1] <= a:
            p += 1
        q = p
        while q < len(paragraphs) and paragraphs[q][0] < b:
            piece = doc.char_span(max(a, paragraphs[q][0]), min(b, paragraphs[q][1]), alignment_mode="expand")
            if piece is not None and piece.text.strip():
                out.append(piece)
            q += 1
    return out or [doc[:]]


# ---------------------------------------------------------------- entry point


def extract_quotes(
    doc: Doc,
    mentions: list[Mention],
    events: list[Event] | None = None,
    published: dt.date | None = None,
    published_precision: str | None = None,
) -> list[Quote]:
    """Every quoted span of the document as a Quote, in reading order.

    ``events`` (from ``extractors.events``) date the quotations; ``published``
    is the fallback date, stored with ``date_anchor='publication'``.
    """
    text = nlp.doc_text(doc)
    spans = find_quote_spans(text)
    ctx = _Context(doc, mentions, spans, events or [], published, published_precision, text)
    out: list[Quote] = []
    previous: tuple[QuoteSpan, Quote] | None = None
    for span in spans:
        quote = _quote(ctx, span, previous)
        if quote is None:
            continue
        out.append(quote)
        previous = (span, quote)
    return out


def _quote(ctx: _Context, span: QuoteSpan, previous: tuple[QuoteSpan, Quote] | None) -> Quote | None:
    doc = ctx.doc
    words = doc.char_span(span.start, span.end, alignment_mode="expand")
    if words is None or len(words) == 0:
        return None
    region = ctx.region(span)
    if span.style == "block":
        att = _block_attribution(ctx, span, words)
        if att is None:
            return None
    elif span.style == "label":
        att = _label_attribution(ctx, span)
        if att is None:
            return None
    else:
        att = _attribution(ctx, span, words, region)
    if att.cue is None and att.speaker is None and previous is not None:
        att = _continued(ctx, span, region, previous) or att
    if att.cue is None and att.speaker is None and att.how != "continued" and _is_statement(words):
        att = _reported_just_before(ctx, span, region) or att
    kind = _kind(ctx, span, words, att)
    sentence = ctx.text[region[0].start_char : region[-1].end_char].strip() if region else span.text
    quote = Quote(
        quote_text=span.text, kind=kind, char_start=span.start, char_end=span.end, sentence=sentence
    )
    if kind == "term":
        quote.cue = _naming_cue(ctx, span) or (att.cue if att.how in ("verb", "according") else None)
        return quote
    speaker = _Speaker()
    if att.how == "continued":
        prev = previous[1]
        speaker = _Speaker(prev.speaker_key, prev.speaker_text, prev.speaker_kind)
    elif att.speaker is not None:
        speaker = _resolve(ctx, att.speaker)
        quote.speaker_char_start, quote.speaker_char_end = _written(att.speaker)
    quote.cue, quote.speaker_key, quote.speaker_text, quote.speaker_kind = (
        att.cue,
        ctx.public_key(speaker.key),
        speaker.text,
        speaker.kind,
    )
    if speaker.key is not None:
        ctx.last_speaker = (speaker.key, span.outer_end)
    ctx.last_cue_at = att.cue_token.idx if att.cue_token is not None else None
    _date(ctx, quote, region, att)
    return quote


# ---------------------------------------------------------------- cue and speaker


def _parsed_attribution(ctx: _Context, span: QuoteSpan, words: Span, region: list[Span]) -> _Attribution:
    inside = set(range(words.start, words.end))
    roots = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    reach = ctx.reach(span)
    for finder in (_cue_above, _cue_below):
        att = finder(ctx, roots, inside, reach)
        if att is not None:
            return att
    att = _colon_intro(ctx, span)
    if att is not None:
        return att
    att = _cue_after(ctx, span) or _dash_credit(ctx, span) or _cue_before(ctx, span)
    if att is not None:
        return att
    if _is_statement(words) and region:
        return _nearest_cue(ctx, span, region, inside) or _Attribution()
    return _Attribution()


def _attribution(ctx: _Context, span: QuoteSpan, words: Span, region: list[Span]) -> _Attribution:
    """The parse's attribution; a reporting verb it left with no subject gets the speaker that
    the words beside the verb name (see ``_sequence_speaker``)."""
    att = _parsed_attribution(ctx, span, words, region)
    if att.how == "verb" and att.speaker is None and att.cue_token is not None:
        att.speaker = _sequence_speaker(ctx, att.cue_token)
    if att.how in ("verb", "noun") and att.speaker is None and att.cue_token is not None:
        att.speaker = _earlier_reporter(ctx, att.cue_token)
    return att


def _earlier_reporter(ctx: _Context, cue: Token) -> Token | None:
    """The speaker of the reporting verb before a cue the parse left with no speaker, in the same
    sentence: '"...," Sanders said, going on to say that "..."', where the parser hung "going on
    to say" on a verb inside the next quotation; '... by mentioning the wall and adding, "..."';
    'Yepez said Perez was right to urge Latino leaders "to stand up"', where PolNeAR credits
    the one who reports. Only for an infinitive or a participle with no subject of its own: a
    finite verb's missing subject is in its own clause ("refugees, who he speculates are '...'"
    went to Obama, the subject of the verb before). One run, quotes-0.10: PolNeAR refined speaker
    dev 493 -> 494 of 558, train-dev 3451 -> 3456 of 4099 -> 4102 found, untouched 429 of 533 ->
    534 found (the new one with no speaker); wrong speakers unchanged (35 / 427 / 62). Taking
    any verb's earlier reporter gave train-dev +9 but one more wrong speaker.

    A statement noun with no author takes the reporter whose clause holds it ('Mulgrew ... said
    he hopes the day of action sends a message that "..."'), not one it merely follows ('her new
    ad, which - as Jonathan Chait noted - promises "..."'): second step of quotes-0.10, dev 494
    -> 495, train-dev 3456 -> 3459, untouched 429; wrong speakers unchanged (35 / 427 / 62).
    Without the clause condition train-dev had one more wrong speaker (Chait for the ad)."""
    nominal = cue.pos_ == "NOUN"
    if not nominal and (
        cue.tag_ not in ("VB", "VBG") or any(c.dep_.startswith("nsubj") for c in cue.children)
    ):
        return None  # a finite verb's missing subject is its own ("who he speculates are ...")
    sent = ctx.sents[ctx.sent_index(cue.idx)]
    for t in reversed(ctx.doc[sent.start : cue.i]):
        if _is_cue_verb(ctx, t) != "verb":
            continue
        if nominal and not t.is_ancestor(cue):
            return None
        speaker = _verb_speaker(t, ctx) or _sequence_speaker(ctx, t)
        if speaker is not None and speaker.i < t.i and not ctx.in_quote(speaker.idx):
            return speaker
        return None
    return None


def _is_cue_verb(ctx: _Context, t: Token) -> str | None:
    """'verb' or 'belief' for a reporting verb outside every quotation, else None."""
    if t.pos_ not in ("VERB", "AUX") or ctx.in_quote(t.idx) or _is_so_called(t):
        return None
    lemma = t.lemma_.lower()
    if lemma in SPEECH_VERBS:
        if lemma == "put" and not any(c.lower_ == "it" for c in t.children):
            return None  # only "as X put it"
        if lemma in ("continue", "conclude") and (
            t.dep_ in ("acl", "amod")
            or any(c.dep_ in ("xcomp", "dobj", "nsubjpass", "auxpass") for c in t.children)
        ):
            return None  # "continued to fight", "the agreement concluded in 2010": not speech
        return "verb"
    if lemma in BELIEF_VERBS:
        return "belief"
    return None


def _according_to(t: Token) -> Token | None:
    """The object of an "according to" attached to ``t``, if any."""
    for c in t.children:
        if c.lower_ == "according":
            for to in c.children:
                if to.lower_ == "to":
                    objects = [g for g in to.children if g.dep_ == "pobj"]
                    return objects[0] if objects else to
            nxt = c.doc[c.i + 1] if c.i + 1 < len(c.doc) else None
            if nxt is not None and nxt.lower_ == "to":
                objects = [g for g in nxt.children if g.dep_ == "pobj"]
                return objects[0] if objects else nxt
    return None


def _cue_above(
    ctx: _Context, roots: list[Token], inside: set[int], reach: tuple[int, int]
) -> _Attribution | None:
    """The first reporting word on the way up from the quoted words to the sentence root."""
    best: tuple[int, _Attribution] | None = None
    for root in roots:
        according = _according_to(root) if root.i in inside else None
        if according is not None:
            return _Attribution("according to", according.head, according, "according")
        child, node, steps = root, root.head, 1
        belief: _Attribution | None = None
        while node.i != child.i and node.i not in inside and reach[0] <= node.idx < reach[1]:
            att = _cue_at(ctx, node, child, steps) or _parenthetical(ctx, node, child)
            if att is not None and att.how == "belief" and belief is None:
                # 'X said that he thinks ...', 'Cuban complained that Cruz is too principled,
                # suggesting the senator sees issues as "absolutely black and white"': the
                # reporting verb above, if any, speaks; the belief is what it reports.
                belief = att
            elif att is not None:
                if belief is not None and (att.how != "verb" or not _reported_by(belief, node)):
                    att = belief
                att = _outer_report(ctx, node, reach) or att
                if best is None or steps < best[0]:
                    best = (steps, att)
                belief = None
                break
            child, node, steps = node, node.head, steps + 1
        if belief is not None and (best is None or steps < best[0]):
            best = (steps, belief)
    return best[1] if best else None


def _reported_by(belief: _Attribution, node: Token) -> bool:
    """The belief is what ``node`` reports: a pronoun or no one holds it ('X said that he
    thinks'), or it hangs under ``node`` through complements only ('complained that ...,
    suggesting the senator sees'). A belief beside the verb ('While the charter adds ..., and
    observers recognize IT as a way to "..."') is its holders' own."""
    if belief.speaker is None or belief.speaker.pos_ == "PRON" or belief.cue_token is None:
        return True
    t = belief.cue_token
    while t.i != node.i and t.head.i != t.i:
        if t.dep_ not in ("ccomp", "xcomp", "advcl"):
            return False
        t = t.head
    return t.i == node.i


def _outer_report(ctx: _Context, node: Token, reach: tuple[int, int]) -> _Attribution | None:
    """'Rep. Meeks said Clinton reassured them that Democrats "were not going to be like Trump"':
    a report inside another report is told by the outer speaker, who is the source the story
    names (PolNeAR's annotators credit the outer one)."""
    if node.dep_ != "ccomp" or not (reach[0] <= node.head.idx < reach[1]):
        return None
    outer = node.head
    if _is_cue_verb(ctx, outer) != "verb":
        return None
    speaker = _verb_speaker(outer, ctx)
    if speaker is None or ctx.in_quote(speaker.idx):
        return None
    return _Attribution(outer.text, outer, speaker, "verb", False)


def _cue_at(ctx: _Context, node: Token, child: Token, steps: int) -> _Attribution | None:
    """Is ``node`` (an ancestor of the quotation) a cue? ``child`` is the step below it."""
    direct = steps == 1 and child.dep_ in _DIRECT_DEPS or steps == 2 and child.dep_ == "prep"
    kind = _is_cue_verb(ctx, node)
    according = _according_to(node)
    if kind is not None:
        speaker = _verb_speaker(node, ctx)
        if speaker is None and according is not None:
            # "According to the Agreement concluded in 2010, both will ...": a verb with no subject
            # of its own is no report; the "according to" names the source.
            return _Attribution("according to", according.head, according, "according")
        return _Attribution(node.text, node, speaker, kind, direct)
    if according is not None:
        return _Attribution("according to", according.head, according, "according")
    if ctx.in_quote(node.idx):
        return None
    that_clause = _that_clause_report(ctx, node, child)
    if that_clause is not None:
        return that_clause
    for clause in node.children:  # "As Roy argued, the states were "..."", "as X put it"
        if (
            clause.dep_ == "advcl"
            and clause.i != child.i
            and _is_cue_verb(ctx, clause) == "verb"
            and any(m.lower_ == "as" and m.dep_ == "mark" for m in clause.children)
        ):
            return _Attribution(clause.text, clause, _verb_speaker(clause, ctx), "verb", True)
    if node.pos_ in ("NOUN", "PROPN") and node.lemma_.lower() in STATEMENT_NOUNS:
        return _noun_attribution(ctx, node, direct)
    if node.lemma_ == "be" and child.dep_ in (
        "xcomp",
        "ccomp",
        "attr",
    ):  # "The goal is to ...", "His message was that ..."
        for subject in node.children:
            lemma = subject.lemma_.lower()
            if subject.dep_ == "nsubj" and (
                lemma in GOAL_NOUNS or lemma in STATEMENT_NOUNS and child.dep_ == "ccomp"
            ):
                return _noun_attribution(ctx, subject, True)
    return None


def _that_clause_report(ctx: _Context, node: Token, child: Token) -> _Attribution | None:
    """'Clinton fired back that the "people of New York voted for me twice"', 'Ryan worried that
    the safety net was becoming "a hammock ..."': a verb whose complement is a that-clause
    reports what its subject said or thought, whatever the verb; no word list can hold them all.
    Read as a belief, so a short noun phrase under it stays a term."""
    if node.pos_ != "VERB" or child.dep_ != "ccomp":
        return None
    if not any(m.dep_ == "mark" and m.lower_ == "that" and not ctx.in_quote(m.idx) for m in child.children):
        return None
    speaker = _verb_speaker(node, ctx)
    if speaker is None or ctx.in_quote(speaker.idx):
        return None
    return _Attribution(node.text, node, speaker, "belief", False)


def _parenthetical(ctx: _Context, node: Token, child: Token) -> _Attribution | None:
    """'There was, she said, "an implicit bargain."': a reporting clause set in the sentence."""
    for c in node.children:
        if c.i != child.i and c.dep_ == "parataxis" and _is_cue_verb(ctx, c) == "verb":
            speaker = _verb_speaker(c, ctx)
            if speaker is not None:
                return _Attribution(c.text, c, speaker, "verb", False)
    return None


def _cue_below(
    ctx: _Context, roots: list[Token], inside: set[int], reach: tuple[int, int]
) -> _Attribution | None:
    """A reporting verb hanging below the quotation: '"...," she said', 'as X put it'."""
    for root in roots:
        for t in root.subtree:
            if t.i in inside or not reach[0] <= t.idx < reach[1]:
                continue
            kind = _is_cue_verb(ctx, t)
            if kind == "verb":
                return _Attribution(t.text, t, _verb_speaker(t, ctx), "verb", True)
            according = _according_to(t)
            if according is not None:
                return _Attribution("according to", according.head, according, "according")
    return None


_OPENING_MARKS = set('"“„«')


def _cue_after(ctx: _Context, span: QuoteSpan) -> _Attribution | None:
    """'"...?" Trump said Friday.': a reporting clause right after the closing mark that the
    parser cut off as a sentence of its own (it does so after ?, ! and quotation-final periods).

    Two readings reach further than a reporting verb within eight words. A speaker named right
    after the mark may be followed by an apposition or a relative clause before the verb
    ('"...,"Katie Packer, who is chairman of ..., said in a statement'). And right after a
    quotation ending in a comma, ? or !, the order verb-then-name is itself the reporting
    clause, whatever the verb ('"...," remembered Roy Verley', '"...," opined the Plain Dealer')."""
    if span.close_at is None:
        return None
    para_end = ctx.paragraph(span.outer_end - 1)[1]
    if para_end <= span.outer_end:
        return None
    after = ctx.doc.char_span(span.outer_end, min(para_end, span.outer_end + 300), alignment_mode="expand")
    if after is None:
        return None
    inverted = ctx.text[span.start : span.end].rstrip()[-1:] in (",", "?", "!") or ctx.text[
        span.end : span.outer_end
    ].strip()[:1] in (",", "?", "!")
    for n, t in enumerate(after):
        if t.text in _OPENING_MARKS or t.idx >= para_end or (n > 0 and t.text in (".", ";", "?", "!")):
            return None
        if n >= 8 and (n >= 40 or not _named_right_after(ctx, span, after)):
            return None
        cue = _is_cue_verb(ctx, t) == "verb"
        if not cue and not (inverted and n <= 3 and t.pos_ == "VERB" and not ctx.in_quote(t.idx)):
            continue
        speaker = _verb_speaker(t, ctx)
        if speaker is None or speaker.idx < span.outer_end:
            speaker = _sequence_speaker(ctx, t)
        if speaker is None or speaker.idx < span.outer_end:
            if cue:
                return None
            continue
        if not cue and not _reporting_order(after, t, speaker):
            continue
        return _Attribution(t.text, t, speaker, "verb", True)
    return None


def _reporting_order(after: Span, verb: Token, speaker: Token) -> bool:
    """The two orders of a reporting clause right after a quotation, which make any verb a
    reporting one: the verb first, then a name ('remembered Roy Verley'), or the speaker as the
    first words and the verb right after them, ending the clause ('Trump shot back.', 'he went
    on.'). Anything longer may be a new sentence about something else."""
    if speaker.i > verb.i:
        return verb.i == after.start and speaker.pos_ in ("PROPN", "NOUN")
    if speaker.i != after.start and not (speaker.i == after.start + 1 and after[0].pos_ in ("PROPN", "DET")):
        return False
    rest = [t for t in after if t.i > verb.i]
    ends = not rest or rest[0].is_punct or (rest[0].pos_ in ("ADP", "ADV") and rest[0].i == verb.i + 1)
    return ends and verb.i - speaker.i <= 2


def _named_right_after(ctx: _Context, span: QuoteSpan, after: Span) -> bool:
    """A person or organisation named in the first words after the closing mark."""
    for t in after[:3]:
        m = ctx.mention_at.get(t.idx)
        if m is not None and m.actor_key.startswith(_SPEAKING_ACTORS):
            return True
    return False


# Words that may stand between a speaker and the reporting verb ("Clinton also said", "he has said").
_BETWEEN_SPEAKER_AND_VERB = frozenset({"ADV", "AUX", "PART"})
# Parts of speech a speaker's noun phrase is made of ("Tulsa police Chief Chuck Jordan", "Flynn, a top
# Trump surrogate,", "Rep. Elijah Cummings of Maryland").
_NOUN_PHRASE_POS = frozenset({"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PUNCT", "ADP", "CCONJ", "PART"})
_PHRASE_PUNCT = frozenset({",", ".", "'s", "’s", "-", "(", ")"})
_CLOSING_MARKS = set('"”»')
# Verbs news puts before their subject ('"...," said Tim Hess'); other verbs take an addressee there.
_INVERTING_VERBS = frozenset(
    """
    say add write continue explain note recall insist declare conclude argue reply respond observe remark
    recount answer warn predict shout yell chant exclaim quip joke counter retort ask muse exhort tweet wonder
    scoff boast concede admit
""".split()
)


def _sequence_speaker(ctx: _Context, verb: Token) -> Token | None:
    """The speaker a reporting verb's neighbours name when the parse gave it no subject.

    News writes the reporting clause as a fixed sequence beside the quotation: '"...," Tulsa
    police Chief Chuck Jordan said', '"...," Flynn, a top Trump surrogate, said', '"...," said
    Tim Hess, a developer', 'Said Ellis: "..."'. The parser often splits such a clause off or
    hangs the name on the quoted words; read as a sequence it is unambiguous: a noun phrase
    running from the quotation (or the sentence start) to the verb, else, when the verb follows
    the quotation directly, the name right after the verb. The head is the last name or noun of
    the phrase's first comma-separated part (the apposition after it describes)."""
    doc = ctx.doc
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return None  # "Blumenthal was asked": the one named is not the one speaking
    sent_start = ctx.sents[ctx.sent_index(verb.idx)].start
    i = verb.i - 1
    while i >= sent_start and doc[i].pos_ in _BETWEEN_SPEAKER_AND_VERB and doc[i].text not in _CLOSING_MARKS:
        i -= 1
    end = i
    while i >= sent_start and _in_noun_phrase(doc[i]) and not ctx.in_quote(doc[i].idx):
        i -= 1
    opens = (
        i < sent_start
        or doc[i].text in _CLOSING_MARKS
        or doc[i].text in ("—", "–", ":", "(")
        or ctx.in_quote(doc[i].idx)
    )
    if not opens:
        return None
    if end > i:
        return _phrase_head(doc[i + 1 : end + 1])
    if verb.i + 1 >= len(doc) or verb.lemma_.lower() not in _INVERTING_VERBS:
        return None  # "telling Fox 35", "Ask yourself": what follows is spoken to, not speaking
    j = verb.i + 1
    while (
        j < len(doc)
        and j - verb.i <= 10
        and _in_noun_phrase(doc[j])
        and doc[j].text not in (",", ":")
        and not ctx.in_quote(doc[j].idx)
        and doc[j].sent.start == doc[verb.i].sent.start
    ):
        j += 1
    head = _phrase_head(doc[verb.i + 1 : j])
    return head if head is not None and head.pos_ in ("PROPN", "NOUN") else None


def _in_noun_phrase(t: Token) -> bool:
    if t.pos_ == "PUNCT":
        return t.text in _PHRASE_PUNCT
    if t.pos_ in ("ADP", "CCONJ", "PART"):
        return t.lower_ in ("of", "for", "at", "'s", "’s", "and")
    return t.pos_ in _NOUN_PHRASE_POS and t.ent_type_ not in ("DATE", "TIME")


def _phrase_head(tokens: Span) -> Token | None:
    """The last name (else noun, else pronoun) before the first comma or "of" of a noun phrase."""
    part = []
    for t in tokens:
        if t.text == "," and part:
            break
        if t.lower_ in ("of", "for", "at", "and", "(") and part:
            break
        if t.text != ",":
            part.append(t)
    for kinds in (("PROPN",), ("NOUN",), ("PRON",)):
        heads = [t for t in part if t.pos_ in kinds and t.ent_type_ not in ("DATE", "TIME")]
        if heads:
            return heads[-1]
    return None


_ACCORDING_BEFORE = re.compile(r"\baccording\s+to\s+([^,;:\n\"“”]{2,80}?)\s*,\s*$", re.I)


def _cue_before(ctx: _Context, span: QuoteSpan) -> _Attribution | None:
    """'According to Limbaugh, "..."', 'Said Ellis: "..."', 'Clinton said, "..."': a reporting
    clause right before the opening mark that the parse did not link to the quotation."""
    if span.open_at is None:
        return None
    sent = ctx.sents[ctx.sent_index(span.outer_start)]
    before = ctx.text[max(sent.start_char, span.outer_start - 120) : span.outer_start]
    according = _ACCORDING_BEFORE.search(before)
    if according is not None:
        at = span.outer_start - len(before) + according.start(1)
        phrase = ctx.doc.char_span(at, at + len(according.group(1).rstrip()), alignment_mode="expand")
        head = _phrase_head(phrase) if phrase is not None else None
        if head is not None:
            return _Attribution("according to", None, head, "according")
    tokens = ctx.doc.char_span(sent.start_char, span.outer_start, alignment_mode="contract")
    if tokens is None or not len(tokens) or tokens[-1].text not in (",", ":"):
        return None
    verbs = [t for t in tokens[-6:] if _is_cue_verb(ctx, t) == "verb"]
    if not verbs:
        return None
    speaker = _verb_speaker(verbs[-1], ctx) or _sequence_speaker(ctx, verbs[-1])
    if speaker is None or speaker.idx > span.outer_start:
        return None
    return _Attribution(verbs[-1].text, verbs[-1], speaker, "verb", True)


_DASH_CREDIT = re.compile(r"[ \t]*[―—–-]{1,2}[ \t]*(?=\S)")


def _dash_credit(ctx: _Context, span: QuoteSpan) -> _Attribution | None:
    """'"...." ― Martha Aguilar': a quotation credited by a dash and a name closing its paragraph
    (collected reactions, epigraphs), or standing as the next paragraph ('"..."' then '- Hillary
    Clinton.', as fact checks quote the claims they check). Only a named person or organisation
    ends the paragraph: an actor's mention, or words shaped like a person's name that the actors
    step missed or cut ("― Christina N Luis Olidem": a given name, then capitalised words or
    initials, and nothing else). Both readings are quotes-0.9: PolNeAR refined speaker (one run)
    dev 482 -> 483 of 558, train-dev 3438 -> 3440 of 4099, untouched 425 of 533 unchanged; no
    speaker made wrong."""
    if span.close_at is None:
        return None
    start = span.outer_end
    para_end = ctx.paragraph(span.outer_end - 1)[1]
    if not ctx.text[start:para_end].strip(" \t\n.,"):
        if not _whole_paragraph(ctx, span):
            return None
        here = bisect.bisect_right(ctx.para_starts, span.outer_end - 1) - 1
        following = [p for p in ctx.paragraphs[here + 1 :] if ctx.text[p[0] : p[1]].strip()][:1]
        if not following:
            return None
        start, para_end = following[0]
        start += len(ctx.text[start:para_end]) - len(ctx.text[start:para_end].lstrip())
    dash = _DASH_CREDIT.match(ctx.text, start)
    if dash is None:
        return None
    line_end = ctx.text.find("\n", start)
    if 0 <= line_end < para_end:
        para_end = line_end  # a list of credited quotations one to a line: the credit closes its line
    named = [
        m
        for m in ctx.mentions
        if m.char_start == dash.end() and m.char_end <= para_end and m.actor_key.startswith(_SPEAKING_ACTORS)
    ]
    if not named:
        return _credited_name(ctx, dash.end(), para_end)
    if (
        ctx.text[named[0].char_end : para_end].strip(" ,.;\t\n")
        and ctx.text[named[0].char_end : named[0].char_end + 1] != ","
    ):
        return None
    token = ctx.doc.char_span(named[0].char_start, named[0].char_end, alignment_mode="expand")
    return _Attribution("―", None, token.root if token is not None else None, "label", True)


_CREDIT_WORD = re.compile(r"[A-Z][\w’'-]*\.?$")


def _credited_name(ctx: _Context, start: int, end: int) -> _Attribution | None:
    """The words of a credit line when they are a person's name alone: a given name first, then
    one to four capitalised words or initials. Not when the actors made a body or a place of a
    word of it ("Nell Carden Grey", with "Nell" an organisation): the speaker would be that."""
    if any(not m.actor_key.startswith("person:") for m in ctx.mentions_between(start, end)):
        return None  # the actors took a word of it for a body or a place ("Nell"): no guess
    words = ctx.text[start:end].strip().rstrip(".").split()
    if (
        not 2 <= len(words) <= 5
        or not all(_CREDIT_WORD.match(w) for w in words)
        or not is_given_name(words[0])
    ):
        return None
    tokens = ctx.doc.char_span(
        start, start + len(ctx.text[start:end].strip().rstrip(".")), alignment_mode="expand"
    )
    if tokens is None:
        return None
    return _Attribution("―", None, tokens[-1], "label", True)


def _nearest_cue(ctx: _Context, span: QuoteSpan, region: list[Span], inside: set[int]) -> _Attribution | None:
    """For a whole statement the parse may not link: the nearest reporting verb of its sentence."""
    best = None
    for sent in region:
        for t in sent:
            if t.i in inside or _is_cue_verb(ctx, t) != "verb":
                continue
            distance = min(abs(t.idx - span.outer_start), abs(t.idx - span.outer_end))
            if best is None or distance < best[0]:
                best = (distance, t)
    if best is None:
        return None
    return _Attribution(best[1].text, best[1], _verb_speaker(best[1], ctx), "verb", True)


def _verb_speaker(verb: Token, ctx: _Context | None = None) -> Token | None:
    """Who does the reporting: subject, passive agent, or the controller up a chain of clauses."""
    node = verb
    for _ in range(5):
        # The subject nearest the verb: a dateline ("LONDON — ...") may be parsed as a second one.
        subjects = sorted(
            (
                c
                for c in node.children
                if c.dep_ in ("nsubj", "csubj") and (ctx is None or not ctx.in_quote(c.idx))
            ),
            key=lambda c: abs(c.i - node.i),
        )
        if subjects and subjects[0].tag_ in ("WP", "WDT") and node.dep_ == "relcl":
            return _author(ctx, node.head)  # "Toktogulov, who said ..."
        if subjects:
            return subjects[0]
        agents = [g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agents:
            return agents[0]
        passive = [c for c in node.children if c.dep_ == "nsubjpass"]
        if passive:  # "X was quoted as saying"; otherwise only a "by X" the parser misplaced
            return passive[0] if node.lemma_ in ("quote", "cite") else _stray_agent(node)
        if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return _author(ctx, node.head)  # "Aliyev, who said ...", "a communique expressing ..."
        if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep") and node.head.i != node.i:
            node = node.head
            continue
        return None
    return None


def _author(ctx: _Context | None, noun: Token) -> Token:
    """Who speaks through a thing that a reporting clause hangs from: the one who put it out.

    "Trump released a radio ad calling it "dangerous"", "His office put out a statement saying
    ...", "Stanton wrote a letter asking ...": an ad, a statement or a letter says what its author
    says, and news names that author as the subject of the verb the thing is the object of.
    PolNeAR's annotators credit that subject; before quotes-0.7 the thing itself was the
    speaker ("statement", "ad", "notion" when the parser hung ", saying" on the wrong noun).
    Measured on the participle and relative-clause cues of PolNeAR train-dev whose head is a
    thing: 24 speakers wrong before were right after, none right before was wrong after. A
    person or an organisation ("a spokesman saying", "the ministry, which said") speaks for
    itself, and so does a thing that is no verb's object ("The ad, which says ...")."""
    if ctx is None or not _is_thing(ctx, noun):
        return noun
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head  # "ended with a reference to ..., remarking"
    elif noun.dep_ != "dobj":
        return noun
    if verb.pos_ != "VERB" or verb.i == noun.i:
        return noun
    author = _verb_speaker(verb, ctx) or _sequence_speaker(ctx, verb)
    if author is None or author.i == noun.i or ctx.in_quote(author.idx):
        return noun
    return author


def _is_thing(ctx: _Context, noun: Token) -> bool:
    """A common noun that names neither a person nor an organisation, nor is an actor's mention."""
    if noun.pos_ != "NOUN" or noun.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return False
    if noun.lemma_.lower() in PERSON_NOUNS | ORGANISATION_NOUNS:
        return False
    m = ctx.mention_at.get(noun.idx)
    return m is None or not m.actor_key.startswith(_SPEAKING_ACTORS)


def _stray_agent(verb: Token) -> Token | None:
    """A passive's "by X" that the parser attached lower down (to the quoted noun, say)."""
    for t in verb.subtree:
        if t.lower_ == "by" and t.dep_ in ("prep", "agent") and t.i > verb.i:
            objects = [g for g in t.children if g.dep_ == "pobj"]
            if objects and (
                objects[0].ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                or objects[0].lemma_.lower() in PERSON_NOUNS | ORGANISATION_NOUNS
            ):
                return objects[0]
    return None


def _noun_attribution(ctx: _Context, noun: Token, direct: bool) -> _Attribution:
    """A statement or goal noun: its owner, the document itself, or the topic just before."""
    lemma = noun.lemma_.lower()
    for c in noun.children:
        if c.dep_ == "poss":
            return _Attribution(noun.text, noun, c, "noun", direct)
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "of", "from"):
            objects = [g for g in c.children if g.dep_ == "pobj"]
            if objects and (
                objects[0].ent_type_ or objects[0].lemma_.lower() in ORGANISATION_NOUNS | PERSON_NOUNS
            ):
                return _Attribution(noun.text, noun, objects[0], "noun", direct)
    if lemma in DOCUMENT_NOUNS:
        return _Attribution(noun.text, noun, noun, "noun", direct)
    if lemma in GOAL_NOUNS:
        previous = ctx.sent_index(noun.sent.start_char) - 1
        if previous >= 0:
            sent = ctx.sents[previous]
            subject = _main_subject(sent)
            if subject is not None:
                return _Attribution(noun.text, noun, subject, "goal", direct, context_sentence=sent)
    return _Attribution(noun.text, noun, None, "noun", direct)


def _main_subject(sent: Span) -> Token | None:
    """The subject of a sentence's main verb: who the sentence is about."""
    subjects = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subjects[0] if subjects else None


def _colon_intro(ctx: _Context, span: QuoteSpan) -> _Attribution | None:
    """'X said:', 'X is more optimistic:', 'X:' right before the quotation."""
    window = max(0, span.outer_start - 400)
    before = ctx.text[window : span.outer_start].rstrip()
    if not before.endswith(":"):
        return None
    return _introduced_by(ctx, window + len(before) - 1)


def _introduced_by(ctx: _Context, colon: int) -> _Attribution | None:
    """Who speaks after the colon at ``colon``: a reporting verb of the clause before it,
    else that clause's subject, else a name standing alone as a label."""
    sent = ctx.sents[ctx.sent_index(colon)]
    intro = [t for t in sent if t.idx < colon and not ctx.in_quote(t.idx)]
    cues = [t for t in intro if _is_cue_verb(ctx, t) == "verb"]
    if cues:
        return _Attribution(cues[-1].text, cues[-1], _verb_speaker(cues[-1], ctx), "verb", True)
    verbs = [
        t
        for t in intro
        if t.pos_ in ("VERB", "AUX")
        and not any(a.i < t.i and a in intro and a.pos_ in ("VERB", "AUX") for a in t.ancestors)
    ]
    for verb in verbs:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.idx < colon]
        if subjects:
            return _Attribution(":", verb, subjects[0], "colon", True)
    return _name_before(ctx, colon)


def _name_before(ctx: _Context, colon: int) -> _Attribution | None:
    """The actor named right before the colon at ``colon``, if the label has no verb."""
    named = [m for m in ctx.mentions if 0 <= colon - m.char_end <= 1]
    if not named:
        return None
    label = ctx.doc.char_span(
        ctx.sents[ctx.sent_index(named[-1].char_start)].start_char, colon, alignment_mode="expand"
    )
    if label is not None and any(t.pos_ == "VERB" for t in label):
        return None
    token = ctx.doc.char_span(named[-1].char_start, named[-1].char_end, alignment_mode="expand")
    return _Attribution(":", None, token.root if token is not None else None, "label", True)


def _label_attribution(ctx: _Context, span: QuoteSpan) -> _Attribution | None:
    """A 'Name: words' line stands as a quotation when the label names an actor, or when
    it looks like a name in a transcript whose other labels name people."""
    colon = ctx.text.rfind(":", 0, span.start)
    att = _name_before(ctx, colon)
    if att is not None and att.speaker is not None:
        return att
    label = ctx.text[ctx.paragraph(colon)[0] : colon].strip()
    if _looks_like_name(label) and _is_transcript(ctx):
        tokens = ctx.doc.char_span(colon - len(label), colon, alignment_mode="expand")
        if tokens is not None and not any(t.pos_ == "VERB" for t in tokens):
            return _Attribution(":", None, tokens[-1], "label", True)
    return None


def _looks_like_name(label: str) -> bool:
    words = label.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and not w.isupper() for w in words)


def _is_transcript(ctx: _Context) -> bool:
    """Two or more 'Name: words' lines, one at least naming a known person."""
    labels = [s for s in ctx.spans if s.style == "label"]
    if len(labels) < 2:
        return False
    for s in labels:
        colon = ctx.text.rfind(":", 0, s.start)
        if any(0 <= colon - m.char_end <= 1 and m.actor_key.startswith("person:") for m in ctx.mentions):
            return True
    return False


def _block_attribution(ctx: _Context, span: QuoteSpan, words: Span) -> _Attribution | None:
    """A block quotation stands when 'X said:' (or an explicit '>') introduces it."""
    att = _colon_intro(ctx, span)
    if att is not None and att.how != "colon":
        return att
    if att is not None:
        intro = ctx.sents[ctx.sent_index(att.cue_token.idx)]
        if any(t.lemma_.lower() in STATEMENT_NOUNS for t in intro):
            return att  # "The ministry issued the following statement:"
    if ctx.text[max(0, span.start - 2) : span.start].strip().startswith(">"):
        return _Attribution()  # an explicit block quotation with no introduction
    return None


def _continued(
    ctx: _Context, span: QuoteSpan, region: list[Span], previous: tuple[QuoteSpan, Quote]
) -> _Attribution | None:
    """A statement opening the sentence right after an attributed quotation continues it."""
    prev_span, prev = previous
    if prev.kind != "quote" or (prev.speaker_key is None and prev.speaker_text is None) or not region:
        return None
    if ctx.text[region[0].start_char : span.outer_start].strip(" \t\n\"“'‘"):
        return None  # it does not open its sentence: a fragment inside someone's narrative
    if len(ctx.text[span.outer_end : region[-1].end_char].split()) > 2:
        return None  # the sentence goes on about it: a name, not more of what was said
    if ctx.paragraph(prev_span.outer_end - 1) != ctx.paragraph(span.outer_start):
        if _next_quoted_paragraph(ctx, prev_span, span):
            return _Attribution(None, None, None, "continued", True)
        return None
    prev_last = ctx.sent_index(max(prev_span.outer_start, prev_span.outer_end - 1))
    if ctx.last_cue_at is not None and prev_span.outer_end <= ctx.last_cue_at < span.outer_start:
        prev_last = ctx.sent_index(ctx.last_cue_at)  # '"...?" Trump said. "..."': count from the cue
    this_first = ctx.sent_index(span.outer_start)
    if this_first - prev_last > 1:
        return None
    return _Attribution(None, None, None, "continued", True)


def _reported_just_before(ctx: _Context, span: QuoteSpan, region: list[Span]) -> _Attribution | None:
    """'Schiff said the administration may be reluctant to act. "The other factor ..."': a
    quotation standing as its own sentence, with no cue, right after a sentence of the same
    paragraph that reports someone's speech goes on with that person's words (news style: the
    paraphrase, then the quotation)."""
    if not region or ctx.text[region[0].start_char : span.outer_start].strip(" \t\n\"“'‘"):
        return None
    if len(ctx.text[span.outer_end : region[-1].end_char].split()) > 2:
        return None
    before = ctx.sent_index(region[0].start_char) - 1
    if before < 0:
        return None
    sent = ctx.sents[before]
    if ctx.paragraph(sent.start_char) != ctx.paragraph(span.outer_start) and not _whole_paragraph(ctx, span):
        return None  # across paragraphs only for a paragraph that is the quotation and nothing else
    cues = [t for t in sent if _is_cue_verb(ctx, t) == "verb"]
    if not cues:
        return None
    speaker = _verb_speaker(cues[-1], ctx) or _sequence_speaker(ctx, cues[-1])
    if speaker is None or ctx.in_quote(speaker.idx):
        return None
    return _Attribution(cues[-1].text, cues[-1], speaker, "verb", False, context_sentence=sent)


def _whole_paragraph(ctx: _Context, span: QuoteSpan) -> bool:
    """The quotation is its paragraph ('Valastro praised Christie's leadership ...' then a paragraph
    that is only '"We need someone who's going to ..."')."""
    para = ctx.paragraph(span.outer_start)
    return not ctx.text[para[0] : span.outer_start].strip() and not ctx.text[span.outer_end : para[1]].strip(
        " \t\n.,"
    )


def _next_quoted_paragraph(ctx: _Context, prev_span: QuoteSpan, span: QuoteSpan) -> bool:
    """A paragraph that is one quotation and nothing else, right after the paragraph of an
    attributed quotation, goes on with the same speaker (news style: '"...," Carson said.' then a
    paragraph in marks with no reporting clause). Anything else in the paragraph, or a paragraph
    in between, breaks the chain."""
    para = ctx.paragraph(span.outer_start)
    if ctx.text[para[0] : span.outer_start].strip() or ctx.text[span.outer_end : para[1]].strip(" \t\n.,"):
        return False
    before = ctx.paragraph(max(0, para[0] - 1))
    while before[0] > 0 and not ctx.text[before[0] : before[1]].strip():
        before = ctx.paragraph(before[0] - 1)
    return before[0] <= prev_span.outer_start < before[1] or before[0] < prev_span.outer_end <= before[1]


def _is_so_called(token: Token) -> bool:
    """'so-called' marks a term, not a report of speech."""
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "so"


# ---------------------------------------------------------------- who the speaker is


_SPEAKING_ACTORS = ("person:", "organization:", "country:")


def _resolve(ctx: _Context, token: Token, depth: int = 0) -> _Speaker:
    """The actor behind the speaker's words, through the mentions of the document."""
    lower = token.lower_
    if lower in _PRONOUN_PEOPLE:
        m = _antecedent(ctx, token, ("person:",))
        m = _namesake(ctx, m, _PRONOUN_GENDER.get(lower)) if m else None
        return _from_mention(m, m.surface) if m else _Speaker(None, None, "person")
    if lower in _PRONOUN_THINGS:
        m = _antecedent(ctx, token, ("organization:", "country:"))
        return _from_mention(m, m.surface) if m else _Speaker()
    if token.pos_ == "PRON":
        return _Speaker()
    covering = ctx.mention_at.get(token.idx)
    named = _apposed_actor(ctx, token) if covering is None and token.ent_type_ != "PERSON" else None
    if named is not None:  # "the group's chairman, Nurlan Osmonov,", "an association, the Mining Union,"
        return _from_mention(named, named.surface)
    start, end = _phrase(token)
    text = _strip_determiner(ctx.text[start:end])
    lemma = token.lemma_.lower()
    generic = token.pos_ == "NOUN" and (lemma in DOCUMENT_NOUNS or lemma in ORGANISATION_NOUNS)
    if covering is not None and not generic:
        covering = _namesake(ctx, covering)
        return _from_mention(covering, covering.surface)
    inside = [
        m
        for m in ctx.mentions
        if start <= m.char_start and m.char_end <= end and m.actor_key.startswith(_SPEAKING_ACTORS)
    ]
    kind = _kind_of_noun(lemma)
    if inside:
        people = [m for m in inside if m.actor_key.startswith("person:")]
        if not people and lemma in _UNNAMED_PEOPLE:
            # "a Chinese official", "a State Department official", "the RNC member": someone of
            # that country or body, not the body itself; the description is kept, with no actor.
            return _Speaker(None, text, "person")
        chosen = people[-1] if people and lemma in PERSON_NOUNS else inside[0] if generic else inside[-1]
        speaker = _from_mention(chosen, text)
        speaker.kind = kind or speaker.kind
        return speaker
    if lemma in DOCUMENT_NOUNS:
        return _Speaker(_issuer(ctx, token, depth), text, "document")
    if lemma in ORGANISATION_NOUNS and lemma not in PERSON_NOUNS:
        if lemma in _STATE_NOUNS:
            m = _nearest_before(ctx, start, lambda m: m.actor_key.startswith("country:"))
        else:
            m = _nearest_before(
                ctx,
                start,
                lambda m: m.actor_key.startswith("organization:") and lemma in m.surface.lower(),
                sentences=None,
            )
        return _Speaker(m.actor_key if m else None, text, "organization")
    if covering is not None:
        return _from_mention(covering, covering.surface)
    named = _same_surname(ctx, token)
    if named is not None:  # "Nazarov" after "Farrukh Nazarov", when the actors missed the short form
        return _Speaker(named.actor_key, text, "person")
    if token.ent_type_ == "PERSON":
        kind = "person"
    elif token.ent_type_ in ("ORG", "GPE", "NORP"):
        kind = "organization"
    return _Speaker(None, text if end - start < 120 else token.text, kind)


def _written(token: Token) -> tuple[int, int]:
    """Where the text names the speaker: the pronoun itself, else its noun phrase."""
    if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$", "WP"):
        return token.idx, token.idx + len(token.text)
    return _phrase(token)


def _same_surname(ctx: _Context, token: Token) -> Mention | None:
    """The person named in full earlier whose last name is this lone proper noun."""
    if token.pos_ != "PROPN" or not token.text[:1].isupper():
        return None
    for m in reversed(ctx.mentions):
        if (
            m.char_end <= token.idx
            and m.actor_key.startswith("person:")
            and len(m.surface.split()) > 1
            and m.surface.split()[-1] == token.text
        ):
            return m
    return None


def _apposed_actor(ctx: _Context, token: Token) -> Mention | None:
    """The actor named in apposition to a description: "Iran's oil minister, Javad Karimi,"."""
    person_title = token.lemma_.lower() in PERSON_NOUNS
    for child in token.children:
        if child.dep_ == "appos" and token.pos_ == "PROPN" and child.pos_ == "NOUN":
            continue  # "Okafor, a hydrologist at the Delta Institute,": a name, then what it is
        if child.dep_ == "appos" or (child.dep_ == "compound" and person_title):
            for t in child.subtree:
                m = ctx.mention_at.get(t.idx)
                if m is None or ctx.in_quote(t.idx):
                    continue
                if m.actor_key.startswith("person:") or (
                    not person_title and m.actor_key.startswith(_SPEAKING_ACTORS)
                ):
                    return m
    return None


def _antecedent(ctx: _Context, pronoun: Token, kinds: tuple[str, ...]) -> Mention | None:
    """What a pronoun refers to: the most salient fitting mention of the last few sentences.

    Salience (measured on PolNeAR news, where "he said" after a quotation is the
    commonest speaker): the subject of a sentence's main verb or of a reporting
    verb outranks a subject lower down, which outranks any other mention; each
    sentence further back costs one rank; the speaker of the quotation just before
    gains one. A person whose gender the document states otherwise ("Mrs. Clinton",
    "she" in a sentence naming only her) is never taken for "he", nor the reverse.
    """
    here = ctx.sent_index(pronoun.idx)
    if kinds == ("person:",):
        source = _recent_source(ctx, pronoun)
        if source is not None:
            return source
    rank, first = _reach(ctx, pronoun)
    want = _PRONOUN_GENDER.get(pronoun.lower_)
    best: tuple[float, int, Mention] | None = None
    scores: dict[str, float] = {}
    for m in ctx.mentions:
        if m.char_end > pronoun.idx:
            break
        if m.char_start < first or not m.actor_key.startswith(kinds) or ctx.in_quote(m.char_start):
            continue
        if want is not None and ctx.gender(m.actor_key) not in (None, want):
            continue
        at = ctx.sent_index(m.char_start)
        score = _salience(ctx, m) - rank.get(at, here - at)
        if (
            ctx.last_speaker is not None
            and ctx.last_speaker[0] == m.actor_key
            and pronoun.idx - ctx.last_speaker[1] < 600
        ):
            score += 1
        scores[m.actor_key] = max(score, scores.get(m.actor_key, score))
        if best is None or (score, m.char_start) >= best[:2]:
            best = (score, m.char_start, m)
    if best is not None:
        runner_up = max((v for k, v in scores.items() if k != best[2].actor_key), default=None)
        if best[0] < _MIN_PRONOUN_SCORE or (
            runner_up is not None and best[0] - runner_up < _MIN_PRONOUN_MARGIN
        ):
            return None
        return best[2]
    return None  # nobody fitting within the last few sentences: no guess


_SAME_PERSON = {"m": frozenset({"he", "him", "his"}), "f": frozenset({"she", "her", "hers"})}


def _reach(ctx: _Context, pronoun: Token) -> tuple[dict[int, int], int]:
    """How far back a pronoun's antecedent may be: each sentence's distance in steps, and the
    first character within reach (``_PRONOUN_SENTENCES`` steps).

    Sentences are counted in the narrative only: the sentences of a quotation (several, in a
    quotation that runs over paragraphs) do not push its speaker out of reach. Nor does a
    sentence that names no one and goes on about the same "he" ("Rubio ... He speaks at length
    ... Lately, he has been ... He tries ... '...,' he said"): a chain of pronouns carries its
    person, where counting each of those sentences left "he said" unresolved."""
    here = ctx.sent_index(pronoun.idx)
    forms = _SAME_PERSON.get(_PRONOUN_GENDER.get(pronoun.lower_, ""), frozenset())
    rank: dict[int, int] = {}
    steps, floor = 0, 0
    for i in range(here, -1, -1):
        sent = ctx.sents[i]
        if i != here and ctx.in_quote(sent.start_char):
            continue
        rank[i] = steps
        if steps >= _PRONOUN_SENTENCES:
            floor = sent.start_char
            break
        if i == here or not (forms and _carries_pronoun(ctx, sent, forms)):
            steps += 1
    return rank, floor


def _carries_pronoun(ctx: _Context, sent: Span, forms: frozenset[str]) -> bool:
    """The sentence speaks of a he (or she) and names no person outside quotations."""
    if not any(t.lower_ in forms and not ctx.in_quote(t.idx) for t in sent):
        return False
    return not any(
        m.actor_key.startswith("person:") and not ctx.in_quote(m.char_start)
        for m in ctx.mentions_between(sent.start_char, sent.end_char)
    )


def _recent_source(ctx: _Context, pronoun: Token) -> Mention | None:
    """The person last reported as speaking or thinking before a he/she, when gender allows.

    In news a "he said" after a quotation almost always stands for the last person the story
    reported as a source ("Warren said ...", "According to Ham, ...", "McLenney said Clinton
    doesn't ..."), not for a person merely mentioned since ("Stumpf made $19.3 million").
    The source must lie within the last few narrative sentences; one whose gender the document
    states otherwise is passed over (the one before it may fit), and one of unknown gender is
    taken only when no person of the pronoun's gender is named between it and the pronoun."""
    want = _PRONOUN_GENDER.get(pronoun.lower_)
    _rank, floor = _reach(ctx, pronoun)
    for m in reversed(ctx.sources()):
        if m.char_end > pronoun.idx or m.char_start == pronoun.idx:
            continue
        if m.char_start < floor:
            return None
        gender = ctx.gender(m.actor_key)
        if want is None or gender == want:
            return m
        if gender is None:
            between = [
                o
                for o in ctx.mentions
                if m.char_end <= o.char_start < pronoun.idx
                and o.actor_key.startswith("person:")
                and o.actor_key != m.actor_key
                and ctx.gender(o.actor_key) == want
                and not ctx.in_quote(o.char_start)
            ]
            return None if between else m
    return None


# Head words that make a name an organisation or a publication, whatever verb it is the subject of.
# (Not the document nouns: "Law said" is Steven Law.)
_ORGANISATION_HEADS = ORGANISATION_NOUNS | frozenset(
    """
    news times post journal tribune press herald gazette magazine network radio tv television daily weekly
    review report reports wire media channel party department committee council campaign group institute
    university college school foundation center centre association union corp corporation inc co company
    bank agency office administration house senate congress court board commission coalition league alliance
    fund project poll survey pac club church team service services police army forces republicans democrats
    """.split()
)


def _speaking_names(ctx: _Context) -> list[Mention]:
    """The mentions with the speakers the actors step missed added as people: every name the
    narrative makes the subject of a reporting verb that is no person's mention ("Reynolds says",
    "Maryam Violet ... told the Guardian", "Law said" where the actors made an organisation of
    Carly Fiorina, a place of Nefzi, nothing of Reynolds), when the text says it is a person.

    Without them a later "she said" had no one to stand for, or went to another person named
    nearby. A name is taken as a person on evidence only: a known first name, "Mr."/"Ms.", a
    gendered word beside it ("chairwoman"), or a he/she that goes on right after it with no
    other person named between ("Nefzi said he never saw ..."); and never with an
    organisation's head word ("The Journal notes", "Democracy Corp found"), in capitals
    ("CNN reported"), after "the", or when it names a country. A name so taken gets a key of
    its own shared by its surname's other mentions; the quotation stores the actor the actors
    step made of it, if any (``_Context.public``). Returns [] when there is none.

    Measured on PolNeAR (quotes-0.8): refined speaker dev 0.853 -> 0.857, train-dev 0.831 ->
    0.836, untouched 0.792 -> 0.795; on train-dev 22 speakers wrong before were right after and
    3 the other way (the gold's proxy each time, the new answer right by the text)."""
    spans: list[tuple[int, int, str | None]] = []  # the name, and the actor key covering it
    for verb in ctx.doc:
        if _is_cue_verb(ctx, verb) != "verb":
            continue
        speaker = _verb_speaker(verb, ctx) or _sequence_speaker(ctx, verb)
        if speaker is None or speaker.pos_ != "PROPN" or ctx.in_quote(speaker.idx):
            continue
        covering = ctx.mention_at.get(speaker.idx)
        if covering is not None and covering.actor_key.startswith(("person:", "country:")):
            continue
        span = _name_span(speaker)
        if span is None:
            continue
        start, end = span
        if covering is not None and (
            not ctx.text[covering.char_start : covering.char_end].endswith(ctx.text[start:end])
            or len(covering.surface.split()) > 4
        ):
            continue  # the actors' span runs past the name ("Schlafly’s Final Column ... Sees")
        spans.append((start, end, covering.actor_key if covering is not None else None))
    if not spans:
        return []
    # Who each name is: a full name is itself, or the person mention written the same; a lone
    # surname is the one full name (new or a person's) that ends with it.
    persons = {
        m.surface: m.actor_key
        for m in ctx.mentions
        if m.actor_key.startswith("person:") and len(m.surface.split()) > 1
    }
    full = {ctx.text[a:b] for a, b, _ in spans if " " in ctx.text[a:b]} | set(persons)
    by_surname: dict[str, set[str]] = {}
    for name in full:
        by_surname.setdefault(name.split()[-1], set()).add(name)

    def identity(name: str) -> str:
        if " " in name:
            return name
        bearers = by_surname.get(name, set())
        return next(iter(bearers)) if len(bearers) == 1 else name

    keys: dict[str, str] = {}
    weight: dict[str, int] = {}
    promoted: dict[str, str] = {}  # actor key of a mention taken for a person -> the name's key
    for start, end, covering_key in spans:
        who = identity(ctx.text[start:end])
        key = keys.setdefault(who, persons.get(who) or f"person:~{who.lower()}")
        weight[key] = weight.get(key, 0) + _person_evidence(ctx, start, end)
        if covering_key is not None:
            promoted.setdefault(covering_key, key)
    evidence = {key for key, w in weight.items() if w >= 2}
    if not evidence:
        return []
    out: list[Mention] = []
    taken: set[int] = set()
    for m in ctx.mentions:
        key = promoted.get(m.actor_key, "")
        if key in evidence:
            ctx.public.setdefault(key, m.actor_key if key.startswith("person:~") else key)
            out.append(Mention(key, m.surface, m.char_start, m.char_end, "PERSON", m.role, m.sector))
            taken.update(range(m.char_start, m.char_end))
        else:
            out.append(m)
    for start, end, _ in spans:
        key = keys[identity(ctx.text[start:end])]
        if key in evidence and start not in taken and ctx.mention_at.get(start) is None:
            ctx.public.setdefault(key, None if key.startswith("person:~") else key)
            out.append(Mention(key, ctx.text[start:end], start, end, "PERSON"))
            taken.update(range(start, end))
    return out


def _name_span(head: Token) -> tuple[int, int] | None:
    """The capitalised name a proper noun ends (at most four words, titles left out), or None
    when it is no one's name: an organisation's head word, capitals, "the" before it."""
    doc = head.doc
    i = head.i
    while (
        i > head.i - 3
        and i > 0
        and doc[i - 1].pos_ == "PROPN"
        and doc[i - 1].text[:1].isupper()
        and doc[i - 1].ent_type_ not in ("GPE", "NORP", "ORG")
    ):
        i -= 1
    while i < head.i and (doc[i].lower_.rstrip(".") in _TITLES or doc[i].lower_ in PERSON_NOUNS):
        i += 1
    words = doc[i : head.i + 1]
    if any(not t.text[:1].isupper() or t.pos_ == "PART" or t.lower_ in _ORGANISATION_HEADS for t in words):
        return None
    if any(t.is_upper and len(t.text) > 1 for t in words) or head.ent_type_ == "NORP":
        return None
    if i > 0 and doc[i - 1].lower_ == "the":
        return None
    return words.start_char, words.end_char


_TITLES = frozenset(
    "sen rep gov dr mr mrs ms miss gen col lt capt sgt prof rev judge justice president".split()
)


def _person_evidence(ctx: _Context, start: int, end: int) -> int:
    """How firmly the text says the name at [start, end) is a person's: 2 for a first name the
    table knows, an honorific or a gendered word just before it, or a he/she subject after it
    ("Nefzi said he never saw ...", "Reynolds says ... '...,' she says"), in its sentence or up to
    the next narrative one, with no person named between; 0 for none. For a name the parser or
    the actors took for an organisation a he/she counts 1, and only in a later sentence: in
    "Politico reported that he had left" the he is someone else, and in 'Politico reported it.
    "...," he said.' he may be."""
    name = ctx.text[start:end]
    if first_name_gender(name) or _HONORIFIC.search(ctx.text[max(0, start - 6) : start]):
        return 2
    before = ctx.text[max(0, start - 40) : start].lower().split()[-3:]
    if any(w.strip(",.'’s") in _GENDERED_NOUNS for w in before):
        return 2
    covering = ctx.mention_at.get(start)
    words = ctx.doc.char_span(start, end, alignment_mode="expand")
    organisation = (covering is not None and covering.actor_key.startswith("organization:")) or (
        words is not None and words.root.ent_type_ == "ORG"
    )
    here = ctx.sent_index(start)
    for i in range(here, min(here + 3, len(ctx.sents))):
        sent = ctx.sents[i]
        for t in sent:
            if t.idx < end or ctx.in_quote(t.idx):
                continue
            m = ctx.mention_at.get(t.idx)
            if m is not None and m.actor_key.startswith("person:"):
                return 0
            if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"):
                if not organisation:
                    return 2
                if i > here:
                    return 1
        if i > here and not ctx.in_quote(sent.start_char):
            break
    return 0


def _sources(ctx: _Context) -> list[Mention]:
    """Every named person the narrative reports as speaking or thinking, in reading order: the
    subject of a reporting or belief verb outside quotations, the object of "according to"."""
    out: dict[int, Mention] = {}
    for t in ctx.doc:
        if ctx.in_quote(t.idx):
            continue
        speaker = None
        if _is_cue_verb(ctx, t) is not None:
            speaker = _verb_speaker(t, ctx) or _sequence_speaker(ctx, t)
        elif t.lower_ == "according" and t.i + 1 < len(ctx.doc) and ctx.doc[t.i + 1].lower_ == "to":
            objects = [g for g in ctx.doc[t.i + 1].children if g.dep_ == "pobj"]
            speaker = objects[0] if objects else None
        if speaker is None or speaker.pos_ == "PRON" or ctx.in_quote(speaker.idx):
            continue
        m = ctx.mention_at.get(speaker.idx) or _apposed_actor(ctx, speaker)
        if m is None:
            span = ctx.doc.char_span(*_phrase(speaker), alignment_mode="expand")
            inside = [ctx.mention_at.get(x.idx) for x in span or []]
            people = [x for x in inside if x is not None and x.actor_key.startswith("person:")]
            m = people[-1] if people and speaker.lemma_.lower() in PERSON_NOUNS else None
        if m is not None and m.actor_key.startswith("person:"):
            out[m.char_start] = m
    return [out[k] for k in sorted(out)]


def _salience(ctx: _Context, m: Mention) -> float:
    span = ctx.doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
    if span is None:
        return 0.0
    root = span.root
    while root.dep_ in ("appos", "compound", "conj") and root.head.i != root.i:
        root = root.head
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return 0.0
    verb = root.head
    if verb.dep_ == "ROOT" or verb.lemma_.lower() in SPEECH_VERBS:
        return 2.0
    return 1.0


def _is_subject(ctx: _Context, m: Mention) -> bool:
    span = ctx.doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass"):
        return True
    return root.dep_ in ("appos", "compound", "poss") and root.head.dep_ in ("nsubj", "nsubjpass")


# Verbs by which an organisation puts out a document: their subject (or passive agent) is its issuer.
_ISSUING_VERBS = frozenset(
    """
    issue release publish adopt sign send circulate approve draft unveil present produce post distribute
    deliver file submit put endorse ratify write prepare finalize finalise
""".split()
)


def _issuer(ctx: _Context, noun: Token, depth: int = 0) -> str | None:
    """Who issued "the statement", when the text names them; else None (the document speaks).

    The issuer is named by the phrase itself ("the statement issued by the Council"), or by the
    sentence that put a document out shortly before: "the Secretariat released a communiqué ...
    The statement said" (any document noun, when the verb is one of issuing), "a declaration was
    adopted by the summit". Before quotes-0.5 the organisation or state named last stood in when
    none was named; on real news that is the country the statement is about as often as the one
    that issued it, and a wrong speaker costs more than none."""
    lemma = noun.lemma_.lower()
    found = _issued_by(ctx, noun, depth)
    if found:
        return found
    first = ctx.sents[max(0, ctx.sent_index(noun.idx) - _CONTEXT_SENTENCES)].start_char
    if depth >= 2:
        return None
    for t in reversed(ctx.doc[: noun.i]):
        if t.idx < first:
            break
        t_lemma = t.lemma_.lower()
        if t_lemma not in DOCUMENT_NOUNS or ctx.in_quote(t.idx):
            continue
        found = _issued_by(ctx, t, depth)
        if found:
            return found
        verb = t.head
        if t.dep_ not in ("dobj", "nsubjpass") or verb.pos_ != "VERB":
            continue
        if t_lemma != lemma and verb.lemma_.lower() not in _ISSUING_VERBS:
            continue
        subject = _verb_speaker(verb, ctx) if t.dep_ == "dobj" else _passive_agent(verb)
        if subject is not None and subject.i != t.i:
            speaker = _resolve(ctx, subject, depth + 1)
            if speaker.key:
                return speaker.key
    return None


def _issued_by(ctx: _Context, noun: Token, depth: int) -> str | None:
    """The agent of an issuing participle hanging from the document: "the statement issued by X"."""
    for verb in noun.children:
        if verb.dep_ == "acl" and verb.lemma_.lower() in _ISSUING_VERBS:
            agent = _passive_agent(verb)
            if agent is not None:
                speaker = _resolve(ctx, agent, depth + 1)
                if speaker.key:
                    return speaker.key
    return None


def _passive_agent(verb: Token) -> Token | None:
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return agents[0] if agents else None


def _phrase(token: Token) -> tuple[int, int]:
    """The noun phrase naming the speaker, without relative clauses and appositions."""
    keep = {
        "det",
        "amod",
        "compound",
        "poss",
        "nmod",
        "nummod",
        "quantmod",
        "case",
        "punct",
        "prep",
        "pobj",
        "flat",
        "cc",
        "conj",
    }
    tokens = [token]
    for child in token.children:
        if child.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "flat") or (
            child.dep_ == "prep" and child.lower_ in ("of", "for", "on", "from", "by") and child.i > token.i
        ):
            tokens.extend(t for t in child.subtree if t.dep_ in keep or t is child)
    tokens.sort(key=lambda t: t.i)
    # A contiguous run around the head only.
    start = end = tokens.index(token)
    while start > 0 and tokens[start - 1].i == tokens[start].i - 1:
        start -= 1
    while end + 1 < len(tokens) and tokens[end + 1].i == tokens[end].i + 1:
        end += 1
    first, last = tokens[start], tokens[end]
    while last.i > token.i and last.is_punct:
        last = last.doc[last.i - 1]
    return first.idx, last.idx + len(last.text)


def _strip_determiner(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)


def _nearest_before(
    ctx: _Context, offset: int, fits, sentences: int | None = _CONTEXT_SENTENCES
) -> Mention | None:
    """The closest mention before ``offset`` that fits, outside quotations, within a few sentences."""
    floor = 0
    if sentences is not None:
        floor = ctx.sents[max(0, ctx.sent_index(offset) - sentences)].start_char
    for m in reversed(ctx.mentions):
        if m.char_end > offset:
            continue
        if m.char_start < floor:
            return None
        if fits(m) and not ctx.in_quote(m.char_start):
            return m
    return None


def _namesake(ctx: _Context, m: Mention, gender: str | None = None) -> Mention:
    """A bare surname stands for the person named in full with it, not for whichever namesake
    the actor resolver merged it with: the last one the story has reported speaking (a story
    quoting "Bill Clinton said ..." that mentions Hillary Clinton in passing), else the last one
    named. The same holds for a surname the actors took for a place or a people ("Cuban said" in
    a story that named Mark Cuban). For a "he" or "she" (``gender``), a namesake of the other
    gender is passed over: "she" is Carly Fiorina, not her husband Frank named since.

    That, and the gender of a person called by a common first name alone ("Melanie said", see
    ``_document_genders``), is quotes-0.9's gender agreement: PolNeAR refined speaker (one run)
    dev 479 -> 482 of 558, untouched 424 -> 425 of 533, train-dev 3436 -> 3438 of 4099; wrong
    speakers 49 -> 45, 67 -> 66, 440 -> 438."""
    words = m.surface.split()
    if len(words) != 1:
        return m
    full = [
        o
        for o in ctx.mentions
        if o.char_end <= m.char_start
        and not ctx.in_quote(o.char_start)
        and o.actor_key.startswith("person:")
        and len(o.surface.split()) > 1
        and o.surface.replace("’s", "").replace("'s", "").split()[-1] == words[0]
    ]
    if gender is not None:
        # The words of each full name first: namesakes merged under one actor share its votes.
        full = [
            o for o in full if (first_name_gender(o.surface) or ctx.gender(o.actor_key)) in (None, gender)
        ]
    if not full:
        return m
    sourced = {x.actor_key for x in ctx.sources() if x.char_start < m.char_start}
    spoke = [o for o in full if o.actor_key in sourced]
    return (spoke or full)[-1]


def _from_mention(m: Mention, text: str | None) -> _Speaker:
    return _Speaker(m.actor_key, text, _kind_of_actor(m))


def _kind_of_actor(m: Mention) -> str | None:
    kind = m.actor_key.split(":", 1)[0]
    if kind == "person":
        return "person"
    if set(m.surface.lower().split()) & _DOCUMENT_NAMES:
        return "document"  # "Turkic Green Vision adds ...", "the Agreement on ..."
    return "organization" if kind in ("organization", "country", "location") else None


def _kind_of_noun(lemma: str) -> str | None:
    if lemma in DOCUMENT_NOUNS:
        return "document"
    if lemma in PERSON_NOUNS:
        return "person"
    if lemma in ORGANISATION_NOUNS:
        return "organization"
    return None


# ---------------------------------------------------------------- quote or term


def _kind(ctx: _Context, span: QuoteSpan, words: Span, att: _Attribution) -> str:
    """'quote' or 'term', from the cue, the length, the capitals and the syntax."""
    if span.style in ("block", "label"):
        return "quote"
    n = len(span.text.split())
    clause = _has_clause(words)
    statement = clause or n >= _STATEMENT_WORDS
    if (not clause and n <= 12 and _naming_cue(ctx, span)) or _slogan(ctx, span):
        return "term"
    if _title_case(ctx, span, words) and (not clause or _content_words(span.text) >= 4):
        return "term"  # a title, even one that is a sentence ("What We Owe the Future")
    if statement:
        return "quote"
    if att.cue is None and att.how != "continued":
        return "term"
    main = _main_root(words)
    if _reported_fragment(ctx, span, main, att):
        return "quote"
    if n == 1 and (att.speaker is None or att.how == "belief"):
        return "term"  # one word no one is quoted for, or what someone 'felt they "needed"'
    if n == 1 and main.pos_ in ("NOUN", "PROPN") and not (att.how == "verb" and att.direct):
        return "term"
    if span.text[:1].isupper() and (not att.direct or _after_determiner(ctx, span)):
        return "term"  # a name inside someone's sentence ('questioned this "Roy thesis"'), not their words
    if main.head.i not in range(words.start, words.end):
        if main.dep_ in ("nsubj", "nsubjpass"):
            return "term"  # the subject of the reported clause: what they talk about
        if (
            main.dep_ in ("compound", "nmod", "amod")
            and main.head.pos_ in ("NOUN", "PROPN")
            and main.head.i > main.i
        ):
            return "term"  # modifies the noun after the marks: 'a "water diplomacy" experiment'
    if att.how == "belief" and main.pos_ in ("NOUN", "PROPN"):
        return "term"  # "sees itself as a "bridge"": an image, not someone's words
    if att.speaker is None and att.how == "verb" and main.pos_ in ("NOUN", "PROPN"):
        return "term"  # "is often described as a "bridge"": an image no one is quoted for
    return "quote"


# Verbs that give a name: a quoted modifier under them is the name ('called it a "water
# diplomacy" experiment'), not the words of whoever called it so.
_NAMING_VERBS = frozenset("call dub label term name brand nickname describe".split())


def _reported_fragment(ctx: _Context, span: QuoteSpan, main: Token, att: _Attribution) -> bool:
    """A lower-case fragment inside what a named speaker is reported as saying ('Smith said the plan
    was "deeply flawed"', 'Feinstein said Clinton did not originate any "top secret" email'): a
    mixed quotation, the speaker's own words, with the reporting verb as its cue. Names and
    titles (capitalised) stay terms, and so does a modifier under a naming verb ('called it a
    "water diplomacy" experiment'). Fragments in the subject or modifier position were terms
    until quotes-0.6; as quotations they lift PolNeAR dev recall 0.888 -> 0.897 for precision
    0.952 -> 0.948 (the marks inside reported speech are the speaker's far more often than the
    writer's)."""
    if att.how != "verb" or att.speaker is None or ctx.in_quote(att.speaker.idx) or span.text[:1].isupper():
        return False
    return not (
        main.dep_ in ("compound", "nmod", "amod")
        and main.head.pos_ in ("NOUN", "PROPN")
        and main.head.i > main.i
        and att.cue_token is not None
        and att.cue_token.lemma_.lower() in _NAMING_VERBS
    )


def _slogan(ctx: _Context, span: QuoteSpan) -> bool:
    before = ctx.text[max(0, span.outer_start - 20) : span.outer_start]
    return _SLOGAN.search(before) is not None


def _content_words(text: str) -> int:
    return sum(1 for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.lower() not in _FUNCTION_WORDS)


def _after_determiner(ctx: _Context, span: QuoteSpan) -> bool:
    before = ctx.text[max(0, span.outer_start - 8) : span.outer_start].lower().split()
    return bool(before) and before[-1] in ("the", "this", "that", "these", "those")


def _is_statement(words: Span) -> bool:
    return _has_clause(words) or len(words.text.split()) >= _STATEMENT_WORDS


def _has_clause(words: Span) -> bool:
    """A subject and its verb both inside the marks: a sentence, not a phrase."""
    span_range = range(words.start, words.end)
    return any(
        t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i in span_range and t.head.pos_ in ("VERB", "AUX")
        for t in words
    )


def _main_root(words: Span) -> Token:
    inside = range(words.start, words.end)
    roots = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    return max(roots, key=lambda t: len(list(t.subtree))) if roots else words.root


def _title_case(ctx: _Context, span: QuoteSpan, words: Span) -> bool:
    """Capitalised like a title or a name (a lone capitalised word only mid-sentence)."""
    tokens = [w for w in re.findall(r"[^\W\d_][\w'’-]*", span.text) if w.lower() not in _FUNCTION_WORDS]
    if not tokens:
        return False
    capitalised = sum(1 for w in tokens if w[0].isupper())
    if capitalised / len(tokens) < 0.75:
        return False
    if len(tokens) > 1:
        return True
    return not _opens_sentence(ctx, span)


def _opens_sentence(ctx: _Context, span: QuoteSpan) -> bool:
    sent = ctx.sents[ctx.sent_index(span.outer_start)]
    before = ctx.text[sent.start_char : span.outer_start]
    return not before.strip(" \t\n\"“'‘(:") or before.rstrip().endswith(":")


def _naming_cue(ctx: _Context, span: QuoteSpan) -> str | None:
    """The words around a quoted span that make it a name or a word discussed as a word."""
    text = ctx.text
    sent = ctx.sents[ctx.sent_index(span.outer_start)]
    before = text[max(sent.start_char, span.outer_start - 90) : span.outer_start]
    m = _NAMING_BEFORE.search(before)
    if m:
        return m.group(0).strip()
    after = _NAMING_AFTER.match(text, span.outer_end, min(len(text), span.outer_end + 30))
    return after.group(0).strip() if after else None


# ---------------------------------------------------------------- when it was said


def _date(ctx: _Context, quote: Quote, region: list[Span], att: _Attribution) -> None:
    """The dated event of the quotation's sentence (or its speaker's), else the publication date."""
    ranges = [(s.start_char, s.end_char) for s in region]
    if att.context_sentence is not None:
        ranges.append((att.context_sentence.start_char, att.context_sentence.end_char))
    low = bisect.bisect_left(ctx.event_starts, min(a for a, _ in ranges) - ctx.longest_event)
    high = bisect.bisect_left(ctx.event_starts, max(b for _, b in ranges))

    def date_at(e: Event) -> int:
        where = ctx.text.find(e.date_text, e.char_start, e.char_end) if e.date_text else -1
        return where if where >= 0 else e.char_start

    candidates = sorted(
        (
            e
            for e in ctx.events_by_start[low:high]
            if e.mode not in ("future", "hypothetical")
            and any(e.char_start < b and e.char_end > a for a, b in ranges)
            # "In 2021 our farmers learned ...", she said: a date inside the quotation is
            # what the speaker talks about, not when the words were said.
            and not quote.char_start <= date_at(e) < quote.char_end
        ),
        key=lambda e: ctx.event_order[id(e)],
    )
    if candidates:
        cue_at = att.cue_token.idx if att.cue_token is not None else quote.char_start

        def rank(e: Event):
            said_by = quote.speaker_key is not None and any(k == quote.speaker_key for k, _ in e.actors)
            return (not said_by, abs(date_at(e) - cue_at))

        event = min(candidates, key=rank)
        quote.event, quote.quote_date = event, event.event_date
        quote.date_precision, quote.date_anchor = event.date_precision, "event"
    elif ctx.published is not None:
        quote.quote_date, quote.date_precision = ctx.published, ctx.published_precision
        quote.date_anchor = "publication"
