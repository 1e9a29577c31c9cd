"""Actors: who is named in a document, merged across the forms the text uses.

spaCy's entities are the candidates, and they are often wrong in ways that
split one actor into many: "Kasim-Jomart Tokayev" tagged as an organisation,
"Nursultan Nazarbayev" as a place, "AI" as a place, "Kazakh President" glued
to a name. The steps below correct them, each in its own function:

1. **candidates**: entities cut at parentheses and peeled of demonyms and
   titles ("Kazakh President Kassym-Jomart Tokayev" is a country, a role and a
   person); gazetteer hits the model missed (countries, demonyms, capitals and
   seats of government, international organisations and their acronyms); bare
   acronyms ("MHP").
2. **kinds**: a name's head word overrides the label ("Nagorno-Karabakh War"
   is an event, "Caspian Sea" a place); a capital is the country's government
   only when it acts ("Ankara condemned", not "met in Ankara"); names sharing a
   surname with a person are that person whatever their label.
3. **resolution** within the document: a surname joins the longest full name
   ending in it whose given names agree ("Kasim-Jomart" and "Kassym-Jomart"
   do; "Ilham" and "Dilnoza" do not); an acronym joins the long form defined
   with it; "the Council" joins the nearest earlier organisation with that head.
4. **affiliation and sector**: the country a person or organisation belongs to
   when the text says it ("Kazakh President", "Tajikistan's Ministry of Foreign
   Affairs", "King Hassan of Morocco"), and the PLOVER sector of each mention
   ("Sudanese government" GOV, "Russian troops" MIL, "Foreign Minister" GOV).

``event_roles`` gives each mention its side in the event its sentence states
(source, target, participant), reading reported speech as PLOVER does.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from dossier.records import Actor, Mention
from extractors import countries, names, nlp
from extractors.names import PARTICLES, clean_surface, given_names_agree, name_key, skeleton

# Folding is pure and the same few thousand words come back in every document:
# caching it took a seventh of the extractors' time away.
fold = lru_cache(maxsize=1 << 16)(names.fold)

VERSION = "actors-0.2"

_LABEL_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
               "FAC": "location", "NORP": "other"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_NAME_CUTS = {"of", "for", "on", "in", "to", "against"}  # the head of "Organization of Turkic States" comes before these
_FUNCTION_WORDS = {"of", "for", "and", "on", "the", "in", "to", "&", "de", "at"}
_ROLE_CONNECTORS = {"and", "of", "for", "&"}
_LOWERCASE_ROLE_MODIFIERS = {"former", "acting", "then", "late", "outgoing", "incoming", "interim", "senior"}
# A capital acts for its government as subject or possessor, or after these prepositions
# ("split with Moscow", "sanctions against Tehran"); after others it is a place ("talks in Baku").
_ACTING_PREPOSITIONS = {"with", "against", "by", "versus", "vs", "vs.", "upon"}
# Surname endings that make a name a person's rather than a place's (Slavic, Turkic, Caucasian names).
_SURNAME_ENDINGS = ("ov", "ev", "ova", "eva", "yev", "yeva", "enko", "ski", "sky", "skiy", "oglu", "yan",
                    "dze", "shvili", "vich")
_SPEECH_VERBS = {"say", "tell", "announce", "state", "add", "confirm", "claim", "declare", "note", "emphasize",
                 "emphasise", "stress", "argue", "insist", "explain", "report", "quote", "remark", "assert",
                 "believe", "write", "suggest", "propose", "underline", "acknowledge"}
# Verbs whose complement clause is the event when the speaker comes after it ("..., officials said").
_REPORTING_VERBS = {"say", "tell", "announce", "report", "state", "add", "confirm", "claim", "quote", "declare",
                    "note", "write", "according"}
_TARGET_PREPOSITIONS = {"against", "to", "with", "on", "upon", "toward", "towards", "at", "into", "over", "between",
                        "from"}
# Where an event happens ("arrived in Amman", "opened an embassy in Tehran"): the target when nothing else is.
_PLACE_PREPOSITIONS = {"in", "inside", "within", "near", "outside"}
_ADJECTIVAL_ENDINGS = ("ic", "ian", "an", "ist", "ish", "ese", "ean")
_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper",
            "lower", "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
            "southeastern", "southwestern"}
_STATE_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "-"}


# ---------------------------------------------------------------- data files


def _data_lines(name: str) -> list[str]:
    text = resources.files("extractors").joinpath(f"data/{name}").read_text("utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class _Title:
    words: tuple[str, ...]
    sector: str | None
    weak: bool  # its last word also starts names of things ("General Electric")


@lru_cache(maxsize=1)
def _titles() -> dict[str, _Title]:
    titles = {}
    for line in _data_lines("roles.txt"):
        cols = line.split("\t")
        title = fold(cols[0])
        titles[title] = _Title(tuple(title.split()), (cols[1] if len(cols) > 1 and cols[1].strip() else None),
                               len(cols) > 2 and cols[2].strip() == "?")
    return titles


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    return frozenset(word for title in _titles().values() for word in title.words)


@lru_cache(maxsize=1)
def _role_heads() -> frozenset[str]:
    return frozenset(title.words[-1] for title in _titles().values())


@lru_cache(maxsize=1)
def _sectors() -> dict[str, str]:
    return dict(line.split("\t")[:2] for line in _data_lines("sectors.tsv"))


@lru_cache(maxsize=1)
def _name_heads() -> dict[str, str]:
    return {fold(word): kind for word, kind in (line.split("\t")[:2] for line in _data_lines("name_heads.tsv"))}


@lru_cache(maxsize=1)
def _not_actors() -> frozenset[str]:
    return frozenset(_data_lines("not_actors.txt"))


@dataclass(frozen=True)
class OrgEntry:
    """An organisation from a gazetteer file: its one canonical name and what it is."""

    name: str
    agent_type: str | None  # IGO | NGO | IMG
    country: str | None
    sector: str | None


@lru_cache(maxsize=1)
def _organizations() -> tuple[dict[str, OrgEntry], dict[str, OrgEntry]]:
    """(acronyms, matched case-sensitively; names, matched folded) from every organizations*.tsv."""
    acronyms: dict[str, OrgEntry] = {}
    names: dict[str, OrgEntry] = {}
    folder = resources.files("extractors").joinpath("data")
    files = sorted(f for f in folder.iterdir() if f.name.startswith("organizations") and f.name.endswith(".tsv"))
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = (line.split("\t") + [""] * 5)[:5]
            entry = OrgEntry(cols[0].strip(), cols[1].strip() or None, cols[2].strip() or None, cols[3].strip() or None)
            names.setdefault(fold(entry.name), entry)
            for other in filter(None, (o.strip() for o in cols[4].split("|"))):
                if other == other.upper() and any(c.isalpha() for c in other):
                    acronyms.setdefault(other, entry)
                else:
                    names.setdefault(fold(other), entry)
    return acronyms, names


def organization(text: str) -> OrgEntry | None:
    """The gazetteer organisation ``text`` names: an acronym as written, or a name in any case."""
    acronyms, names = _organizations()
    text = re.sub(r"\s+", " ", text).strip()
    return acronyms.get(text) or names.get(fold(clean_surface(text)))


@lru_cache(maxsize=1)
def _first_words() -> dict[str, int]:
    """First word of every gazetteer name -> how many tokens its names may take, so the scan
    tries long spans only where one may start (hyphens and commas are tokens of their own)."""
    acronyms, names = _organizations()
    keys = list(names) + [fold(a) for a in acronyms] + list(countries.known_forms())
    longest: dict[str, int] = {}
    for key in filter(None, keys):
        words = key.split()
        size = len(words) + sum(w.count("-") * 2 + w.count(",") + w.count("'") for w in words)
        longest[words[0]] = max(longest.get(words[0], 1), size)
    return longest


# ---------------------------------------------------------------- candidates


@dataclass
class _Candidate:
    ts: int  # token span of the name itself (title and demonym removed), end exclusive
    te: int
    start: int  # character offsets of the same
    end: int
    surface: str
    kind: str
    label: str
    role: str | None = None
    country: str | None = None  # affiliation said with this mention (or the country a place lies in)
    iso3: str | None = None  # the country itself, for kind == "country"
    agent_type: str | None = None
    canonical: str | None = None  # fixed by a gazetteer
    sector: str | None = None
    fixed: bool = False  # the kind comes from a gazetteer and is not revised
    description: bool = False  # "the Council": a reference, not a name
    key: str | None = None

    @property
    def words(self) -> list[str]:
        return self.surface.split()


def extract_actors(doc: Doc) -> tuple[list[Actor], list[Mention]]:
    """Mentions of actors in ``doc`` and the document-level actors they resolve to."""
    candidates = _candidates(doc)
    _settle_persons(doc, candidates)
    _unify_kinds(candidates)
    _resolve(doc, candidates)
    candidates.extend(_descriptions(doc, candidates))
    candidates.sort(key=lambda c: c.start)
    for cand in candidates:
        cand.sector = cand.sector or _sector(doc, cand)
    return _records(candidates)


def _candidates(doc: Doc) -> list[_Candidate]:
    hits = _gazetteer_hits(doc)
    entities = [ent for ent in doc.ents if ent.label_ in _LABEL_KIND]
    out: list[_Candidate | None] = []
    taken: set[int] = set()
    for ts, te, hit in hits:
        # A gazetteer name strictly longer than the entities it covers wins over them
        # ("U.N. Security Council" tagged as two pieces, "Saudi" and "Arabia" apart).
        inside = [e for e in entities if e.start < te and ts < e.end]
        if inside and all(ts <= e.start and e.end <= te and e.end - e.start < te - ts for e in inside):
            out.append(_from_hit(doc, ts, te, hit))
            taken.update(range(ts, te))
    for ent in entities:
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        end = _name_end(doc, ent.end) if ent.label_ == "PERSON" else ent.end
        out.extend(_from_entity(doc, ent.start, end, ent.label_))
        taken.update(range(ent.start, end))
    for ts, te, hit in hits:
        if not any(i in taken for i in range(ts, te)):
            out.append(_from_hit(doc, ts, te, hit))
            taken.update(range(ts, te))
    out.extend(_bare_acronyms(doc, taken))
    out = [c for c in out if c is not None]
    out.sort(key=lambda c: c.start)
    return out


def _name_end(doc: Doc, end: int) -> int:
    """A personal name runs on over particles the model cut it at ("Hans Van | den Broek")."""
    while (end + 1 < len(doc) and fold(doc[end].text) in PARTICLES and doc[end].text.islower()
           and doc[end + 1].text[:1].isupper() and doc[end + 1].is_alpha):
        end += 2
    return end


def _gazetteer_hits(doc: Doc, longest: int = 10) -> list[tuple[int, int, object]]:
    """Longest gazetteer names in the text, left to right: (token start, token end, entry)."""
    hits = []
    first = _first_words()
    i = 0
    while i < len(doc):
        tok = doc[i]
        word = fold(tok.text) if tok.text[:1].isalpha() else ""
        if not word or (word not in first and not tok.text[:1].isupper()):
            i += 1
            continue
        found = None
        for n in range(min(longest, first.get(word, 1), len(doc) - i), 0, -1):
            span = doc[i:i + n]
            if span[-1].is_punct or span[-1].is_space or any(t.is_space or t.text in "()" for t in span):
                continue
            hit = _gazetteer_entry(span.text)
            if hit is not None:
                found = (i, i + n, hit)
                break
        if found:
            hits.append(found)
            i = found[1]
        else:
            i += 1
    return hits


def _gazetteer_entry(text: str):
    """An organisation or a country form for ``text``, under the case rules each needs."""
    org = organization(text)
    if org is not None and (text[:1].isupper() or org.name[:1].islower()):
        return org
    if not text[:1].isupper() or (len(text) <= 3 and not text.isupper()):
        return None  # "Us" opening a sentence is not the United States
    return countries.lookup(text)


def _from_hit(doc: Doc, ts: int, te: int, hit) -> _Candidate | None:
    if _shouted(doc, ts, te):
        return None  # "WHO WE ARE", "ABOUT US": a heading, not the WHO or the United States
    if isinstance(hit, OrgEntry):
        return _org_candidate(doc, ts, te, hit, "GAZETTEER")
    return _place_candidate(doc, ts, te, hit, "GAZETTEER")


def _org_candidate(doc: Doc, ts: int, te: int, entry: OrgEntry, label: str) -> _Candidate | None:
    cand = _make(doc, ts, te, "organization", label)
    if cand is None:
        return None
    national = _national_before(doc, ts) if not cand.surface.isupper() else None
    if national:
        # "Russia's Security Council" is Russia's, not the UN's: keep the name, drop the gazetteer.
        cand.country = national
        return cand
    cand.canonical, cand.agent_type, cand.country, cand.sector = entry.name, entry.agent_type, entry.country, entry.sector
    cand.fixed = True
    return cand


def _place_candidate(doc: Doc, ts: int, te: int, country: countries.CountryName, label: str) -> _Candidate | None:
    if country.form == "demonym" and ts > 0 and doc[ts - 1].lower_ == "ethnic":
        return _make(doc, ts, te, "other", label)  # "ethnic Albanians": a people, not a state
    if country.form == "region":
        cand = _make(doc, ts, te, "location", label)
        if cand is not None:
            cand.country, cand.fixed = country.iso3, True
        return cand
    if country.form in ("capital", "seat"):
        nxt = doc[te] if te < len(doc) else None
        if (country.form == "capital" and nxt is not None and nxt.text[:1].isupper() and doc[te - 1].dep_ == "compound"
                and doc[te - 1].head.i == nxt.i):
            return None  # "Warsaw Pact", "Washington Post": part of another name
        acting = country.form == "seat" or _acts(doc, ts, te)
        cand = _make(doc, ts, te, "country" if acting else "location", label)
        if cand is None:
            return None
        cand.country = country.iso3
        if acting:
            cand.iso3, cand.sector = country.iso3, country.sector
    else:
        cand = _make(doc, ts, te, "country", label)
        if cand is None:
            return None
        cand.iso3 = cand.country = country.iso3
    cand.fixed = True
    return cand


def _make(doc: Doc, ts: int, te: int, kind: str, label: str) -> _Candidate | None:
    """A candidate over tokens [ts, te), trimmed of articles, punctuation and possessives."""
    while ts < te and (doc[ts].is_punct or doc[ts].is_space or doc[ts].lower_ == "the"):
        ts += 1
    while te > ts and (doc[te - 1].is_punct or doc[te - 1].is_space or doc[te - 1].text in _POSSESSIVE):
        te -= 1
    if ts >= te:
        return None
    start, end = doc[ts].idx, doc[te - 1].idx + len(doc[te - 1].text)
    raw = doc[ts:te].text  # (Doc.text rebuilds the whole text on every access)
    surface = clean_surface(raw)
    if not surface or not any(ch.isalpha() for ch in surface):
        return None
    offset = raw.find(surface)
    if offset >= 0:  # else the name runs over a line break: keep the token bounds
        start, end = start + offset, start + offset + len(surface)
    return _Candidate(ts, te, start, end, surface, kind, label)


def _from_entity(doc: Doc, ts: int, te: int, label: str) -> list[_Candidate]:
    """An entity cut at parentheses; citations inside it ("Rehimov, 2021") are dropped."""
    parts, begin = [], ts
    for i in range(ts, te):
        if doc[i].text in "()[]":
            parts.append((begin, i))
            begin = i + 1
    parts.append((begin, te))
    out = []
    for a, b in parts:
        if b <= a or any(doc[k].like_num and len(doc[k].text) == 4 for k in range(a, b)):
            continue
        out.extend(_split_part(doc, a, b, label))
    return out


def _split_part(doc: Doc, ts: int, te: int, label: str) -> list[_Candidate]:
    """Peel demonyms, countries and titles off the front of a name, and read what is left."""
    while ts < te and (doc[ts].is_punct or doc[ts].lower_ == "the"):
        ts += 1
    while te - ts > 1 and doc[te - 1].is_alpha and doc[te - 1].text.islower() and fold(doc[te - 1].text) not in PARTICLES:
        te -= 1  # "Montenegro province": the common noun after a name is not part of it
    if ts >= te:
        return []
    pieces: list[_Candidate] = []
    whole = _gazetteer_entry(_span_text(doc, ts, te))
    peel = None if whole is not None else _peel(doc, ts, te, label)
    role, affiliation = None, None
    if peel is not None:
        countries_found, role, ts = peel
        for a, b, country in countries_found:
            piece = _place_candidate(doc, a, b, country, label)
            if piece is not None:
                pieces.append(piece)
                affiliation = country.iso3
    before_role, before_country = _context_before(doc, ts)
    role = role or before_role
    affiliation = affiliation or before_country
    cand = _classify(doc, ts, te, label, role)
    if cand is not None:
        if cand.kind != "person":
            cand.role = None
        if cand.kind in ("person", "organization") and not cand.fixed:
            cand.country = affiliation or cand.country or _country_after(doc, te, cand.kind)
        pieces.append(cand)
    return pieces


def _span_text(doc: Doc, ts: int, te: int) -> str:
    return clean_surface(doc[ts:te].text)


def _peel(doc: Doc, ts: int, te: int, label: str):
    """(countries, role, name start) when the entity starts with them and a person's name follows.

    "Kazakh President Kassym-Jomart Tokayev" peels to KAZ, "President" and the
    name; "American Foreign Policy Council" peels nothing, since what would be
    left is no person's name.
    """
    found_countries: list = []
    role_tokens: list[Token] = []
    best = None
    i = ts
    while i < te - 1:
        country = _country_at(doc, i, te - 1)
        if country is not None and country[2].form in ("name", "demonym"):
            a, b, entry = country
            found_countries.append(country)
            i = b
            if i < te and doc[i].text in _POSSESSIVE:
                i += 1
        elif _is_role_word(doc[i]) or (role_tokens and doc[i].lower_ in _ROLE_CONNECTORS):
            role_tokens.append(doc[i])
            i += 1
        else:
            break
        ends_well = (role_tokens and fold(role_tokens[-1].text) in _role_heads()) or (
            not role_tokens and found_countries)
        if ends_well and i < te and _person_shaped(doc, i, te):
            rest = te - i
            if label == "PERSON" or rest > 1 or _strong_title(role_tokens):
                best = (list(found_countries), _role_text(role_tokens), i)
    return best


def _country_at(doc: Doc, i: int, limit: int, longest: int = 3):
    for n in range(min(longest, limit - i), 0, -1):
        text = doc[i:i + n].text
        if text[:1].isupper():
            found = countries.lookup(text)
            if found is not None and (len(text) > 3 or text.isupper()):
                return i, i + n, found
    return None


def _is_role_word(tok: Token) -> bool:
    word = fold(tok.text)
    if tok.text[:1].isupper():
        return word in _role_words()
    return word in _role_words() and tok.pos_ in ("NOUN", "PROPN", "ADJ")


def _strong_title(tokens: list[Token]) -> bool:
    """A title that makes the single word after it a person ("President Tokayev", not "General Electric")."""
    if not tokens:
        return False
    phrase = " ".join(fold(t.text) for t in tokens)
    title = _titles().get(phrase) or _titles().get(fold(tokens[-1].text))
    return title is not None and not title.weak


def _role_text(tokens: list[Token]) -> str | None:
    while tokens and tokens[-1].lower_ in _ROLE_CONNECTORS:
        tokens = tokens[:-1]
    return " ".join(t.text for t in tokens) or None


def _context_before(doc: Doc, ts: int) -> tuple[str | None, str | None]:
    """A title said just before a name, and the country said before the title.

    "Kazakh President Tokayev", "Kazakhstan's President Tokayev", "British
    Defence Secretary Tom King", "the country's foreign minister Lavrov".
    """
    i = ts - 1
    role_tokens: list[Token] = []
    while i >= 0 and doc[i].ent_type_ in ("", "ORG", "NORP", "GPE") and not doc[i].is_sent_end:
        tok = doc[i]
        word = fold(tok.text)
        if _is_role_word(tok) or (role_tokens and tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ")
                                  and not countries.lookup(tok.text) and tok.ent_type_ == ""):
            role_tokens.insert(0, tok)
        elif role_tokens and (word in _ROLE_CONNECTORS or word in _LOWERCASE_ROLE_MODIFIERS or tok.text == "-"):
            role_tokens.insert(0, tok)
        else:
            break
        i -= 1
    while role_tokens and (role_tokens[0].lower_ in _ROLE_CONNECTORS or role_tokens[0].text == "-"):
        role_tokens = role_tokens[1:]
    if not role_tokens or fold(role_tokens[-1].text) not in _role_heads():
        return None, _national_before(doc, ts)
    role = " ".join(t.text for t in role_tokens if t.lower_ not in _LOWERCASE_ROLE_MODIFIERS).replace(" - ", "-")
    return role or None, _national_before(doc, role_tokens[0].i)


def _national_before(doc: Doc, ts: int) -> str | None:
    """The country named just before position ``ts``: a demonym ("Kazakh") or a possessive ("Kazakhstan's")."""
    i = ts - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 0 and doc[i].text in _POSSESSIVE:
        found = _country_ending_at(doc, i)
        return found.iso3 if found is not None and found.form in ("name", "capital", "seat") else None
    found = _country_ending_at(doc, i + 1)
    return found.iso3 if found is not None and found.form == "demonym" else None


def _country_ending_at(doc: Doc, end: int, longest: int = 3):
    for n in range(min(longest, end), 0, -1):
        text = doc[end - n:end].text
        if text[:1].isupper() and (len(text) > 3 or text.isupper()):
            found = countries.lookup(text)
            if found is not None:
                return found
    return None


def _country_after(doc: Doc, te: int, kind: str) -> str | None:
    """'King Hassan of Morocco', 'President Tokayev of Kazakhstan': the country said right after."""
    if kind != "person" or te + 1 >= len(doc) or doc[te].lower_ != "of":
        return None
    for n in (3, 2, 1):
        text = doc[te + 1:te + 1 + n].text
        if text[:1].isupper() and (found := countries.lookup(text)) is not None and found.form == "name":
            return found.iso3
    return None


def _classify(doc: Doc, ts: int, te: int, label: str, role: str | None) -> _Candidate | None:
    """What the rest of an entity names, whatever the model's label says."""
    text = _span_text(doc, ts, te)
    if text in _not_actors() or doc[ts:te].text.strip() in _not_actors():
        return None
    entry = _gazetteer_entry(text)
    if isinstance(entry, OrgEntry):
        return _org_candidate(doc, ts, te, entry, label)
    if entry is not None:
        return _place_candidate(doc, ts, te, entry, label)
    if _adjectival(doc, ts, te, label) or _in_compound_word(doc, te) or _shouted(doc, ts, te):
        return None  # "Central Asian countries", "Turkic-speaking", "AUTHOR'S BIO": not an actor
    if label == "ORG" and _only_institution_words(text):
        return None  # "Defense", "Digital Development": words of a name, not a name
    cand = _make(doc, ts, te, _LABEL_KIND[label], label)
    if cand is None:
        return None
    cand.role = role
    head_kind = _head_kind(cand.words)
    if head_kind is not None:
        cand.kind = head_kind
    elif label == "PERSON" and doc[te - 1].tag_ == "NNPS":
        cand.kind = "other"  # "Mongols", "Observers"
    elif label == "PERSON" and not _person_shaped(doc, ts, te):
        cand.kind = "other"
    elif role and cand.kind != "person" and _person_shaped(doc, ts, te):
        cand.kind = "person"
    if cand.kind == "organization" and not role:
        cand.country = _country_inside(cand.words)
    if cand.kind == "location" and len(cand.words) > 1 and fold(cand.words[0]) in _COMPASS:
        region_of = countries.lookup(" ".join(cand.words[1:]))
        if region_of is not None and region_of.form == "name":
            cand.country = region_of.iso3  # "Western Cambodia", "South Lebanon": a part of the country
    return cand


def _adjectival(doc: Doc, ts: int, te: int, label: str) -> bool:
    if label == "PERSON":
        return False
    tokens = [t for t in doc[ts:te] if not t.is_punct]
    if not tokens:
        return True
    last = tokens[-1]
    if last.pos_ == "ADJ" and last.dep_ in ("amod", "compound"):
        return True
    return (last.dep_ in ("amod", "compound") and last.head.pos_ == "NOUN" and last.head.text.islower()
            and fold(last.text).endswith(_ADJECTIVAL_ENDINGS) and not last.text.isupper())


def _in_compound_word(doc: Doc, te: int) -> bool:
    """'Turkic-speaking', 'Kremlin-backed': the name is the first half of a hyphenated adjective."""
    return te + 1 < len(doc) and doc[te].text == "-" and doc[te + 1].text[:1].islower()


def _shouted(doc: Doc, ts: int, te: int) -> bool:
    """A capitalised word among other capitalised words is a heading, not a name."""
    if te - ts != 1 or not doc[ts].text.isupper():
        return False
    return any(n is not None and n.text.isupper() and sum(ch.isalpha() for ch in n.text) >= 2
               for n in (_word_near(doc, ts, -1), _word_near(doc, ts, 1)))


def _only_institution_words(text: str) -> bool:
    words = [fold(w) for w in text.replace("-", " ").split() if fold(w) not in _FUNCTION_WORDS]
    head = _head_word(text.split())
    return (bool(words) and not text.isupper() and fold(head or "") not in _name_heads()
            and all(w in _sectors() or w.rstrip("s") in _sectors() for w in words))


def _head_word(words: list[str]) -> str | None:
    """The head of a name: the word before "of"/"for"/"on" that says what it is.

    "Organization of Turkic States" -> Organization; "Heads of State Summit of
    the Council" -> Summit (the longest such stretch ending in a known head);
    "Turkic Green Finance Council" -> Council.
    """
    if not words:
        return None
    ends = [i for i, word in enumerate(words) if i > 0 and word in _NAME_CUTS] + [len(words)]
    known = [words[i - 1] for i in ends if fold(words[i - 1]) in _name_heads()]
    return known[-1] if known else words[ends[0] - 1]


def _head_kind(words: list[str]) -> str | None:
    head = _head_word(words)
    return _name_heads().get(fold(head)) if head else None


def _country_inside(words: list[str]) -> str | None:
    """A country named inside an organisation's name ("Kenya Anti-Corruption Commission")."""
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            text = " ".join(words[i:i + n])
            if text[:1].isupper() and (len(text) > 3 or text.isupper()):
                found = countries.lookup(text)
                if found is not None and found.form in ("name", "demonym", "capital"):
                    return found.iso3
    return None


def _person_shaped(doc: Doc, ts: int, te: int) -> bool:
    return _person_shaped_words(doc[ts:te].text.split())


def _person_shaped_words(words: list[str]) -> bool:
    """Whether words can be a personal name: a few capitalised words, none a place, body or title."""
    words = [w for w in words if w not in ("-",)]
    if not 1 <= len(words) <= 5:
        return False
    for word in words:
        bare = word.strip(".,'’")
        if not bare or any(ch.isdigit() for ch in bare):
            return False
        if fold(bare) in PARTICLES or fold(bare).startswith(("al-", "el-")):
            continue
        if not bare[:1].isupper() or (bare.isupper() and len(bare) > 1 and "." not in bare):
            return False
        if fold(bare) in _name_heads():
            return False
    first = _titles().get(fold(words[0]))
    if len(words) > 1 and first is not None and not first.weak:
        return False  # "President Tokayev" is a title and a name, not a name
    if len(words) == 1:
        return countries.lookup(words[0]) is None and organization(words[0]) is None and (
            fold(words[0]) not in _role_words())
    return True


def _acts(doc: Doc, ts: int, te: int) -> bool:
    """Whether a capital speaks for its government here: it acts, it is not just where things happen."""
    tok = doc[ts:te].root
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass", "agent", "poss", "csubj"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in _ACTING_PREPOSITIONS


def _bare_acronyms(doc: Doc, taken: set[int]) -> list[_Candidate]:
    """Acronyms the model left untagged ("an alliance with MHP"): organisations, unless common abbreviations."""
    defined = set(_acronym_definitions(nlp.doc_text(doc)))
    out = []
    for tok in doc:
        text = tok.text
        if tok.i in taken or not (2 <= len(text) <= 8) or not text.isupper() or not text[:1].isalpha():
            continue
        letters = sum(ch.isalpha() for ch in text)
        if text in _not_actors() or (letters < 3 and text not in defined) or countries.lookup(text):
            continue
        if _shouted(doc, tok.i, tok.i + 1):
            continue
        if tok.pos_ not in ("PROPN", "NOUN"):
            continue
        cand = _make(doc, tok.i, tok.i + 1, "organization", "ACRONYM")
        if cand is not None:
            out.append(cand)
    return out


def _word_near(doc: Doc, i: int, step: int) -> Token | None:
    """The nearest word before or after token ``i``, skipping punctuation and possessives."""
    i += step
    while 0 <= i < len(doc) and (doc[i].is_punct or doc[i].is_space or doc[i].text.upper() in ("'S", "’S")):
        i += step
    return doc[i] if 0 <= i < len(doc) else None


# ---------------------------------------------------------------- persons


def _settle_persons(doc: Doc, cands: list[_Candidate]) -> None:
    """Names sharing a surname with a person are that person, whatever the model labelled them.

    A surname cluster is a person's when one of its names was labelled PERSON
    or carries a title; failing that, when two weaker signs agree: a Slavic or
    Turkic surname ending, coordination with a person ("Erdogan and
    Nazarbayev"), or being the subject of a verb of saying.
    """
    clusters: dict[str, list[_Candidate]] = defaultdict(list)
    for cand in cands:
        if not cand.fixed and not cand.description and _person_shaped_words(cand.words):
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


def _unify_kinds(cands: list[_Candidate]) -> None:
    """One name, one kind in a document: the model's labels for "Crimea" or "South Caucasus" vary by sentence."""
    groups: dict[str, list[_Candidate]] = defaultdict(list)
    for cand in cands:
        if not cand.fixed and cand.kind in ("organization", "location", "other"):
            groups[fold(cand.surface)].append(cand)
    order = {"location": 0, "organization": 1, "other": 2}
    for group in groups.values():
        counts = Counter(c.kind for c in group)
        kind = min(counts, key=lambda k: (-counts[k], order[k]))
        for cand in group:
            cand.kind = kind


def _coordinated_with(doc: Doc, cand: _Candidate, cands: list[_Candidate], persons: set[int]) -> bool:
    root = doc[cand.ts:cand.te].root
    partners = {root.head.i} if root.dep_ in ("conj", "appos") else set()
    partners |= {t.i for t in root.children if t.dep_ in ("conj", "appos")}
    return any(id(c) in persons and any(c.ts <= p < c.te for p in partners) for c in cands)


def _speaks(doc: Doc, cand: _Candidate) -> bool:
    root = doc[cand.ts:cand.te].root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in _SPEECH_VERBS


# ---------------------------------------------------------------- resolution


def _resolve(doc: Doc, cands: list[_Candidate]) -> None:
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


def _aliases(doc: Doc, cands: list[_Candidate]) -> dict[str, str]:
    """Short forms bound to long forms: acronyms defined in parentheses, either way round,
    names given in parentheses ("Justice and Development Party (AK Party)"), and acronyms
    whose letters are the initials of exactly one organisation in the text."""
    text = nlp.doc_text(doc)
    aliases = dict(_acronym_definitions(text))
    orgs = [c for c in cands if c.kind == "organization"]
    for first, second in zip(orgs, orgs[1:]):
        between = text[first.end:second.start]
        after = text[second.end:second.end + 3]
        if re.fullmatch(r"\s*\(\s*", between) and after.lstrip().startswith(")"):
            short, long_ = (second, first) if len(second.surface) < len(first.surface) else (first, second)
            aliases.setdefault(short.surface, long_.canonical or long_.surface)
    long_forms = {c.canonical or c.surface for c in orgs if len(c.words) >= 2}
    for cand in orgs:
        if cand.surface.isupper() and cand.surface not in aliases and organization(cand.surface) is None:
            matches = {name for name in long_forms if _initials(name) == cand.surface.replace("&", "")}
            if len(matches) == 1:
                aliases[cand.surface] = matches.pop()
    return aliases


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


_ACRONYM_DEF = re.compile(
    r"((?:[A-Z][\w'’&-]*\s+)(?:(?:of|for|and|the|on|in|&)\s+|[A-Z][\w'’&-]*\s+){1,10})\(([A-Z][A-Za-z&]{1,9})\)")
_ACRONYM_FIRST = re.compile(r"\b([A-Z][A-Z&]{1,9})\s+\(((?:[A-Z][\w'’&-]*)(?:\s+(?:of|for|and|the|on|in|&|[A-Z][\w'’&-]*)){1,10})\)")


def _acronym_definitions(text: str) -> dict[str, str]:
    """'Organization of Turkic States (OTS)' and 'OTS (Organization of Turkic States)' -> {'OTS': long form}.

    The long form is trimmed from the left until its capitalised words' initials
    spell the acronym, so a preceding sentence start is not taken along.
    """
    found: dict[str, str] = {}
    for m in _ACRONYM_DEF.finditer(text):
        words, acronym = m.group(1).split(), m.group(2)
        for i in range(len(words)):
            if _initials(" ".join(words[i:])).upper() == acronym.upper().replace("&", ""):
                while words[i][:1].islower():  # "... and the Collective Security Treaty Organization"
                    i += 1
                found.setdefault(acronym, " ".join(words[i:]))
                break
    for m in _ACRONYM_FIRST.finditer(text):
        acronym, long_form = m.group(1), m.group(2)
        if _initials(long_form).upper() == acronym.replace("&", ""):
            found.setdefault(acronym, long_form)
    return found


def _resolve_organization(cand: _Candidate, aliases: dict[str, str]) -> None:
    defined = aliases.get(cand.surface)
    if cand.canonical and defined and (organization(defined) is None or organization(defined).name != cand.canonical):
        cand.canonical, cand.agent_type = None, None  # the document defines this acronym its own way
    name = cand.canonical or defined or cand.surface
    entry = organization(name) if not cand.fixed else None
    if entry is not None and not cand.country:
        cand.canonical, cand.agent_type, cand.sector = entry.name, entry.agent_type, cand.sector or entry.sector
        cand.country = entry.country
        name = entry.name
    if not cand.fixed and _generic_institution(name) and cand.country:
        name = f"{name} ({countries.display_name(cand.country)})"  # one country's ministry, not every ministry
    cand.canonical = name
    cand.key = name_key("organization", name)


def _generic_institution(name: str) -> bool:
    """'Ministry of Foreign Affairs', 'Supreme Court': names every state's body bears.

    Every word is an institution word and the head is a body of the state, so
    "Justice and Development Party" (a party) stays a name of its own.
    """
    words = [fold(w) for w in name.replace("-", " ").split() if fold(w) not in _FUNCTION_WORDS]
    head = fold(_head_word(name.split()) or "")
    return (bool(words) and all(w in _sectors() or w.rstrip("s") in _sectors() for w in words)
            and _sectors().get(head, _sectors().get(head.rstrip("s"))) in _STATE_SECTORS)


def _resolve_people(persons: list[_Candidate]) -> None:
    """A surname joins the full name it ends; full names with agreeing given names are one person."""
    by_surname: dict[str, list[_Candidate]] = defaultdict(list)
    for cand in persons:
        by_surname[skeleton(cand.words[-1])].append(cand)
    for group in by_surname.values():
        people: list[list[_Candidate]] = []  # each: the full-name mentions of one person
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


def _nearest_person(cand: _Candidate, people: list[list[_Candidate]]) -> str | None:
    """The person a lone surname means: the only one, else the one named last before it, else next after."""
    if not people:
        return None
    if len(people) == 1:
        return people[0][0].canonical
    before = [(c.start, p[0].canonical) for p in people for c in p if c.start < cand.start]
    if before:
        return max(before)[1]
    return min((c.start, p[0].canonical) for p in people for c in p)[1]


def _descriptions(doc: Doc, cands: list[_Candidate]) -> list[_Candidate]:
    """'the organization', 'the Council', 'the Ministry': the nearest earlier organisation with that head."""
    orgs = sorted((c for c in cands if c.kind == "organization"), key=lambda c: c.start)
    if not orgs:
        return []
    heads = [(c.start, _head_key(_head_word((c.canonical or c.surface).split()) or ""), c) for c in orgs]
    covered = {i for c in cands for i in range(c.ts, c.te)}
    for cand in cands:  # "the Council" tagged as a name of its own
        if (cand.kind == "organization" and not cand.fixed and len(cand.words) == 1 and cand.ts > 0
                and doc[cand.ts - 1].lower_ == "the" and _name_heads().get(fold(cand.surface)) == "organization"):
            earlier = [c for start, head, c in heads if head == _head_key(cand.surface) and start < cand.start
                       and c is not cand]
            if earlier:
                target = earlier[-1]
                cand.key, cand.canonical, cand.country = target.key, target.canonical, target.country
                cand.agent_type, cand.sector, cand.description = target.agent_type, target.sector, True
    out = []
    for tok in doc:
        if tok.i in covered or tok.i == 0 or doc[tok.i - 1].lower_ != "the" or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (nxt.lower_ == "of" or (nxt.text[:1].isupper() and nxt.pos_ == "PROPN")
                                or nxt.pos_ in ("NOUN", "PROPN")):
            continue  # "the Council of Europe", "the Council Chairman": not a bare reference
        key = _head_key(tok.text)
        if _name_heads().get(fold(tok.text)) != "organization":
            continue  # "the world", "the region": not a reference to a named body
        earlier = [c for start, head, c in heads if head == key and start < tok.idx]
        if not earlier or tok.tag_ in ("NNS", "NNPS"):
            continue
        target = earlier[-1]
        cand = _Candidate(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok.text), tok.text, "organization", "COREF",
                          country=target.country, canonical=target.canonical, agent_type=target.agent_type,
                          sector=target.sector, description=True, key=target.key)
        out.append(cand)
    return out


def _head_key(word: str) -> str:
    return fold(word).replace("organis", "organiz")


# ---------------------------------------------------------------- sector


def _sector(doc: Doc, cand: _Candidate) -> str | None:
    """The PLOVER sector this mention is given: by its title, its own name, or the noun it modifies."""
    if cand.role:
        title = _titles().get(fold(cand.role)) or _titles().get(fold(cand.role.split()[-1]))
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
        for text in (" ".join(words[i:i + 2]), word, word.rstrip("s")):
            sector = _sectors().get(text)
            if sector and sector != "-":
                found.append(sector)
                break
    specific = [s for s in found if s != "GOV"]
    return specific[0] if specific else (found[0] if found else None)


def _context_sector(doc: Doc, cand: _Candidate) -> str | None:
    """'Sudanese government', "Sudan's government", 'government of Sudan', 'Afghan rebel leaders'."""
    root = doc[cand.ts:cand.te].root
    head = None
    if root.dep_ in ("amod", "compound", "poss", "nmod", "nn") and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
    elif root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        head = root.head.head
    if head is None or head.i in range(cand.ts, cand.te):
        return None
    modifiers = [t for t in head.children
                 if t.dep_ in ("compound", "amod") and t.i < head.i and not cand.ts <= t.i < cand.te]
    words = [fold(t.lemma_) for t in sorted(modifiers, key=lambda t: t.i)] + [fold(head.lemma_)]
    specific = _sector_in_words(words[:-1])
    if specific:
        return specific
    return _sector_in_words([" ".join(words[-2:])] if len(words) > 1 else []) or _sector_in_words(words[-1:])


# ---------------------------------------------------------------- records


def _records(cands: list[_Candidate]) -> tuple[list[Actor], list[Mention]]:
    actors: dict[str, Actor] = {}
    affiliations: dict[str, Counter] = defaultdict(Counter)
    mentions = []
    for cand in cands:
        actor = actors.get(cand.key)
        if actor is None:
            actor = actors[cand.key] = Actor(cand.key, cand.canonical, cand.kind, None, agent_type=cand.agent_type)
        if cand.kind == "country":
            actor.country_code = cand.iso3
        elif cand.country and not (cand.agent_type and cand.fixed):
            affiliations[cand.key][cand.country] += 1
        if not cand.description and cand.surface not in actor.aliases:
            actor.aliases.append(cand.surface)
        mentions.append(Mention(cand.key, cand.surface, cand.start, cand.end, cand.label, cand.role, cand.sector))
    for key, counts in affiliations.items():
        if actors[key].country_code is None and actors[key].agent_type is None:
            actors[key].country_code = counts.most_common(1)[0][0]
    for cand in cands:  # a national body from a gazetteer (an agency, a party) names its country itself
        if cand.fixed and cand.agent_type is None and cand.country and actors[cand.key].country_code is None:
            actors[cand.key].country_code = cand.country
    return list(actors.values()), mentions


# ---------------------------------------------------------------- event roles


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
    trailing = complement is not None and root.lemma_.lower() in _REPORTING_VERBS and (
        subject is None or subject.i > root.i or complement.i < root.i)
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
    resolved = [(m, "target" if side == "place" else side) for m, side in resolved]  # PLOVER: the place acted on
    if not any(side == "target" for _, side in resolved):
        # An event with no stated target: the other actors of the event's clauses are its targets
        # ("... unless Israel rescinded the annexation"), but not whoever reports it.
        reported = set(t.i for t in complement.subtree) if trailing else None
        resolved = [(m, "target" if side == "participant" and m.actor_key not in sources
                     and _in_event(doc, m, reported) else side) for m, side in resolved]
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
            if (child.dep_ in ("advcl", "xcomp") and child.i not in chain and child.pos_ in ("VERB", "AUX")
                    and not any(c.dep_ == "mark" and c.lower_ != "to" for c in child.children)):
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
        todo.extend(c for c in tok.children if c.dep_ in ("xcomp", "conj", "acomp") and c.pos_ in ("VERB", "AUX", "ADJ"))
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
        if (head.pos_ in ("VERB", "AUX") or head.i in chain) and head.i not in chain and head.dep_ in ("acl", "amod"):
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
        if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN") and marker is None:
            if head.lower_ == "against":
                marker = "target"
            elif head.lower_ in _PLACE_PREPOSITIONS:
                marker = "place"
        token = head
    return "participant"
