"""Alembic migrations beyond the first: upgrade of an older database, and downgrade.

Every test runs on SQLite and on PostgreSQL (the ``db_url`` fixture). Migration
0005 adds the PRISMA-S columns (platform, query, limits) to the import ledger;
0006 adds the verification ledger of single extraction with verification.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, Table, create_engine, event, insert, inspect, select

from reviewkit.storage import ReviewDatabase, alembic_config
from reviewkit.storage.citations import CitationStore
from reviewkit.storage.extraction import ExtractionStore

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
STRATEGY_COLUMNS = {"platform", "query", "limits"}
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def _engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        Path(engine.url.database or "").parent.mkdir(parents=True, exist_ok=True)

        # As ReviewDatabase does: foreign keys on, which a table copy would trip over.
        @event.listens_for(engine, "connect")
        def _fk_on(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

    return engine


def _migrate(url: str, revision: str, *, down: bool = False) -> None:
    engine = _engine(url)
    try:
        with engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, revision)
    finally:
        engine.dispose()


def _state(url: str) -> tuple[str | None, set[str], list[Any]]:
    """(revision, columns of imports, rows of imports) as the database holds them."""
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
            columns = {c["name"] for c in inspect(conn).get_columns("imports")}
            table = Table("imports", MetaData(), autoload_with=conn)
            rows = list(conn.execute(select(table).order_by(table.c.id)).all())
    finally:
        engine.dispose()
    return revision, columns, rows


def _old_import(url: str) -> None:
    """Store one import and a citation of it the way reviewkit at revision 0004 did."""
    engine = _engine(url)
    try:
        with engine.begin() as conn:
            meta = MetaData()
            imports = Table("imports", meta, autoload_with=conn)
            citations = Table("citations", meta, autoload_with=conn)
            assert not STRATEGY_COLUMNS & set(imports.c.keys())
            conn.execute(
                insert(imports).values(
                    id=1, file_name="embase.ris", sha256="a" * 64, source="embase",
                    format="ris", dialect="ovid-embase", encoding="utf-8", searched=None,
                    records_in_file=1, records_parsed=1, skipped=[], warnings=[], flagged=0,
                    forced=False, imported_at=T0,
                )
            )  # fmt: skip
            conn.execute(
                insert(citations).values(
                    record_id="embase:embase.ris#1", source="embase", import_id=1,
                    title="Microneedling", data={"record_id": "embase:embase.ris#1"},
                    content_hash="b" * 64, flagged=False, added_at=T0, updated_at=T0,
                )
            )  # fmt: skip
    finally:
        engine.dispose()


def test_a_0004_database_gains_the_strategy_columns_when_opened(db_url: str) -> None:
    """Opening an older database upgrades it; its earlier imports have nothing recorded."""
    _migrate(db_url, "0004")
    _old_import(db_url)
    with ReviewDatabase.open(db_url) as db:
        (old,) = CitationStore(db).imports()
    assert (old.id, old.file_name, old.dialect) == (1, "embase.ris", "ovid-embase")
    assert (old.platform, old.query, old.limits) == (None, None, None)
    revision, columns, _ = _state(db_url)
    assert revision == HEAD
    assert columns >= STRATEGY_COLUMNS


def test_0005_downgrades_and_upgrades_again_keeping_the_ledger(db_url: str) -> None:
    _migrate(db_url, "0004")
    _old_import(db_url)
    _migrate(db_url, "head")
    with ReviewDatabase.open(db_url) as db:
        CitationStore(db).complete_import(1, platform="Ovid", query="1. exp alopecia/")
    _, _, rows = _state(db_url)
    assert (rows[0].platform, rows[0].query, rows[0].limits) == ("Ovid", "1. exp alopecia/", None)

    # Down: the columns go (with their values), the rows and the citation's link stay.
    _migrate(db_url, "0004", down=True)
    revision, columns, rows = _state(db_url)
    assert revision == "0004"
    assert not columns & STRATEGY_COLUMNS
    assert [(r.id, r.file_name) for r in rows] == [(1, "embase.ris")]

    _migrate(db_url, "head")
    revision, columns, rows = _state(db_url)
    assert revision == HEAD
    assert columns >= STRATEGY_COLUMNS
    assert (rows[0].platform, rows[0].query, rows[0].limits) == (None, None, None)


def _tables(url: str) -> tuple[str | None, set[str]]:
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
            return revision, set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _old_extraction_import(url: str) -> None:
    """One extraction import in the ledger, as reviewkit at revision 0005 stored it."""
    engine = _engine(url)
    try:
        with engine.begin() as conn:
            ledger = Table("extraction_imports", MetaData(), autoload_with=conn)
            conn.execute(
                insert(ledger).values(
                    id=1, kind="reviewer", reviewer="reviewer-a", form_id="f", form_version=1,
                    file="a.xlsx", sha256="c" * 64, rows=0, notes=[], imported_at=T0,
                )
            )  # fmt: skip
    finally:
        engine.dispose()


def test_0006_adds_an_empty_verification_ledger_and_downgrades_keeping_imports(db_url: str):
    """Earlier imports verified nothing; going down drops only the new table."""
    _migrate(db_url, "0005")
    _old_extraction_import(db_url)
    assert "extraction_verifications" not in _tables(db_url)[1]
    with ReviewDatabase.open(db_url) as db:
        store = ExtractionStore(db, mode="single-verified")
        assert store.verifications(current=False) == []
        assert [i["file"] for i in store.imports()] == ["a.xlsx"]
    revision, tables = _tables(db_url)
    assert (revision, "extraction_verifications" in tables) == ("0006", True)

    _migrate(db_url, "0005", down=True)
    revision, tables = _tables(db_url)
    assert (revision, "extraction_verifications" in tables) == ("0005", False)
    assert "extraction_imports" in tables
    _migrate(db_url, "head")
    with ReviewDatabase.open(db_url) as db:
        assert [i["id"] for i in ExtractionStore(db).imports()] == [1]
