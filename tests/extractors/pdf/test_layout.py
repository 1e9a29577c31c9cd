"""Reading a page: the lean character reading equals pdfplumber's, and overprints are dropped as before."""

from __future__ import annotations

import io
import random

import pdfplumber
import pytest

from extractors.pdf import layout
from tests.helpers import pdf_factory
from tests.helpers.paths import SAMPLES

KEYS = ("text", "fontname", "size", "upright", "x0", "x1", "top", "bottom", "doctop")


def _pdfs(tmp_path):
    built = [
        pdf_factory.two_column_article(tmp_path),
        pdf_factory.ligature_page(tmp_path),
        pdf_factory.open_pull_quote_page(tmp_path),
        pdf_factory.image_only_pdf(tmp_path),
    ]
    return built + sorted(p for p in SAMPLES.glob("*.pdf") if "damaged" not in p.name)


def test_the_lean_reading_of_a_page_gives_what_pdfplumber_gives(tmp_path):
    """Characters, images, rectangles, lines and curves: same values, same order, for every page."""
    pages = 0
    for path in _pdfs(tmp_path):
        with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
            for page in pdf.pages:
                lean = layout._page_objects(page)
                expected = page.objects
                assert lean["char"] == [{k: c[k] for k in KEYS} for c in expected.get("char", [])], path.name
                for kind in ("image", "rect", "line", "curve"):
                    assert lean.get(kind, []) == expected.get(kind, []), (path.name, kind)
                pages += 1
    assert pages >= 8


def test_words_are_grouped_as_pdfplumber_groups_them(tmp_path):
    """Lines within 3 points, a gap over 1.5 points or a space ends a word, ligatures spelled out."""
    keys = ("text", "x0", "x1", "top", "bottom", "fontname", "size")
    words = 0
    for path in _pdfs(tmp_path):
        with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
            for page in pdf.pages:
                chars = layout._dedupe_chars(layout._page_objects(page)["char"])
                expected = pdfplumber.utils.extract_words(
                    chars,
                    x_tolerance=layout.X_TOLERANCE,
                    use_text_flow=False,
                    keep_blank_chars=False,
                    extra_attrs=["fontname", "size"],
                )
                ours = layout._upright_words(chars)
                assert [{k: w[k] for k in keys} for w in ours] == [
                    {k: w[k] for k in keys} for w in expected if w["upright"]
                ], path.name
                words += len(ours)
    assert words > 1000


def test_a_character_with_no_text_ends_a_word_as_in_pdfplumber():
    chars = [
        {
            "text": t,
            "x0": x,
            "x1": x + 5.0,
            "top": 10.0,
            "bottom": 20.0,
            "doctop": 10.0,
            "upright": True,
            "fontname": "F",
            "size": 10.0,
        }
        for t, x in (
            ("a", 0.0),
            ("b", 5.0),
            ("", 10.0),
            ("c", 15.0),
            (" ", 20.0),
            ("d", 25.0),
            ("\ufb01", 30.0),
        )
    ]
    expected = pdfplumber.utils.extract_words(chars, x_tolerance=1.5, extra_attrs=["fontname", "size"])
    assert (
        [w["text"] for w in layout._upright_words(chars)]
        == [w["text"] for w in expected]
        == ["ab", "", "c", "dfi"]
    )


def _quadratic_dedupe(chars, tolerance=1.0):
    """The rule, written plainly: a char is dropped when a kept one has its style within the tolerance."""
    kept = []
    for ch in chars:
        style = (ch["text"], ch["fontname"], ch["size"], ch["upright"])
        if not any(
            (k["text"], k["fontname"], k["size"], k["upright"]) == style
            and abs(ch["doctop"] - k["doctop"]) <= tolerance
            and abs(ch["x0"] - k["x0"]) <= tolerance
            for k in kept
        ):
            kept.append(ch)
    return kept


@pytest.mark.parametrize("seed", range(5))
def test_overprinted_characters_are_dropped_by_the_same_rule_as_before(seed):
    """Fake bold and shadows: copies a fraction of a point away go, neighbours a point and more away stay."""
    rng = random.Random(seed)
    chars = []
    for _ in range(400):
        x, y = rng.choice([-3.0, 0.0, 1.0, 2.0, 3.0, 99.5]) + rng.random() * 40, rng.random() * 40
        ch = {"text": rng.choice("ab"), "fontname": "F", "size": 10.0, "upright": True, "x0": x, "doctop": y}
        chars.append(ch)
        for dx, dy in ((0.5, 0.0), (1.0, -1.0), (1.0000001, 0.0), (0.0, -0.999), (rng.random() * 2, 0.3)):
            if rng.random() < 0.4:
                chars.append(dict(ch, x0=x + dx, doctop=y + dy))
    assert layout._dedupe_chars(chars) == _quadratic_dedupe(chars)
