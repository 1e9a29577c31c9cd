import textwrap

import pytest

from acquire.source_config import (
    Notify,
    SourceConfigError,
    SourceOptions,
    cron_problem,
    interval_seconds,
    load_notify,
    load_sources,
)
from tests.helpers.paths import REPO, SAMPLES


def write(tmp_path, text: str):
    path = tmp_path / "sources.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def test_the_bundled_sources_yaml_reads_the_samples_folder():
    [samples] = load_sources(REPO / "sources.yaml")
    assert (samples.name, samples.kind, samples.location) == ("samples", "folder", str(SAMPLES))
    assert samples.schedule == "30 2 * * *"
    assert not samples.is_web


def test_the_commented_examples_in_sources_yaml_are_valid_when_uncommented(tmp_path):
    lines = (REPO / "sources.yaml").read_text().splitlines()
    sources_at = lines.index("sources:")
    body = [
        line.replace("  # ", "  ", 1) if line.startswith("  # ") and not line.startswith("  # ---") else line
        for line in lines[sources_at:]
    ]
    specs = load_sources(write(tmp_path, "\n".join(lines[:sources_at] + body) + "\n"))
    assert {s.kind for s in specs} == {"folder", "file", "url", "feed", "sitemap", "listing"}
    intranet = next(s for s in specs if s.name == "intranet-briefings")
    assert intranet.policy().allowed_hosts == {"intranet.example:8080"}
    assert not intranet.policy().allow_private


def test_web_sources_carry_their_options_over_the_defaults(tmp_path):
    path = write(
        tmp_path,
        """
        defaults: {per_host_delay: 3, timeout: 15}
        sources:
          - name: news
            kind: feed
            location: https://news.example.org/feed.xml
            schedule: "*/15 6-22 * * mon-fri"
            options: {max_items: 5, timeout: 4.5, allowed_hosts: Wiki.Local:8080}
    """,
    )
    [news] = load_sources(path)
    assert news.is_web and news.is_index and news.schedule == "*/15 6-22 * * mon-fri"
    assert news.options == SourceOptions(
        max_items=5, timeout=4.5, per_host_delay=3.0, allowed_hosts=("wiki.local:8080",)
    )
    policy = news.policy(max_bytes=1000)
    assert (policy.timeout, policy.per_host_delay, policy.max_bytes, policy.respect_robots) == (
        4.5,
        3.0,
        1000,
        True,
    )


def test_relative_paths_are_relative_to_the_file_not_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    path = write(
        tmp_path,
        """
        sources:
          - {name: inbox, kind: folder, location: inbox, schedule: null}
    """,
    )
    [inbox] = load_sources(path)
    assert inbox.location == str(tmp_path / "inbox") and inbox.schedule is None


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            "{name: a, kind: rss, location: 'https://ex.org/'}",
            "unknown kind 'rss'; expected one of folder, file",
        ),
        ("{name: a, kind: feed}", r"\(a\): missing 'location' \(an http\(s\) URL\)"),
        ("{name: a, kind: folder, location: ''}", "missing 'location'"),
        ("{kind: folder, location: x}", "needs a 'name'"),
        ("{name: a, kind: feed, location: 'ftp://ex.org/feed'}", "must be an http\\(s\\) URL"),
        ("{name: a, kind: file, location: 'https://ex.org/a.pdf'}", "use kind: url"),
        (
            "{name: a, kind: url, location: 'https://ex.org/', schedule: '61 * * * *'}",
            "bad cron '61 \\* \\* \\* \\*': minute",
        ),
        ("{name: a, kind: url, location: 'https://ex.org/', schedule: 'daily'}", "expected 5 fields"),
        ("{name: a, kind: url, location: 'https://ex.org/', schedule: 5}", "a cron line in quotes"),
        (
            "{name: a, kind: url, location: 'https://ex.org/', options: {allow_privte: true}}",
            "unknown key 'allow_privte' \\(did you mean 'allow_private'\\?\\)",
        ),
        (
            "{name: a, kind: url, location: 'https://ex.org/', options: {allow_private: 'yes please'}}",
            "true or false",
        ),
        ("{name: a, kind: url, location: 'https://ex.org/', options: {timeout: 0}}", "seconds above 0"),
        ("{name: a, kind: url, location: 'https://ex.org/', options: {max_items: 2.5}}", "whole number"),
        ("{name: a, kind: folder, location: x, options: {timeout: 3}}", "options apply to web sources only"),
        ("{name: a, kind: url, location: 'https://ex.org/', when: daily}", "unknown key 'when'"),
    ],
)
def test_mistakes_are_reported_with_the_source_and_the_reason(tmp_path, entry, message):
    with pytest.raises(SourceConfigError, match=message):
        load_sources(write(tmp_path, f"sources:\n  - {entry}\n"))


def test_file_level_mistakes(tmp_path):
    with pytest.raises(SourceConfigError, match="at least one source"):
        load_sources(write(tmp_path, "sources: []\n"))
    with pytest.raises(SourceConfigError, match="not valid YAML"):
        load_sources(write(tmp_path, "sources: [\n"))
    with pytest.raises(SourceConfigError, match="named 'a'"):
        load_sources(
            write(
                tmp_path,
                "sources:\n  - {name: a, kind: folder, location: x}\n"
                "  - {name: a, kind: folder, location: y}\n",
            )
        )
    with pytest.raises(SourceConfigError, match="cannot read"):
        load_sources(tmp_path / "missing.yaml")


GOOD_CRON = [
    "30 2 * * *",
    "*/5 * * * *",
    "0 9-17/2 * * mon-fri",
    "0 0 1,15 jan,jul *",
    "0 0 * * 7",
    "@daily",
    "5/10 * * * *",
    "0 22-2 * * *",
]  # a range that wraps around midnight
BAD_CRON = [
    "60 * * * *",
    "* 24 * * *",
    "* * 0 * *",
    "* * * 13 *",
    "* * * * 8",
    "*/0 * * * *",
    "* * * *",
    "a b c d e",
    "@fortnightly",
]


def test_cron_lines():
    assert [line for line in GOOD_CRON if cron_problem(line)] == []
    assert [line for line in BAD_CRON if not cron_problem(line)] == []


def test_our_cron_check_agrees_with_prefects_schedules():
    """What sources.yaml accepts, a Prefect deployment schedule accepts too, and the reverse."""
    schedules = pytest.importorskip("prefect.client.schemas.schedules")
    for line in GOOD_CRON:
        schedules.CronSchedule(cron=line)
    for line in BAD_CRON:
        with pytest.raises(ValueError):
            schedules.CronSchedule(cron=line)


def test_interval_schedules():
    assert [interval_seconds(x) for x in ("every 30s", "every 15 minutes", "every 2 h", "Every 1 hour")] == [
        30,
        900,
        7200,
        3600,
    ]
    assert [interval_seconds(x) for x in ("every 0s", "every minute", "every 5 days", "30s")] == [None] * 4


def test_an_interval_is_a_schedule_like_a_cron_line(tmp_path):
    path = write(
        tmp_path,
        """
        schedule: "30 2 * * *"
        sources:
          - {name: inbox, kind: folder, location: ., schedule: "every  15 Minutes"}
          - {name: nightly, kind: folder, location: .}
        """,
    )
    assert [s.schedule for s in load_sources(path)] == ["every 15 minutes", "30 2 * * *"]


def test_a_bad_interval_names_the_source(tmp_path):
    path = write(
        tmp_path, "sources:\n  - {name: inbox, kind: folder, location: ., schedule: every fortnight}\n"
    )
    with pytest.raises(
        SourceConfigError, match=r"sources\[0\] \(inbox\): schedule: bad interval 'every fortnight'"
    ):
        load_sources(path)


def test_a_webhook_to_notify_when_a_run_fails(tmp_path):
    path = write(
        tmp_path,
        """
        notify: {webhook: "http://127.0.0.1:9000/hooks/dossier"}
        sources:
          - {name: inbox, kind: folder, location: .}
        """,
    )
    assert load_notify(path) == Notify("http://127.0.0.1:9000/hooks/dossier", ("failed",))
    assert [s.name for s in load_sources(path)] == ["inbox"]
    both = write(
        tmp_path,
        "notify: {webhook: 'https://chat.example.org/h', when: [failed, partial]}\n"
        "sources:\n  - {name: inbox, kind: folder, location: .}\n",
    )
    assert load_notify(both).when == ("failed", "partial")
    assert load_notify(REPO / "sources.yaml") is None


def test_a_bad_notify_block_stops_the_file_with_its_reason(tmp_path):
    for block, reason in (
        ("{webhook: 'ftp://x.example/h'}", r"webhook must be an http\(s\) URL"),
        ("{webhook: 'http://x.example/h', when: always}", "when must be failed, partial or both"),
        ("{hook: 'http://x.example/h'}", "did you mean 'webhook'"),
    ):
        path = write(tmp_path, f"notify: {block}\nsources:\n  - {{name: a, kind: folder, location: .}}\n")
        with pytest.raises(SourceConfigError, match=reason):
            load_sources(path)


def test_the_webhook_is_read_even_when_a_source_is_broken(tmp_path):
    # The run that fails because of the broken source is exactly the one to notify about.
    path = write(
        tmp_path, "notify: {webhook: 'http://127.0.0.1:9/h'}\nsources:\n  - {name: a, kind: fodler}\n"
    )
    with pytest.raises(SourceConfigError, match="unknown kind"):
        load_sources(path)
    assert load_notify(path).webhook == "http://127.0.0.1:9/h"
