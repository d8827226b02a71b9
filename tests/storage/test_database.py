"""Tests of opening the review database (SQLite and PostgreSQL): creating, checking, migrating."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from reviewkit.errors import StorageError
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.schema import metadata


def test_open_creates_the_folder_and_an_empty_schema(db_url: str) -> None:
    with ReviewDatabase.open(db_url) as db:
        assert db.counts() == {"records": 0, "deleted": 0, "sources": 0, "runs": 0, "changes": 0}
    # Opening again finds the schema at head and changes nothing.
    with ReviewDatabase.open(db_url, migrate=False) as db:
        assert db.last_run() is None


def test_the_migration_creates_exactly_the_schema_metadata(db: ReviewDatabase, db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_open_without_migrate_refuses_an_empty_database(db_url: str) -> None:
    with pytest.raises(StorageError, match="migrate=True"):
        ReviewDatabase.open(db_url, migrate=False)


def test_a_database_from_a_newer_reviewkit_is_refused(db: ReviewDatabase, db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(StorageError, match="newer reviewkit"):
        ReviewDatabase.open(db_url)


def test_a_garbage_file_is_reported_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "review.sqlite"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(StorageError) as caught:
        ReviewDatabase.open(ReviewDatabase.sqlite_url(path))
    message = str(caught.value)
    assert str(path) in message
    assert "not a reviewkit database" in message
    assert "\n" not in message


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    with pytest.raises(StorageError, match=r"not a reviewkit database .*invoices"):
        ReviewDatabase.open(ReviewDatabase.sqlite_url(path))


def test_a_folder_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    target = blocker / "sub" / "review.sqlite"
    with pytest.raises(StorageError, match=r"cannot create the database folder .*file/sub"):
        ReviewDatabase.open(ReviewDatabase.sqlite_url(target))


def _make_unwritable(folder: Path) -> list[str] | None:
    """Make ``folder`` unwritable; return the command that undoes it (None: chmod)."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        return None
    # Root ignores permission bits, but not the immutable attribute.
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root and chattr +i is unavailable: cannot make a folder unwritable")
    return ["chattr", "-i", str(folder)]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_unwritable_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    undo = _make_unwritable(folder)
    try:
        with pytest.raises(StorageError, match=r"cannot open .*ro/review.sqlite .*writable"):
            ReviewDatabase.open(ReviewDatabase.sqlite_url(folder / "review.sqlite"))
    finally:
        if undo is None:
            folder.chmod(0o700)
        else:
            subprocess.run(undo, check=True)


def test_an_unreachable_postgres_server_is_reported() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql+psycopg://someone:secret@127.0.0.1:{port}/review?connect_timeout=2"
    with pytest.raises(StorageError, match="server is running") as caught:
        ReviewDatabase.open(url)
    assert "secret" not in str(caught.value)


def test_unsupported_urls_are_refused() -> None:
    with pytest.raises(StorageError, match="unsupported database URL"):
        ReviewDatabase.open("mysql://localhost/review")
    with pytest.raises(StorageError, match="cannot read database URL"):
        ReviewDatabase.open("::not a url::")
