"""A warehouse of thousands of events and quotations, made through the real loader in a few seconds.

    python scripts/big_warehouse.py OUT_FOLDER [--documents 100] [--events 50] [--quotes 50]

The report must stay usable when a warehouse holds years of reading, which the
bundled samples (a few dozen events) never show. Parsing thousands of documents
with spaCy would take minutes, so this writes the documents' text *and* the
records the extractors would have produced for it (actors, mentions, events,
quotations, with the right offsets) and hands them to ``warehouse.load``, the
loader ``dossier ingest`` uses. Everything after the loader (views, report,
browser) is the real thing.

The rows are spread the way a reading list spreads them: a few dozen actors
(people, organisations, countries), a dozen event types, dates over ten years
at day, month and year precision, a speaker for most quotations. A seeded
generator makes the same warehouse every time, so tests can count what a
filter should leave.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

if __name__ == "__main__":  # run as a script: the project's packages sit beside this folder
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.records import Actor, Article, Event, Extraction, Mention, Quote  # noqa: E402
from warehouse import db, load  # noqa: E402

COUNTRIES = [
    ("Kazakhstan", "KAZ"),
    ("Uzbekistan", "UZB"),
    ("Tajikistan", "TJK"),
    ("Kyrgyzstan", "KGZ"),
    ("Turkmenistan", "TKM"),
    ("Afghanistan", "AFG"),
    ("China", "CHN"),
    ("Russia", "RUS"),
]
ORGANISATIONS = [
    "Central Asian Rivers Commission",
    "Aral Basin Fund",
    "Syr Darya Water Authority",
    "Amu Darya Basin Council",
    "Regional Energy Exchange",
    "Pamir Glacier Institute",
]
PEOPLE = [
    ("Rustam Nazarov", "UZB", "Foreign Minister"),
    ("Aigerim Bekova", "KAZ", "Energy Minister"),
    ("Davron Saidov", "TJK", "Deputy Prime Minister"),
    ("Elena Markova", None, "Director"),
    ("Bakyt Omurov", "KGZ", "President"),
    ("Gulnara Yusupova", "TKM", "Ambassador"),
    ("Farid Haidari", "AFG", "Water Minister"),
    ("Li Wen", "CHN", "Special Envoy"),
    ("Sergei Volkov", "RUS", "Deputy Minister"),
    ("Nodira Karimova", "UZB", "Spokeswoman"),
]
EVENT_TYPES = {
    "AGREE": ["agreement announced", "pledge"],
    "CONSULT": ["meeting", "talks", "visit"],
    "COOPERATE": ["joint project", "organisation founded"],
    "AID": ["funding", "technical help"],
    "DEMAND": ["demand"],
    "DISAPPROVE": ["criticism", "complaint"],
    "REJECT": ["refusal"],
    "THREATEN": ["warning"],
    "SUPPORT": ["agreement signed", "endorsement"],
    "ACCUSE": ["accusation"],
    "SANCTION": ["suspension"],
    "RETREAT": ["withdrawal"],
}
TOPICS = ["water quotas", "the dam", "the canal", "irrigation", "the glacier survey", "power exports"]
MODES = [None] * 8 + ["future", "negated"]


def build(
    folder: Path, documents: int = 100, events_per_document: int = 50, quotes_per_document: int = 50
) -> Path:
    """Load ``documents`` generated documents into ``folder/big.duckdb``; returns its path."""
    rng = random.Random(21)
    path = folder / "big.duckdb"
    batch = [
        load.LoadedSource(
            f"/reading/{n:05d}.txt",
            f"sha{n:05d}",
            "text",
            f"/archive/sha{n:05d}",
            "v1",
            [_document(rng, n, events_per_document, quotes_per_document)],
        )
        for n in range(documents)
    ]
    with db.connect(path) as con:
        for start in range(0, len(batch), 50):
            failures = load.load_sources(con, [(src, False) for src in batch[start : start + 50]])
            assert not any(failures), failures
    return path


def _actors() -> list[Actor]:
    return (
        [Actor(f"country:{name.lower()}", name, "country", code) for name, code in COUNTRIES]
        + [Actor(f"organization:{name.lower()}", name, "organization") for name in ORGANISATIONS]
        + [Actor(f"person:{name.lower()}", name, "person", code) for name, code, _ in PEOPLE]
    )


def _date(rng: random.Random) -> tuple[dt.date, str, str]:
    """A date between 2015 and 2024 at day, month or year precision, with the words that write it."""
    day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    precision = rng.choices(["day", "month", "year"], weights=[6, 3, 1])[0]
    if precision == "year":
        return dt.date(day.year, 1, 1), "year", f"in {day.year}"
    if precision == "month":
        return dt.date(day.year, day.month, 1), "month", f"in {day.strftime('%B %Y')}"
    return day, "day", f"on {day.day} {day.strftime('%B %Y')}"


class _Writer:
    """Builds one document's text sentence by sentence, keeping the offsets the records need."""

    def __init__(self) -> None:
        self.text = ""
        self.mentions: list[Mention] = []

    def sentence(self, *pieces: str | Actor) -> tuple[str, int, int, dict[str, tuple[int, int]]]:
        """Append a sentence made of plain pieces and actor names; returns it, its offsets and each actor's."""
        start = len(self.text) + (1 if self.text else 0)
        self.text += " " if self.text else ""
        spans: dict[str, tuple[int, int]] = {}
        for piece in pieces:
            if isinstance(piece, Actor):
                spans[piece.key] = (len(self.text), len(self.text) + len(piece.canonical_name))
                label = {"person": "PERSON", "country": "GPE"}.get(piece.kind, "ORG")
                self.mentions.append(Mention(piece.key, piece.canonical_name, *spans[piece.key], label))
                piece = piece.canonical_name
            self.text += piece
        return self.text[start:], start, len(self.text), spans


def _document(rng: random.Random, n: int, events: int, quotes: int) -> tuple[Article, Extraction]:
    actors = _actors()
    people = [a for a in actors if a.kind == "person"]
    writer = _Writer()
    found: list[Event] = []
    said: list[Quote] = []
    for _ in range(events):
        source, target = rng.sample(actors, 2)
        event_type = rng.choice(list(EVENT_TYPES))
        subtype = rng.choice(EVENT_TYPES[event_type])
        date, precision, words = _date(rng)
        topic = rng.choice(TOPICS)
        sentence, start, end, _ = writer.sentence(
            source, " and ", target, f": {subtype} about {topic} {words}."
        )
        found.append(
            Event(
                date,
                precision,
                words,
                "explicit",
                event_type,
                sentence,
                start,
                end,
                actors=[(source.key, "source"), (target.key, "target")],
                event_subtype=subtype,
                mode=rng.choice(MODES),
            )
        )
    for _ in range(quotes):
        speaker = rng.choice(people)
        topic = rng.choice(TOPICS)
        words = f"We will not give up on {topic} this year, whatever {rng.choice(COUNTRIES)[0]} says"
        event = rng.choice(found)
        sentence, start, _, spans = writer.sentence("“", words, ",” said ", speaker, ".")
        known = rng.random() < 0.85
        said.append(
            Quote(
                words,
                "quote",
                start + 1,
                start + 1 + len(words),
                sentence,
                speaker_key=speaker.key if known else None,
                speaker_text=speaker.canonical_name if known else None,
                cue="said",
                speaker_kind="person" if known else None,
                speaker_char_start=spans[speaker.key][0] if known else None,
                speaker_char_end=spans[speaker.key][1] if known else None,
                quote_date=event.event_date,
                date_precision=event.date_precision,
                date_anchor="event",
                event=event,
            )
        )
    article = Article(text=writer.text, doc_type="text", title=f"Basin bulletin no. {n}")
    extraction = Extraction(
        actors=actors, mentions=writer.mentions, events=found, quotes=said, versions={"actors": "big"}
    )
    return article, extraction


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write big.duckdb into")
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--events", type=int, default=50, help="events per document")
    parser.add_argument("--quotes", type=int, default=50, help="quotations per document")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    print(build(args.out, args.documents, args.events, args.quotes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
