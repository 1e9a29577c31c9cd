"""Scoring actors (FORMAT §7): required aliases found, one actor per surname."""

from __future__ import annotations

from core.predictions import PredActor
from dossier.evaluation.helpers import ratio
from dossier.evaluation.matching import fold, matches_any_alias


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


def score_actors(spec: dict, preds: list[PredActor], aliases: dict) -> dict:
    actors = _distinct_actors(preds)
    required = spec.get("required") or []
    missed = [
        r.get("name")
        for r in required
        if not any(matches_any_alias(a.name, _required_aliases(r, aliases)) for a in actors)
    ]
    surnames = {}
    for surname in spec.get("one_actor_per_surname") or []:
        names = [a.name for a in actors if matches_any_alias(a.name, [surname])]
        surnames[surname] = {"count": len(names), "ok": len(names) == 1, "actors": names}
    found = len(required) - len(missed)
    return {
        "required": len(required),
        "found": found,
        "recall": ratio(found, len(required)),
        "reported_actors": len(actors),
        "surnames": surnames,
        "missed": missed,
    }


def sum_actors(per_file: dict[str, dict]) -> dict:
    required = sum(s["required"] for s in per_file.values())
    found = sum(s["found"] for s in per_file.values())
    checks = [c for s in per_file.values() for c in s["surnames"].values()]
    return {
        "required": required,
        "found": found,
        "recall": ratio(found, required),
        "reported_actors": sum(s["reported_actors"] for s in per_file.values()),
        "surname_checks": len(checks),
        "surname_checks_passed": sum(1 for c in checks if c["ok"]),
    }
