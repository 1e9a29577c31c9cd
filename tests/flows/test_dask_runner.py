"""``DOSSIER_TASK_RUNNER=dask`` joins a Dask cluster someone else runs, and leaves it running."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers.paths import SAMPLES
from tests.helpers.table_rows import content

pytestmark = pytest.mark.flow


@pytest.fixture
def cluster():
    """A cluster of one worker process started by the test, as an operator would start one."""
    import distributed

    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        yield cluster


def test_a_run_joins_an_existing_cluster_given_its_address(cluster, harness, tmp_path, monkeypatch):
    import distributed

    from flows.ingest import ingest_flow

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("press-statement.txt", "river-commission-summit.html"):
        shutil.copy(SAMPLES / name, folder / name)
    monkeypatch.setenv("DOSSIER_ARCHIVE", str(tmp_path / "archive"))
    monkeypatch.setenv("DOSSIER_TASK_RUNNER", "thread")
    ingest_flow([str(folder)], str(tmp_path / "thread.duckdb"))

    monkeypatch.setenv("DOSSIER_TASK_RUNNER", "dask")
    monkeypatch.setenv("DOSSIER_DASK_ADDRESS", cluster.scheduler_address)
    summary = ingest_flow([str(folder)], str(tmp_path / "dask.duckdb"))

    assert summary.runner == "dask" and len(summary.loaded) == 2 and not summary.failures
    assert content(tmp_path / "dask.duckdb") == content(tmp_path / "thread.duckdb")
    with distributed.Client(cluster.scheduler_address) as client:
        # The batches ran on the cluster's worker, which loaded the model once, and it is still there.
        worker = client.run(
            lambda dask_worker: (sorted(dask_worker.plugins), dask_worker.state.executed_count)
        )
        [(plugins, executed)] = worker.values()
        assert "dossier-prepare-worker" in plugins and executed >= 1
