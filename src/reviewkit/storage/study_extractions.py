"""Studies as the evidence tables read them: citation plus values with provenance.

:meth:`~reviewkit.storage.extraction.ExtractionStore.extractions` chooses the
rows in force (consensus, or verified); this module reads the studies'
citations from the dedup tables and assembles each study's
:class:`~reviewkit.extraction.data.StudyExtraction`, deriving the RoB 2
overall judgement where the form asks for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select

from reviewkit.extraction.data import (
    ExtractedRow,
    ExtractedValue,
    Provenance,
    StudyCitation,
    StudyExtraction,
)
from reviewkit.extraction.discrepancy import EntryRow
from reviewkit.extraction.forms import Form
from reviewkit.extraction.rob2 import derive
from reviewkit.storage.database import ReviewDatabase
from reviewkit.storage.schema import studies, study_members

__all__ = ["build_study", "read_citations", "study_citation"]


def study_citation(
    study_id: str, fields: Mapping[str, Any], record_ids: Iterable[str]
) -> StudyCitation:
    """A study's citation from its merged dedup fields.

    >>> cite = study_citation("c:1", {"authors": ["Lee, A"], "year": "2019"}, ["r2", "r1"])
    >>> cite.first_author, cite.year, cite.record_ids
    ('Lee', 2019, ('r1', 'r2'))
    """
    authors = fields.get("authors") or ()
    first = str(authors[0]).split(",")[0].split(" ")[0] if authors else None
    year = fields.get("year")
    return StudyCitation(
        study_id=study_id, first_author=first or None,
        year=int(year) if isinstance(year, int | float | str) and str(year).isdigit() else None,
        title=fields.get("title"), pmid=fields.get("pmid"), doi=fields.get("doi"),
        record_ids=tuple(sorted(record_ids)),
    )  # fmt: skip


def read_citations(db: ReviewDatabase, ids: Sequence[str]) -> dict[str, StudyCitation]:
    """The citations of the studies ``ids``, by study id."""
    with db.transaction("reading studies for extraction") as conn:
        rows = conn.execute(select(studies.c.cluster_id, studies.c.fields)
                            .where(studies.c.cluster_id.in_(ids))).all()  # fmt: skip
        members: dict[str, list[str]] = {}
        for rid, cid in conn.execute(select(study_members.c.record_id,
                                            study_members.c.cluster_id)
                                     .where(study_members.c.cluster_id.in_(ids))):  # fmt: skip
            members.setdefault(cid, []).append(rid)
    return {cid: study_citation(cid, fields, members.get(cid, ())) for cid, fields in rows}


def build_study(
    form: Form, citation: StudyCitation, rows: Sequence[tuple[EntryRow, Provenance]]
) -> StudyExtraction:
    """One study's extraction from its rows in force, each with the provenance it carries."""
    fields: dict[str, ExtractedValue] = {}
    groups: dict[str, list[ExtractedRow]] = {}
    for row, prov in sorted(rows, key=lambda rp: (rp[0].section, rp[0].keys)):
        values = {k: ExtractedValue(value=v, provenance=prov)
                  for k, v in row.values.items() if v is not None}  # fmt: skip
        if row.section == "":
            fields.update(values)
        else:
            groups.setdefault(row.section, []).append(ExtractedRow(keys=row.keys, values=values))
    _derive_overall(form, fields)
    return StudyExtraction(citation=citation, fields=fields,
                           groups={k: tuple(v) for k, v in groups.items()})  # fmt: skip


def _derive_overall(form: Form, fields: dict[str, ExtractedValue]) -> None:
    """Add the derived RoB 2 judgements to ``fields``, with their first domain's provenance."""
    for field in form.fields:
        if field.derived is None or field.derived.rule != "rob2_overall":
            continue
        plain = {k: v.value for k, v in fields.items()}
        result = derive(field.derived, plain)
        source = fields.get(field.derived.domains[0])
        if result is not None and source is not None:
            fields[field.key] = ExtractedValue(value=result.judgement.value,
                                               provenance=source.provenance)  # fmt: skip
