"""Tests for reviewkit.protocol.prisma: the previous version of an updated review."""

from __future__ import annotations

from reviewkit.protocol import parse_protocol
from tests.protocol.protocol_support import MINIMAL, _errors


def test_a_new_review_has_no_previous_version() -> None:
    prisma = parse_protocol(MINIMAL).prisma
    assert (prisma.previous_studies, prisma.previous_reports) == (0, 0)


def test_previous_studies_and_reports_are_read() -> None:
    text = MINIMAL + "\n[prisma]\nprevious_studies = 12\nprevious_reports = 14\n"
    prisma = parse_protocol(text).prisma
    assert (prisma.previous_studies, prisma.previous_reports) == (12, 14)


def test_fewer_reports_than_studies_and_negative_counts_are_refused() -> None:
    lines = _errors(MINIMAL + "\n[prisma]\nprevious_studies = 5\nprevious_reports = 3\n")
    assert lines[0].startswith("r/review.toml: [prisma]")
    assert "every study has a report" in lines[0]
    lines = _errors(MINIMAL + "\n[prisma]\nprevious_studies = -1\n")
    assert lines[0].startswith("r/review.toml: [prisma] previous_studies: ")
