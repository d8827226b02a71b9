"""Storage fixtures: a review database on SQLite and on PostgreSQL.

The ``db_url`` fixture is parametrized over both backends, so every test that uses
it runs twice (the PostgreSQL server comes from ``tests/postgres_support.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewkit.storage import ReviewDatabase


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty review database, on each backend in turn."""
    if request.param == "sqlite":
        return ReviewDatabase.sqlite_url(tmp_path / "review" / "review.sqlite")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db(db_url: str) -> Iterator[ReviewDatabase]:
    """An open, migrated review database."""
    database = ReviewDatabase.open(db_url)
    try:
        yield database
    finally:
        database.close()
