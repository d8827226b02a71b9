"""Field tags: every spelling maps to a canonical field with NCBI's label."""

from __future__ import annotations

import pytest

from reviewkit.loopback.query import parse_query
from reviewkit.loopback.query_translation import format_translation
from reviewkit.loopback.query_tree import Term
from reviewkit.loopback.search_fields import DATE_FIELDS, FIELD_LABELS, canonical_field


@pytest.mark.parametrize(
    ("tag", "field", "label"),
    [
        ("tiab", "tiab", "Title/Abstract"),
        ("Title/Abstract", "tiab", "Title/Abstract"),
        ("ti", "ti", "Title"),
        ("TITLE", "ti", "Title"),
        ("ab", "ab", "Abstract"),
        ("mh", "mh", "MeSH Terms"),
        ("MeSH Terms", "mh", "MeSH Terms"),
        ("mesh", "mh", "MeSH Terms"),
        ("majr", "majr", "MeSH Major Topic"),
        ("pt", "pt", "Publication Type"),
        ("Publication Type", "pt", "Publication Type"),
        ("au", "au", "Author"),
        ("ta", "ta", "Journal"),
        ("Journal", "ta", "Journal"),
        ("la", "la", "Language"),
        ("ot", "kw", "Other Term"),
        ("All Fields", "all", "All Fields"),
    ],
)
def test_field_tags_map_to_fields_and_ncbi_labels(tag: str, field: str, label: str) -> None:
    root = parse_query(f"alopecia[{tag}]").root
    assert isinstance(root, Term)
    assert root.field == field
    assert format_translation(root) == f'"alopecia"[{label}]'


def test_tags_are_matched_whatever_their_case_and_spacing() -> None:
    assert canonical_field("MeSH  Terms:NoExp") == "mh"
    assert canonical_field(" dp ") == "pdat"
    assert canonical_field("pmid") == "uid"
    assert canonical_field("title abstract") is None


def test_every_canonical_field_has_a_label() -> None:
    for tag in ("all", "tiab", "ti", "ab", "ot", "tw", "mh", "majr", "pt", "au", "ta", "la"):
        assert canonical_field(tag) in FIELD_LABELS
    assert FIELD_LABELS.keys() >= DATE_FIELDS
