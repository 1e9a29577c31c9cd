"""The ``dossier`` command: a thin layer over the flow, the warehouse and the evaluation."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
from collections import Counter
from pathlib import Path

from core.settings import Settings, warehouse_location
from dossier.formatting import render

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2
#: Another run writes the warehouse (refused like a usage error) / the path holds no DuckDB database.
EXIT_BUSY, EXIT_UNREADABLE = EXIT_USAGE, 3


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    from core.errors import ConfigError
    from core.settings import Settings

    try:
        Settings.from_env()  # a DOSSIER_* variable that cannot be read: one line, before anything starts
    except ConfigError as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except KeyboardInterrupt:  # Ctrl-C in a command without its own handling (sql, report, ...)
        print("dossier: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT


# Extraction's runner is configuration, not an option (a scheduled run reads the same environment).
_RUNNER_EPILOG = (
    "extraction runs on $DOSSIER_TASK_RUNNER: auto (default: a process pool from "
    "$DOSSIER_PROCESS_THRESHOLD sources on), process, thread, or dask (a local Dask cluster of "
    "$DOSSIER_WORKERS processes, or the cluster at $DOSSIER_DASK_ADDRESS)"
)
_QUIET_HELP = "no progress (by default a live line per stage on a terminal, else a line every $DOSSIER_PROGRESS_EVERY seconds)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier", description="Documents in, dated events, actors and quotations out."
    )
    sub = parser.add_subparsers(dest="command")
    # The options several commands share, defined once.
    warehouse = argparse.ArgumentParser(add_help=False)
    warehouse.add_argument(
        "--db",
        help="warehouse: a DuckDB file, a DuckLake folder (NAME.ducklake) or ducklake:CATALOG[;data_path=URL] "
        "(default: $DOSSIER_DB or ./dossier.duckdb in the project)",
    )

    p = sub.add_parser(
        "ingest",
        parents=[warehouse],
        help="read, archive, extract and load sources (files, folders, URLs)",
        epilog=_RUNNER_EPILOG,
    )
    p.add_argument("sources", nargs="*", metavar="PATH_OR_URL")
    p.add_argument(
        "--sources",
        dest="sources_file",
        metavar="SOURCES.yaml",
        help="ingest the sources listed in this file (see sources.yaml) instead of, or as well as, paths",
    )
    p.add_argument(
        "--only", action="append", metavar="NAME", help="with --sources: only this source (repeatable)"
    )
    p.add_argument("--quiet", action="store_true", help=_QUIET_HELP)
    p.set_defaults(run=_ingest)

    p = sub.add_parser(
        "reextract",
        parents=[warehouse],
        help="rebuild rows from the raw archive where the extractors changed",
        epilog=_RUNNER_EPILOG,
    )
    p.add_argument("--all", action="store_true", dest="everything", help="every source, not only stale ones")
    p.add_argument("--quiet", action="store_true", help=_QUIET_HELP)
    p.set_defaults(run=_reextract)

    p = sub.add_parser(
        "schedule",
        parents=[warehouse],
        help="serve scheduled ingests of sources.yaml (on `dossier server`, started if needed)",
    )
    p.add_argument("--sources", dest="sources_file", default="sources.yaml", metavar="SOURCES.yaml")
    p.set_defaults(run=_schedule)

    p = sub.add_parser("server", help="keep a local Prefect server running so other commands start faster")
    p.add_argument("action", nargs="?", choices=("start", "stop", "status"), default="start")
    p.add_argument("--port", type=int, help="port on 127.0.0.1 (default: $DOSSIER_PREFECT_PORT or 4290)")
    p.add_argument("--ui", action="store_true", help="also serve the Prefect UI")
    p.add_argument(
        "--background", action="store_true", help="return once the server is up (stop: dossier server stop)"
    )
    p.set_defaults(run=_server)

    p = sub.add_parser(
        "runs",
        parents=[warehouse],
        help="recent runs: scheduled or by hand, their status, failed sources, duration, why",
    )
    p.add_argument("--limit", type=int, default=20, metavar="N", help="how many, newest first (default 20)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(run=_runs)

    p = sub.add_parser(
        "search",
        parents=[warehouse],
        help="full-text search (BM25) of documents, quotations or events, with context",
    )
    p.add_argument("query", metavar="QUERY")
    p.add_argument(
        "--in",
        dest="in_",
        choices=("documents", "quotes", "events"),
        default="quotes",
        help="what to search (default: quotes)",
    )
    p.add_argument(
        "--actor", metavar="NAME", help="only hits naming this actor (speaker, participant, mentioned)"
    )
    p.add_argument(
        "--since", metavar="DATE", help="only hits dated from this day on (2020, 2020-06 or 2020-06-15)"
    )
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(run=_search)

    _correct_parser(sub, warehouse)

    p = sub.add_parser("sql", parents=[warehouse], help="run read-only SQL against the warehouse")
    p.add_argument("query")
    p.add_argument(
        "--at",
        metavar="RUN_ID",
        help="a DuckLake warehouse as this run left it (run_id in `runs`, or its first characters)",
    )
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(run=_sql)

    p = sub.add_parser(
        "export", parents=[warehouse], help="write the warehouse, or a query's result, to files"
    )
    p.add_argument(
        "out", metavar="OUT", help="file (duckdb, csv, json, parquet of a query) or folder (parquet)"
    )
    p.add_argument(
        "--format",
        choices=("duckdb", "parquet", "csv", "json"),
        default=None,
        help="default: duckdb for the whole warehouse, csv for --query",
    )
    p.add_argument("--query", metavar="SQL", help="export this query's result instead of the whole warehouse")
    p.set_defaults(run=_export)

    p = sub.add_parser(
        "maintain",
        parents=[warehouse],
        help="DuckLake upkeep: merge small files, expire old snapshots, delete unused files",
    )
    p.add_argument(
        "--keep-days",
        type=float,
        metavar="DAYS",
        help="keep snapshots this recent (default: $DOSSIER_SNAPSHOT_RETENTION_DAYS or 30)",
    )
    p.set_defaults(run=_maintain)

    p = sub.add_parser(
        "eval", parents=[warehouse], help="score the warehouse against a gold file (shared/gold/FORMAT.md)"
    )
    p.add_argument("gold", type=Path)
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.add_argument("--verbose", action="store_true", help="list misses and false positives")
    p.set_defaults(run=_eval)

    p = sub.add_parser(
        "report", parents=[warehouse], help="write an analyst report: timeline, who said what, actor network"
    )
    p.add_argument("--actor", metavar="NAME", help="only this actor's events, quotations and network")
    p.add_argument("--since", metavar="DATE", help="only from this date on (2020, 2020-06 or 2020-06-15)")
    p.add_argument(
        "--out", type=Path, metavar="FILE", help="where to write it (default: dossier-report.html or .md)"
    )
    p.add_argument(
        "--format", choices=("html", "md"), default="html", help="one self-contained HTML page, or Markdown"
    )
    p.set_defaults(run=_report)
    return parser


def _correct_parser(sub, warehouse: argparse.ArgumentParser) -> None:
    """``dossier correct ...``: one subcommand per kind of correction, plus list and remove."""
    correct = sub.add_parser(
        "correct",
        help="correct actors, speakers, events and quotations; kept and applied again after every run",
    )
    correct.set_defaults(run=lambda args: _usage(correct.format_usage().strip()))
    kinds = correct.add_subparsers(dest="correct_command", metavar="CORRECTION")
    author = argparse.ArgumentParser(add_help=False)
    author.add_argument("--by", metavar="WHO", help="who makes the correction (default: $USER)")
    author.add_argument("--why", metavar="TEXT", help="why, in a few words, for whoever reads it later")
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--doc", metavar="DOC", help="the document: a document_id, a source_uri or a file name"
    )
    spans = where.add_mutually_exclusive_group()
    spans.add_argument("--span", type=_span, metavar="START:END", help="its offsets in documents.text")
    spans.add_argument("--text", metavar="WORDS", help="words it contains (a mention: its words exactly)")
    both = [warehouse, author]
    actor_kind = dict(choices=("person", "organization", "country", "location", "other"))

    p = kinds.add_parser(
        "merge-actors", parents=both, help="ACTOR and INTO are one actor: ACTOR's rows go to INTO"
    )
    p.add_argument("actor", metavar="ACTOR", help="name, alias or actor_id")
    p.add_argument("into", metavar="INTO", help="the actor that stays: name, alias or actor_id")
    p.set_defaults(run=_correct, correction="merge-actors")

    p = kinds.add_parser(
        "split-actor",
        parents=[*both, where],
        help="a mention (or every mention of words) belongs to another actor",
    )
    p.add_argument("--into", required=True, metavar="NAME", help="the actor it belongs to (created if none)")
    p.add_argument("--kind", **actor_kind, help="kind of actor NAME is, if it has to be created")
    p.set_defaults(run=_correct, correction="split-actor")

    p = kinds.add_parser("rename-actor", parents=both, help="give an actor another canonical name")
    p.add_argument("actor", metavar="ACTOR", help="name, alias or actor_id")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(run=_correct, correction="rename-actor")

    for name, helped in (
        ("set-speaker", "say who said a quotation"),
        ("clear-speaker", "a quotation's speaker is wrong and unknown"),
    ):
        p = kinds.add_parser(name, parents=[*both, where], help=helped)
        p.add_argument("item", nargs="?", metavar="QUOTE_ID", help="or --doc with --span or --text")
        if name == "set-speaker":
            p.add_argument(
                "--speaker", required=True, metavar="NAME", help="an actor's name (created if none)"
            )
            p.add_argument("--kind", **actor_kind, help="kind of actor NAME is, if it has to be created")
        p.set_defaults(run=_correct, correction=name)

    p = kinds.add_parser("reject", parents=[*both, where], help="an event or a quotation is not one")
    p.add_argument("what", choices=("event", "quote"))
    p.add_argument(
        "item", nargs="?", metavar="ID", help="its event_id or quote_id, or --doc with --span or --text"
    )
    p.set_defaults(run=_correct, correction="reject")

    p = kinds.add_parser("list", parents=[warehouse], help="every correction, its status and the last check")
    p.add_argument("--status", choices=("applied", "evidence-missing", "failed"))
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(run=_correct_list)

    p = kinds.add_parser(
        "remove", parents=[warehouse], help="delete a correction (undone by the next reextract)"
    )
    p.add_argument("correction_id", type=int, metavar="ID")
    p.set_defaults(run=_correct_remove)


def _span(text: str) -> tuple[int, int]:
    """``START:END`` offsets, as the views give char_start and char_end."""
    try:
        start, end = (int(part) for part in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not START:END") from None
    if not 0 <= start < end:
        raise argparse.ArgumentTypeError(f"{text!r}: START must be below END")
    return start, end


def _usage(message: str) -> int:
    """Say what was wrong with the command line (no traceback) and give the usage exit status."""
    print(message, file=sys.stderr)
    return EXIT_USAGE


def _db(args) -> Path | str:
    return warehouse_location(args.db) if args.db else Settings.from_env().db_path


def _absolute(location: Path | str) -> Path | str:
    """A file or folder made absolute (a deployment runs elsewhere); a ``ducklake:`` location as it is."""
    return location if isinstance(location, str) else location.resolve()


def _exists(location: Path | str) -> bool:
    from warehouse import lake

    return lake.parse(location).exists() if lake.is_lake(location) else Path(location).exists()


def _ingest(args) -> int:
    if not args.sources and not args.sources_file:
        return _usage("dossier ingest: give paths or URLs, or --sources FILE")
    if args.only and not args.sources_file:
        return _usage("dossier ingest: --only needs --sources FILE")
    _quiet_task_failures()
    _progress(args)
    path = _db(args)
    refused = _refuse_to_write(path)
    if refused is not None:
        return refused
    with _interruptible(), _prefect_api():
        from flows import ingest  # imports Prefect: only for the commands that run flows

        runs = []
        if args.sources:
            runs.append(lambda: ingest.ingest_flow(list(args.sources), str(path)))
        if args.sources_file:
            runs.append(lambda: ingest.ingest_sources_flow(args.sources_file, args.only, str(path)))
        return _run_flows(runs, path)


def _reextract(args) -> int:
    _quiet_task_failures()
    _progress(args)
    path = _db(args)
    refused = _refuse_to_write(path)
    if refused is not None:
        return refused
    with _interruptible(), _prefect_api():
        from flows import ingest

        return _run_flows([lambda: ingest.reextract_flow(str(path), args.everything)], path)


def _server(args) -> int:
    import os

    from flows import prefect_env, prefect_server

    settings = Settings.from_env()
    home = settings.prefect_home
    if args.action == "status":
        running, line = prefect_server.status(home)
        print(line)
        return EXIT_OK if running else EXIT_PARTIAL
    if args.action == "stop":
        print("stopped" if prefect_server.stop(home) else "no dossier Prefect server was running")
        return EXIT_OK
    os.environ["DOSSIER_PREFECT_SERVER"] = "off"  # the server's own settings must not point at a server
    prefect_env.configure(settings)
    port = args.port or settings.prefect_port
    return prefect_server.start(home, port=port, ui=args.ui, background=args.background)


def _schedule(args) -> int:
    """Serve the deployments against a Prefect API that schedules runs, never a temporary one."""
    from acquire.source_config import SourceConfigError, load_sources
    from flows import serve  # no Prefect import yet: it must first see the API chosen below

    try:
        load_sources(args.sources_file)  # a mistake in the file stops here, before any server starts
    except SourceConfigError as exc:
        return _usage(f"dossier: {exc}")
    try:
        api_url = serve.scheduling_api()
    except serve.NoPrefectApi as exc:
        return _usage(f"dossier schedule: {exc}")
    print(f"Prefect API: {api_url}")
    serve.serve(str(Path(args.sources_file).resolve()), str(_absolute(_db(args))))
    return EXIT_OK


def _runs(args) -> int:
    """The latest rows of ``runs``, with the failed runs still waiting beside a busy warehouse."""
    from warehouse import publish, runs

    path = _db(args)
    try:
        rows = runs.recent(path, max(args.limit, 1))
    except publish.WarehouseUnreadable as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if not rows:
        print(f"no runs recorded for {path}")
        return EXIT_OK
    header = ["started (UTC)", "flow", "deployment", "status", "failed", "seconds", "failure"]
    if args.format == "table":  # "by hand" rather than NULL; nothing where nothing is known
        rows = [(r[0], r[1], r[2] or "by hand", r[3], *("" if v is None else v for v in r[4:])) for r in rows]
    print(render(header, rows, args.format, max_width=300))  # the failure line whole: it is at most 300
    return EXIT_OK


def _quiet_task_failures() -> None:
    """Failed sources are listed by the CLI and kept in ingest_errors (and in Prefect's run
    history); Prefect's per-task error lines, in this process and in worker processes (which
    inherit the environment), would only repeat them."""
    import os

    os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL", "CRITICAL")


def _progress(args) -> None:
    """``--quiet``: no progress display (flows/progress.py reads DOSSIER_PROGRESS; its default is auto)."""
    import os

    if args.quiet:
        os.environ["DOSSIER_PROGRESS"] = "off"


def _refuse_to_write(path: Path | str) -> int | None:
    """The exit status when this run must not start (another writer, a file that is no warehouse), else None."""
    from warehouse import publish

    try:
        publish.check_writable(path)
    except publish.WarehouseBusy as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except publish.WarehouseUnreadable as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return None


def _run_flows(runs, path: Path | str) -> int:
    """Run the flows, print what each did and what the warehouse now holds; exit 1 if a source failed."""
    from acquire.source_config import SourceConfigError
    from warehouse import db, queries
    from warehouse.publish import WarehouseBusy, WarehouseUnreadable

    failed = False
    for run in runs:
        try:
            summary = run()
        except SourceConfigError as exc:
            return _usage(f"dossier: {exc}")
        except WarehouseBusy as exc:
            print(f"dossier: {exc}", file=sys.stderr)
            return EXIT_BUSY
        except WarehouseUnreadable as exc:
            print(f"dossier: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        failed = _print_summary(summary) or failed
    with db.connect(path, read_only=True) as con:
        counts = queries.table_counts(con)
        print(f"\nwarehouse {path}")
        print(render(["table", "rows"], list(counts.items())))
        for title, (cols, rows) in (
            ("example events", queries.example_events(con)),
            ("example quotes", queries.example_quotes(con)),
        ):
            if rows:
                print(f"\n{title}:\n{render(cols, rows, max_width=70)}")
    return EXIT_PARTIAL if failed else EXIT_OK


@contextlib.contextmanager
def _prefect_api():
    """The Prefect API the flows report to: the configured one, or a temporary server that dies with us.

    ``configure()`` sets ``PREFECT_API_URL`` if the user gave one or ``dossier
    server`` answers; otherwise this command starts its own temporary server
    rather than let Prefect start one, because this one asks to die with this
    process (``flows.lifeline``), as the extraction workers do: a killed run
    leaves nothing running. The address goes into the environment before
    Prefect is first imported, since Prefect's background threads (logs,
    events) read it from there and would otherwise start a server of their own.
    """
    import os

    from flows import prefect_env, prefect_server

    prefect_env.configure()
    if os.environ.get("PREFECT_API_URL") or _prefect_has_api():
        yield
        return
    with prefect_server.temporary(Settings.from_env().prefect_home) as url:
        os.environ["PREFECT_API_URL"] = url
        try:
            with _prefect_settings(url):
                yield
        finally:
            _drain_prefect()  # its last logs and events go out while the server still answers
            os.environ.pop("PREFECT_API_URL", None)


def _interruptible():
    """SIGTERM and Ctrl-C stop a writing command at once, in one line, with status 128 + the signal.

    "dossier: interrupted"; the temporary Prefect server and the workers
    ended; the staging copy removed, the published warehouse untouched
    (``flows.lifeline.interruptible``). Only the commands install this: the
    Python API runs in a notebook's process, which a signal must not end.
    """
    from flows import lifeline
    from warehouse import publish

    return lifeline.interruptible(publish.abandon)


def _drain_prefect() -> None:
    """Send Prefect's queued logs and events now, not at interpreter exit (after the server has gone)."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):
            worker.drain_all(timeout=10)


def _prefect_has_api() -> bool:
    """True when an already imported Prefect has an API URL in its settings (a test harness, a profile)."""
    if "prefect" not in sys.modules:
        return False
    from prefect.settings import PREFECT_API_URL

    return bool(PREFECT_API_URL.value())


@contextlib.contextmanager
def _prefect_settings(url: str):
    """Point an already imported Prefect at ``url`` too (a second command in one process, as in tests)."""
    if "prefect" not in sys.modules:
        yield
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield


def _print_summary(summary) -> bool:
    """One run's counts and failures, and the corrections it could not apply; True when a source failed."""
    print(
        f"sources: {summary.seen} seen, {len(summary.loaded)} loaded ({summary.documents} documents), "
        f"{len(summary.unchanged)} unchanged, {len(summary.failures)} failed"
    )
    for failure in summary.failures:
        print(f"  FAILED {failure.source_uri} [{failure.stage}] {failure.error}")
    for uri, note in getattr(summary, "notes", []):
        print(f"  note: {uri}: {note}")
    applied = getattr(summary, "corrections", [])
    if applied:
        counts = Counter(o.status for o in applied)
        print("corrections: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
        for outcome in applied:
            if outcome.status != "applied":
                print(f"  {outcome.line()}")
    return bool(summary.failures)


def _correct(args) -> int:
    """Record one correction and apply it (with every other) to the published warehouse, as a run would."""
    import getpass
    import os

    from warehouse import corrections, publish

    kind = f"reject-{args.what}" if args.correction == "reject" else args.correction
    request = corrections.Request(
        kind=kind,
        made_by=args.by or os.environ.get("USER") or getpass.getuser(),
        reason=args.why,
        item_id=getattr(args, "item", None),
        actor=getattr(args, "actor", None),
        into_actor=args.into if kind == "merge-actors" else None,
        doc=getattr(args, "doc", None),
        span=getattr(args, "span", None),
        text=getattr(args, "text", None),
        name=args.into
        if kind == "split-actor"
        else getattr(args, "speaker", None) or getattr(args, "name", None),
        actor_kind=getattr(args, "kind", None),
    )
    try:
        new_id, outcomes = corrections.record(_db(args), request)
    except corrections.CorrectionRefused as exc:
        return _usage(f"dossier correct: {exc}")
    except publish.WarehouseBusy as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except publish.WarehouseUnreadable as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    (new,) = [o for o in outcomes if o.correction_id == new_id]
    print(new.line())
    missing = [o for o in outcomes if o.status != "applied" and o.correction_id != new_id]
    if missing:
        print(
            f"{len(missing)} other correction(s) not applied: dossier correct list --status evidence-missing"
        )
    return EXIT_OK if new.status == "applied" else EXIT_PARTIAL


def _correct_list(args) -> int:
    from warehouse import corrections, publish

    try:
        publish.check_readable(_db(args))
        rows = corrections.listing(_db(args), args.status)
    except (FileNotFoundError, publish.WarehouseUnreadable) as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_USAGE
    columns = list(corrections.LIST_COLUMNS)
    if args.format == "table":  # the columns that fit a terminal; csv and json carry them all
        shown = (
            "correction_id",
            "kind",
            "status",
            "made_by",
            "made_at",
            "reason",
            "evidence_text",
            "new_name",
            "status_note",
        )
        rows = [tuple(r[columns.index(c)] for c in shown) for r in rows]
        columns = list(shown)
    print(render(columns, rows, args.format, max_width=50))
    return EXIT_OK


def _correct_remove(args) -> int:
    from warehouse import corrections, publish

    try:
        print(corrections.remove(_db(args), args.correction_id))
    except corrections.CorrectionRefused as exc:
        return _usage(f"dossier correct: {exc}")
    except publish.WarehouseBusy as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_BUSY
    return EXIT_OK


def _read_only(args, snapshot: int | None = None):
    """A read-only connection to the published warehouse, or None (said why) when there is none."""
    from warehouse import db, publish

    try:
        publish.check_readable(_db(args))
        return db.connect(_db(args), read_only=True, snapshot=snapshot)
    except (FileNotFoundError, ValueError, publish.WarehouseUnreadable) as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return None


def _snapshot_at(args) -> tuple[int | None, str | None]:
    """(snapshot, None) of the run ``--at`` names, or (None, why not)."""
    from warehouse import lake, runs

    if not lake.is_lake(_db(args)):
        return (
            None,
            f"--at needs a DuckLake warehouse; {_db(args)} is a single DuckDB file (it keeps no snapshots)",
        )
    con = _read_only(args)
    if con is None:
        return None, "no warehouse to read"
    with con:
        try:
            return runs.snapshot_of(con, args.at), None
        except ValueError as exc:
            return None, str(exc)


def _sql(args) -> int:
    from warehouse import queries, search

    snapshot = None
    if args.at:
        snapshot, why = _snapshot_at(args)
        if snapshot is None:
            return _usage(f"dossier sql: {why}")
    con = _read_only(args, snapshot)
    if con is None:
        return EXIT_USAGE
    with contextlib.suppress(search.SearchUnavailable):
        search.load_fts(con)  # for the search_* macros: a locked-down connection loads nothing
    with queries.lock_down(con):
        try:
            columns, rows = queries.run_read_only(con, args.query)
        except queries.Refused as exc:
            print(f"dossier sql: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except Exception as exc:  # a bad query is the user's input: say why, no traceback
            return _usage(f"dossier: {type(exc).__name__}: {exc}")
    print(render(columns, rows, args.format))
    return EXIT_OK


#: What a search hit shows in a terminal table; csv and json carry every column.
_SEARCH_TABLE = ("score", "date", "actors", "title", "page", "char_start", "char_end", "context")


def _search(args) -> int:
    from dossier.report import parse_since
    from warehouse import search

    try:
        since = parse_since(args.since) if args.since else None
    except ValueError:
        print(
            f"dossier search: --since {args.since!r} is not a date (2020, 2020-06 or 2020-06-15)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    con = _read_only(args)
    if con is None:
        return EXIT_USAGE
    with con:
        try:
            hits = search.search(search.load_fts(con), args.query, args.in_, args.actor, since, args.limit)
        except search.SearchUnavailable as exc:
            print(f"dossier search: {exc}", file=sys.stderr)
            return EXIT_USAGE
    if args.format == "table":
        rows = [
            (
                round(h.score, 3),
                h.date,
                "; ".join(h.actors[:3]),
                h.title,
                h.page,
                h.char_start,
                h.char_end,
                h.context,
            )
            for h in hits
        ]
        print(render(list(_SEARCH_TABLE), rows, max_width=100))
    else:
        print(render(list(search.Hit.COLUMNS), [h.row() for h in hits], args.format))
    return EXIT_OK


def _export(args) -> int:
    from warehouse import queries

    path = _db(args)
    if not _exists(path):
        print(f"dossier: no warehouse at {path}: run `dossier ingest` first", file=sys.stderr)
        return EXIT_USAGE
    fmt = args.format or ("csv" if args.query else "duckdb")
    if Path(args.out).resolve() == _absolute(path):
        print("dossier export: OUT is the warehouse itself", file=sys.stderr)
        return EXIT_USAGE
    try:
        print(queries.export(str(path), args.out, fmt, args.query))
    except (queries.ExportFailed, ValueError) as exc:
        print(f"dossier export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _maintain(args) -> int:
    """Compact, expire and clean a DuckLake now (the maintenance flow does the same on a schedule)."""
    from warehouse import lake

    path = _db(args)
    if not lake.is_lake(path):
        return _usage(f"dossier maintain: {path} is a single DuckDB file; maintenance is for a DuckLake")
    if not _exists(path):
        return _usage(f"dossier: no warehouse at {path}: run `dossier ingest` first")
    keep = args.keep_days if args.keep_days is not None else Settings.from_env().snapshot_retention_days
    print(f"{path}: {lake.maintain_location(path, keep).line()}")
    return EXIT_OK


def _eval(args) -> int:
    from dossier.evaluation import evaluate, render_table
    from warehouse.eval_inputs import load_predictions

    gold = json.loads(args.gold.read_text("utf-8"))
    con = _read_only(args)
    if con is None:
        return EXIT_USAGE
    with con:
        report = evaluate(gold, load_predictions(con))
    print(
        json.dumps(report, ensure_ascii=False, indent=2, default=str)
        if args.json
        else render_table(report, verbose=args.verbose)
    )
    return EXIT_OK


def _report(args) -> int:
    from dossier import report

    try:
        since = report.parse_since(args.since) if args.since else None
    except ValueError:
        return _usage(f"dossier report: --since {args.since!r} is not a date (2020, 2020-06 or 2020-06-15)")
    from warehouse import publish

    try:
        publish.check_readable(_db(args))  # a folder or another file: one line, as `dossier sql` says it
        data = report.collect(_db(args), args.actor, since)
    except (FileNotFoundError, publish.WarehouseUnreadable) as exc:
        return _usage(f"dossier: {exc}")
    out = report.write(data, args.out or Path(f"dossier-report.{args.format}"), args.format)
    print(
        f"wrote {out}: {len(data.events)} events, {len(data.quotes)} quotations, {len(data.pairs)} actor pairs"
    )
    if args.actor and not data.matched_actors:
        print(f"dossier report: no actor matches {args.actor!r}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
