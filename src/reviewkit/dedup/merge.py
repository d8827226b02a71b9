"""One merged record per study, every field traced back to the record it came from.

Nothing is thrown away: the merged record lists all its source records, and
``provenance`` says which record gave each field. The representative (the
record that stands for the study in screening) is the PubMed record when there
is one, else the most complete record, else the smallest record_id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from types import MappingProxyType

from reviewkit.records import Citation

__all__ = ["MergedRecord", "merge_cluster", "pick_representative"]


@dataclass(frozen=True, slots=True, kw_only=True)
class MergedRecord:
    """One study: its records, the representative, best field values and provenance."""

    cluster_id: str
    record_ids: tuple[str, ...]
    representative: str
    fields: Mapping[str, object]
    provenance: Mapping[str, str]


_FIELDS = tuple(f.name for f in fields(Citation) if f.name != "record_id")
_COMPLETENESS = (
    "title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "abstract",
)  # fmt: skip


def _is_pubmed(citation: Citation) -> bool:
    return citation.source.lower() == "pubmed" or citation.record_id.startswith("pubmed:")


def _completeness(citation: Citation) -> int:
    return sum(1 for name in _COMPLETENESS if getattr(citation, name))


def pick_representative(members: Sequence[Citation]) -> Citation:
    """The record that stands for the study: PubMed, else most complete, else smallest id."""
    return min(members, key=lambda c: (not _is_pubmed(c), -_completeness(c), c.record_id))


def _longest(value: object) -> tuple[int, int]:
    return (len(value) if isinstance(value, str | tuple) else 0, 0)


def _page_quality(value: object) -> tuple[int, int]:
    # A full range (1565-1571) beats a first page only (1565) or an abbreviated range.
    text = str(value)
    return (1 if "-" in text or "‐" in text else 0, len(text))


# How to choose a field's value among members; default: the representative's,
# else the first member (by record_id) that has one.
_CHOOSERS: dict[str, Callable[[object], tuple[int, int]]] = {
    "authors": _longest,
    "journal": _longest,
    "abstract": _longest,
    "keywords": _longest,
    "pages": _page_quality,
}


class _CitationFields(Mapping[str, object]):
    """Read-only view of one citation's present fields (a singleton's merged fields).

    Most studies have a single record; a view instead of a copied dict keeps a
    million-record run within memory.
    """

    __slots__ = ("_citation",)

    def __init__(self, citation: Citation) -> None:
        self._citation = citation

    def __getitem__(self, key: str) -> object:
        value = getattr(self._citation, key) if key in _FIELD_SET else None
        if not value:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return (name for name in _FIELDS if getattr(self._citation, name))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _SameSource(Mapping[str, str]):
    """Provenance of a singleton: every present field comes from its one record."""

    __slots__ = ("_fields",)

    def __init__(self, fields: _CitationFields) -> None:
        self._fields = fields

    def __getitem__(self, key: str) -> str:
        self._fields[key]  # raises KeyError for absent fields
        return self._fields._citation.record_id

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


_FIELD_SET = frozenset(_FIELDS)


def merge_cluster(cluster_id: str, members: Sequence[Citation]) -> MergedRecord:
    """Merge the citations of one cluster into a :class:`MergedRecord`."""
    if len(members) == 1:
        view = _CitationFields(members[0])
        return MergedRecord(
            cluster_id=cluster_id,
            record_ids=(members[0].record_id,),
            representative=members[0].record_id,
            fields=view,
            provenance=_SameSource(view),
        )
    ordered = sorted(members, key=lambda c: c.record_id)
    representative = pick_representative(ordered)
    # The representative first, so that ties go to it.
    candidates = [representative, *(c for c in ordered if c is not representative)]
    values: dict[str, object] = {}
    provenance: dict[str, str] = {}
    for name in _FIELDS:
        present = [(c, getattr(c, name)) for c in candidates if getattr(c, name)]
        if not present:
            continue
        chooser = _CHOOSERS.get(name)
        if chooser is None:
            source, value = present[0]
        else:
            best = max(chooser(v) for _, v in present)
            source, value = next((c, v) for c, v in present if chooser(v) == best)
        values[name] = value
        provenance[name] = source.record_id
    return MergedRecord(
        cluster_id=cluster_id,
        record_ids=tuple(c.record_id for c in ordered),
        representative=representative.record_id,
        fields=MappingProxyType(values),
        provenance=MappingProxyType(provenance),
    )
