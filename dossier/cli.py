"""The ``dossier`` command: a thin layer over the flow, the warehouse and the evaluation."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
from pathlib import Path

from core.settings import Settings
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
    try:
        return args.run(args)
    except KeyboardInterrupt:  # Ctrl-C in a command without its own handling (sql, report, ...)
        print("dossier: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT


_QUIET_HELP = "no progress (by default a live line per stage on a terminal, else a line every $DOSSIER_PROGRESS_EVERY seconds)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier", description="Documents in, dated events, actors and quotations out."
    )
    sub = parser.add_subparsers(dest="command")
    # The options several commands share, defined once.
    warehouse = argparse.ArgumentParser(add_help=False)
    warehouse.add_argument(
        "--db", help="warehouse file (default: $DOSSIER_DB or ./dossier.duckdb in the project)"
    )

    p = sub.add_parser(
        "ingest", parents=[warehouse], help="read, archive, extract and load sources (files, folders, URLs)"
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

    p = sub.add_parser("sql", parents=[warehouse], help="run read-only SQL against the warehouse")
    p.add_argument("query")
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


def _usage(message: str) -> int:
    """Say what was wrong with the command line (no traceback) and give the usage exit status."""
    print(message, file=sys.stderr)
    return EXIT_USAGE


def _db(args) -> Path:
    return Path(args.db) if args.db else Settings.from_env().db_path


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
    serve.serve(str(Path(args.sources_file).resolve()), str(_db(args).resolve()))
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


def _refuse_to_write(path: Path) -> int | None:
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


def _run_flows(runs, path: Path) -> int:
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
    """One run's counts and failures; True when a source failed."""
    print(
        f"sources: {summary.seen} seen, {len(summary.loaded)} loaded ({summary.documents} documents), "
        f"{len(summary.unchanged)} unchanged, {len(summary.failures)} failed"
    )
    for failure in summary.failures:
        print(f"  FAILED {failure.source_uri} [{failure.stage}] {failure.error}")
    for uri, note in getattr(summary, "notes", []):
        print(f"  note: {uri}: {note}")
    return bool(summary.failures)


def _read_only(args):
    """A read-only connection to the published warehouse, or None (said why) when there is none."""
    from warehouse import db, publish

    try:
        publish.check_readable(_db(args))
        return db.connect(_db(args), read_only=True)
    except (FileNotFoundError, publish.WarehouseUnreadable) as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return None


def _sql(args) -> int:
    from warehouse import queries, search

    con = _read_only(args)
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
    if not path.exists():
        print(f"dossier: no warehouse at {path}: run `dossier ingest` first", file=sys.stderr)
        return EXIT_USAGE
    fmt = args.format or ("csv" if args.query else "duckdb")
    if Path(args.out).resolve() == path.resolve():
        print("dossier export: OUT is the warehouse itself", file=sys.stderr)
        return EXIT_USAGE
    try:
        print(queries.export(str(path), args.out, fmt, args.query))
    except (queries.ExportFailed, ValueError) as exc:
        print(f"dossier export: {exc}", file=sys.stderr)
        return EXIT_USAGE
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
    try:
        data = report.collect(_db(args), args.actor, since)
    except FileNotFoundError as exc:
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
