"""``main``: every ``ReviewkitError`` is one line on stderr and an exit code."""

import subprocess
import sys

import pytest

from reviewkit.cli import app, main
from reviewkit.errors import RefreshInProgress
from tests.refresh_support import write_review


def test_a_missing_review_toml_is_one_line_with_exit_code_3(tmp_path, capsys):
    assert main(["status", "--review", str(tmp_path)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("reviewkit: ")
    assert "review.toml" in err[0]


def test_a_corrupt_database_is_one_line_saying_what_to_do(tmp_path, capsys):
    root = write_review(tmp_path / "r")
    (root / "review-data").mkdir()
    (root / "review-data" / "review.sqlite").write_bytes(b"this is not sqlite" * 100)
    assert main(["status", "--review", str(root)]) == 7
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "review.sqlite" in err[0]


def test_a_bad_environment_is_a_config_error_before_the_command_runs(monkeypatch, capsys):
    monkeypatch.setenv("NCBI_EMAIL", "not-an-address")
    monkeypatch.setitem(app.COMMANDS, "status", pytest.fail)  # must not be reached
    assert main(["status"]) == 3
    assert capsys.readouterr().err.strip() == (
        "reviewkit: NCBI_EMAIL='not-an-address' is not an e-mail address"
    )


@pytest.mark.parametrize(
    ("raised", "code", "line"),
    [
        (RefreshInProgress("review.sqlite: a refresh is running (pid 7)"), 6,
         "reviewkit: review.sqlite: a refresh is running (pid 7)"),
        (KeyboardInterrupt(), 130,
         "reviewkit: interrupted; run the same command again to resume"),
    ],
)  # fmt: skip
def test_an_error_in_a_command_is_its_exit_code_and_one_line(
    raised, code, line, monkeypatch, capsys
):
    def command(args, settings):
        raise raised

    monkeypatch.setitem(app.COMMANDS, "status", command)
    assert main(["status"]) == code
    assert capsys.readouterr().err.splitlines() == [line]


def test_every_command_of_the_parser_has_a_function():
    from reviewkit.cli.parser import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == set(app.COMMANDS)


def test_importing_the_cli_loads_neither_prefect_nor_the_library_behind_the_commands():
    # `reviewkit --help` must stay instant: commands import what they need when they run.
    code = (
        "import sys, reviewkit.cli\n"
        "heavy = ('prefect', 'flows', 'sqlalchemy', 'openpyxl', 'reviewkit.workspace')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
