"""A small source with one document, two actors, an event and a term, ready for the loader."""

from __future__ import annotations

import datetime as dt

from core.records import Actor, Article, Event, Extraction, Mention, Quote
from warehouse import load


def a_source(text="Tokayev met Aliyev in Baku on 3 May 2024.", sha="abc"):
    article = Article(text=text, doc_type="text", title="Meeting")
    extraction = Extraction(
        actors=[
            Actor("person:tokayev", "Tokayev", "person", "KAZ"),
            Actor("person:aliyev", "Aliyev", "person"),
        ],
        mentions=[
            Mention("person:tokayev", "Tokayev", 0, 7, "PERSON"),
            Mention("person:aliyev", "Aliyev", 12, 18, "PERSON"),
        ],
        events=[
            Event(
                dt.date(2024, 5, 3),
                "day",
                "3 May 2024",
                "explicit",
                "CONSULT",
                text,
                0,
                len(text),
                actors=[("person:tokayev", "source"), ("person:aliyev", "target")],
            )
        ],
        quotes=[Quote("met", "term", 8, 11, text)],
        versions={"actors": "t"},
    )
    return load.LoadedSource("/data/meeting.txt", sha, "text", "/archive/abc", "v1", [(article, extraction)])
