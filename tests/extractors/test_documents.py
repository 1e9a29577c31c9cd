"""Every bundled sample goes through the right extractor and yields the articles it holds."""

import pytest

from core.errors import ExtractionError
from extractors.documents import extract, pipeline_version
from tests.helpers.paths import SAMPLES

EXPECTED = {
    "river-commission-summit.html": ("html", [(None, ["Lena Marsh"], "2024-03-15")]),
    "analysis-listing.html": (
        "html",
        [("item-101", ["Daniyar Sultanov"], "2024-05-02"), ("item-102", ["Ingrid Holm"], "2024-04-18")],
    ),
    "energy-corridor-brief.html": ("html", [(None, ["Jérôme Fauré"], "2024-09-09")]),
    "press-statement.txt": ("text", [(None, [], None)]),
    "water-security-report.pdf": ("pdf", [(None, ["Helena Varga", "Jonas Abelsen"], "2024-11-01")]),
    "journal-transboundary-rivers.pdf": ("pdf", [(None, ["Nodira Karimova"], "2024-01-01")]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_yields_its_articles(name):
    doc_type, articles = extract((SAMPLES / name).read_bytes(), name_hint=name)
    expected_type, expected_items = EXPECTED[name]
    assert doc_type == expected_type
    found = [(a.source_item, a.authors, a.published and a.published.isoformat()) for a in articles]
    assert found == expected_items
    assert all(len(a.text) > 500 for a in articles)


def test_the_damaged_sample_is_refused_with_a_reason():
    with pytest.raises(ExtractionError, match="truncated"):
        extract((SAMPLES / "damaged-download.pdf").read_bytes(), name_hint="damaged-download.pdf")


def test_pipeline_version_names_every_extractor():
    names = {part.split("=")[0] for part in pipeline_version().split(",")}
    assert names == {"html", "pdf", "text", "actors", "timex", "events", "quotes"}
