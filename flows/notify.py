"""Tell someone when an unattended run went wrong: a small JSON POSTed to a webhook.

Configured in sources.yaml (``notify: {webhook: URL, when: [failed]}``), so it
travels with the sources it is about, and works with any chat or alerting tool
that accepts an incoming webhook, without a Prefect automation (those need
Prefect Cloud or extra server configuration). A notification that cannot be
delivered is logged in the run and never changes its outcome: the run is
already recorded in ``runs`` and in Prefect.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

import httpx

from acquire.source_config import Notify

TIMEOUT = 10.0  # seconds: a webhook that hangs must not hold the run (and its deployment's only slot)


class Notice:
    """One sources.yaml's ``notify`` block, ready to send."""

    def __init__(self, config: Notify):
        self.config = config

    def wants(self, status: str) -> bool:
        return status in self.config.when

    def send(self, record: dict, warehouse: str, logger: logging.Logger | logging.LoggerAdapter) -> bool:
        """POST the run's summary if its status is one to notify; True when the webhook accepted it."""
        if not self.wants(record.get("status", "")):
            return False
        try:
            answer = httpx.post(self.config.webhook, json=payload(record, warehouse), timeout=TIMEOUT)
            answer.raise_for_status()
        except httpx.HTTPError as exc:
            logger.warning("notification to %s failed: %s", self.config.webhook, " ".join(str(exc).split()))
            return False
        return True


def payload(record: dict, warehouse: str) -> dict:
    """The JSON posted: enough to decide whether to look, and where (the run's Prefect id and UI link)."""
    from prefect.runtime import flow_run

    url = flow_run.ui_url if record.get("flow_run_id") else None
    body = {
        "event": f"dossier.run.{record.get('status')}",
        "status": record.get("status"),
        "failure": record.get("failure"),
        "flow": record.get("flow"),
        "deployment": record.get("deployment"),
        "scheduled_at": record.get("scheduled_at"),
        "started_at": record.get("started_at"),
        "finished_at": record.get("finished_at"),
        "sources_failed": record.get("sources_failed"),
        "warehouse": warehouse,
        "run_id": record.get("run_id"),
        "flow_run_id": record.get("flow_run_id"),
        "flow_run_url": url if url and url.startswith("http") else None,
    }
    return json.loads(json.dumps(body, default=_iso))


def _iso(value):
    if isinstance(value, dt.datetime):
        return value.isoformat() + ("Z" if value.tzinfo is None else "")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
