"""DuckLake upkeep as a flow, so that a work pool runs it on a schedule (``prefect.yaml``).

Every batch a run commits adds a small Parquet file per table it touched and a
snapshot; a warehouse fed every 15 minutes gathers tens of thousands of both.
This flow merges adjacent small files, expires snapshots older than the
retention (``DOSSIER_SNAPSHOT_RETENTION_DAYS``; ``dossier sql --at`` cannot
read a run older than that any more) and deletes the files no snapshot needs.
It may run while ingests write: a commit that meets it is retried.
``dossier maintain`` does the same by hand. A single-file warehouse has
nothing to maintain: the flow says so and completes.
"""

from __future__ import annotations

from flows.prefect_env import configure

configure()  # before Prefect is imported: it reads its settings at import time

from prefect import flow, get_run_logger  # noqa: E402

from core.settings import Settings  # noqa: E402
from warehouse import lake  # noqa: E402


@flow(name="dossier-maintain", log_prints=True)
def maintain_flow(db_path: str | None = None, keep_days: float | None = None) -> str:
    """Compact, expire and clean the DuckLake at ``db_path`` (default: $DOSSIER_DB); returns what it did."""
    settings = Settings.from_env()
    location = db_path or settings.db_path
    if not lake.is_lake(location):
        line = f"{location} is a single DuckDB file: no snapshots or small files to maintain"
    else:
        keep = settings.snapshot_retention_days if keep_days is None else keep_days
        line = f"{location}: {lake.maintain_location(location, keep).line()}"
    get_run_logger().info("%s", line)
    return line
