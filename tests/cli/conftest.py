"""CLI fixtures: review folders, empty or after one offline refresh."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from reviewkit.loopback import Corpus, EUtilsServer
from reviewkit.snapshot import snapshot_files
from reviewkit.workspace import Workspace
from tests.refresh_support import Clock, refresher_for, write_review


@pytest.fixture
def filled_review(tmp_path: Path) -> Path:
    """A review after one full refresh against the bundled snapshot."""
    root = write_review(tmp_path / "r")
    workspace = Workspace.open(root)
    with (
        EUtilsServer(Corpus.from_xml(*snapshot_files()), rate_limit=False) as server,
        requests.Session() as session,
    ):
        refresher, _ = refresher_for(workspace, server, session, Clock())
        refresher.run()
    workspace.close()
    return root


@pytest.fixture
def empty_review(tmp_path: Path) -> Path:
    """A review with its protocol and nothing stored yet."""
    return write_review(tmp_path / "empty")
