"""Make Prefect run here: no server to start by hand, no network, no telemetry.

Prefect reads its settings from the environment when it is first imported, so
``configure()`` must run before ``import prefect``; ``flows/`` calls it at the
top. Values already set by the user win (``setdefault``), so pointing
``PREFECT_API_URL`` at a running server still works.

When ``dossier server`` keeps a local Prefect server running for this Prefect
home (``flows/prefect_server.py``), ``configure()`` points Prefect at it, so
the command skips starting a temporary server; when that server does not
answer, nothing is set and Prefect starts its temporary server as usual.
"""

from __future__ import annotations

import os

from core.settings import Settings


def configure(settings: Settings | None = None, environ=None) -> None:
    """Set Prefect's environment (``os.environ`` unless ``environ`` is given) for this project."""
    environ = os.environ if environ is None else environ
    settings = settings or Settings.from_env()
    home = settings.prefect_home
    home.mkdir(parents=True, exist_ok=True)
    defaults = {
        # A project-local home keeps Prefect's SQLite database and logs out of ~.
        "PREFECT_HOME": str(home),
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
        # No usage reports, no update checks: the machine may have no network.
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
        "PREFECT_UI_ENABLED": "false",
        # The temporary server takes 10-40 s to start on a busy 2-core machine;
        # the default timeout is too short for that.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
        "PREFECT_LOGGING_LEVEL": settings.log_level,
    }
    for key, value in defaults.items():
        environ.setdefault(key, value)
    if not environ.get("PREFECT_API_URL"):
        _use_running_server(home, environ)


def _use_running_server(home, environ) -> None:
    """Point Prefect at the ``dossier server`` of this home if it answers (a few ms); else leave it unset."""
    # Read from the environment being configured: ``dossier server`` switches it off there.
    if Settings.from_env(environ).prefect_server in ("0", "off", "no", "false"):
        return
    from flows import prefect_server

    url = prefect_server.running_api_url(home)
    if url:
        environ["PREFECT_API_URL"] = url
