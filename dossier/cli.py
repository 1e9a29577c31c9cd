"""The ``dossier`` command: a thin layer over the flow, the warehouse and the evaluation."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dossier.formatting import render
from dossier.settings import Settings

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dossier", description="Documents in, dated events, actors and quotations out.")
    sub = parser.add_subparsers(dest="command")
    db_help = "warehouse file (default: $DOSSIER_DB or ./dossier.duckdb in the project)"

    p = sub.add_parser("ingest", help="read, archive, extract and load sources (files, folders, URLs)")
    p.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--db", help=db_help)
    p.set_defaults(run=_ingest)

    p = sub.add_parser("sql", help="run read-only SQL against the warehouse")
    p.add_argument("query")
    p.add_argument("--db", help=db_help)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(run=_sql)

    p = sub.add_parser("eval", help="score the warehouse against a gold file (shared/gold/FORMAT.md)")
    p.add_argument("gold", type=Path)
    p.add_argument("--db", help=db_help)
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.add_argument("--verbose", action="store_true", help="list misses and false positives")
    p.set_defaults(run=_eval)
    return parser


def _db(args) -> Path:
    return Path(args.db) if args.db else Settings.from_env().db_path


def _ingest(args) -> int:
    import logging

    from flows.ingest import ingest_flow  # imports Prefect: only for this command
    from warehouse import db, queries

    # Failed sources are listed below and kept in ingest_errors (and in Prefect's
    # own run history); Prefect's per-task error lines would only repeat them.
    logging.getLogger("prefect.task_runs").setLevel(logging.CRITICAL)

    path = _db(args)
    summary = ingest_flow(list(args.sources), str(path))
    print(f"sources: {summary.seen} seen, {len(summary.loaded)} loaded ({summary.documents} documents), "
          f"{len(summary.unchanged)} unchanged, {len(summary.failures)} failed")
    for failure in summary.failures:
        print(f"  FAILED {failure.source_uri} [{failure.stage}] {failure.error}")
    with db.connect(path, read_only=True) as con:
        counts = queries.table_counts(con)
        print(f"\nwarehouse {path}")
        print(render(["table", "rows"], list(counts.items())))
        for title, (cols, rows) in (("example events", queries.example_events(con)),
                                    ("example quotes", queries.example_quotes(con))):
            if rows:
                print(f"\n{title}:\n{render(cols, rows, max_width=70)}")
    return EXIT_PARTIAL if summary.failures else EXIT_OK


def _sql(args) -> int:
    from warehouse import db, queries

    try:
        con = db.connect(_db(args), read_only=True)
    except FileNotFoundError as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with con:
        try:
            columns, rows = queries.run(con, args.query)
        except Exception as exc:  # a bad query is the user's input: say why, no traceback
            print(f"dossier: {type(exc).__name__}: {exc}", file=sys.stderr)
            return EXIT_USAGE
    print(render(columns, rows, args.format))
    return EXIT_OK


def _eval(args) -> int:
    from dossier.evaluation import evaluate, render_table
    from warehouse import db
    from warehouse.eval_inputs import load_predictions

    gold = json.loads(args.gold.read_text("utf-8"))
    try:
        con = db.connect(_db(args), read_only=True)
    except FileNotFoundError as exc:
        print(f"dossier: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with con:
        report = evaluate(gold, load_predictions(con))
    print(json.dumps(report, ensure_ascii=False, indent=2, default=str) if args.json
          else render_table(report, verbose=args.verbose))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
