"""Tests for reviewkit.protocol.screening: reviewers and the assignment of studies."""

from __future__ import annotations

from reviewkit.protocol import parse_protocol
from tests.protocol.protocol_support import MINIMAL, _errors


def test_screening_defaults_to_two_reviewers_screening_everything() -> None:
    screening = parse_protocol(MINIMAL).screening
    assert (screening.reviewers, screening.assignment, screening.calibration) == (
        ("reviewer-a", "reviewer-b"), "dual", 20,
    )  # fmt: skip


def test_screening_needs_two_distinct_reviewers() -> None:
    lines = _errors(MINIMAL + '\n[screening]\nreviewers = ["ann"]\n')
    assert lines[0].startswith("r/review.toml: [screening] reviewers: ")
    lines = _errors(MINIMAL + '\n[screening]\nreviewers = ["ann", "bob", "ann"]\n')
    assert lines == ["r/review.toml: [screening] reviewers: listed more than once: ann"]


def test_split_screening_and_calibration_are_read() -> None:
    text = MINIMAL + '\n[screening]\nassignment = "split"\ncalibration = 0\n'
    screening = parse_protocol(text).screening
    assert (screening.assignment, screening.calibration) == ("split", 0)
