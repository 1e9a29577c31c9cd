"""Small helpers of the scorers: ratios, F1, and grouping gold entries and predictions by file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def ratio(num: int, den: int) -> float | None:
    """None rather than 0 when there is nothing to score, so 'no data' reads as '-'."""
    return num / den if den else None


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def annotated_files(gold: dict) -> list[str]:
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


def entries_by_file(gold: dict, section: str, files: list[str]) -> dict[str, list[dict]]:
    """Gold entries of ``section`` grouped per file, keeping gold order."""
    default = _default_file(gold)
    grouped: dict[str, list[dict]] = {f: [] for f in files}
    for entry in gold.get(section) or []:
        name = entry.get("file") or default
        if name is None:
            raise ValueError(f"a gold {section} entry has no 'file' and the gold covers several documents")
        grouped.setdefault(name, []).append(entry)
    return grouped


def by_file(preds: Iterable[Any], files: list[str]) -> dict[str, list[Any]]:
    """Predictions grouped per annotated file; the others are dropped (FORMAT §8)."""
    grouped: dict[str, list[Any]] = {f: [] for f in files}
    for p in preds:
        if p.file in grouped:
            grouped[p.file].append(p)
    return grouped
