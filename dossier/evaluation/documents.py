"""Scoring documents (FORMAT §4): items found, body text, and each metadata field."""

from __future__ import annotations

from typing import Any

from core.predictions import PredItem
from dossier.evaluation.helpers import ratio
from dossier.evaluation.matching import date_matches, fold, text_key

ITEM_FIELDS = (
    "category",
    "published",
    "title",
    "journal",
    "volume",
    "issue",
    "pages",
    "received",
    "accepted",
)


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
    return {f: {"correct": 0, "judged": 0, "accuracy": None} for f in ITEM_FIELDS}


def score_items(gold_items: list[dict], preds: list[PredItem]) -> dict:
    fields = _new_field_counts()
    found = 0
    missed: list[dict] = []
    field_errors: list[dict] = []
    for g in gold_items:
        match = next(
            (p for p in preds if _authors_match(g.get("author"), p.author) and _body_matches(g, p)), None
        )
        if match is None:
            missed.append({"author": g.get("author"), "starts_with": g.get("starts_with")})
            continue
        found += 1
        for name in ITEM_FIELDS:
            gold_value = g.get(name)
            if gold_value is None:
                continue
            pred_value = getattr(match, name)
            fields[name]["judged"] += 1
            if _field_correct(name, gold_value, pred_value):
                fields[name]["correct"] += 1
            else:
                field_errors.append(
                    {"author": g.get("author"), "field": name, "gold": gold_value, "predicted": pred_value}
                )
    for counts in fields.values():
        counts["accuracy"] = ratio(counts["correct"], counts["judged"])
    return {
        "gold_items": len(gold_items),
        "predicted_items": len(preds),
        "found": found,
        "recall": ratio(found, len(gold_items)),
        "fields": fields,
        "missed": missed,
        "field_errors": field_errors,
    }


def sum_items(per_file: dict[str, dict]) -> dict:
    fields = _new_field_counts()
    for stats in per_file.values():
        for name, counts in stats["fields"].items():
            fields[name]["correct"] += counts["correct"]
            fields[name]["judged"] += counts["judged"]
    for counts in fields.values():
        counts["accuracy"] = ratio(counts["correct"], counts["judged"])
    gold = sum(s["gold_items"] for s in per_file.values())
    found = sum(s["found"] for s in per_file.values())
    return {
        "gold_items": gold,
        "predicted_items": sum(s["predicted_items"] for s in per_file.values()),
        "found": found,
        "recall": ratio(found, gold),
        "fields": fields,
    }
