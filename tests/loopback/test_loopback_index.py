"""The search index: zones, phrases, truncation, operators, ranges, history and sorting."""

from __future__ import annotations

import pytest

from reviewkit.loopback.article_fields import IndexedFields
from reviewkit.loopback.corpus import Corpus
from reviewkit.loopback.index import SearchIndex
from reviewkit.loopback.query import parse_query
from tests.loopback.article_support import sample_corpus, search


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return sample_corpus()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("microneedling", [3, 1]),
        ("MICRONEEDLING[tiab]", [3, 1]),
        ("microneedling[ti] AND alopecia[ti]", [1]),
        ('"hair loss"[tiab]', [3, 1]),  # "Hair-loss" matches: hyphens are spaces
        ('"loss of hair"[ti]', [2]),
        ('"hair loss"[ti]', []),
        ("alopec*[tiab]", [2, 1]),
        ("collagen induction therapy[tiab]", [1]),  # [tiab] covers author keywords
        ("collagen[ti]", []),
        ("humans[mh] NOT alopecia[mh]", [3, 2]),
        ("alopecia[mh] OR cicatrix[mh] AND humans[mh]", [3, 1]),
        ("psoriasis OR microneedling NOT acne", [4, 1]),
        ("2:3[uid]", [3, 2]),
        ("4[pmid]", [4]),
        ("2010:2016[dp]", [4, 2]),
    ],
)
def test_search_semantics(corpus: Corpus, query: str, expected: list[int]) -> None:
    assert search(corpus, query) == expected


def test_terms_matching_nothing_are_reported(corpus: Corpus) -> None:
    result = corpus.search(parse_query("microneedling AND abcXYZ").root)
    assert list(result.pmids) == []
    assert result.phrases_not_found == ("abcXYZ",)


def test_date_filter_history_and_within(corpus: Corpus) -> None:
    assert search(corpus, "humans[mh]", date_filter=("pdat", 20150101, 20201231)) == [2, 1]
    assert search(corpus, "#1 OR #2", history={1: [1], 2: [4, 999]}) == [4, 1]
    assert search(corpus, "humans[mh]", within=[1, 2, 4]) == [2, 1]


def test_sort_by_publication_date(corpus: Corpus) -> None:
    assert search(corpus, "j cosmet dermatol[ta]", sort="pub_date") == [1, 2, 4, 3]


def test_documents_are_numbered_in_order_and_retired_ones_never_match() -> None:
    index = SearchIndex()
    first = index.add(IndexedFields(pmid=50, titles=("Hair growth",), pdat=20200101))
    second = index.add(IndexedFields(pmid=50, titles=("Hair growth revised",), pdat=20200101))
    assert (first, second) == (0, 1)
    index.retire(first)
    root = parse_query('"hair growth"[ti]').root
    assert list(index.search(root, live={50: second}).pmids) == [50]
    index.retire(second)
    result = index.search(root, live={})
    assert list(result.pmids) == []
    assert result.phrases_not_found == ("hair growth",)


def test_uid_ranges_and_history_resolve_through_the_live_map() -> None:
    index = SearchIndex()
    for pmid in (7, 8, 9):
        index.add(IndexedFields(pmid=pmid, titles=("Alopecia",)))
    live = {7: 0, 9: 2}  # 8 withdrawn by the corpus
    assert list(index.search(parse_query("1:100[uid]").root, live=live).pmids) == [9, 7]
    history = {1: [8, 9]}
    assert list(index.search(parse_query("#1").root, live=live, history=history).pmids) == [9]
    within = [7, 8]
    assert list(index.search(parse_query("alopecia").root, live=live, within=within).pmids) == [7]
