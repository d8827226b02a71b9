"""The scoring facade: pair comparison's public names, importable from one module."""

import importlib

import pytest

from reviewkit.dedup import scoring
from reviewkit.records import Citation

# The names this module has always offered (the title thresholds were imported
# by the engine too), and the concept module each now lives in.
HOMES = {
    "CLOSE_TITLE": "verdicts",
    "Decision": "decision",
    "FieldComparison": "evidence",
    "FieldVerdict": "verdicts",
    "GENERIC_TITLE_WORDS": "verdicts",
    "PairVerdict": "decision",
    "Prepared": "prepared",
    "SAME_TITLE": "verdicts",
    "compare": "decision",
    "hard_conflict": "conflicts",
    "prepare": "prepared",
    "relation": "conflicts",
    "worth_comparing": "decision",
}


def test_the_facade_offers_exactly_the_names_it_always_did():
    assert sorted(scoring.__all__) == sorted(HOMES)


@pytest.mark.parametrize(("name", "home"), sorted(HOMES.items()))
def test_each_name_is_the_concept_modules_own_object(name, home):
    module = importlib.import_module(f"reviewkit.dedup.{home}")
    assert name in module.__all__
    assert getattr(scoring, name) is getattr(module, name)


def test_the_title_thresholds_keep_their_values():
    assert (scoring.SAME_TITLE, scoring.CLOSE_TITLE) == (95.0, 85.0)
    assert scoring.GENERIC_TITLE_WORDS == 4


def test_a_pair_is_compared_through_the_facade():
    fields = {"title": "Microneedling with minoxidil for androgenetic alopecia", "year": 2013}
    a = scoring.prepare(Citation(record_id="a", source="x", doi="10.1000/x", **fields))
    b = scoring.prepare(Citation(record_id="b", source="y", doi="doi:10.1000/X", **fields))
    assert scoring.worth_comparing(a, b)
    assert scoring.hard_conflict(a, b) is None
    assert scoring.relation(a, b) is None
    verdict = scoring.compare(a, b)
    assert isinstance(verdict, scoring.PairVerdict)
    assert (verdict.decision, verdict.reasons[0]) == ("duplicate", "same DOI")
