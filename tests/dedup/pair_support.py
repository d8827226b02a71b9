"""Shared pair-building helpers for the dedup tests: a base citation and its variants."""

from reviewkit.dedup.decision import compare
from reviewkit.dedup.prepared import prepare
from reviewkit.records import Citation

__all__ = ["BASE", "CONFERENCE", "GERMAN", "field", "pair", "prepare_pair"]


BASE = {
    "title": "Microneedling with minoxidil for androgenetic alopecia: a randomized trial",
    "authors": ("Dhurat R", "Sukesh M", "Avhad G"),
    "year": 2013,
    "journal": "International Journal of Trichology",
    "volume": "5",
    "issue": "1",
    "pages": "6-11",
}

CONFERENCE = {
    "title": "Scalp imaging with smartphones: a design science study of hair density apps",
    "authors": ("Okafor N", "Lindqvist P"),
    "volume": None,
    "issue": None,
    "pages": None,
    "publication_type": "inproceedings",
}

GERMAN = "Mikronadelung mit Minoxidil bei androgenetischer Alopezie: eine randomisierte Studie"


def pair(a_fields=None, b_fields=None):
    """The verdict on BASE changed by ``a_fields`` (record ``a``) and ``b_fields`` (``b``)."""
    a = Citation(record_id="a", source="x", **{**BASE, **(a_fields or {})})
    b = Citation(record_id="b", source="y", **{**BASE, **(b_fields or {})})
    return compare(prepare(a), prepare(b))


def field(verdict, name):
    """The comparison of field ``name`` in ``verdict``."""
    return next(f for f in verdict.fields if f.field == name)


def prepare_pair(a_fields, b_fields):
    """Records ``a`` and ``b`` as :func:`pair` builds them, prepared but not compared."""
    a = Citation(record_id="a", source="x", **{**BASE, **a_fields})
    b = Citation(record_id="b", source="y", **{**BASE, **b_fields})
    return prepare(a), prepare(b)
