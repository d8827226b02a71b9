"""CLI fixtures: review folders, empty or after one offline refresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.refresh_support import refresh_from_snapshot, write_review


@pytest.fixture
def filled_review(tmp_path: Path) -> Path:
    """A review after one full refresh against the bundled snapshot."""
    return refresh_from_snapshot(write_review(tmp_path / "r"))


@pytest.fixture
def empty_review(tmp_path: Path) -> Path:
    """A review with its protocol and nothing stored yet."""
    return write_review(tmp_path / "empty")
