"""Limits say what was refused and which setting to change, in dossier's words."""

import pytest

from core.errors import ExtractionError
from core.records import Article
from flows.tasks import check_lengths


def test_a_document_over_the_length_limit_names_the_setting():
    article = Article(text="word " * 300, doc_type="text")
    check_lengths([article], 2_000)
    with pytest.raises(
        ExtractionError,
        match=r"1,500 characters, over the 1,000-character limit \(DOSSIER_MAX_DOCUMENT_CHARS\)",
    ):
        check_lengths([article], 1_000)
