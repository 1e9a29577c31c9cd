"""Scoring against a gold file, exactly as ../shared/gold/FORMAT.md defines it.

Pure functions only: the gold arrives as the parsed JSON dict and the pipeline's
output as plain ``Predictions``, so the rules can be tested with hand-written
examples and reused on predictions that never touched the warehouse (the CLI
reads the warehouse through ``warehouse.eval_inputs``).

Section numbers in the docstrings (§2, §3, ...) refer to FORMAT.md.
"""

from __future__ import annotations

from core.predictions import Predictions
from dossier.evaluation.actors import score_actors, sum_actors
from dossier.evaluation.documents import score_items, sum_items
from dossier.evaluation.events import score_events, sum_events
from dossier.evaluation.helpers import annotated_files, by_file, entries_by_file
from dossier.evaluation.quotes import score_quotes, sum_quotes


def evaluate(gold: dict, preds: Predictions) -> dict:
    """Score ``preds`` against a parsed gold file; the result is plain JSON-able data.

    Every section has ``per_file`` (with lists of misses and false positives for
    debugging) and ``overall`` (micro-averaged: counts summed over files).
    """
    files = annotated_files(gold)
    aliases = {k: list(v) for k, v in (gold.get("aliases") or {}).items()}
    gold_items = {f: [] for f in files}
    for doc in gold.get("documents") or []:
        gold_items[doc["file"]].extend(doc.get("items") or [])
    gold_quotes = entries_by_file(gold, "quotes", files)
    gold_events = entries_by_file(gold, "events", files)
    gold_actors = gold.get("actors") or {}

    items, quotes = by_file(preds.items, files), by_file(preds.quotes, files)
    events, actors = by_file(preds.events, files), by_file(preds.actors, files)

    docs = {f: score_items(gold_items[f], items[f]) for f in files}
    quote_stats = {f: score_quotes(gold_quotes[f], quotes[f], aliases) for f in files}
    event_stats = {f: score_events(gold_events[f], events[f], aliases) for f in files}
    actor_stats = {f: score_actors(gold_actors[f], actors[f], aliases) for f in files if f in gold_actors}

    seen = {p.file for group in (preds.items, preds.quotes, preds.events, preds.actors) for p in group}
    return {
        "files": files,
        "unannotated_files": sorted(seen - set(files)),
        "documents": {"per_file": docs, "overall": sum_items(docs)},
        "quotes": {"per_file": quote_stats, "overall": sum_quotes(quote_stats)},
        "events": {"per_file": event_stats, "overall": sum_events(event_stats)},
        "actors": {"per_file": actor_stats, "overall": sum_actors(actor_stats)},
    }
