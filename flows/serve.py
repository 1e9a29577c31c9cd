"""Scheduled runs without writing deployments by hand: one per schedule in sources.yaml.

``dossier schedule`` (or ``python -m flows.serve``) reads sources.yaml, groups
the sources by their cron line, and serves one Prefect deployment per group,
plus an unscheduled re-extraction deployment to trigger after an upgrade. The
process stays in the foreground and starts each run when it is due; it needs a
Prefect API (``dossier server`` or ``prefect server start``), and the Prefect
UI there shows the runs. prefect.yaml describes the same deployments for a
work pool instead.

Every deployment allows one run at a time; a run that finds the warehouse
locked by another (an ad hoc ``dossier ingest``) fails at once and says so.
"""

from __future__ import annotations

from collections import defaultdict

from acquire import source_config


def schedule_groups(sources_file: str) -> dict[str, list[str]]:
    """cron line → names of the sources on it; sources with no schedule are left out."""
    groups: dict[str, list[str]] = defaultdict(list)
    for spec in source_config.load_sources(sources_file):
        if spec.schedule:
            groups[spec.schedule].append(spec.name)
    return dict(groups)


def deployment_name(cron: str) -> str:
    """A readable deployment name for a cron line: "0 */4 * * *" → "sources-0-every4-x-x-x"."""
    return "sources-" + "-".join(
        cron.replace("*/", "every").replace("*", "x").replace("/", "every").replace("@", "").split()
    )


def deployments(sources_file: str, db_path: str | None = None) -> list:
    """The RunnerDeployments to serve: one per schedule, and re-extraction on demand."""
    from flows.ingest import ingest_sources_flow, reextract_flow

    found = [
        ingest_sources_flow.to_deployment(
            name=deployment_name(cron),
            cron=cron,
            concurrency_limit=1,
            parameters={"sources_file": sources_file, "names": names, "db_path": db_path},
            description=f"Ingest {', '.join(names)} from {sources_file} on '{cron}' (UTC).",
        )
        for cron, names in sorted(schedule_groups(sources_file).items())
    ]
    found.append(
        reextract_flow.to_deployment(
            name="reextract",
            concurrency_limit=1,
            parameters={"db_path": db_path, "everything": False},
            description="Rebuild rows from the archive for sources loaded by older extractors.",
        )
    )
    return found


def serve(sources_file: str, db_path: str | None = None) -> None:
    from prefect import serve as prefect_serve

    prefect_serve(*deployments(sources_file, db_path))


if __name__ == "__main__":
    import sys

    serve(sys.argv[1] if len(sys.argv) > 1 else "sources.yaml")
