"""The review database adapter: records, the search-run ledger and refresh locks.

``ReviewDatabase`` is the only code that opens database connections. It speaks
SQLite (the default, one file per review) and PostgreSQL (``postgresql+psycopg://``
URLs, for a team), and hands out plain values: ``PubmedRecord`` and the frozen
summaries defined here. Every SQLAlchemy or driver error leaves as ``StorageError``.

A refresh run goes: :meth:`~ReviewDatabase.start_run` → :meth:`~ReviewDatabase.record_search`
(the searched PMIDs, split into batches) → :meth:`~ReviewDatabase.store_batch` once per
batch, each in one transaction → :meth:`~ReviewDatabase.finish_run`. A crashed run keeps
its finished batches, so :meth:`~ReviewDatabase.unfinished_run` and
:meth:`~ReviewDatabase.pending_batches` let the next refresh fetch only the rest.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import (
    Connection,
    Engine,
    Select,
    and_,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError

from reviewkit.errors import RefreshInProgress, StorageError
from reviewkit.raw_archive import scrub_request
from reviewkit.records import (
    PubmedRecord,
    SkippedRecord,
    record_from_dict,
)
from reviewkit.storage.schema import (
    locks,
    raw_responses,
    record_changes,
    records,
    run_batches,
    search_runs,
    sources,
)
from reviewkit.storage.upsert import upsert_batch

__all__ = [
    "FINISHED_STATUSES",
    "RUN_MODES",
    "Batch",
    "BatchResult",
    "Cursor",
    "ReviewDatabase",
    "RunSummary",
    "StoredRecord",
    "alembic_config",
    "lock_holder",
]

logger = logging.getLogger(__name__)

RUN_MODES = frozenset({"full", "incremental", "resume"})
FINISHED_STATUSES = frozenset({"succeeded", "failed", "empty"})
# Runs whose search window was covered completely: they move the refresh cursor.
# "empty" means NCBI found nothing for a broken query (PhraseNotFound): it must
# not count as coverage, or fixing the query would skip the window.
_CURSOR_STATUSES = ("succeeded",)
_OPEN_STATUSES = ("running", "failed")
_MIGRATIONS = Path(__file__).with_name("migrations")
# Arbitrary constant: serialises concurrent migrations of one PostgreSQL database.
_PG_MIGRATION_LOCK = 0x7265766965776B


@dataclass(frozen=True, slots=True, kw_only=True)
class Batch:
    """One batch of a run's searched PMIDs; ``number`` counts from 0."""

    run_id: int
    number: int
    pmids: tuple[str, ...]
    done: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchResult:
    """What storing one batch did.

    ``fetched_pmids`` are the PMIDs NCBI answered for: stored records, deleted
    citations and skipped records that carried a PMID.
    """

    new: int
    updated: int
    unchanged: int
    deleted: int
    skipped: int
    fetched_pmids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunSummary:
    """One row of the search ledger, with its totals."""

    id: int
    source: str
    query: str
    query_translation: str | None
    mode: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    count: int | None
    fetched: int
    new: int
    updated: int
    deleted: int
    skipped: int
    pmid_set_hash: str | None
    error: str | None
    requests: int | None
    window_start: date | None
    window_end: date | None
    warnings: tuple[str, ...]
    datetype: str | None = None
    batches: int = 0
    batches_done: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: dates and datetimes as ISO 8601 strings, tuples as lists."""
        out: dict[str, Any] = {}
        for name in (f.name for f in fields(self)):
            value = getattr(self, name)
            if isinstance(value, date):  # datetime is a date too
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Cursor:
    """Where the next incremental refresh of a source starts: its last complete run."""

    run_id: int
    window_start: date | None
    window_end: date | None
    finished_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredRecord:
    """A record as the database keeps it, with its history in brief."""

    record: PubmedRecord
    source: str
    first_seen: datetime
    last_seen: datetime
    content_hash: str
    deleted: bool
    versions: int


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


def lock_holder() -> str:
    """Name this process as a lock holder: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _aware(value: datetime, what: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise StorageError(f"{what} must be a timezone-aware datetime, got naive {value!r}")
    return value.astimezone(UTC)


def _reason(exc: BaseException) -> str:
    detail = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return (str(detail).strip().splitlines() or [type(detail).__name__])[0]


def _holder_is_dead(holder: str) -> bool:
    """Tell whether ``host:pid`` names a process on this host that no longer exists."""
    host, _, pid = holder.rpartition(":")
    if os.name != "posix" or host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0 only checks that the process exists
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, under another user
    return False


def _when(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


class ReviewDatabase:
    """The review database. Build it with :meth:`open`; close it with :meth:`close`."""

    def __init__(self, engine: Engine, *, where: str) -> None:
        """Wrap an engine; use :meth:`open`, which also checks and migrates."""
        self._engine = engine
        self._where = where

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
            raise StorageError(f"cannot prepare {self._where}: {_reason(exc)}") from exc

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
        reason = _reason(exc)
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

    # ------------------------------------------------------------ transactions

    @contextmanager
    def _translate(self, action: str) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            raise StorageError(f"{self._where}: {action} failed: {_reason(exc)}") from exc

    @contextmanager
    def _write(self, action: str) -> Iterator[Connection]:
        with self._translate(action), self._engine.connect() as conn:
            conn.execution_options(reviewkit_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self, action: str) -> Iterator[Connection]:
        with self._translate(action), self._engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def transaction(self, action: str, *, write: bool = False) -> Iterator[Connection]:
        """One transaction for the storage modules that own other tables (``studies``).

        ``action`` names what is done, for the :class:`StorageError` raised on failure;
        ``write`` takes the write lock up front on SQLite, as every writer here does.
        """
        with self._write(action) if write else self._read(action) as conn:
            yield conn

    # ----------------------------------------------------------------- sources

    def ensure_source(
        self, name: str, *, kind: str, query: str | None = None, now: datetime | None = None
    ) -> int:
        """Return the id of source ``name``, creating it if needed (idempotent).

        A new ``query`` replaces the stored one; a different ``kind`` is refused.
        """
        created = _aware(now, "now") if now is not None else datetime.now(UTC)
        try:
            return self._ensure_source(name, kind=kind, query=query, created=created)
        except StorageError as exc:
            if not isinstance(exc.__cause__, IntegrityError):
                raise
        # Another process registered it between our select and insert: read theirs.
        return self._ensure_source(name, kind=kind, query=query, created=created)

    def _ensure_source(self, name: str, *, kind: str, query: str | None, created: datetime) -> int:
        with self._write(f"registering source {name!r}") as conn:
            row = conn.execute(
                select(sources.c.id, sources.c.kind, sources.c.query).where(sources.c.name == name)
            ).first()
            if row is None:
                new_id = conn.execute(
                    insert(sources)
                    .values(name=name, kind=kind, query=query, created_at=created)
                    .returning(sources.c.id)
                ).scalar_one()
                return int(new_id)
            if row.kind != kind:
                raise StorageError(
                    f"{self._where}: source {name!r} is of kind {row.kind!r}, not {kind!r}"
                )
            if query is not None and query != row.query:
                conn.execute(update(sources).where(sources.c.id == row.id).values(query=query))
            return int(row.id)

    # -------------------------------------------------------------- run ledger

    def start_run(
        self,
        source_id: int,
        *,
        query: str,
        mode: str,
        datetype: str | None,
        window_start: date | None,
        window_end: date | None,
        now: datetime,
    ) -> int:
        """Open a new run in the ledger with status ``running``; return its id."""
        if mode not in RUN_MODES:
            raise StorageError(f"run mode must be one of {sorted(RUN_MODES)}, got {mode!r}")
        started = _aware(now, "now")
        with self._write("starting a run") as conn:
            if conn.execute(select(sources.c.id).where(sources.c.id == source_id)).first() is None:
                raise StorageError(f"{self._where}: no source with id {source_id}")
            run_id = conn.execute(
                insert(search_runs)
                .values(
                    source_id=source_id,
                    query=query,
                    mode=mode,
                    datetype=datetype,
                    window_start=window_start,
                    window_end=window_end,
                    started_at=started,
                    status="running",
                    warnings=[],
                    fetched=0,
                    new=0,
                    updated=0,
                    deleted=0,
                    skipped=0,
                )
                .returning(search_runs.c.id)
            ).scalar_one()
        return int(run_id)

    def record_search(
        self,
        run_id: int,
        *,
        count: int,
        query_translation: str | None,
        pmids: Sequence[str],
        batches: Sequence[Sequence[str]],
        pmid_set_hash: str,
        warnings: Sequence[str] = (),
        now: datetime | None = None,
    ) -> None:
        """Store what the search found and how it is split into batches.

        Raises:
            StorageError: the run is unknown, finished or already has a search, or the
                batches do not hold exactly the searched PMIDs.
        """
        flat = [str(p) for batch in batches for p in batch]
        if sorted(flat) != sorted(str(p) for p in pmids):
            raise StorageError(
                f"run {run_id}: the batches must hold exactly the {len(pmids)} searched PMIDs, "
                f"they hold {len(flat)}"
            )
        searched = _aware(now, "now") if now is not None else datetime.now(UTC)
        with self._write(f"recording the search of run {run_id}") as conn:
            run = self._run_row(conn, run_id)
            if run.status not in _OPEN_STATUSES:
                raise StorageError(f"run {run_id} already finished as {run.status}")
            if run.pmids is not None:
                raise StorageError(f"run {run_id} already has a recorded search")
            conn.execute(
                update(search_runs)
                .where(search_runs.c.id == run_id)
                .values(
                    count=count,
                    query_translation=query_translation,
                    pmids=[str(p) for p in pmids],
                    pmid_set_hash=pmid_set_hash,
                    warnings=list(warnings),
                    searched_at=searched,
                )
            )
            if batches:
                conn.execute(
                    insert(run_batches),
                    [
                        {
                            "run_id": run_id,
                            "number": number,
                            "pmids": [str(p) for p in batch],
                            "done": False,
                            "fetched": 0,
                            "new": 0,
                            "updated": 0,
                            "unchanged": 0,
                            "deleted": 0,
                            "skipped": 0,
                        }
                        for number, batch in enumerate(batches)
                    ],
                )

    def batches(self, run_id: int) -> list[Batch]:
        """Every batch of a run, done or not, in order."""
        with self._read(f"reading the batches of run {run_id}") as conn:
            return self._batches(conn, run_id, pending_only=False)

    def pending_batches(self, run_id: int) -> list[Batch]:
        """The batches of a run not yet stored, in order: what a resumed run must fetch."""
        with self._read(f"reading the batches of run {run_id}") as conn:
            return self._batches(conn, run_id, pending_only=True)

    @staticmethod
    def _batches(conn: Connection, run_id: int, *, pending_only: bool) -> list[Batch]:
        stmt = select(run_batches.c.number, run_batches.c.pmids, run_batches.c.done).where(
            run_batches.c.run_id == run_id
        )
        if pending_only:
            stmt = stmt.where(run_batches.c.done.is_(False))
        return [
            Batch(run_id=run_id, number=row.number, pmids=tuple(row.pmids), done=bool(row.done))
            for row in conn.execute(stmt.order_by(run_batches.c.number))
        ]

    def store_batch(
        self,
        run_id: int,
        batch_number: int,
        *,
        records: Sequence[PubmedRecord],
        deleted: Sequence[str],
        skipped: Sequence[SkippedRecord],
        now: datetime,
    ) -> BatchResult:
        """Store one fetched batch in one transaction and mark it done.

        New records are inserted, changed ones updated (with a ``record_changes`` row
        naming the changed fields), PMIDs in ``deleted`` marked deleted but kept.
        Storing a batch again changes no content and counts nothing as new or updated;
        the batch keeps the counts of its first storing.
        """
        at = _aware(now, "now")
        with self._write(f"storing batch {batch_number} of run {run_id}") as conn:
            run = self._run_row(conn, run_id)
            if run.status not in _OPEN_STATUSES:
                raise StorageError(f"run {run_id} already finished as {run.status}")
            batch = conn.execute(
                select(run_batches.c.id, run_batches.c.done).where(
                    run_batches.c.run_id == run_id, run_batches.c.number == batch_number
                )
            ).first()
            if batch is None:
                raise StorageError(f"run {run_id} has no batch {batch_number}")
            counts = upsert_batch(
                conn,
                source_id=run.source_id,
                run_id=run_id,
                records_in=records,
                deleted=[str(p) for p in deleted],
                at=at,
            )
            fetched = [r.pmid for r in records] + [str(p) for p in deleted]
            fetched += [s.pmid for s in skipped if s.pmid]
            result = BatchResult(
                new=counts.new,
                updated=counts.updated,
                unchanged=counts.unchanged,
                deleted=counts.deleted,
                skipped=len(skipped),
                fetched_pmids=tuple(dict.fromkeys(str(p) for p in fetched)),
            )
            if not batch.done:
                self._mark_batch_done(conn, run_id, batch.id, result, at)
            return result

    @staticmethod
    def _mark_batch_done(
        conn: Connection, run_id: int, batch_id: int, result: BatchResult, at: datetime
    ) -> None:
        counts = {
            "fetched": len(result.fetched_pmids),
            "new": result.new,
            "updated": result.updated,
            "deleted": result.deleted,
            "skipped": result.skipped,
        }
        conn.execute(
            update(run_batches)
            .where(run_batches.c.id == batch_id)
            .values(
                done=True,
                done_at=at,
                fetched_pmids=list(result.fetched_pmids),
                unchanged=result.unchanged,
                **counts,
            )
        )
        # Running totals, so a run in progress shows them; finish_run recomputes them.
        conn.execute(
            update(search_runs)
            .where(search_runs.c.id == run_id)
            .values(
                {
                    getattr(search_runs.c, k): getattr(search_runs.c, k) + v
                    for k, v in counts.items()
                }
            )
        )

    def resume_run(self, run_id: int, *, now: datetime) -> RunSummary:
        """Set an unfinished (``failed`` or ``running``) run back to ``running``.

        Its done batches stay done; fetch :meth:`pending_batches` and store them.
        """
        _aware(now, "now")
        with self._write(f"resuming run {run_id}") as conn:
            run = self._run_row(conn, run_id)
            if run.status not in _OPEN_STATUSES:
                raise StorageError(f"run {run_id} already finished as {run.status}")
            conn.execute(
                update(search_runs)
                .where(search_runs.c.id == run_id)
                .values(status="running", error=None)
            )
            return self._summary(conn, run_id)

    def finish_run(
        self,
        run_id: int,
        *,
        status: str,
        now: datetime,
        error: str | None = None,
        requests: int | None = None,
    ) -> RunSummary:
        """Close a run with its final status and totals summed from its batches.

        ``succeeded`` (and ``empty``) make this run the source's refresh cursor;
        ``failed`` never does and leaves the run resumable. ``requests`` is added to
        the run's count, so a resumed run counts the requests of every attempt.

        Raises:
            StorageError: unknown status, run already finished, or ``succeeded`` while
                the search is unrecorded or batches are still pending.
        """
        if status not in FINISHED_STATUSES:
            raise StorageError(
                f"run status must be one of {sorted(FINISHED_STATUSES)}, got {status!r}"
            )
        finished = _aware(now, "now")
        with self._write(f"finishing run {run_id}") as conn:
            run = self._run_row(conn, run_id)
            if run.status not in _OPEN_STATUSES:
                raise StorageError(f"run {run_id} already finished as {run.status}")
            pending = self._batches(conn, run_id, pending_only=True)
            if status == "succeeded" and (run.pmids is None or pending):
                raise StorageError(
                    f"run {run_id} cannot succeed: "
                    + (
                        "its search was never recorded"
                        if run.pmids is None
                        else f"{len(pending)} batch(es) not stored yet"
                    )
                )
            done = run_batches.c.done.is_(True)
            totals = conn.execute(
                select(
                    func.coalesce(func.sum(run_batches.c.fetched), 0).label("fetched"),
                    func.coalesce(func.sum(run_batches.c.new), 0).label("new"),
                    func.coalesce(func.sum(run_batches.c.updated), 0).label("updated"),
                    func.coalesce(func.sum(run_batches.c.deleted), 0).label("deleted"),
                    func.coalesce(func.sum(run_batches.c.skipped), 0).label("skipped"),
                ).where(run_batches.c.run_id == run_id, done)
            ).one()
            total_requests = run.requests
            if requests is not None:
                total_requests = (run.requests or 0) + requests
            conn.execute(
                update(search_runs)
                .where(search_runs.c.id == run_id)
                .values(
                    status=status,
                    finished_at=finished,
                    error=error,
                    requests=total_requests,
                    **{k: int(v) for k, v in totals._mapping.items()},
                )
            )
            return self._summary(conn, run_id)

    def unfinished_run(self, source_id: int) -> RunSummary | None:
        """The run a new refresh of this source should resume, if any.

        That is the latest ``running`` or ``failed`` run newer than the last complete
        run, with a recorded search and batches still pending. Call it while holding
        :meth:`refresh_lock`, or a run in progress elsewhere looks resumable.
        """
        with self._read(f"looking for an unfinished run of source {source_id}") as conn:
            last_ok = conn.execute(
                select(func.max(search_runs.c.id)).where(
                    search_runs.c.source_id == source_id,
                    search_runs.c.status.in_(_CURSOR_STATUSES),
                )
            ).scalar_one()
            has_pending = (
                select(run_batches.c.id)
                .where(run_batches.c.run_id == search_runs.c.id, run_batches.c.done.is_(False))
                .exists()
            )
            run_id = conn.execute(
                select(func.max(search_runs.c.id)).where(
                    search_runs.c.source_id == source_id,
                    search_runs.c.id > (last_ok or 0),
                    search_runs.c.status.in_(_OPEN_STATUSES),
                    search_runs.c.pmids.is_not(None),
                    has_pending,
                )
            ).scalar_one()
            return None if run_id is None else self._summary(conn, run_id)

    def cursor(self, source_id: int) -> Cursor | None:
        """The source's last complete run, where an incremental refresh continues."""
        with self._read(f"reading the cursor of source {source_id}") as conn:
            row = conn.execute(
                select(
                    search_runs.c.id,
                    search_runs.c.window_start,
                    search_runs.c.window_end,
                    search_runs.c.finished_at,
                )
                .where(
                    search_runs.c.source_id == source_id,
                    search_runs.c.status.in_(_CURSOR_STATUSES),
                )
                .order_by(search_runs.c.finished_at.desc(), search_runs.c.id.desc())
                .limit(1)
            ).first()
        if row is None:
            return None
        return Cursor(
            run_id=row.id,
            window_start=row.window_start,
            window_end=row.window_end,
            finished_at=row.finished_at,
        )

    def run(self, run_id: int) -> RunSummary:
        """One run of the ledger."""
        with self._read(f"reading run {run_id}") as conn:
            self._run_row(conn, run_id)
            return self._summary(conn, run_id)

    def last_run(self) -> RunSummary | None:
        """The most recently started run of any source."""
        found = self.runs(limit=1)
        return found[0] if found else None

    def runs(self, *, limit: int = 20) -> list[RunSummary]:
        """The ledger, newest run first."""
        with self._read("reading the run ledger") as conn:
            rows = conn.execute(
                self._summary_query().order_by(search_runs.c.id.desc()).limit(limit)
            ).all()
        return [self._to_summary(row) for row in rows]

    def run_pmids(self, run_id: int) -> tuple[str, ...]:
        """The PMIDs the run's search found, in search order (empty before the search)."""
        with self._read(f"reading the PMIDs of run {run_id}") as conn:
            run = self._run_row(conn, run_id)
        return tuple(run.pmids or ())

    def stored_pmids_for_run(self, run_id: int) -> set[str]:
        """The PMIDs fetched so far by the run's done batches."""
        with self._read(f"reading the fetched PMIDs of run {run_id}") as conn:
            rows = conn.execute(
                select(run_batches.c.fetched_pmids).where(
                    run_batches.c.run_id == run_id, run_batches.c.done.is_(True)
                )
            ).scalars()
            return {str(p) for pmids in rows for p in (pmids or ())}

    def _run_row(self, conn: Connection, run_id: int) -> Any:
        row = conn.execute(select(search_runs).where(search_runs.c.id == run_id)).first()
        if row is None:
            raise StorageError(f"{self._where}: no run with id {run_id}")
        return row

    @staticmethod
    def _summary_query() -> Select[Any]:
        all_batches = (
            select(func.count(run_batches.c.id))
            .where(run_batches.c.run_id == search_runs.c.id)
            .scalar_subquery()
        )
        done_batches = (
            select(func.count(run_batches.c.id))
            .where(run_batches.c.run_id == search_runs.c.id, run_batches.c.done.is_(True))
            .scalar_subquery()
        )
        return select(
            search_runs,
            sources.c.name.label("source_name"),
            all_batches.label("n_batches"),
            done_batches.label("n_done"),
        ).join(sources, sources.c.id == search_runs.c.source_id)

    def _summary(self, conn: Connection, run_id: int) -> RunSummary:
        row = conn.execute(self._summary_query().where(search_runs.c.id == run_id)).one()
        return self._to_summary(row)

    @staticmethod
    def _to_summary(row: Any) -> RunSummary:
        return RunSummary(
            id=row.id,
            source=row.source_name,
            query=row.query,
            query_translation=row.query_translation,
            mode=row.mode,
            status=row.status,
            started_at=row.started_at,
            finished_at=row.finished_at,
            count=row.count,
            fetched=row.fetched,
            new=row.new,
            updated=row.updated,
            deleted=row.deleted,
            skipped=row.skipped,
            pmid_set_hash=row.pmid_set_hash,
            error=row.error,
            requests=row.requests,
            window_start=row.window_start,
            window_end=row.window_end,
            warnings=tuple(row.warnings or ()),
            datetype=row.datetype,
            batches=int(row.n_batches),
            batches_done=int(row.n_done),
        )

    # ----------------------------------------------------------------- records

    def record_count(self, *, include_deleted: bool = False) -> int:
        """How many records are stored (by default, not counting deleted ones)."""
        stmt = select(func.count(records.c.id))
        if not include_deleted:
            stmt = stmt.where(records.c.deleted.is_(False))
        with self._read("counting records") as conn:
            return int(conn.execute(stmt).scalar_one())

    def counts(self) -> dict[str, int]:
        """Row counts: ``records`` (live), ``deleted``, ``sources``, ``runs``, ``changes``."""
        with self._read("counting rows") as conn:
            live = select(func.count(records.c.id)).where(records.c.deleted.is_(False))
            gone = select(func.count(records.c.id)).where(records.c.deleted.is_(True))
            queries = {
                "records": live,
                "deleted": gone,
                "sources": select(func.count(sources.c.id)),
                "runs": select(func.count(search_runs.c.id)),
                "changes": select(func.count(record_changes.c.id)),
            }
            return {name: int(conn.execute(q).scalar_one()) for name, q in queries.items()}

    def iter_records(self, *, include_deleted: bool = False) -> Iterator[StoredRecord]:
        """Yield the stored records in the order they were first seen, streaming."""
        stmt = (
            select(records, sources.c.name.label("source_name"))
            .join(sources, sources.c.id == records.c.source_id)
            .order_by(records.c.id)
        )
        if not include_deleted:
            stmt = stmt.where(records.c.deleted.is_(False))
        with self._read("reading records") as conn:
            for row in conn.execution_options(yield_per=500).execute(stmt):
                yield StoredRecord(
                    record=record_from_dict(row.data),
                    source=row.source_name,
                    first_seen=row.first_seen,
                    last_seen=row.last_seen,
                    content_hash=row.content_hash,
                    deleted=bool(row.deleted),
                    versions=row.versions,
                )

    def changes(self, *, pmid: str | None = None) -> list[dict[str, Any]]:
        """The record change log, oldest first, optionally for one PMID."""
        stmt = (
            select(
                records.c.pmid,
                record_changes.c.run_id,
                record_changes.c.kind,
                record_changes.c.at,
                record_changes.c.old_hash,
                record_changes.c.new_hash,
                record_changes.c.fields,
            )
            .join(records, records.c.id == record_changes.c.record_id)
            .order_by(record_changes.c.id)
        )
        if pmid is not None:
            stmt = stmt.where(records.c.pmid == pmid)
        with self._read("reading record changes") as conn:
            return [dict(row._mapping) for row in conn.execute(stmt)]

    # ----------------------------------------------------------- raw responses

    def add_raw_response(
        self,
        run_id: int | None,
        *,
        utility: str,
        path: str,
        sha256: str,
        status: int,
        request: Mapping[str, object],
        received_at: datetime,
    ) -> None:
        """Note where a verbatim response was archived (``api_key``/``email`` stripped)."""
        received = _aware(received_at, "received_at")
        safe = json.loads(json.dumps(scrub_request(request), default=str))
        with self._write(f"recording raw response {path}") as conn:
            conn.execute(
                insert(raw_responses).values(
                    run_id=run_id,
                    utility=utility,
                    path=path,
                    sha256=sha256,
                    status=status,
                    request=safe,
                    received_at=received,
                )
            )

    def raw_responses(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Archived responses noted for a run (or all), in the order they were noted."""
        stmt = select(raw_responses).order_by(raw_responses.c.id)
        if run_id is not None:
            stmt = stmt.where(raw_responses.c.run_id == run_id)
        with self._read("reading raw responses") as conn:
            return [dict(row._mapping) for row in conn.execute(stmt)]

    # ------------------------------------------------------------------- locks

    @contextmanager
    def refresh_lock(
        self,
        name: str,
        *,
        holder: str,
        now: datetime,
        stale_after: timedelta = timedelta(hours=6),
    ) -> Iterator[None]:
        """Hold the refresh lock ``name`` for the duration of the ``with`` block.

        A lock older than ``stale_after``, or held by a process of this host that no
        longer exists, is taken over.

        Raises:
            RefreshInProgress: another live holder has it.
        """
        acquired = _aware(now, "now")
        self._acquire(name, holder=holder, at=acquired, stale_after=stale_after)
        try:
            yield
        finally:
            with self._write(f"releasing the refresh lock {name!r}") as conn:
                conn.execute(
                    delete(locks).where(
                        locks.c.name == name,
                        locks.c.holder == holder,
                        locks.c.acquired_at == acquired,
                    )
                )

    def _acquire(self, name: str, *, holder: str, at: datetime, stale_after: timedelta) -> None:
        try:
            with self._write(f"taking the refresh lock {name!r}") as conn:
                conn.execute(insert(locks).values(name=name, holder=holder, acquired_at=at))
            return
        except StorageError as exc:
            # Anything but "someone else holds it" is a real failure.
            if not isinstance(exc.__cause__, IntegrityError):
                raise
        with self._write(f"taking over the refresh lock {name!r}") as conn:
            row = conn.execute(select(locks).where(locks.c.name == name)).first()
            if row is None:  # released in between: take it
                conn.execute(insert(locks).values(name=name, holder=holder, acquired_at=at))
                return
            stale_at = row.acquired_at + stale_after
            dead = _holder_is_dead(row.holder)
            if not dead and at < stale_at:
                raise RefreshInProgress(
                    f"refresh of {name!r} already running since {_when(row.acquired_at)} by "
                    f"{row.holder}; wait for it or, if it died, run again after {_when(stale_at)}"
                )
            # Compare-and-swap: if two processes race for the stale lock, one update wins.
            taken = conn.execute(
                update(locks)
                .where(
                    and_(
                        locks.c.name == name,
                        locks.c.holder == row.holder,
                        locks.c.acquired_at == row.acquired_at,
                    )
                )
                .values(holder=holder, acquired_at=at)
            ).rowcount
            if taken != 1:
                raise RefreshInProgress(
                    f"refresh of {name!r} was just taken over by another process; wait for it"
                )
            logger.warning(
                "took over the refresh lock %r from %s (%s since %s)",
                name,
                row.holder,
                "dead process" if dead else "stale",
                _when(row.acquired_at),
            )
