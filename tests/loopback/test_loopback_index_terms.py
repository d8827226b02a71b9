"""What an article adds to the index: MeSH, major topics, types, authors, journals, languages."""

from __future__ import annotations

import pytest

from reviewkit.loopback.article_fields import IndexedFields
from reviewkit.loopback.corpus import Corpus
from reviewkit.loopback.index_terms import KEY_FIELDS, ZONES, IndexTerms
from reviewkit.records import Author, MeshHeading, MeshQualifier
from tests.loopback.article_support import sample_corpus, search


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return sample_corpus()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("alopecia[mh]", [1]),  # descriptor match, no explosion to Alopecia Areata
        ("alopecia areata[mh]", [2]),
        ("alopecia*[mh]", [2, 1]),
        ("alopecia/therapy[mh]", [1]),
        ("humans[mesh terms]", [3, 2, 1]),
        ("alopecia[majr]", [1]),
        ("minoxidil[majr]", [1]),  # a major qualifier makes the heading major
        ("humans[majr]", []),
        ("randomized controlled trial[pt]", [1]),
        ("review[pt]", [4]),
        ("smith[au]", [3, 1]),
        ("smith j[au]", [3, 1]),
        ("smith ja[au]", [3, 1]),
        ("smith b[au]", []),
        ("muller a[au]", [2]),  # diacritics folded
        ("hair study group[au]", [2]),
        ("j cosmet dermatol[ta]", [4, 3, 2, 1]),
        ("1473-2165[ta]", [4, 3, 2, 1]),
        ("ger[la]", [2]),
        ("german[la]", [2]),
    ],
)
def test_search_semantics(corpus: Corpus, query: str, expected: list[int]) -> None:
    assert search(corpus, query) == expected


def test_every_zone_and_key_field_is_filled() -> None:
    fields = IndexedFields(
        pmid=1,
        titles=("Title",),
        abstracts=("Abstract",),
        keywords=("keyword",),
        mesh=(
            MeshHeading(
                descriptor="Alopecia",
                qualifiers=(MeshQualifier(name="therapy", major=True),),
            ),
        ),
        publication_types=("Review",),
        authors=(Author(collective="Hair Study Group"),),
        journal_names=("J Cosmet Dermatol",),
        languages=("xyz",),
    )
    zones, keys = IndexTerms().of(fields)
    assert tuple(zones) == ZONES
    assert tuple(keys) == KEY_FIELDS
    assert list(zones["mh"]) == ["Alopecia", "therapy"]
    assert list(zones["au"]) == ["Hair Study Group"]
    assert keys["mh"] == {"alopecia", "alopecia/therapy"}
    assert keys["majr"] == {"alopecia", "alopecia/therapy"}
    assert keys["au"] == {"hair study group"}
    assert keys["la"] == {"xyz"}  # an unknown code has no language name


def test_the_caches_are_bounded() -> None:
    terms = IndexTerms()
    terms.limit = 3
    for number in range(10):
        _, keys = terms.of(IndexedFields(pmid=number, publication_types=(f"Type {number}",)))
        assert keys["pt"] == {f"type {number}"}
    assert len(terms._keys) <= terms.limit + 1
