"""The import ledger and the citations of every source, in the review database.

``CitationStore`` owns the tables ``imports`` and ``citations`` of migration 0002:
one ledger row per exported file imported (refused twice unless forced, in the
same transaction as its citations; with the platform, search strategy and limits
of migration 0005 when given) and every record from every source, PubMed
records included as ``pubmed:<pmid>``. A citation is never deleted.
:class:`~reviewkit.storage.studies.StudyStore` builds on it for the studies.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from reviewkit.errors import ReviewkitError
from reviewkit.formats import ImportResult, Skipped
from reviewkit.records import Citation
from reviewkit.storage.database import ReviewDatabase
from reviewkit.storage.schema import citations, imports

__all__ = [
    "CitationStore",
    "ImportEntry",
    "citation_from_data",
    "citation_to_data",
    "is_flagged",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportEntry:
    """One row of the import ledger."""

    id: int
    file_name: str
    sha256: str
    source: str
    format: str
    dialect: str | None
    encoding: str
    searched: date | None
    records_in_file: int
    records_parsed: int
    skipped: tuple[Skipped, ...]
    warnings: tuple[str, ...]
    flagged: int
    forced: bool
    imported_at: datetime
    # PRISMA-S items 1, 8 and 9 as the user gave them; None: not recorded.
    platform: str | None = None
    query: str | None = None
    limits: str | None = None


def citation_to_data(citation: Citation) -> dict[str, Any]:
    """JSON-ready form of a citation (tuples become lists)."""
    return asdict(citation)


def citation_from_data(data: Mapping[str, Any]) -> Citation:
    """Inverse of :func:`citation_to_data`."""
    values = dict(data)
    for name in ("authors", "keywords"):
        values[name] = tuple(values.get(name) or ())
    return Citation(**values)


def is_flagged(citation: Citation) -> bool:
    """Whether a citation has neither a title nor any identifier (kept, never merged)."""
    return not (citation.title or citation.doi or citation.pmid or citation.pmcid)


def _hash(data: Mapping[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class CitationStore:
    """The import ledger and the citations of one review database."""

    def __init__(self, db: ReviewDatabase) -> None:
        """Work on ``db``, which stays open and owned by the caller."""
        self._db = db

    # ------------------------------------------------------------------ imports

    def find_import(self, sha256: str) -> ImportEntry | None:
        """The latest import of the file with this hash, if it was imported."""
        stmt = select(imports).where(imports.c.sha256 == sha256).order_by(imports.c.id.desc())
        with self._db.transaction(f"looking up import {sha256[:12]}") as conn:
            row = conn.execute(stmt.limit(1)).first()
        return None if row is None else self._entry(row)

    def imports(self) -> list[ImportEntry]:
        """The import ledger, oldest first."""
        with self._db.transaction("reading the import ledger") as conn:
            rows = conn.execute(select(imports).order_by(imports.c.id)).all()
        return [self._entry(row) for row in rows]

    def record_import(
        self,
        result: ImportResult,
        *,
        source: str,
        searched: date | None,
        forced: bool,
        now: datetime,
        platform: str | None = None,
        query: str | None = None,
        limits: str | None = None,
    ) -> ImportEntry:
        """Add a ledger row and store the file's citations, in one transaction.

        ``platform``, ``query`` (the search strategy, verbatim) and ``limits`` are
        stored as given; ``None`` means the user did not give them.

        Raises:
            ReviewkitError: the same file (by hash) was imported before and ``forced``
                is false; nothing is stored.
        """
        flagged = sum(1 for c in result.citations if is_flagged(c))
        with self._db.transaction(f"importing {result.file_name}", write=True) as conn:
            earlier = conn.execute(
                select(imports.c.id, imports.c.imported_at, imports.c.source)
                .where(imports.c.sha256 == result.sha256)
                .order_by(imports.c.id)
                .limit(1)
            ).first()
            if earlier is not None and not forced:
                raise ReviewkitError(
                    f"{result.file_name}: this file (sha256 {result.sha256[:12]}…) was already "
                    f"imported as import #{earlier.id} from {earlier.source} on "
                    f"{earlier.imported_at:%Y-%m-%d}; pass --force to import it again"
                )
            import_id = conn.execute(
                insert(imports)
                .values(
                    file_name=result.file_name,
                    sha256=result.sha256,
                    source=source,
                    format=result.format,
                    dialect=result.dialect,
                    encoding=result.encoding,
                    searched=searched,
                    records_in_file=result.records_in_file,
                    records_parsed=len(result.citations),
                    skipped=[{"where": s.where, "reason": s.reason} for s in result.skipped],
                    warnings=list(result.warnings),
                    flagged=flagged,
                    forced=forced,
                    imported_at=now,
                    platform=platform,
                    query=query,
                    limits=limits,
                )
                .returning(imports.c.id)
            ).scalar_one()
            self._upsert(conn, result.citations, import_id=int(import_id), now=now)
            row = conn.execute(select(imports).where(imports.c.id == import_id)).one()
        return self._entry(row)

    def complete_import(
        self,
        import_id: int,
        *,
        platform: str | None = None,
        query: str | None = None,
        limits: str | None = None,
    ) -> ImportEntry:
        """Fill in whichever of platform, query and limits import ``import_id`` lacks.

        A value already recorded is never replaced: the ledger keeps what was first
        given. This lets a strategy declared later (``review.toml``) reach files
        imported before it was declared, or before the columns existed.

        Raises:
            ReviewkitError: there is no import ``import_id``.
        """
        given = {"platform": platform, "query": query, "limits": limits}
        with self._db.transaction(f"completing import #{import_id}", write=True) as conn:
            row = conn.execute(select(imports).where(imports.c.id == import_id)).first()
            if row is None:
                raise ReviewkitError(f"import #{import_id} is not in the import ledger")
            missing = {k: v for k, v in given.items() if v is not None and getattr(row, k) is None}
            if missing:
                conn.execute(update(imports).where(imports.c.id == import_id).values(**missing))
                row = conn.execute(select(imports).where(imports.c.id == import_id)).one()
        return self._entry(row)

    @staticmethod
    def _entry(row: Any) -> ImportEntry:
        return ImportEntry(
            id=row.id,
            file_name=row.file_name,
            sha256=row.sha256,
            source=row.source,
            format=row.format,
            dialect=row.dialect,
            encoding=row.encoding,
            searched=row.searched,
            records_in_file=row.records_in_file,
            records_parsed=row.records_parsed,
            skipped=tuple(Skipped(where=s["where"], reason=s["reason"]) for s in row.skipped),
            warnings=tuple(row.warnings),
            flagged=row.flagged,
            forced=bool(row.forced),
            imported_at=row.imported_at,
            platform=row.platform,
            query=row.query,
            limits=row.limits,
        )

    # ---------------------------------------------------------------- citations

    def sync_citations(self, found: Iterable[Citation], *, now: datetime) -> tuple[int, int]:
        """Insert new citations and update changed ones (PubMed records); return (new, updated)."""
        with self._db.transaction("syncing citations", write=True) as conn:
            return self._upsert(conn, found, import_id=None, now=now)

    def _upsert(
        self, conn: Connection, found: Iterable[Citation], *, import_id: int | None, now: datetime
    ) -> tuple[int, int]:
        stored = dict(conn.execute(select(citations.c.record_id, citations.c.content_hash)).all())
        new: list[dict[str, Any]] = []
        updated = 0
        for citation in found:
            data = citation_to_data(citation)
            digest = _hash(data)
            values = {
                "source": citation.source,
                "title": citation.title,
                "year": citation.year,
                "doi": (citation.doi or "")[:255] or None,
                "pmid": (citation.pmid or "")[:20] or None,
                "data": data,
                "content_hash": digest,
                "flagged": is_flagged(citation),
                "updated_at": now,
            }
            if import_id is not None:
                values["import_id"] = import_id
            if citation.record_id not in stored:
                new.append({"record_id": citation.record_id, "added_at": now, **values})
                stored[citation.record_id] = digest
            elif stored[citation.record_id] != digest or import_id is not None:
                updated += stored[citation.record_id] != digest
                conn.execute(
                    update(citations)
                    .where(citations.c.record_id == citation.record_id)
                    .values(**values)
                )
        if new:
            conn.execute(insert(citations), new)
        return len(new), updated

    def citations(self) -> list[Citation]:
        """Every stored citation, in record_id order."""
        stmt = select(citations.c.data).order_by(citations.c.record_id)
        with self._db.transaction("reading citations") as conn:
            return [citation_from_data(data) for data in conn.execute(stmt).scalars()]

    def citation_ids(self) -> set[str]:
        """The record ids of every stored citation."""
        with self._db.transaction("reading record ids") as conn:
            return set(conn.execute(select(citations.c.record_id)).scalars())
