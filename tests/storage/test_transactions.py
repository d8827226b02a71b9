"""Tests of the transaction layer shared by every part of the review database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from reviewkit.errors import StorageError
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.schema import sources
from reviewkit.storage.transactions import aware_utc, error_reason


def test_aware_utc_converts_to_utc_and_refuses_naive_datetimes() -> None:
    plus_two = datetime(2026, 3, 1, 11, 0, tzinfo=timezone(timedelta(hours=2)))
    assert aware_utc(plus_two, "now") == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert aware_utc(plus_two, "now").tzinfo is UTC
    with pytest.raises(StorageError, match="received_at must be a timezone-aware datetime"):
        aware_utc(datetime(2026, 3, 1, 9, 0), "received_at")


def test_error_reason_keeps_the_first_line_or_the_type_name() -> None:
    assert error_reason(ValueError("  first line\nsecond line ")) == "first line"
    assert error_reason(ValueError()) == "ValueError"


def test_a_failing_statement_leaves_as_a_storage_error_naming_the_action(
    db: ReviewDatabase,
) -> None:
    with (
        pytest.raises(StorageError, match=r"reading nothing failed: ") as caught,
        db.transaction("reading nothing") as conn,
    ):
        conn.execute(text("SELECT * FROM no_such_table"))
    assert isinstance(caught.value.__cause__, SQLAlchemyError)
    where = str(caught.value).split(": reading nothing")[0]
    assert where  # the message names the database
    assert where in db.url
    assert "\n" not in str(caught.value)


def test_a_write_transaction_commits_and_an_error_inside_rolls_it_back(
    db: ReviewDatabase,
) -> None:
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with db.transaction("adding a source", write=True) as conn:
        conn.execute(insert(sources).values(name="kept", kind="pubmed", created_at=now))

    def add_then_fail() -> None:
        with db.transaction("adding a source", write=True) as conn:
            conn.execute(insert(sources).values(name="dropped", kind="pubmed", created_at=now))
            raise RuntimeError("abandon the transaction")

    with pytest.raises(RuntimeError, match="abandon"):
        add_then_fail()
    with db.transaction("reading sources") as conn:
        names = conn.execute(select(sources.c.name)).scalars().all()
        assert conn.execute(select(func.count()).select_from(sources)).scalar_one() == 1
    assert names == ["kept"]
