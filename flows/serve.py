"""Scheduled runs without writing deployments by hand: one per schedule in sources.yaml.

``dossier schedule`` (or ``python -m flows.serve``) reads sources.yaml, groups
the sources by their schedule (a cron line, or an interval such as "every 15
minutes"), and serves one Prefect deployment per group, plus an unscheduled
re-extraction deployment to trigger after an upgrade. The process stays in the
foreground and starts each run when it is due.

It needs a Prefect API whose scheduler service runs: ``PREFECT_API_URL`` when
set, else the project's ``dossier server`` (started in the background when it
is not running). Never Prefect's temporary server: it runs no scheduler, so a
deployment served against it never fires (the first version of this command
did exactly that, and in 230 s nothing ran). The Prefect UI of that server
shows the deployments and their runs. prefect.yaml describes the same
deployments for a work pool instead.

Every deployment allows one run at a time (``concurrency_limit=1``: a run due
while the previous one still works waits for it, as Prefect's
AwaitingConcurrencySlot); a run that finds the warehouse locked by another
writer (an ad hoc ``dossier ingest``) fails at once, says so in ``runs`` and in
its Prefect state, and the next scheduled run tries again.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import defaultdict
from collections.abc import Callable

from acquire import source_config
from core.settings import Settings

#: Seconds `dossier schedule` waits for the server to schedule each deployment's first run. The
#: scheduler looks at new deployments every 5 s; a slow, busy machine needs more.
NEXT_RUN_WAIT = 30.0


class NoPrefectApi(RuntimeError):
    """No Prefect API that schedules runs can be used; the message says why and what to do, in one line."""


def schedule_groups(sources_file: str) -> dict[str, list[str]]:
    """schedule line → names of the sources on it; sources with no schedule are left out."""
    groups: dict[str, list[str]] = defaultdict(list)
    for spec in source_config.load_sources(sources_file):
        if spec.schedule:
            groups[spec.schedule].append(spec.name)
    return dict(groups)


def schedule_of(line: str) -> dict:
    """The keyword Prefect's ``to_deployment`` takes for a schedule line: ``interval`` or ``cron``."""
    seconds = source_config.interval_seconds(line)
    return {"interval": seconds} if seconds is not None else {"cron": line}


def deployment_name(line: str) -> str:
    """A readable deployment name: "0 */4 * * *" → "sources-0-every4-x-x-x", "every 30s" → "sources-every-30s"."""
    seconds = source_config.interval_seconds(line)
    if seconds is not None:
        return f"sources-every-{seconds}s"
    return "sources-" + "-".join(
        line.replace("*/", "every").replace("*", "x").replace("/", "every").replace("@", "").split()
    )


def deployments(sources_file: str, db_path: str | None = None) -> list:
    """The RunnerDeployments to serve: one per schedule, and re-extraction on demand."""
    from flows.ingest import ingest_sources_flow, reextract_flow

    found = [
        ingest_sources_flow.to_deployment(
            name=deployment_name(line),
            concurrency_limit=1,
            **schedule_of(line),
            parameters={"sources_file": sources_file, "names": names, "db_path": db_path},
            description=f"Ingest {', '.join(names)} from {sources_file} on '{line}' (UTC). One run at a time.",
        )
        for line, names in sorted(schedule_groups(sources_file).items())
    ]
    found.append(
        reextract_flow.to_deployment(
            name="reextract",
            concurrency_limit=1,
            parameters={"db_path": db_path, "everything": False},
            description="Rebuild rows from the archive for sources loaded by older extractors. One run at a time.",
        )
    )
    return found


def scheduling_api(settings: Settings | None = None, say: Callable[[str], None] = print) -> str:
    """The API URL of a Prefect server that schedules runs, put in ``PREFECT_API_URL``; or NoPrefectApi.

    ``PREFECT_API_URL`` when set (it must answer now: a typo should not look
    like a quiet schedule); else the ``dossier server`` of this project; else
    that server, started in the background (``dossier server stop`` stops it).
    Must run before Prefect is imported: Prefect fixes its settings then.
    """
    from flows import prefect_env, prefect_server

    settings = settings or Settings.from_env()
    given = os.environ.get("PREFECT_API_URL")
    prefect_env.configure(settings)  # the project's Prefect home; finds a running `dossier server`
    if given:
        if not prefect_server.healthy(given, timeout=5.0):
            raise NoPrefectApi(
                f"no Prefect API answers at {given} (PREFECT_API_URL): start that server, "
                "or unset PREFECT_API_URL to use `dossier server`"
            )
        return given
    found = os.environ.get("PREFECT_API_URL")
    if found:
        return found
    port = int(os.environ.get("DOSSIER_PREFECT_PORT", prefect_server.DEFAULT_PORT))
    say(f"no Prefect server running for {settings.prefect_home}: starting `dossier server` in the background")
    status = prefect_server.start(settings.prefect_home, port=port, background=True)
    found = prefect_server.running_api_url(settings.prefect_home, timeout=5.0)
    if status or not found:
        raise NoPrefectApi(
            f"`dossier server` did not start (see {settings.prefect_home / 'dossier-server.log'})"
        )
    os.environ["PREFECT_API_URL"] = found
    return found


def next_runs(deployment_ids: list, wait: float = NEXT_RUN_WAIT) -> dict:
    """deployment id → expected start of its next scheduled flow run (None: none scheduled yet).

    Read from the server, not computed here, so what is printed is what
    Prefect will do. The server schedules a new or changed deployment within
    a few seconds; a scheduled deployment still without a run after ``wait``
    seconds points at a server whose scheduler service is off.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterExpectedStartTime,
        FlowRunFilterState,
        FlowRunFilterStateName,
    )
    from prefect.client.schemas.sorting import FlowRunSort

    found: dict = {deployment_id: None for deployment_id in deployment_ids}
    deadline = time.monotonic() + wait
    with get_client(sync_client=True) as client:
        while True:
            for deployment_id in [d for d, when in found.items() if when is None]:
                runs = client.read_flow_runs(
                    deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
                    flow_run_filter=FlowRunFilter(  # not a Late or AwaitingConcurrencySlot run left from before
                        state=FlowRunFilterState(name=FlowRunFilterStateName(any_=["Scheduled"])),
                        expected_start_time=FlowRunFilterExpectedStartTime(after_=dt.datetime.now(dt.UTC)),  # type: ignore[arg-type]  # a datetime is what Prefect compares
                    ),
                    sort=FlowRunSort.EXPECTED_START_TIME_ASC,
                    limit=1,
                )
                found[deployment_id] = runs[0].expected_start_time if runs else None
            if all(found.values()) or time.monotonic() >= deadline:
                return found
            time.sleep(1.0)


def describe(deployment, next_run: dt.datetime | None) -> str:
    """One line per deployment for ``dossier schedule``."""
    if not deployment.schedules:
        when = "on demand (prefect deployment run)"
    elif next_run is None:
        when = "no run scheduled yet: is the Prefect server's scheduler running?"
    else:
        when = f"next run {next_run.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC"
    return f"  {deployment.flow_name}/{deployment.name}: {when}"


def serve(sources_file: str, db_path: str | None = None, say: Callable[[str], None] = print) -> None:
    """Register the deployments, say when each runs next, then run them when due until interrupted.

    ``scheduling_api()`` must have run. When stopped, the runner pauses the
    schedules of its deployments (Prefect's default for served deployments), so
    runs do not pile up while nothing would execute them; the next
    ``dossier schedule`` resumes them from the next due time.
    """
    import asyncio

    from prefect.runner import Runner

    found = deployments(sources_file, db_path)
    runner = Runner(pause_on_shutdown=True)
    ids = [runner.add_deployment(deployment) for deployment in found]  # registers each with the API
    when = next_runs([i for i, d in zip(ids, found) if d.schedules])
    say("Deployments served from this process, one run at a time each (Ctrl-C stops them):")
    for deployment_id, deployment in zip(ids, found):
        say(describe(deployment, when.get(deployment_id)))
    try:
        asyncio.run(runner.start())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    import sys

    path = sys.argv[1] if len(sys.argv) > 1 else "sources.yaml"
    try:
        print(f"Prefect API: {scheduling_api()}")
    except NoPrefectApi as exc:
        sys.exit(f"flows.serve: {exc}")
    serve(path)
