"""Tests of the index of archived raw responses, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from reviewkit.storage import ReviewDatabase
from tests.storage.ledger_support import T0, new_run


def test_raw_responses_are_noted_without_secrets(db: ReviewDatabase) -> None:
    run_id = new_run(db, [["1"]])
    db.add_raw_response(
        run_id,
        utility="efetch",
        path="2026-03-01/run-1/00001-efetch.xml.gz",
        sha256="a" * 64,
        status=200,
        request={
            "method": "POST",
            "url": "http://127.0.0.1/efetch.fcgi?api_key=K",
            "params": {"id": "1", "api_key": "K", "email": "me@example.org"},
        },
        received_at=T0,
    )
    (row,) = db.raw_responses(run_id)
    assert row["request"] == {
        "method": "POST",
        "url": "http://127.0.0.1/efetch.fcgi",
        "params": {"id": "1"},
    }
    assert row["received_at"] == T0
