"""Scoring a warehouse against a gold annotation, exactly as shared/gold/FORMAT.md defines it.

``evaluate(gold, predictions)`` (``scoring``) runs one scorer per gold section
(``documents``, ``quotes``, ``events``, ``actors``), all built on the matching
rules of ``matching``; ``render_table`` (``render``) prints the report. The
predictions are the plain records of ``core.predictions``, which
``warehouse.eval_inputs`` reads from a warehouse.
"""

from core.predictions import PredActor, PredEvent, Predictions, PredItem, PredQuote
from dossier.evaluation.events import max_matching
from dossier.evaluation.matching import (
    alias_matches,
    date_matches,
    fold,
    matches_any_alias,
    matches_key,
    name_norm,
    text_key,
)
from dossier.evaluation.render import render_table
from dossier.evaluation.scoring import evaluate

__all__ = [
    "PredActor",
    "PredEvent",
    "PredItem",
    "PredQuote",
    "Predictions",
    "alias_matches",
    "date_matches",
    "evaluate",
    "fold",
    "matches_any_alias",
    "matches_key",
    "max_matching",
    "name_norm",
    "render_table",
    "text_key",
]
