"""Scheduled deployments come from sources.yaml: one per schedule, plus re-extraction on demand."""

from __future__ import annotations

from flows import serve

SOURCES = """
schedule: "30 2 * * *"
sources:
  - name: samples
    kind: folder
    location: .
  - name: news
    kind: feed
    location: https://news.example.org/feed.xml
    schedule: "0 */4 * * *"
  - name: wires
    kind: feed
    location: https://wires.example.org/rss
    schedule: "0 */4 * * *"
  - name: archive-report
    kind: url
    location: https://example.org/report.pdf
    schedule: null
"""


def test_sources_on_the_same_schedule_share_a_deployment(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES, "utf-8")
    assert serve.schedule_groups(str(path)) == {"30 2 * * *": ["samples"], "0 */4 * * *": ["news", "wires"]}


def test_each_deployment_runs_its_sources_one_run_at_a_time(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES, "utf-8")
    found = {d.name: d for d in serve.deployments(str(path), "/data/w.duckdb")}
    assert sorted(found) == ["reextract", "sources-0-every4-x-x-x", "sources-30-2-x-x-x"]
    every_four_hours = found["sources-0-every4-x-x-x"]
    assert every_four_hours.parameters == {
        "sources_file": str(path),
        "names": ["news", "wires"],
        "db_path": "/data/w.duckdb",
    }
    assert [s.schedule.cron for s in every_four_hours.schedules] == ["0 */4 * * *"]
    assert found["reextract"].schedules == []
    assert all(d.concurrency_limit == 1 for d in found.values())


def test_prefect_yaml_deployments_name_real_flows_and_their_parameters():
    import importlib
    import inspect

    import yaml

    from tests.helpers.paths import REPO

    config = yaml.safe_load((REPO / "prefect.yaml").read_text("utf-8"))
    for deployment in config["deployments"]:
        path, name = deployment["entrypoint"].split(":")
        flow = getattr(importlib.import_module(path.removesuffix(".py").replace("/", ".")), name)
        accepted = set(inspect.signature(flow.fn).parameters)
        assert set(deployment["parameters"]) <= accepted, deployment["name"]
        assert deployment["concurrency_limit"]["limit"] == 1


def test_an_interval_schedule_is_served_as_a_prefect_interval(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n  - {name: inbox, kind: folder, location: ., schedule: every 15 minutes}\n", "utf-8"
    )
    assert serve.schedule_groups(str(path)) == {"every 15 minutes": ["inbox"]}
    found = {d.name: d for d in serve.deployments(str(path))}
    every_quarter = found["sources-every-900s"]
    assert [s.schedule.interval.total_seconds() for s in every_quarter.schedules] == [900]
    assert every_quarter.concurrency_limit == 1


def test_each_deployment_is_described_with_its_next_run(tmp_path):
    import datetime as dt

    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES, "utf-8")
    found = {d.name: d for d in serve.deployments(str(path))}
    when = dt.datetime(2026, 3, 1, 4, 0, tzinfo=dt.UTC)
    assert (
        serve.describe(found["sources-0-every4-x-x-x"], when)
        == "  dossier-ingest-sources/sources-0-every4-x-x-x: next run 2026-03-01 04:00:00 UTC"
    )
    assert "scheduler running?" in serve.describe(found["sources-30-2-x-x-x"], None)
    assert "on demand" in serve.describe(found["reextract"], None)
