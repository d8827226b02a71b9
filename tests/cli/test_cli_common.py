"""The helpers every command shares: exit codes, the review folder, the user, warnings."""

import argparse
import getpass

import pytest

from reviewkit.cli.common import EXIT_CODES, exit_code, open_workspace, review_dir, user, warn
from reviewkit.errors import (
    ConfigError,
    FormError,
    IncompleteRetrieval,
    QueryRejected,
    RefreshInProgress,
    ReviewkitError,
    SourceError,
    SourceUnavailable,
    StorageError,
    UnsafeXML,
)
from reviewkit.settings import Settings
from tests.refresh_support import write_review


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ConfigError, 3),
        (SourceUnavailable, 4),
        (IncompleteRetrieval, 5),
        (RefreshInProgress, 6),  # before StorageError, its parent
        (StorageError, 7),
        (QueryRejected, 8),  # a SourceError without a code of its own
        (SourceError, 8),
        (FormError, 1),
        (UnsafeXML, 1),
        (ReviewkitError, 1),
    ],
)
def test_the_most_specific_error_class_decides_the_exit_code(error, code):
    exc = error("pubmed", "x") if issubclass(error, SourceError) else error("x")
    assert exit_code(exc) == code


def test_no_error_class_is_shadowed_by_a_parent_listed_before_it():
    kinds = [kind for kind, _ in EXIT_CODES]
    for i, kind in enumerate(kinds):
        assert not any(issubclass(kind, earlier) for earlier in kinds[:i])
    assert kinds[-1] is ReviewkitError  # the catch-all comes last


def test_the_review_folder_is_review_or_the_working_directory(tmp_path, monkeypatch):
    assert review_dir(argparse.Namespace(review=tmp_path)) == tmp_path
    monkeypatch.chdir(tmp_path)
    assert review_dir(argparse.Namespace()) == tmp_path


def test_the_workspace_is_closed_even_when_the_command_fails(tmp_path, monkeypatch):
    from reviewkit.workspace import Workspace

    closed = []
    monkeypatch.setattr(Workspace, "close", lambda self: closed.append(self.root))
    root = write_review(tmp_path / "r")
    args = argparse.Namespace(review=root)
    opened = []

    def command() -> None:
        with open_workspace(args, Settings()) as workspace:
            opened.append(workspace.root)
            raise StorageError("boom")

    with pytest.raises(StorageError, match="boom"):
        command()
    assert opened == [root]
    assert closed == [root]


def test_the_user_is_by_or_the_login_name_or_unknown(monkeypatch):
    assert user(argparse.Namespace(by="ann")) == "ann"
    monkeypatch.setattr(getpass, "getuser", lambda: "bob")
    assert user(argparse.Namespace(by=None)) == "bob"
    assert user(argparse.Namespace()) == "bob"

    def no_login() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", no_login)
    assert user(argparse.Namespace(by=None)) == "unknown"


def test_a_warning_is_one_line_on_stderr(capsys):
    warn("x.ris: 2 records skipped")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "reviewkit: warning: x.ris: 2 records skipped\n")
