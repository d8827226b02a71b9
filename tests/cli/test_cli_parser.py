"""The argument parser: usage errors exit with 2 before any command runs."""

import pytest

from reviewkit import __version__
from reviewkit.cli import main
from reviewkit.cli.parser import DISCLAIMER, build_parser


def test_import_refuses_query_and_query_file_together(empty_review, tmp_path, capsys):
    strategy = tmp_path / "strategy.txt"
    strategy.write_text("1. exp Alopecia/\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["import", "x.ris", "--source", "embase", "--query", "x",
              "--query-file", str(strategy), "--review", str(empty_review)])  # fmt: skip
    assert info.value.code == 2
    assert "argument --query-file: not allowed with argument --query" in capsys.readouterr().err


def test_a_searched_date_that_is_not_iso_is_a_usage_error_naming_it(capsys):
    with pytest.raises(SystemExit) as info:
        main(["import", "x.ris", "--source", "embase", "--searched", "2020-13-01"])
    assert info.value.code == 2
    assert "expected a date as YYYY-MM-DD, got '2020-13-01'" in capsys.readouterr().err


def test_review_is_accepted_before_and_after_the_command(tmp_path):
    parser = build_parser()
    before = parser.parse_args(["--review", str(tmp_path), "dedup", "run"])
    after = parser.parse_args(["dedup", "run", "--review", str(tmp_path)])
    assert before.review == after.review == tmp_path
    assert (after.command, after.action) == ("dedup", "run")
    assert not hasattr(parser.parse_args(["status"]), "review")  # then searched upwards


def test_run_defaults_to_the_environment_and_offline_live_exclude_each_other(capsys):
    parser = build_parser()
    args = parser.parse_args(["run"])
    assert (args.mode, args.full, args.no_progress) == (None, False, False)
    assert parser.parse_args(["refresh", "--live", "--full"]).mode == "live"
    with pytest.raises(SystemExit):
        parser.parse_args(["run", "--offline", "--live"])
    assert "not allowed with argument --offline" in capsys.readouterr().err


def test_help_lists_every_command_and_the_ncbi_disclaimer(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the epilog
    for command in ("run", "refresh", "status", "export", "init", "import", "dedup", "screen",
                    "forms", "prisma", "tables", "serve"):  # fmt: skip
        assert f"{command} " in out
    assert DISCLAIMER in out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"reviewkit {__version__}"


def test_a_command_without_its_action_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["dedup"])
    assert info.value.code == 2
    assert "the following arguments are required: ACTION" in capsys.readouterr().err


def test_tables_can_include_unverified_studies():
    parser = build_parser()
    assert parser.parse_args(["tables", "--include-unverified"]).include_unverified is True
    assert parser.parse_args(["tables"]).include_unverified is False
