"""Quotations: who said what, and which quoted spans are only terms.

The spans come from ``extractors.quotes.marks`` (the text alone); this module
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
  one its phrase names, else the last one named before it).
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
from extractors.quotes.marks import QuoteSpan, find_quote_spans, paragraph_ranges

__all__ = ["VERSION", "extract_quotes", "find_quote_spans"]

VERSION = "quotes-0.2"

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
        self.published = published
        self.paragraphs = paragraph_ranges(self.text)
        self.para_starts = [p[0] for p in self.paragraphs]
        self.sents = _sentences(doc, self.paragraphs)
        self.sent_starts = [s.start_char for s in self.sents]
        self.quoted = sorted((s.outer_start, s.outer_end) for s in spans)
        self.mention_at = {}
        for m in self.mentions:
            for i in range(m.char_start, m.char_end):
                self.mention_at.setdefault(i, m)

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

    def sent_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, offset) - 1)

    def region(self, span: QuoteSpan) -> list[Span]:
        """The sentences the quotation and its marks touch (a lone closing mark that the
        parser moved into the next sentence does not drag that sentence in)."""
        end = max(span.end, span.close_at if span.close_at is not None else span.end)
        first, last = self.sent_index(span.outer_start), self.sent_index(max(span.outer_start, end - 1))
        return self.sents[first : last + 1]


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
    quote.cue, quote.speaker_key, quote.speaker_text, quote.speaker_kind = (
        att.cue,
        speaker.key,
        speaker.text,
        speaker.kind,
    )
    _date(ctx, quote, region, att)
    return quote


# ---------------------------------------------------------------- cue and speaker


def _attribution(ctx: _Context, span: QuoteSpan, words: Span, region: list[Span]) -> _Attribution:
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
    if _is_statement(words) and region:
        return _nearest_cue(ctx, span, region, inside) or _Attribution()
    return _Attribution()


def _is_cue_verb(ctx: _Context, t: Token) -> str | None:
    """'verb' or 'belief' for a reporting verb outside every quotation, else None."""
    if t.pos_ not in ("VERB", "AUX") or ctx.in_quote(t.idx) or _is_so_called(t):
        return None
    lemma = t.lemma_.lower()
    if lemma in SPEECH_VERBS:
        if lemma == "put" and not any(c.lower_ == "it" for c in t.children):
            return None  # only "as X put it"
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
        while node.i != child.i and node.i not in inside and reach[0] <= node.idx < reach[1]:
            att = _cue_at(ctx, node, child, steps)
            if att is not None:
                if best is None or steps < best[0]:
                    best = (steps, att)
                break
            child, node, steps = node, node.head, steps + 1
    return best[1] if best else None


def _cue_at(ctx: _Context, node: Token, child: Token, steps: int) -> _Attribution | None:
    """Is ``node`` (an ancestor of the quotation) a cue? ``child`` is the step below it."""
    direct = steps == 1 and child.dep_ in _DIRECT_DEPS or steps == 2 and child.dep_ == "prep"
    kind = _is_cue_verb(ctx, node)
    if kind is not None:
        return _Attribution(node.text, node, _verb_speaker(node, ctx), kind, direct)
    according = _according_to(node)
    if according is not None:
        return _Attribution("according to", according.head, according, "according")
    if ctx.in_quote(node.idx):
        return None
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
            return node.head  # "Toktogulov, who said ..."
        if subjects:
            return subjects[0]
        agents = [g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agents:
            return agents[0]
        passive = [c for c in node.children if c.dep_ == "nsubjpass"]
        if passive:  # "X was quoted as saying"; otherwise only a "by X" the parser misplaced
            return passive[0] if node.lemma_ in ("quote", "cite") else _stray_agent(node)
        if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return node.head  # "Aliyev, who said ...", "a communique expressing ..."
        if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep") and node.head.i != node.i:
            node = node.head
            continue
        return None
    return None


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
        return None  # across paragraphs only the repeated opening mark continues a quotation
    prev_last = ctx.sent_index(max(prev_span.outer_start, prev_span.outer_end - 1))
    this_first = ctx.sent_index(span.outer_start)
    if this_first - prev_last > 1:
        return None
    return _Attribution(None, None, None, "continued", True)


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
        return _from_mention(covering, covering.surface)
    inside = [
        m
        for m in ctx.mentions
        if start <= m.char_start and m.char_end <= end and m.actor_key.startswith(_SPEAKING_ACTORS)
    ]
    kind = _kind_of_noun(lemma)
    if inside:
        people = [m for m in inside if m.actor_key.startswith("person:")]
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
    """What a pronoun refers to: the nearest fitting subject of the last few sentences, else the
    nearest fitting mention; people may be found further back."""
    first = ctx.sents[max(0, ctx.sent_index(pronoun.idx) - _CONTEXT_SENTENCES)].start_char
    window = [
        m
        for m in ctx.mentions
        if first <= m.char_start
        and m.char_end <= pronoun.idx
        and m.actor_key.startswith(kinds)
        and not ctx.in_quote(m.char_start)
    ]
    subjects = [m for m in window if _is_subject(ctx, m)]
    if subjects:
        return subjects[-1]
    if window:
        return window[-1]
    if kinds == ("person:",):
        return _nearest_before(ctx, pronoun.idx, lambda m: m.actor_key.startswith("person:"), sentences=None)
    return None


def _is_subject(ctx: _Context, m: Mention) -> bool:
    span = ctx.doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass"):
        return True
    return root.dep_ in ("appos", "compound", "poss") and root.head.dep_ in ("nsubj", "nsubjpass")


def _issuer(ctx: _Context, noun: Token, depth: int = 0) -> str | None:
    """Who issued "the statement": the subject that issued, adopted or published one shortly
    before, else the organisation or state named last."""
    lemma = noun.lemma_.lower()
    first = ctx.sents[max(0, ctx.sent_index(noun.idx) - _CONTEXT_SENTENCES)].start_char
    doc = ctx.doc
    if depth < 2:
        for t in reversed(doc[: noun.i]):
            if t.idx < first:
                break
            if t.lemma_.lower() != lemma or t.dep_ not in ("dobj", "nsubjpass") or ctx.in_quote(t.idx):
                continue
            if t.head.pos_ == "VERB":
                subject = _verb_speaker(t.head, ctx)
                if subject is not None and subject.i != t.i:
                    found = _resolve(ctx, subject, depth + 1)
                    if found.key:
                        return found.key
    m = _nearest_before(ctx, noun.idx, lambda m: m.actor_key.startswith(("organization:", "country:")))
    return m.actor_key if m else None


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
    candidates = [
        e
        for e in ctx.events
        if e.mode not in ("future", "hypothetical")
        and any(e.char_start < b and e.char_end > a for a, b in ranges)
    ]
    if candidates:
        cue_at = att.cue_token.idx if att.cue_token is not None else quote.char_start

        def rank(e: Event):
            said_by = quote.speaker_key is not None and any(k == quote.speaker_key for k, _ in e.actors)
            where = ctx.text.find(e.date_text, e.char_start, e.char_end) if e.date_text else -1
            return (not said_by, abs((where if where >= 0 else e.char_start) - cue_at))

        event = min(candidates, key=rank)
        quote.event, quote.quote_date = event, event.event_date
        quote.date_precision, quote.date_anchor = event.date_precision, "event"
    elif ctx.published is not None:
        quote.quote_date, quote.date_precision = ctx.published, ctx.published_precision
        quote.date_anchor = "publication"
