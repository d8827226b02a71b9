"""Tests for reviewkit.protocol.extraction: the form and double or single-verified mode."""

from __future__ import annotations

from reviewkit.protocol import parse_protocol
from tests.protocol.protocol_support import MINIMAL, _errors


def test_extraction_defaults_to_double_extraction_with_the_shipped_form() -> None:
    extraction = parse_protocol(MINIMAL).extraction
    assert extraction.form == "extraction_forms/microneedling_hair_loss.yaml"
    assert (extraction.mode, extraction.reviewers) == ("double", ("reviewer-a", "reviewer-b"))


def test_single_verified_extraction_may_have_one_reviewer() -> None:
    text = MINIMAL + '\n[extraction]\nmode = "single-verified"\nreviewers = ["ann"]\n'
    assert parse_protocol(text).extraction.reviewers == ("ann",)


def test_double_extraction_needs_two_reviewers() -> None:
    lines = _errors(MINIMAL + '\n[extraction]\nreviewers = ["ann"]\n')
    assert lines == ["r/review.toml: [extraction] double extraction needs at least two reviewers"]


def test_an_unknown_mode_is_named() -> None:
    lines = _errors(MINIMAL + '\n[extraction]\nmode = "triple"\n')
    assert lines == [
        "r/review.toml: [extraction] mode: Input should be 'double' or 'single-verified'"
    ]
