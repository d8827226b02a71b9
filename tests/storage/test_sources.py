"""Tests of registering sources in the review database, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from reviewkit.errors import StorageError
from reviewkit.storage import ReviewDatabase


def test_sources_are_registered_once(db: ReviewDatabase) -> None:
    first = db.ensure_source("pubmed", kind="pubmed")
    assert db.ensure_source("pubmed", kind="pubmed", query="q2") == first
    assert db.counts()["sources"] == 1
    with pytest.raises(StorageError, match="kind"):
        db.ensure_source("pubmed", kind="crossref")
