"""What synthetic records are about: topic shares, journals, MeSH and designs hang together."""

from __future__ import annotations

import math
import re

from reviewkit.loopback.query import parse_query
from reviewkit.loopback.synthetic import synthetic_corpus
from reviewkit.loopback.synthetic_topics import (
    COMMON_MESH,
    DESIGNS,
    JOURNALS,
    LANGUAGES,
    QUALIFIERS,
    TOPIC_WEIGHTS,
    TOPICS,
)


def test_topic_queries_return_small_subsets() -> None:
    corpus = synthetic_corpus(3000)

    def count(text: str) -> int:
        return len(corpus.search(parse_query(text).root).pmids)

    topic = count("microneedling[tiab] AND (alopecia[tiab] OR hair loss[tiab])")
    assert 20 <= topic <= 300
    assert count("microneedling") > topic
    assert count("journal article[pt]") == 3000


def test_topic_weights_are_shares_of_the_corpus() -> None:
    assert tuple(t.weight for t in TOPICS) == TOPIC_WEIGHTS
    assert math.isclose(sum(TOPIC_WEIGHTS), 1.0)


def test_every_topic_names_real_journals_and_well_formed_mesh() -> None:
    for topic in TOPICS:
        assert all(0 <= j < len(JOURNALS) for j in topic.journals)
        for _, ui in (*topic.mesh, *COMMON_MESH):
            assert re.fullmatch(r"D\d{6,9}", ui), ui
    assert all(re.fullmatch(r"Q\d{6}", ui) for _, ui in QUALIFIERS)
    assert all(re.fullmatch(r"\d{4}-\d{3}[\dX]", issn) for _, _, issn, _ in JOURNALS)


def test_most_records_are_in_english_and_every_design_is_typed() -> None:
    assert LANGUAGES.count("eng") / len(LANGUAGES) > 0.9
    assert all(types for _, types in DESIGNS)
