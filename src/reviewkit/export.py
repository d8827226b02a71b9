"""Write stored records as CSV or RIS for reviewers and reference managers.

The ``format_*`` functions are pure; :func:`write_records` is the only I/O and
writes through a temporary file, so a failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import rispy

from reviewkit.errors import StorageError
from reviewkit.records import PubmedRecord

__all__ = ["CSV_COLUMNS", "format_csv", "format_ris", "write_records"]

ExportFormat = Literal["csv", "ris"]

# The same columns `reviewkit dedup file` reads, plus PubMed's identifiers.
CSV_COLUMNS = (
    "record_id",
    "pmid",
    "doi",
    "pmcid",
    "title",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "abstract",
    "publication_types",
    "mesh",
    "keywords",
    "language",
    "status",
)


def _row(record: PubmedRecord) -> dict[str, str]:
    journal = record.journal
    return {
        "record_id": f"pubmed:{record.pmid}",
        "pmid": record.pmid,
        "doi": record.doi or "",
        "pmcid": record.pmcid or "",
        "title": record.title,
        "authors": "; ".join(a.display for a in record.authors),
        "year": str(record.year or ""),
        "journal": journal.iso_abbreviation or journal.title or "",
        "volume": journal.volume or "",
        "issue": journal.issue or "",
        "pages": journal.pages or "",
        "abstract": record.abstract_text,
        "publication_types": "; ".join(record.publication_types),
        "mesh": "; ".join(m.descriptor for m in record.mesh),
        "keywords": "; ".join(record.keywords),
        "language": "; ".join(record.languages),
        "status": record.status or "",
    }


def format_csv(records: Iterable[PubmedRecord]) -> str:
    """Records as CSV with a header row of :data:`CSV_COLUMNS`."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(_row(record))
    return out.getvalue()


def _ris_entry(record: PubmedRecord) -> dict[str, Any]:
    journal = record.journal
    start, _, end = (journal.pages or "").partition("-")
    entry: dict[str, Any] = {
        "type_of_reference": "BOOK" if record.kind == "book" else "JOUR",
        "title": record.title,
        "authors": [a.display for a in record.authors],
        "year": str(record.year or ""),
        "journal_name": journal.title or journal.iso_abbreviation or "",
        "alternate_title2": journal.iso_abbreviation or "",
        "volume": journal.volume or "",
        "number": journal.issue or "",
        "start_page": start,
        "end_page": end,
        "doi": record.doi or "",
        "issn": journal.issn or "",
        "abstract": record.abstract_text,
        "keywords": [m.descriptor for m in record.mesh] + list(record.keywords),
        "language": "; ".join(record.languages),
        "accession_number": record.pmid,
        "name_of_database": "PubMed",
        "urls": [f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"],
    }
    return {k: v for k, v in entry.items() if v not in ("", [])}


def format_ris(records: Iterable[PubmedRecord]) -> str:
    """Records as RIS (via ``rispy``), with the PMID in ``AN``."""
    return str(rispy.dumps([_ris_entry(r) for r in records]))


def write_records(records: Iterable[PubmedRecord], path: Path, *, fmt: ExportFormat) -> int:
    """Write ``records`` to ``path`` atomically; return how many were written."""
    items = list(records)
    text = format_csv(items) if fmt == "csv" else format_ris(items)
    path = path.expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return len(items)
