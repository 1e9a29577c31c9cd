"""Actor kinds on real news: is a named person a person, an organisation an organisation?

EventStoryLine v1.5 (github ``tommasoc80/EventStoryLine``, CC BY 3.0, read from
a local copy; nothing is committed from it) marks the participants of each
document's events: HUMAN_PART_PER (a person), HUMAN_PART_ORG (an
organisation), HUMAN_PART_GPE (a state or city acting) and LOC_GEO (a place).
A participant written as a name (its last word capitalised: "Lindsay Lohan",
"the Los Angeles Police Department", not "the actress") is compared with the
dossier mention that covers it:

* **found**: the share of named participants some actor mention overlaps;
* **kind right**: among those found, the share whose actor kind agrees (a
  person is ``person``; an organisation ``organization``; a state or place
  ``country`` or ``location``); and the confusions, counted.

A person filed as an organisation splits "everything Tokayev said" in two
across documents; this is the figure that shows how often.

Documents are split as in ``events.py`` (``sha1("esl/" + name) % 3 == 0`` is
untouched: never listed); ``--errors`` lists development confusions. Parses
are shared with ``events.py``'s cache (the same texts).

    .venv/bin/python benchmarks/actor_kinds.py --esl ESL/annotated_data/v1.5 [--cache DIR] [--errors]

Figures (named participants found / kind right): actors-0.3, dev 639 named,
0.881 / 0.851, untouched 499, 0.866 / 0.836. The development errors were
sorted first (95): places the model called persons or organisations (31:
"Banda Aceh", "Alexandria", "in Christchurch", "the village of ..."), headline
fragments and names joined by "and" read as one organisation, organisations
filed under the country inside their name, teams the gold calls organisations.
actors-0.4 (a name the sentence puts somewhere is a place): dev 0.874,
untouched 0.866. Tried and not kept: a two-word organisation whose first word
is a common given name is a person ("Paul Riva"): kinds dev 0.879, untouched
0.868, but one untouched PolNeAR quotation went from no speaker to a wrong one.
Nor every name sharing a surname with one the sentence puts somewhere made a
place too (kinds dev 0.885, untouched 0.877, but PolNeAR untouched right
speakers 429 -> 427, train-dev 3451 -> 3449).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from events import CACHE, MODEL, esl_markables, esl_text, load_esl, parses  # noqa: E402

GOLD_KINDS = {
    "HUMAN_PART_PER": "person",
    "HUMAN_PART_ORG": "organization",
    "HUMAN_PART_GPE": "place",
    "LOC_GEO": "place",
}
# dossier's kinds, read at the gold's grain: a country or a location is a place.
OUR_KINDS = {"person": "person", "organization": "organization", "country": "place", "location": "place"}


def named(text: str, span: tuple[int, int]) -> bool:
    """A participant written as a name: its last word starts with a capital, and not only because it opens a sentence."""
    words = text[span[0] : span[1]].split()
    if not words or not words[-1][:1].isupper():
        return False
    return len(words) > 1 or span[0] > 0 and text[span[0] - 2 : span[0]] != "\n\n"


def gold_participants(folder: Path, name: str) -> list[tuple[str, tuple[int, int]]]:
    raw = next(folder.glob(f"*/{name}.*xml")).read_text("utf-8")
    text, offsets, _ = esl_text(raw)
    return [
        (GOLD_KINDS[label], span)
        for label, _, span in esl_markables(raw, offsets).values()
        if label in GOLD_KINDS and named(text, span)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--esl", type=Path, required=True, help="EventStoryLine's annotated_data/v1.5 folder")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where parses are cached")
    parser.add_argument("--errors", action="store_true", help="list the development part's confusions")
    args = parser.parse_args(argv)

    from extractors.actors import extract_actors
    from extractors.nlp import load_model

    records = load_esl(args.esl)
    docs = parses(load_model(MODEL), records, args.cache)
    tallies: dict[str, Counter] = {"dev": Counter(), "untouched": Counter()}
    confusions: dict[str, Counter] = {"dev": Counter(), "untouched": Counter()}
    for record, doc in zip(records, docs):
        actors, mentions = extract_actors(doc)
        kind_of = {a.key: a.kind for a in actors}
        tally, confusion = tallies[record.split], confusions[record.split]
        for gold, (start, end) in gold_participants(args.esl, record.name):
            covering = [m for m in mentions if m.char_start < end and start < m.char_end]
            tally["gold"] += 1
            if not covering:
                continue
            tally["found"] += 1
            # the mention holding the name's last word, its head ("US Geological Survey": the survey, not the US)
            head = next((m for m in covering if m.char_start < end <= m.char_end), covering[-1])
            ours = OUR_KINDS.get(kind_of.get(head.actor_key, ""), "other")
            tally["right"] += ours == gold
            confusion[(gold, ours)] += 1
            if args.errors and record.split == "dev" and ours != gold:
                print(
                    f"{gold:>12} -> {ours:<12} {record.name}: {record.text[start:end]!r} ({head.actor_key})"
                )
    print("split       named  found  kind right   confusions (gold -> ours)")
    for split, tally in tallies.items():
        found = tally["found"] / tally["gold"] if tally["gold"] else 0.0
        right = tally["right"] / tally["found"] if tally["found"] else 0.0
        wrong = ", ".join(f"{g}->{o} {n}" for (g, o), n in confusions[split].most_common() if g != o)
        print(f"{split:<10} {tally['gold']:>6} {found:>6.3f} {right:>10.3f}   {wrong}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
