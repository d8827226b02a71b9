"""The ``reviewkit`` argument parser: every command, action and option, and nothing else.

The commands' behaviour lives in the sibling modules; :mod:`reviewkit.cli.app`
maps each command name to its function.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from reviewkit import __version__

__all__ = ["DISCLAIMER", "build_parser"]

DISCLAIMER = (
    "PubMed data are subject to NCBI's disclaimer and copyright notice: "
    "https://www.ncbi.nlm.nih.gov/About/disclaimer.html"
)


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``reviewkit``; ``--review`` is accepted before and after the command."""
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
    # The order here is the order of `reviewkit --help`.
    _add_flow_parsers(sub, common)
    _add_review_parsers(sub, common)
    _add_import_parser(sub, common)
    _add_dedup_parser(sub, common)
    _add_screen_parser(sub, common)
    _add_forms_parser(sub, common)
    _add_writer_parsers(sub, common)
    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="serve the review flow on the weekly schedule (needs `prefect server start`)",
    )
    serve.add_argument("--offline", action="store_true")
    return parser


def _add_flow_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
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


def _add_review_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    # status, export and init: the review folder and what it holds.
    status = sub.add_parser("status", parents=[common], help="counts and the last run")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    export = sub.add_parser("export", parents=[common], help="export stored data")
    export.add_argument("what", choices=["records"])
    export.add_argument("--format", choices=["csv", "ris"], default="csv")
    export.add_argument("-o", "--output", type=Path, required=True)
    init = sub.add_parser("init", parents=[common], help="create a new review folder")
    init.add_argument("directory", type=Path)


def _add_writer_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    for name, text in (
        ("prisma", "write the PRISMA 2020 counts, diagram and PRISMA-S search log"),
        ("tables", "write the evidence tables (CSV, XLSX, DOCX, Markdown, HTML)"),
    ):
        writer = sub.add_parser(name, parents=[common], help=text)
        writer.add_argument(
            "-o", "--output", type=Path, help="folder (default: the protocol's outputs dir)"
        )
        if name == "tables":
            writer.add_argument(
                "--include-unverified",
                action="store_true",
                help="single-verified mode: also show studies not verified yet (footnoted)",
            )


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
    actions.add_parser(
        "status",
        parents=[common],
        help="per study: who extracted it, and who verified it (or whether there is consensus)",
    )
