"""Tests for reviewkit.protocol.review: the ``[review]`` and ``[pico]`` sections."""

from __future__ import annotations

import pytest

from reviewkit.protocol import parse_protocol
from tests.protocol.protocol_support import MINIMAL, _errors


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('outcomes = ["y"]', 'outcomes = [""]', "[pico] outcomes[0]: must not be empty"),
        ('outcomes = ["y"]', "outcomes = []", "[pico] outcomes: "),
    ],
)
def test_bad_values_are_reported_with_their_key(old: str, new: str, expected: str) -> None:
    lines = _errors(MINIMAL.replace(old, new))
    assert any(line.startswith(f"r/review.toml: {expected}") for line in lines), lines


def test_review_and_pico_text_is_kept_without_surrounding_spaces() -> None:
    protocol = parse_protocol(MINIMAL.replace('title = "Demo"', 'title = "  Demo  "'))
    assert (protocol.review.id, protocol.review.title) == ("demo", "Demo")
    assert protocol.pico.study_designs == ("randomised controlled trial",)


def test_study_designs_are_required() -> None:
    lines = _errors(MINIMAL.replace('study_designs = ["randomised controlled trial"]\n', ""))
    assert lines == ["r/review.toml: [pico] study_designs: field required"]
