"""Scoring against a gold file, exactly as ../shared/gold/FORMAT.md defines it.

Pure functions only: the gold arrives as the parsed JSON dict and the pipeline's
output as plain ``Predictions``, so the rules can be tested with hand-written
examples and reused on predictions that never touched the warehouse (the CLI
reads the warehouse through ``warehouse.eval_inputs``).

Section numbers in the docstrings (§2, §3, ...) refer to FORMAT.md.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

# --------------------------------------------------------------------------
# §2 Normalisation
# --------------------------------------------------------------------------

_CHAR_MAP = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u201f": '"',  # double high-reversed-9 quotation mark
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
    }
)
_WHITESPACE = re.compile(r"\s+")


def fold(s: str | None) -> str:
    """Compare text the way a reader does: no case, no diacritics, no typography.

    The steps and their order are FORMAT §2's; NFKC comes first so ligatures are
    split before case folding, and NFKD comes after the letter map so ``ı`` (which
    has no decomposition) is handled explicitly.
    """
    return _fold(s) if s else ""


@lru_cache(maxsize=1 << 16)
def _fold(s: str) -> str:
    """Cached: matching folds the same names and aliases thousands of times."""
    s = unicodedata.normalize("NFKC", s).casefold().translate(_CHAR_MAP)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return _WHITESPACE.sub(" ", s).strip()


def text_key(s: str | None) -> str:
    """Letters and digits only, so line breaks, hyphenation and quote style never matter."""
    return "".join(c for c in fold(s) if c.isalnum())


def name_norm(s: str | None) -> str:
    """Fold a name and drop a leading article: "The OTS" names the same thing as "OTS"."""
    s = fold(s)
    return s[4:] if s.startswith("the ") else s


# --------------------------------------------------------------------------
# §3 Alias matching
# --------------------------------------------------------------------------


def _occurs_as_word(needle: str, hay: str) -> bool:
    """Whole-word occurrence, so short acronyms ('us', 'sco') don't match inside words."""
    start = hay.find(needle)
    while start >= 0:
        end = start + len(needle)
        left_ok = start == 0 or not hay[start - 1].isalnum()
        right_ok = end == len(hay) or not hay[end].isalnum()
        if left_ok and right_ok:
            return True
        start = hay.find(needle, start + 1)
    return False


def alias_matches(predicted: str | None, alias: str) -> bool:
    """One predicted name against one alias (§3): containment either way, guarded.

    Short aliases must stand as whole words; a short prediction may not match by
    being inside a long alias, otherwise 'the' or 'us' would match almost anything.
    """
    p = name_norm(predicted)
    a = fold(alias)
    if not p or not a:
        return False
    if len(a) <= 3:
        if _occurs_as_word(a, p):
            return True
    elif a in p:
        return True
    return len(p) >= 4 and p in a


def matches_any_alias(predicted: str | None, aliases: Iterable[str]) -> bool:
    """True when ``predicted`` matches at least one alias of the list."""
    return any(alias_matches(predicted, a) for a in aliases)


def matches_key(predicted: str | None, key: str, aliases: dict[str, list[str]]) -> bool:
    """Does a predicted name denote the gold alias key ``key``?"""
    return matches_any_alias(predicted, aliases.get(key, []))


# --------------------------------------------------------------------------
# §6 Date rule (shared by documents and events)
# --------------------------------------------------------------------------


def date_matches(predicted: str | None, gold: str | None) -> bool:
    """At least as precise as the gold and equal at the gold's precision.

    Works on ISO strings only: a decade rendered as its 3-digit prefix ("199")
    is shorter than any year, so it can never be credited for one.
    """
    if not predicted or not gold:
        return False
    return len(predicted) >= len(gold) and predicted[: len(gold)] == gold


def _year_matches(predicted: str | None, gold: str | None) -> bool:
    """The same rule with both dates cut to the year (recall at year precision)."""
    if not predicted or not gold:
        return False
    return date_matches(predicted[:4], gold[:4])


# --------------------------------------------------------------------------
# Predictions
# --------------------------------------------------------------------------


@dataclass
class PredItem:
    """One extracted article (a row of ``documents``); dates are ISO strings at their precision."""

    file: str
    author: str | None = None
    body: str | None = None
    category: str | None = None
    published: str | None = None
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    received: str | None = None
    accepted: str | None = None
    abstract: str | None = None


@dataclass
class PredQuote:
    """One reported quoted span; ``is_term`` when the pipeline itself calls it a term."""

    file: str
    text: str
    speaker: str | None = None
    is_term: bool = False


@dataclass
class PredEvent:
    """One reported event: ISO date at the precision found, actor names as reported."""

    file: str
    date: str | None
    actors: list[str] = field(default_factory=list)


@dataclass
class PredActor:
    """One actor the pipeline reports for a file."""

    file: str
    name: str
    kind: str | None = None


@dataclass
class Predictions:
    """Everything the pipeline reports, in its own order (order decides 'the first one')."""

    items: list[PredItem] = field(default_factory=list)
    quotes: list[PredQuote] = field(default_factory=list)
    events: list[PredEvent] = field(default_factory=list)
    actors: list[PredActor] = field(default_factory=list)


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def _ratio(num: int, den: int) -> float | None:
    """None rather than 0 when there is nothing to score, so 'no data' reads as '-'."""
    return num / den if den else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _annotated_files(gold: dict) -> list[str]:
    """Every file the gold speaks about, in the order it first names them."""
    files: list[str] = []

    def add(name: str | None) -> None:
        if name and name not in files:
            files.append(name)

    for doc in gold.get("documents") or []:
        add(doc.get("file"))
    for name in gold.get("actors") or {}:
        add(name)
    for section in ("quotes", "events"):
        for entry in gold.get(section) or []:
            add(entry.get("file"))
    return files


def _default_file(gold: dict) -> str | None:
    """The file of entries that leave ``file`` out (allowed only for single-document gold)."""
    docs = [d.get("file") for d in gold.get("documents") or [] if d.get("file")]
    if len(docs) == 1:
        return docs[0]
    names = set(docs) | set(gold.get("actors") or {})
    return next(iter(names)) if len(names) == 1 else None


def _entries_by_file(gold: dict, section: str, files: list[str]) -> dict[str, list[dict]]:
    """Gold entries of ``section`` grouped per file, keeping gold order."""
    default = _default_file(gold)
    grouped: dict[str, list[dict]] = {f: [] for f in files}
    for entry in gold.get(section) or []:
        name = entry.get("file") or default
        if name is None:
            raise ValueError(f"a gold {section} entry has no 'file' and the gold covers several documents")
        grouped.setdefault(name, []).append(entry)
    return grouped


def _by_file(preds: Iterable[Any], files: list[str]) -> dict[str, list[Any]]:
    """Predictions grouped per annotated file; the others are dropped (FORMAT §8)."""
    grouped: dict[str, list[Any]] = {f: [] for f in files}
    for p in preds:
        if p.file in grouped:
            grouped[p.file].append(p)
    return grouped


# --------------------------------------------------------------------------
# §4 documents
# --------------------------------------------------------------------------

_ITEM_FIELDS = ("category", "published", "title", "journal", "volume", "issue", "pages", "received", "accepted")


def _authors_match(gold: str | None, pred: str | None) -> bool:
    """Either byline may contain the other ('Du Donghui' vs 'Du Donghui, Ed.')."""
    g, p = fold(gold), fold(pred)
    if not g:
        return True  # the gold states no author: nothing to check
    return bool(p) and (g in p or p in g)


def _body_matches(gold_item: dict, pred: PredItem) -> bool:
    """The extracted body (or abstract) starts with the gold's opening words."""
    openings = [text_key(gold_item.get(k)) for k in ("starts_with", "abstract_starts_with")]
    openings = [o for o in openings if o]
    texts = [text_key(pred.body), text_key(pred.abstract)]
    return any(t.startswith(o) for t in texts if t for o in openings)


def _field_correct(name: str, gold_value: Any, pred_value: Any) -> bool:
    """Per-field equality as FORMAT §4 lists it."""
    if pred_value is None:
        return False
    if name in ("published", "received", "accepted"):
        return date_matches(str(pred_value), str(gold_value))
    if name in ("volume", "issue"):
        return str(pred_value) == str(gold_value)
    return fold(str(pred_value)) == fold(str(gold_value))


def _new_field_counts() -> dict[str, dict[str, Any]]:
    return {f: {"correct": 0, "judged": 0, "accuracy": None} for f in _ITEM_FIELDS}


def _score_items(gold_items: list[dict], preds: list[PredItem]) -> dict:
    fields = _new_field_counts()
    found = 0
    missed: list[dict] = []
    field_errors: list[dict] = []
    for g in gold_items:
        match = next((p for p in preds if _authors_match(g.get("author"), p.author) and _body_matches(g, p)), None)
        if match is None:
            missed.append({"author": g.get("author"), "starts_with": g.get("starts_with")})
            continue
        found += 1
        for name in _ITEM_FIELDS:
            gold_value = g.get(name)
            if gold_value is None:
                continue
            pred_value = getattr(match, name)
            fields[name]["judged"] += 1
            if _field_correct(name, gold_value, pred_value):
                fields[name]["correct"] += 1
            else:
                field_errors.append({"author": g.get("author"), "field": name, "gold": gold_value, "predicted": pred_value})
    for counts in fields.values():
        counts["accuracy"] = _ratio(counts["correct"], counts["judged"])
    return {
        "gold_items": len(gold_items),
        "predicted_items": len(preds),
        "found": found,
        "recall": _ratio(found, len(gold_items)),
        "fields": fields,
        "missed": missed,
        "field_errors": field_errors,
    }


def _sum_items(per_file: dict[str, dict]) -> dict:
    fields = _new_field_counts()
    for stats in per_file.values():
        for name, counts in stats["fields"].items():
            fields[name]["correct"] += counts["correct"]
            fields[name]["judged"] += counts["judged"]
    for counts in fields.values():
        counts["accuracy"] = _ratio(counts["correct"], counts["judged"])
    gold = sum(s["gold_items"] for s in per_file.values())
    found = sum(s["found"] for s in per_file.values())
    return {
        "gold_items": gold,
        "predicted_items": sum(s["predicted_items"] for s in per_file.values()),
        "found": found,
        "recall": _ratio(found, gold),
        "fields": fields,
    }


# --------------------------------------------------------------------------
# §5 quotes
# --------------------------------------------------------------------------

_KIND_RANK = {"quote": 0, "optional": 1, "term": 2}


def _merge_quotes(preds: list[PredQuote]) -> list[PredQuote]:
    """One prediction per text_key, the first kept: repeats of a span count once."""
    seen: set[str] = set()
    kept = []
    for p in preds:
        key = text_key(p.text)
        if key not in seen:
            seen.add(key)
            kept.append(p)
    return kept


def _assign_quote(pred_key: str, gold_keys: list[tuple[str, str]]) -> int | None:
    """Index of the gold entry a prediction goes to (§5 steps 3-4), or None.

    Best length ratio wins; on a tie the kind order quote > optional > term, then
    gold order. ``gold_keys`` holds (text_key, kind) per gold entry.
    """
    best: tuple[float, int, int] | None = None
    for index, (gold_key, kind) in enumerate(gold_keys):
        shorter, longer = sorted((pred_key, gold_key), key=len)
        if len(shorter) < 4 or len(shorter) < 0.4 * len(longer) or shorter not in longer:
            continue
        rank = (-len(shorter) / len(longer), _KIND_RANK.get(kind, 3), index)
        if best is None or rank < best:
            best = rank
    return None if best is None else best[2]


def _has_speaker(speaker: str | None) -> bool:
    return bool(speaker and speaker.strip())


def _speaker_correct(gold_speaker: str | None, pred_speaker: str | None, aliases: dict) -> bool:
    if gold_speaker is None:
        return not _has_speaker(pred_speaker)
    return matches_key(pred_speaker, gold_speaker, aliases)


def _score_quotes(gold_entries: list[dict], preds: list[PredQuote], aliases: dict) -> dict:
    gold_keys = [(text_key(g.get("text")), g.get("kind", "quote")) for g in gold_entries]
    first_pred: dict[int, PredQuote] = {}  # gold index -> first prediction assigned to it
    tp = fp = terms_as_quotes = ignored_optional = ignored_term = 0
    false_positives: list[dict] = []
    merged = _merge_quotes(preds)
    for p in merged:
        index = _assign_quote(text_key(p.text), gold_keys)
        if index is None:
            fp += 1
            false_positives.append({"text": p.text, "speaker": p.speaker, "is_term": p.is_term, "reason": "no gold entry"})
            continue
        kind = gold_keys[index][1]
        if kind == "quote":
            tp += 1
            first_pred.setdefault(index, p)
        elif kind == "optional":
            ignored_optional += 1
        elif _has_speaker(p.speaker) and not p.is_term:
            fp += 1
            terms_as_quotes += 1
            false_positives.append(
                {"text": p.text, "speaker": p.speaker, "is_term": p.is_term, "reason": "term reported with a speaker",
                 "gold": gold_entries[index].get("text")}
            )
        else:
            ignored_term += 1

    quote_indexes = [i for i, (_, kind) in enumerate(gold_keys) if kind == "quote"]
    missed, wrong_speakers = [], []
    speaker_correct = 0
    for i in quote_indexes:
        gold = gold_entries[i]
        if i not in first_pred:
            missed.append({"text": gold.get("text"), "speaker": gold.get("speaker")})
        elif _speaker_correct(gold.get("speaker"), first_pred[i].speaker, aliases):
            speaker_correct += 1
        else:
            wrong_speakers.append({"text": gold.get("text"), "gold": gold.get("speaker"), "predicted": first_pred[i].speaker})
    stats = _quote_scores(len(quote_indexes), len(first_pred), tp, fp, speaker_correct)
    stats.update(
        predictions=len(merged),
        terms_as_quotes=terms_as_quotes,
        ignored_optional=ignored_optional,
        ignored_term=ignored_term,
        missed=missed,
        false_positives=false_positives,
        wrong_speakers=wrong_speakers,
    )
    return stats


def _quote_scores(entries: int, matched: int, tp: int, fp: int, speaker_correct: int) -> dict:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(matched, entries)
    return {
        "quote_entries": entries,
        "matched": matched,
        "recall": recall,
        "tp": tp,
        "fp": fp,
        "precision": precision,
        "f1": _f1(precision, recall),
        "speaker_correct": speaker_correct,
        "speaker_accuracy": _ratio(speaker_correct, matched),
        "attributed_recall": _ratio(speaker_correct, entries),
    }


def _sum_quotes(per_file: dict[str, dict]) -> dict:
    def total(key: str) -> int:
        return sum(s[key] for s in per_file.values())

    stats = _quote_scores(total("quote_entries"), total("matched"), total("tp"), total("fp"), total("speaker_correct"))
    for key in ("predictions", "terms_as_quotes", "ignored_optional", "ignored_term"):
        stats[key] = total(key)
    return stats


# --------------------------------------------------------------------------
# §6 events
# --------------------------------------------------------------------------


def max_matching(adjacency: list[list[int]], n_right: int) -> dict[int, int]:
    """Maximum one-to-one matching of a bipartite graph (augmenting paths, Kuhn).

    ``adjacency[left]`` lists the right nodes ``left`` may pair with. Returns
    {left: right}. Iterative so a large gold file cannot hit the recursion limit.
    """
    owner: list[int | None] = [None] * n_right  # right -> left
    pair: dict[int, int] = {}  # left -> right
    for root in range(len(adjacency)):
        came_from: dict[int, int] = {}  # right -> left that reached it
        stack = [(root, iter(adjacency[root]))]
        free = None
        while stack and free is None:
            left, options = stack[-1]
            for right in options:
                if right in came_from:
                    continue
                came_from[right] = left
                if owner[right] is None:
                    free = right
                else:
                    stack.append((owner[right], iter(adjacency[owner[right]])))
                break
            else:
                stack.pop()
        right = free
        while right is not None:  # flip the path back to the root
            left = came_from[right]
            previous = pair.get(left)
            owner[right], pair[left] = left, right
            right = None if left == root else previous
    return pair


def _event_matches(pred: PredEvent, gold: dict, aliases: dict, same_date) -> bool:
    if not same_date(pred.date, gold.get("date")):
        return False
    return any(matches_key(name, key, aliases) for name in pred.actors for key in gold.get("actors") or [])


def _score_events(gold_events: list[dict], preds: list[PredEvent], aliases: dict) -> dict:
    strict = [[j for j, p in enumerate(preds) if _event_matches(p, g, aliases, date_matches)] for g in gold_events]
    by_year = [[j for j, p in enumerate(preds) if _event_matches(p, g, aliases, _year_matches)] for g in gold_events]
    useful = {j for options in strict for j in options}
    pairing = max_matching(strict, len(preds))
    year_pairing = max_matching(by_year, len(preds))
    stats = _event_scores(len(gold_events), len(preds), len(useful), len(pairing), len(year_pairing))
    stats["missed"] = [
        {"date": g.get("date"), "actors": g.get("actors"), "cue": g.get("cue")}
        for i, g in enumerate(gold_events)
        if i not in pairing
    ]
    stats["false_positives"] = [
        {"date": p.date, "actors": p.actors} for j, p in enumerate(preds) if j not in useful
    ]
    return stats


def _event_scores(gold: int, predicted: int, predictions_matching: int, matched: int, matched_year: int) -> dict:
    precision = _ratio(predictions_matching, predicted)
    recall = _ratio(matched, gold)
    return {
        "gold_events": gold,
        "predictions": predicted,
        "predictions_matching": predictions_matching,
        "precision": precision,
        "matched": matched,
        "recall": recall,
        "f1": _f1(precision, recall),
        "matched_year": matched_year,
        "recall_year": _ratio(matched_year, gold),
    }


def _sum_events(per_file: dict[str, dict]) -> dict:
    def total(key: str) -> int:
        return sum(s[key] for s in per_file.values())

    return _event_scores(
        total("gold_events"), total("predictions"), total("predictions_matching"), total("matched"), total("matched_year")
    )


# --------------------------------------------------------------------------
# §7 actors
# --------------------------------------------------------------------------


def _required_aliases(entry: dict, aliases: dict) -> list[str]:
    """The alias list a required actor is matched against (§7)."""
    if entry.get("surname"):
        return [entry["surname"]]
    keys = [k for k in (entry.get("code"), entry.get("alias")) if k]
    return [a for k in keys for a in aliases.get(k, [])]


def _distinct_actors(preds: list[PredActor]) -> list[PredActor]:
    """Reported actors once each; the same name under two kinds is two actors."""
    seen: set[tuple[str, str | None]] = set()
    kept = []
    for p in preds:
        key = (fold(p.name), p.kind)
        if key not in seen:
            seen.add(key)
            kept.append(p)
    return kept


def _score_actors(spec: dict, preds: list[PredActor], aliases: dict) -> dict:
    actors = _distinct_actors(preds)
    required = spec.get("required") or []
    missed = [
        r.get("name") for r in required if not any(matches_any_alias(a.name, _required_aliases(r, aliases)) for a in actors)
    ]
    surnames = {}
    for surname in spec.get("one_actor_per_surname") or []:
        names = [a.name for a in actors if matches_any_alias(a.name, [surname])]
        surnames[surname] = {"count": len(names), "ok": len(names) == 1, "actors": names}
    found = len(required) - len(missed)
    return {
        "required": len(required),
        "found": found,
        "recall": _ratio(found, len(required)),
        "reported_actors": len(actors),
        "surnames": surnames,
        "missed": missed,
    }


def _sum_actors(per_file: dict[str, dict]) -> dict:
    required = sum(s["required"] for s in per_file.values())
    found = sum(s["found"] for s in per_file.values())
    checks = [c for s in per_file.values() for c in s["surnames"].values()]
    return {
        "required": required,
        "found": found,
        "recall": _ratio(found, required),
        "reported_actors": sum(s["reported_actors"] for s in per_file.values()),
        "surname_checks": len(checks),
        "surname_checks_passed": sum(1 for c in checks if c["ok"]),
    }


# --------------------------------------------------------------------------
# The whole report
# --------------------------------------------------------------------------


def evaluate(gold: dict, preds: Predictions) -> dict:
    """Score ``preds`` against a parsed gold file; the result is plain JSON-able data.

    Every section has ``per_file`` (with lists of misses and false positives for
    debugging) and ``overall`` (micro-averaged: counts summed over files).
    """
    files = _annotated_files(gold)
    aliases = {k: list(v) for k, v in (gold.get("aliases") or {}).items()}
    gold_items = {f: [] for f in files}
    for doc in gold.get("documents") or []:
        gold_items[doc["file"]].extend(doc.get("items") or [])
    gold_quotes = _entries_by_file(gold, "quotes", files)
    gold_events = _entries_by_file(gold, "events", files)
    gold_actors = gold.get("actors") or {}

    items, quotes = _by_file(preds.items, files), _by_file(preds.quotes, files)
    events, actors = _by_file(preds.events, files), _by_file(preds.actors, files)

    docs = {f: _score_items(gold_items[f], items[f]) for f in files}
    quote_stats = {f: _score_quotes(gold_quotes[f], quotes[f], aliases) for f in files}
    event_stats = {f: _score_events(gold_events[f], events[f], aliases) for f in files}
    actor_stats = {f: _score_actors(gold_actors[f], actors[f], aliases) for f in files if f in gold_actors}

    seen = {p.file for group in (preds.items, preds.quotes, preds.events, preds.actors) for p in group}
    return {
        "files": files,
        "unannotated_files": sorted(seen - set(files)),
        "documents": {"per_file": docs, "overall": _sum_items(docs)},
        "quotes": {"per_file": quote_stats, "overall": _sum_quotes(quote_stats)},
        "events": {"per_file": event_stats, "overall": _sum_events(event_stats)},
        "actors": {"per_file": actor_stats, "overall": _sum_actors(actor_stats)},
    }


# --------------------------------------------------------------------------
# Plain-text rendering
# --------------------------------------------------------------------------


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _frac(num: int, den: int) -> str:
    return "-" if not den else f"{num}/{den}"


def _grid(headers: list[str], rows: list[list[str]], text_columns: tuple[int, ...] = (0,)) -> str:
    """Numbers right-aligned so digits line up; names and notes left-aligned."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        padded = [
            str(c).ljust(w) if i in text_columns else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _rows(section: dict, cells) -> list[list[str]]:
    rows = [[name, *cells(stats)] for name, stats in section["per_file"].items()]
    rows.append(["overall", *cells(section["overall"])])
    return rows


def _documents_table(section: dict) -> str:
    headers = ["file", "found", "recall", *_ITEM_FIELDS]

    def cells(s: dict) -> list[str]:
        fields = [_frac(s["fields"][f]["correct"], s["fields"][f]["judged"]) for f in _ITEM_FIELDS]
        return [_frac(s["found"], s["gold_items"]), _num(s["recall"]), *fields]

    return _grid(headers, _rows(section, cells))


def _quotes_table(section: dict) -> str:
    headers = ["file", "gold", "matched", "recall", "tp", "fp", "precision", "f1", "speaker_acc", "attr_recall", "terms_as_quotes"]

    def cells(s: dict) -> list[str]:
        return [
            str(s["quote_entries"]), str(s["matched"]), _num(s["recall"]), str(s["tp"]), str(s["fp"]),
            _num(s["precision"]), _num(s["f1"]), _num(s["speaker_accuracy"]), _num(s["attributed_recall"]),
            str(s["terms_as_quotes"]),
        ]

    return _grid(headers, _rows(section, cells))


def _events_table(section: dict) -> str:
    headers = ["file", "gold", "predicted", "pred_ok", "precision", "matched", "recall", "f1", "recall@year"]

    def cells(s: dict) -> list[str]:
        return [
            str(s["gold_events"]), str(s["predictions"]), str(s["predictions_matching"]), _num(s["precision"]),
            str(s["matched"]), _num(s["recall"]), _num(s["f1"]), _num(s["recall_year"]),
        ]

    return _grid(headers, _rows(section, cells))


def _actors_table(section: dict) -> str:
    headers = ["file", "required", "found", "recall", "one_actor_per_surname"]

    def surnames(s: dict) -> str:
        if "surnames" in s:
            checks = s["surnames"]
            return " ".join(f"{n}={c['count']}{'' if c['ok'] else '!'}" for n, c in checks.items()) or "-"
        return _frac(s["surname_checks_passed"], s["surname_checks"]) + " ok" if s["surname_checks"] else "-"

    def cells(s: dict) -> list[str]:
        return [str(s["required"]), str(s["found"]), _num(s["recall"]), surnames(s)]

    return _grid(headers, _rows(section, cells), text_columns=(0, 4))


def _debug_lines(report: dict) -> list[str]:
    """The misses and false positives, one per line, for the developer chasing them."""
    lines = []
    for section, keys in (
        ("documents", ("missed", "field_errors")),
        ("quotes", ("missed", "false_positives", "wrong_speakers")),
        ("events", ("missed", "false_positives")),
        ("actors", ("missed",)),
    ):
        for name, stats in report[section]["per_file"].items():
            for key in keys:
                for entry in stats.get(key) or []:
                    lines.append(f"{section} {name} {key}: {json.dumps(entry, ensure_ascii=False)}")
    return lines


def render_table(report: dict, verbose: bool = False) -> str:
    """The report as plain text: one table per gold section, a row per file plus overall.

    ``verbose`` appends every miss and false positive; the counts alone fit a
    terminal, the lists do not.
    """
    parts = [
        "DOCUMENTS (items found; field columns: correct/judged on found items)",
        _documents_table(report["documents"]),
        "",
        "QUOTES",
        _quotes_table(report["quotes"]),
        "",
        "EVENTS (pred_ok: predictions matching some gold event; recall: one-to-one matching)",
        _events_table(report["events"]),
        "",
        "ACTORS (one_actor_per_surname: distinct actors per surname, '!' when not exactly 1)",
        _actors_table(report["actors"]),
    ]
    if report.get("unannotated_files"):
        parts += ["", "ignored (not in the gold): " + ", ".join(report["unannotated_files"])]
    if verbose:
        parts += ["", "DETAILS", *_debug_lines(report)]
    return "\n".join(parts) + "\n"
