"""Where the checkout, its bundled samples and ../shared are."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "raw" / "samples"
SHARED = REPO.parent / "shared"
