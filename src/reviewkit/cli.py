"""``reviewkit``: the command-line front door.

It parses arguments, calls the library (or starts a Prefect flow for ``run`` and
``refresh``), and turns every ``ReviewkitError`` into one line on stderr and an
exit code. This module and ``flows/`` are the only places that read the
environment, through :class:`~reviewkit.settings.Settings`.

NCBI's disclaimer applies to PubMed data fetched with this tool:
https://www.ncbi.nlm.nih.gov/About/disclaimer.html
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewkit import __version__
from reviewkit.errors import (
    ConfigError,
    IncompleteRetrieval,
    RefreshInProgress,
    ReviewkitError,
    SourceError,
    SourceUnavailable,
    StorageError,
)
from reviewkit.report import run_line
from reviewkit.settings import Settings

if TYPE_CHECKING:
    from reviewkit.workspace import Workspace

__all__ = ["EXIT_CODES", "main"]

# Most specific first: the first matching class decides the exit code.
EXIT_CODES: tuple[tuple[type[ReviewkitError], int], ...] = (
    (ConfigError, 3),
    (SourceUnavailable, 4),
    (IncompleteRetrieval, 5),
    (RefreshInProgress, 6),
    (StorageError, 7),
    (SourceError, 8),
    (ReviewkitError, 1),
)

DISCLAIMER = (
    "PubMed data are subject to NCBI's disclaimer and copyright notice: "
    "https://www.ncbi.nlm.nih.gov/About/disclaimer.html"
)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--review",
        type=Path,
        default=argparse.SUPPRESS,
        help="the review folder (default: the folder holding review.toml, "
        "searched upwards from here)",
    )
    parser = argparse.ArgumentParser(
        prog="reviewkit",
        parents=[common],
        description="A systematic review as code.",
        epilog=DISCLAIMER,
    )
    parser.add_argument("--version", action="version", version=f"reviewkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for name, text in (
        ("run", "run the whole review pipeline once (a Prefect flow)"),
        ("refresh", "refresh the PubMed records only (a Prefect flow)"),
    ):
        cmd = sub.add_parser(name, parents=[common], help=text, description=text)
        mode = cmd.add_mutually_exclusive_group()
        mode.add_argument(
            "--offline",
            dest="mode",
            action="store_const",
            const="offline",
            help="use the bundled PubMed snapshot on a loopback server",
        )
        mode.add_argument(
            "--live",
            dest="mode",
            action="store_const",
            const="live",
            help="query PubMed (or REVIEWKIT_EUTILS_URL); default when NCBI_EMAIL is set",
        )
        cmd.add_argument(
            "--full",
            action="store_true",
            help="search the whole date range, not just changes since the last run",
        )
        cmd.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    status = sub.add_parser("status", parents=[common], help="counts and the last run")
    status.add_argument("--json", action="store_true", help="print one JSON object")

    export = sub.add_parser("export", parents=[common], help="export stored data")
    export.add_argument("what", choices=["records"])
    export.add_argument("--format", choices=["csv", "ris"], default="csv")
    export.add_argument("-o", "--output", type=Path, required=True)

    init = sub.add_parser("init", parents=[common], help="create a new review folder")
    init.add_argument("directory", type=Path)

    _add_import_parser(sub, common)
    _add_dedup_parser(sub, common)
    _add_screen_parser(sub, common)
    _add_forms_parser(sub, common)

    for name, text in (
        ("prisma", "write the PRISMA 2020 counts, diagram and PRISMA-S search log"),
        ("tables", "write the evidence tables (CSV, XLSX, DOCX, Markdown, HTML)"),
    ):
        writer = sub.add_parser(name, parents=[common], help=text)
        writer.add_argument(
            "-o", "--output", type=Path, help="folder (default: the protocol's outputs dir)"
        )

    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the review flow on the weekly schedule (needs `prefect server start`)",
    )
    serve.add_argument("--offline", action="store_true")
    return parser


_FORMATS = ("ris", "medline", "bibtex", "csv", "endnote-xml", "wos")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _add_import_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    text = "import an export from another database (RIS, MEDLINE, BibTeX, CSV, EndNote XML, WoS)"
    cmd = sub.add_parser("import", parents=[common], help=text, description=text)
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--source", required=True, help="the database searched: embase, scopus …")
    cmd.add_argument("--searched", type=_iso_date, help="the day the search ran (YYYY-MM-DD)")
    cmd.add_argument("--format", dest="fmt", choices=_FORMATS, help="default: detected")
    cmd.add_argument("--force", action="store_true", help="import a file imported before")
    # PRISMA-S items 1, 8 and 9: they go into the search log with the import.
    cmd.add_argument(
        "--platform", help="the interface searched: Ovid, Embase.com, Cochrane Library …"
    )
    strategy = cmd.add_mutually_exclusive_group()
    strategy.add_argument("--query", help="the full search strategy, exactly as run")
    strategy.add_argument(
        "--query-file",
        type=Path,
        metavar="FILE",
        help="read the search strategy from a UTF-8 text file (e.g. a multi-line Ovid strategy)",
    )
    cmd.add_argument("--limits", help="limits and filters applied (dates, languages …), or 'none'")


def _add_dedup_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    dedup = sub.add_parser("dedup", parents=[common], help="deduplicate records into studies")
    actions = dedup.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("run", parents=[common], help="run the dedup stage now")
    queue = actions.add_parser("queue", parents=[common], help="export the open maybe pairs")
    queue.add_argument("-o", "--output", type=Path, required=True, help="FILE.csv or FILE.xlsx")
    decide = actions.add_parser("decide", parents=[common], help="decide one pair")
    decide.add_argument("a")
    decide.add_argument("b")
    decide.add_argument("decision", choices=["same", "different"])
    decide.add_argument("--note")
    decide.add_argument("--by", help="who decided (default: your user name)")
    imp = actions.add_parser(
        "import-decisions", parents=[common], help="read decisions from a filled-in queue"
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--by", help="who decided, unless the file has decided_by")
    undo = actions.add_parser("undo", parents=[common], help="undo the merge of one study")
    undo.add_argument("cluster_id")
    undo.add_argument("--note")
    undo.add_argument("--by")
    file = actions.add_parser(
        "file", parents=[common], help="deduplicate one file, with no review database"
    )
    file.add_argument("input", type=Path)
    file.add_argument("-o", "--output", type=Path, required=True)
    file.add_argument("--source", default="file", help="source name in record ids")
    file.add_argument("--format", dest="fmt", choices=_FORMATS)


_STAGES = ("title-abstract", "full-text")


def _add_screen_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    screen = sub.add_parser(
        "screen", parents=[common], help="screen studies with two reviewers (XLSX sheets)"
    )
    actions = screen.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export", parents=[common], help="write a reviewer's blinded sheet of studies to screen"
    )
    export.add_argument("--stage", choices=_STAGES, required=True)
    export.add_argument("--reviewer", required=True, help="one of review.toml [screening]")
    export.add_argument("-o", "--output", type=Path, required=True, help="FILE.xlsx")
    imp = actions.add_parser("import", parents=[common], help="check and store a filled sheet")
    imp.add_argument("file", type=Path)
    imp.add_argument("--revise", action="store_true", help="allow changing final decisions")
    imp.add_argument("--stage", choices=_STAGES, help="refuse a sheet of another stage")
    imp.add_argument("--reviewer", help="refuse a sheet of another reviewer")
    conflicts = actions.add_parser(
        "conflicts", parents=[common], help="write the resolution sheet of a stage's conflicts"
    )
    conflicts.add_argument("--stage", choices=_STAGES, required=True)
    conflicts.add_argument("-o", "--output", type=Path, required=True, help="FILE.xlsx")
    conflicts.add_argument(
        "--resolver", default="consensus", help="third reviewer's name (default: consensus)"
    )
    status = actions.add_parser("status", parents=[common], help="counts and agreement (kappa)")
    status.add_argument("--json", action="store_true", help="print one JSON object")


def _add_forms_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    forms = sub.add_parser("forms", parents=[common], help="extraction form definitions")
    actions = forms.add_subparsers(dest="action", required=True, metavar="ACTION")
    validate = actions.add_parser(
        "validate", parents=[common], help="check a form definition (YAML) and summarise it"
    )
    validate.add_argument("file", type=Path, help="FILE.yaml")
    export = actions.add_parser(
        "export", parents=[common], help="write a reviewer's extraction workbook (XLSX)"
    )
    export.add_argument("--reviewer", required=True, help="one of review.toml [extraction]")
    export.add_argument(
        "--studies", default="included", help="included (default), all, or ID,ID,..."
    )
    export.add_argument("-o", "--output", type=Path, required=True, help="FILE.xlsx")
    imp = actions.add_parser(
        "import", parents=[common], help="check and store a filled extraction workbook"
    )
    imp.add_argument("file", type=Path, help="FILE.xlsx (a reviewer's or the discrepancy one)")
    disc = actions.add_parser(
        "discrepancies", parents=[common], help="write the two reviewers' disagreements (XLSX)"
    )
    disc.add_argument("-o", "--output", type=Path, required=True, help="FILE.xlsx")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv``; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        handler = _COMMANDS[args.command]
        return handler(args, settings)
    except ReviewkitError as exc:
        code = next(c for kind, c in EXIT_CODES if isinstance(exc, kind))
        print(f"reviewkit: {exc}", file=sys.stderr)
        return code
    except KeyboardInterrupt:
        print("reviewkit: interrupted; run the same command again to resume", file=sys.stderr)
        return 130


def _review_dir(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "review", Path.cwd()))


def _offline(args: argparse.Namespace, settings: Settings) -> bool:
    if args.mode is not None:
        return bool(args.mode == "offline")
    return not settings.live_requested


def _quiet_prefect() -> None:
    # Offline by design: no telemetry calls out, and Prefect's own INFO chatter
    # stays out of the reviewer's terminal (flow logs still reach the Prefect UI).
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # Only Prefect's console handler is silenced: flow and task logs still go to
    # the Prefect API, and a failure reaches the user as our one-line error.
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")


def _brief(text: str | None, limit: int = 100) -> str:
    # The whole translation is in the ledger (`status --json`); a line is enough here.
    if not text or len(text) <= limit:
        return text or "none"
    return text[: limit - 1] + "…"


def _cmd_flow(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.workspace import Workspace

    # Open the review here first, so a bad review.toml or database is one clear
    # line before any Prefect machinery starts.
    workspace = Workspace.open(_review_dir(args), database_url=settings.database_url)
    root = workspace.root
    workspace.close()
    offline = _offline(args, settings)
    if offline:
        print(
            "reviewkit: OFFLINE — using the bundled PubMed snapshot on a loopback E-utilities "
            "server (set NCBI_EMAIL or pass --live to query PubMed)"
        )
    else:
        print(
            f"reviewkit: LIVE — querying {settings.eutils_url} as "
            f"{settings.ncbi_email or 'no e-mail (set NCBI_EMAIL)'}"
        )
    _quiet_prefect()
    # Imported late: Prefect is heavy and only these commands need it.
    from flows.refresh import refresh
    from flows.review import review

    kwargs: dict[str, Any] = {
        "review_dir": root,
        "offline": offline,
        "full": args.full,
        "show_progress": not args.no_progress and sys.stderr.isatty(),
    }
    stages = review(**kwargs) if args.command == "run" else {"refresh": refresh(**kwargs)}
    run = stages["refresh"]
    print(run_line(run))
    print(
        f"requests {run['requests']}, 429s {run['rate_limited']}, "
        f"{run['duration_s']} s; NCBI's translation: {_brief(run.get('query_translation'))}"
    )
    for done in stages.get("imports", ()):
        state = "already imported" if done["already_imported"] else "imported"
        print(f"imports: {done['file']} ({done['source']}) {state}")
    if "deduplicate" in stages:
        print(f"deduplicate: {stages['deduplicate']['line']}")
    if "screening" in stages:
        print(f"screening: {stages['screening']['line']}")
    if "demo-screening" in stages:
        print(f"demo: {stages['demo-screening']}")
    if "prisma" in stages:
        print(f"prisma: {stages['prisma']['line']}")
    if "demo" in stages:
        print(f"demo: {stages['demo']}")
    if "evidence" in stages:
        print(f"evidence: {stages['evidence']['line']}")
    return 0 if run["status"] in ("succeeded", "empty") else 1


@contextmanager
def _workspace(args: argparse.Namespace, settings: Settings) -> Iterator[Workspace]:
    from reviewkit.workspace import Workspace

    workspace = Workspace.open(_review_dir(args), database_url=settings.database_url)
    try:
        yield workspace
    finally:
        workspace.close()


def _user(args: argparse.Namespace) -> str:
    if getattr(args, "by", None):
        return str(args.by)
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container: say so, don't fail
        return "unknown"


def _cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.storage.studies import StudyStore

    with _workspace(args, settings) as workspace:
        counts = workspace.db.counts()
        counts["studies"] = StudyStore(workspace.db).counts()["studies"]
        last = workspace.db.last_run()
    last_dict = last.to_dict() if last is not None else None
    if args.json:
        print(json.dumps({**counts, "last_run": last_dict}, sort_keys=True))
        return 0
    print(", ".join(f"{k} {v}" for k, v in counts.items()))
    print(run_line(last_dict) if last_dict else "no refresh has run yet: try `reviewkit run`")
    return 0


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.export import write_records

    with _workspace(args, settings) as workspace:
        n = write_records(
            (s.record for s in workspace.db.iter_records()), args.output, fmt=args.format
        )
    print(f"wrote {n} records to {args.output}")
    return 0


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.importing import import_file, import_lines, read_strategy
    from reviewkit.workspace import utc_now

    query = args.query
    if args.query_file is not None:
        query = read_strategy(args.query_file, origin="--query-file")
    with _workspace(args, settings) as workspace:
        entry = import_file(
            workspace.db, args.file, source=args.source, searched=args.searched, fmt=args.fmt,
            force=args.force, now=utc_now(), platform=args.platform, query=query,
            limits=args.limits,
        )  # fmt: skip
    report, warnings = import_lines(entry)
    print("\n".join(report))
    for line in warnings:
        print(f"reviewkit: warning: {line}", file=sys.stderr)
    return 0


def _cmd_dedup(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit import dedup_queue, deduplication
    from reviewkit.workspace import utc_now

    if args.action == "file":
        done = deduplication.dedup_file(args.input, args.output, source=args.source, fmt=args.fmt)
        print(f"{done.records} records → {done.studies} studies, {done.maybe} maybe; "
              f"wrote {args.output}")  # fmt: skip
        for warning in done.warnings:
            print(f"reviewkit: warning: {warning}", file=sys.stderr)
        return 0
    with _workspace(args, settings) as workspace:
        db, now = workspace.db, utc_now()
        if args.action == "run":
            print(f"deduplicate: {deduplication.run_deduplication(db, now=now).line()}")
        elif args.action == "queue":
            n = dedup_queue.write_queue(dedup_queue.open_queue(db), args.output)
            print(f"wrote {n} maybe pairs to {args.output}")
        elif args.action == "decide":
            deduplication.decide(db, args.a, args.b, args.decision, by=_user(args), note=args.note,
                                 now=now)  # fmt: skip
            print(f"recorded: {args.a} and {args.b} are {args.decision}; run `reviewkit dedup run`")
        elif args.action == "import-decisions":
            n = dedup_queue.import_decisions(db, args.file, by=_user(args), now=now)
            print(f"recorded {n} decisions from {args.file}; run `reviewkit dedup run`")
        else:
            n = deduplication.undo_merge(
                db, args.cluster_id, by=_user(args), note=args.note, now=now
            )
            print(f"recorded {n} 'different' decisions; the next run splits {args.cluster_id}")
    return 0


def _screen_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for stage, info in report.items():
        status = ", ".join(f"{k} {v}" for k, v in sorted(info["status"].items())) or "none"
        final = ", ".join(f"{k} {v}" for k, v in sorted(info["final"].items())) or "none"
        lines.append(f"{stage}: {info['studies']} studies ({status}); final: {final}")
        for name, counts in info["reviewers"].items():
            shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            lines.append(f"  {name}: {shown}")
        for reason, n in sorted(info["reasons"].items()):
            lines.append(f"  excluded, {reason}: {n}")
        for a in info["agreement"]:
            kappa = "undefined" if a["kappa"] is None else f"{a['kappa']:.3f}"
            lines.append(
                f"  agreement {' & '.join(a['reviewers'])}: {a['percent_agreement']:.1%} "
                f"of {a['n']}, kappa {kappa}"
            )
    return lines


def _cmd_screen(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit import screening_import, screening_stage
    from reviewkit.screening import Stage
    from reviewkit.workspace import utc_now

    with _workspace(args, settings) as workspace:
        db, protocol, now = workspace.db, workspace.protocol, utc_now()
        if args.action == "export":
            n = screening_stage.export_sheet(db, protocol, args.output, stage=Stage(args.stage),
                                             reviewer=args.reviewer, now=now)  # fmt: skip
            print(f"wrote {n} studies for {args.reviewer} ({args.stage}) to {args.output}")
        elif args.action == "conflicts":
            n = screening_stage.export_conflicts(db, protocol, args.output,
                                                 stage=Stage(args.stage),
                                                 resolver=args.resolver, now=now)  # fmt: skip
            print(f"wrote {n} conflicts ({args.stage}) to {args.output}")
        elif args.action == "import":
            done = screening_import.import_sheet(
                db, protocol, args.file, now=now, revise=args.revise,
                stage=Stage(args.stage) if args.stage else None, reviewer=args.reviewer,
            )  # fmt: skip
            print(f"{args.file}: {done.stored} decisions stored ({done.revised} revised), "
                  f"{done.unchanged} unchanged, {done.blank} rows not decided yet "
                  f"({done.meta.kind} sheet, {done.meta.stage}, {done.meta.reviewer})")  # fmt: skip
        else:
            report = screening_stage.screening_status(db)
            if args.json:
                print(json.dumps(report, sort_keys=True))
            else:
                print("\n".join(_screen_lines(report)))
    return 0


def _cmd_prisma(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.prisma import check
    from reviewkit.prisma_data import OUTPUT_FILES, write_prisma_outputs

    with _workspace(args, settings) as workspace:
        protocol = workspace.protocol
        out_dir = args.output or protocol.outputs_dir(workspace.root)
        data = write_prisma_outputs(workspace.db, out_dir, title=protocol.review.title,
                                    reasons=protocol.eligibility.reasons)  # fmt: skip
    print(f"prisma: {data.line()}; wrote {', '.join(OUTPUT_FILES)} to {out_dir}")
    for note in (*data.notes, *check(data.counts)):
        print(f"reviewkit: warning: {note}", file=sys.stderr)
    return 0


def _cmd_forms(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.extraction.forms import load_form

    if args.action == "validate":
        form = load_form(args.file)
        print(f"{args.file}: {form.summary()}")
        return 0
    from reviewkit import extraction_consensus, extraction_stage
    from reviewkit.workspace import utc_now

    with _workspace(args, settings) as workspace:
        db, protocol, now = workspace.db, workspace.protocol, utc_now()
        form = extraction_stage.load_review_form(protocol, workspace.root)
        if args.action == "export":
            n = extraction_stage.export_workbook(db, protocol, args.output, form=form,
                                                 reviewer=args.reviewer, studies=args.studies,
                                                 now=now)  # fmt: skip
            print(f"wrote {n} studies for {args.reviewer} to {args.output}")
        elif args.action == "import":
            done = extraction_stage.import_workbook(db, protocol, args.file, form=form, now=now)
            print(f"{args.file}: {done.line()}")
        else:
            n = extraction_consensus.export_discrepancies(db, protocol, args.output, form=form,
                                                          now=now)  # fmt: skip
            print(f"wrote {n} discrepancies to {args.output}")
    return 0


def _cmd_tables(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.evidence_export import write_review_tables

    with _workspace(args, settings) as workspace:
        tables, written = write_review_tables(
            workspace.db, workspace.protocol, workspace.root, args.output
        )
    counts = ", ".join(f"{len(t.rows)} {t.key} rows" for t in tables.tables)
    folder = written[0].parent if written else args.output
    print(f"tables: {counts}; wrote {', '.join(p.name for p in written)} to {folder}")
    return 0


def _cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    from reviewkit.protocol import write_template

    path = write_template(args.directory)
    print(
        f"created {path}: edit the question and query, then run `reviewkit run --review "
        f"{args.directory}`"
    )
    return 0


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    _quiet_prefect()
    from flows.serve import main as serve_main

    serve_main(["--review", str(_review_dir(args))] + (["--offline"] if args.offline else []))
    return 0


_COMMANDS = {
    "run": _cmd_flow,
    "refresh": _cmd_flow,
    "status": _cmd_status,
    "export": _cmd_export,
    "import": _cmd_import,
    "dedup": _cmd_dedup,
    "screen": _cmd_screen,
    "prisma": _cmd_prisma,
    "forms": _cmd_forms,
    "tables": _cmd_tables,
    "init": _cmd_init,
    "serve": _cmd_serve,
}
