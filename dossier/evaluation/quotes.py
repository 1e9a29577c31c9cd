"""Scoring quotations (FORMAT §5): spans, terms reported as quotations, speakers."""

from __future__ import annotations

from core.predictions import PredQuote
from dossier.evaluation.helpers import f1, ratio
from dossier.evaluation.matching import matches_key, text_key

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


def score_quotes(gold_entries: list[dict], preds: list[PredQuote], aliases: dict) -> dict:
    gold_keys = [(text_key(g.get("text")), g.get("kind", "quote")) for g in gold_entries]
    first_pred: dict[int, PredQuote] = {}  # gold index -> first prediction assigned to it
    tp = fp = terms_as_quotes = ignored_optional = ignored_term = 0
    false_positives: list[dict] = []
    merged = _merge_quotes(preds)
    for p in merged:
        index = _assign_quote(text_key(p.text), gold_keys)
        if index is None:
            fp += 1
            false_positives.append(
                {"text": p.text, "speaker": p.speaker, "is_term": p.is_term, "reason": "no gold entry"}
            )
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
                {
                    "text": p.text,
                    "speaker": p.speaker,
                    "is_term": p.is_term,
                    "reason": "term reported with a speaker",
                    "gold": gold_entries[index].get("text"),
                }
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
            wrong_speakers.append(
                {"text": gold.get("text"), "gold": gold.get("speaker"), "predicted": first_pred[i].speaker}
            )
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
    precision = ratio(tp, tp + fp)
    recall = ratio(matched, entries)
    return {
        "quote_entries": entries,
        "matched": matched,
        "recall": recall,
        "tp": tp,
        "fp": fp,
        "precision": precision,
        "f1": f1(precision, recall),
        "speaker_correct": speaker_correct,
        "speaker_accuracy": ratio(speaker_correct, matched),
        "attributed_recall": ratio(speaker_correct, entries),
    }


def sum_quotes(per_file: dict[str, dict]) -> dict:
    def total(key: str) -> int:
        return sum(s[key] for s in per_file.values())

    stats = _quote_scores(
        total("quote_entries"), total("matched"), total("tp"), total("fp"), total("speaker_correct")
    )
    for key in ("predictions", "terms_as_quotes", "ignored_optional", "ignored_term"):
        stats[key] = total(key)
    return stats
