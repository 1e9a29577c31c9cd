"""The evaluation report as plain text, laid out by ``dossier.formatting.aligned``."""

from __future__ import annotations

import json

from dossier.evaluation.documents import ITEM_FIELDS
from dossier.formatting import aligned


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _frac(num: int, den: int) -> str:
    return "-" if not den else f"{num}/{den}"


def _grid(headers: list[str], rows: list[list[str]], text_columns: tuple[int, ...] = (0,)) -> str:
    """Numbers right-aligned so digits line up; names and notes left-aligned."""
    right = frozenset(range(len(headers))) - set(text_columns)
    return "\n".join(aligned(headers, rows, right=right, trim=True))


def _rows(section: dict, cells) -> list[list[str]]:
    rows = [[name, *cells(stats)] for name, stats in section["per_file"].items()]
    rows.append(["overall", *cells(section["overall"])])
    return rows


def _documents_table(section: dict) -> str:
    headers = ["file", "found", "recall", *ITEM_FIELDS]

    def cells(s: dict) -> list[str]:
        fields = [_frac(s["fields"][f]["correct"], s["fields"][f]["judged"]) for f in ITEM_FIELDS]
        return [_frac(s["found"], s["gold_items"]), _num(s["recall"]), *fields]

    return _grid(headers, _rows(section, cells))


def _quotes_table(section: dict) -> str:
    headers = [
        "file",
        "gold",
        "matched",
        "recall",
        "tp",
        "fp",
        "precision",
        "f1",
        "speaker_acc",
        "attr_recall",
        "terms_as_quotes",
    ]

    def cells(s: dict) -> list[str]:
        return [
            str(s["quote_entries"]),
            str(s["matched"]),
            _num(s["recall"]),
            str(s["tp"]),
            str(s["fp"]),
            _num(s["precision"]),
            _num(s["f1"]),
            _num(s["speaker_accuracy"]),
            _num(s["attributed_recall"]),
            str(s["terms_as_quotes"]),
        ]

    return _grid(headers, _rows(section, cells))


def _events_table(section: dict) -> str:
    headers = ["file", "gold", "predicted", "pred_ok", "precision", "matched", "recall", "f1", "recall@year"]

    def cells(s: dict) -> list[str]:
        return [
            str(s["gold_events"]),
            str(s["predictions"]),
            str(s["predictions_matching"]),
            _num(s["precision"]),
            str(s["matched"]),
            _num(s["recall"]),
            _num(s["f1"]),
            _num(s["recall_year"]),
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
