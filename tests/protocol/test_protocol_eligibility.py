"""Tests for reviewkit.protocol.eligibility: criteria and exclusion reasons."""

from __future__ import annotations

from reviewkit.protocol import DEFAULT_EXCLUSION_REASONS, parse_protocol
from tests.protocol.protocol_support import MINIMAL, _errors


def test_the_default_reasons_apply_and_criteria_are_empty() -> None:
    eligibility = parse_protocol(MINIMAL).eligibility
    assert eligibility.reasons == DEFAULT_EXCLUSION_REASONS
    assert "other" in eligibility.reasons
    assert (eligibility.population.include, eligibility.study_design.exclude) == ((), ())


def test_criteria_are_read_per_pico_element() -> None:
    text = MINIMAL + (
        '\n[eligibility]\nreasons = ["wrong population", "other"]\n'
        '\n[eligibility.population]\ninclude = ["adults with AGA"]\nexclude = ["children"]\n'
    )
    eligibility = parse_protocol(text).eligibility
    assert eligibility.reasons == ("wrong population", "other")
    assert eligibility.population.include == ("adults with AGA",)
    assert eligibility.population.exclude == ("children",)


def test_reasons_are_unique_and_not_empty() -> None:
    lines = _errors(MINIMAL + '\n[eligibility]\nreasons = ["other", "other"]\n')
    assert lines == ["r/review.toml: [eligibility] reasons: listed more than once: other"]
    lines = _errors(MINIMAL + "\n[eligibility]\nreasons = []\n")
    assert lines[0].startswith("r/review.toml: [eligibility] reasons: ")


def test_an_unknown_criterion_key_is_named() -> None:
    lines = _errors(MINIMAL + '\n[eligibility.outcomes]\ninclud = ["x"]\n')
    assert len(lines) == 1
    assert lines[0].startswith("r/review.toml: [eligibility.outcomes] includ: unknown key")
