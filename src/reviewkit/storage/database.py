"""The review database: opening, checking and migrating it, and its composed parts.

``ReviewDatabase`` is the only code that opens database connections. It speaks
SQLite (the default, one file per review) and PostgreSQL (``postgresql+psycopg://``
URLs, for a team), and hands out plain values: ``PubmedRecord`` and frozen
summaries. Every SQLAlchemy or driver error leaves as ``StorageError``.

This module opens the database (engine, URL, Alembic migrations); the rest of the
class is composed from one module per concept, each a subclass of
:class:`~reviewkit.storage.transactions.Transactions`:

- :mod:`~reviewkit.storage.transactions`: read and write transactions, error translation;
- :mod:`~reviewkit.storage.sources`: the registered sources;
- :mod:`~reviewkit.storage.search_runs`: a refresh run from start to finish;
- :mod:`~reviewkit.storage.run_ledger`: reading the ledger, its batches and cursor;
- :mod:`~reviewkit.storage.stored_records`: reading the stored PubMed records;
- :mod:`~reviewkit.storage.raw_responses`: the index of archived responses;
- :mod:`~reviewkit.storage.locks`: refresh locks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from reviewkit.errors import StorageError
from reviewkit.storage.locks import RefreshLocks
from reviewkit.storage.raw_responses import RawResponseLog
from reviewkit.storage.search_runs import SearchRuns
from reviewkit.storage.sources import SourceRegistry
from reviewkit.storage.stored_records import StoredRecords
from reviewkit.storage.transactions import error_reason

__all__ = ["ReviewDatabase", "alembic_config"]

_MIGRATIONS = Path(__file__).with_name("migrations")
# Arbitrary constant: serialises concurrent migrations of one PostgreSQL database.
_PG_MIGRATION_LOCK = 0x7265766965776B


def alembic_config(url: str | None = None) -> Config:
    """Build the Alembic configuration for reviewkit's migrations (no ``alembic.ini``).

    Args:
        url: set as ``sqlalchemy.url`` for running Alembic commands by hand, e.g.
            ``command.revision(alembic_config(url), "add x", autogenerate=True)``.
    """
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    if url is not None:
        # ConfigParser treats % as interpolation; URL-escaped passwords contain it.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class ReviewDatabase(SearchRuns, SourceRegistry, StoredRecords, RawResponseLog, RefreshLocks):
    """The review database. Build it with :meth:`open`; close it with :meth:`close`."""

    # ------------------------------------------------------------------ opening

    @staticmethod
    def sqlite_url(path: Path) -> str:
        """URL of a SQLite database file, e.g. ``sqlite:////abs/review.sqlite``."""
        return URL.create(
            "sqlite", database=str(Path(path).expanduser().absolute())
        ).render_as_string()

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> ReviewDatabase:
        """Open (and by default create or upgrade) the review database at ``url``.

        Raises:
            StorageError: the URL is unusable, the folder cannot be created, the file is
                not a reviewkit database, the server is unreachable, or the schema is
                from a newer reviewkit (or, with ``migrate=False``, an older one).
        """
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StorageError(f"cannot read database URL {url!r}: {exc}") from exc
        backend = parsed.get_backend_name()
        if backend == "sqlite":
            engine, where = cls._sqlite_engine(parsed)
        elif backend == "postgresql":
            where = parsed.render_as_string(hide_password=True)
            try:
                engine = create_engine(parsed, pool_pre_ping=True)
            except (ImportError, ArgumentError) as exc:
                raise StorageError(f"cannot use {where}: {exc}; install psycopg") from exc
        else:
            raise StorageError(
                f"unsupported database URL {parsed.render_as_string(hide_password=True)}: "
                "expected sqlite:///path or postgresql+psycopg://…"
            )
        db = cls(engine, where=where)
        try:
            db._prepare(migrate=migrate, sqlite=backend == "sqlite")
        except BaseException:
            engine.dispose()
            raise
        return db

    @staticmethod
    def _sqlite_engine(parsed: URL) -> tuple[Engine, str]:
        name = parsed.database or ""
        in_memory = name in ("", ":memory:") or name.startswith("file:")
        where = name or ":memory:"
        if not in_memory:
            folder = Path(name).expanduser().absolute().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(
                    f"cannot create the database folder {folder} ({exc.strerror or exc}); "
                    "point [database] path at a writable folder"
                ) from exc
        # Wait for other writers instead of failing at once with "database is locked".
        engine = create_engine(parsed, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Take transactions into our own hands (see _on_begin); pysqlite's implicit
            # BEGIN would start writes as shared locks that can deadlock.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("PRAGMA foreign_keys=ON")
                if not in_memory:
                    # WAL lets readers (status, exports) run during a refresh.
                    cursor.execute("PRAGMA journal_mode=WAL")
            finally:
                cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # Writers take the write lock up front so two writers queue instead of
            # one failing halfway with SQLITE_BUSY.
            write = conn.get_execution_options().get("reviewkit_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine, where

    def _prepare(self, *, migrate: bool, sqlite: bool) -> None:
        script = ScriptDirectory.from_config(alembic_config())
        head = script.get_current_head()
        try:
            with self._engine.connect() as conn:
                conn.execution_options(reviewkit_write=migrate)
                with conn.begin():
                    if not sqlite and migrate:
                        conn.execute(
                            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                        )
                    tables = set(inspect(conn).get_table_names())
                    current = MigrationContext.configure(conn).get_current_revision()
                    self._check_revision(tables, current, head, script)
                    if migrate and current != head:
                        config = alembic_config()
                        config.attributes["connection"] = conn
                        command.upgrade(config, "head")
                    elif not migrate and current != head:
                        raise StorageError(
                            f"{self._where} has schema revision {current}, reviewkit needs "
                            f"{head}; open it with migrate=True to upgrade it"
                        )
        except DBAPIError as exc:
            raise self._open_error(exc, sqlite=sqlite) from exc
        except (SQLAlchemyError, CommandError) as exc:
            raise StorageError(f"cannot prepare {self._where}: {error_reason(exc)}") from exc

    def _check_revision(
        self, tables: set[str], current: str | None, head: str | None, script: ScriptDirectory
    ) -> None:
        if current is None and tables:
            shown = ", ".join(sorted(tables)[:5])
            raise StorageError(
                f"{self._where} is not a reviewkit database (it holds other tables: {shown}); "
                "move it away or point [database] path elsewhere"
            )
        if current is not None and current != head:
            known = {rev.revision for rev in script.walk_revisions()}
            if current not in known:
                raise StorageError(
                    f"{self._where} was written by a newer reviewkit (schema revision "
                    f"{current}); upgrade reviewkit to use it"
                )

    def _open_error(self, exc: DBAPIError, *, sqlite: bool) -> StorageError:
        reason = error_reason(exc)
        if not sqlite:
            return StorageError(
                f"cannot use {self._where} ({reason}); check [database] url and that the "
                "server is running"
            )
        if "unable to open" in reason or "readonly" in reason or "read-only" in reason:
            return StorageError(
                f"cannot open {self._where} ({reason}); check that its folder exists and is "
                "writable"
            )
        return StorageError(
            f"{self._where} is not a reviewkit database ({reason}); move it away or point "
            "[database] path elsewhere"
        )

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    def __enter__(self) -> ReviewDatabase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The database's URL, password hidden."""
        return self._engine.url.render_as_string(hide_password=True)
