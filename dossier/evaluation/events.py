"""Scoring events (FORMAT §6): date and actors, matched one to one."""

from __future__ import annotations

from core.predictions import PredEvent
from dossier.evaluation.helpers import f1, ratio
from dossier.evaluation.matching import date_matches, matches_key, year_matches


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


def score_events(gold_events: list[dict], preds: list[PredEvent], aliases: dict) -> dict:
    strict = [
        [j for j, p in enumerate(preds) if _event_matches(p, g, aliases, date_matches)] for g in gold_events
    ]
    by_year = [
        [j for j, p in enumerate(preds) if _event_matches(p, g, aliases, year_matches)] for g in gold_events
    ]
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


def _event_scores(
    gold: int, predicted: int, predictions_matching: int, matched: int, matched_year: int
) -> dict:
    precision = ratio(predictions_matching, predicted)
    recall = ratio(matched, gold)
    return {
        "gold_events": gold,
        "predictions": predicted,
        "predictions_matching": predictions_matching,
        "precision": precision,
        "matched": matched,
        "recall": recall,
        "f1": f1(precision, recall),
        "matched_year": matched_year,
        "recall_year": ratio(matched_year, gold),
    }


def sum_events(per_file: dict[str, dict]) -> dict:
    def total(key: str) -> int:
        return sum(s[key] for s in per_file.values())

    return _event_scores(
        total("gold_events"),
        total("predictions"),
        total("predictions_matching"),
        total("matched"),
        total("matched_year"),
    )
