"""``[eligibility]``: include/exclude criteria per PICO element and the exclusion reasons.

Pure.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from reviewkit.protocol.section import Section, Text, unique

__all__ = ["DEFAULT_EXCLUSION_REASONS", "Criteria", "Eligibility"]

# Reasons a study can be excluded at screening (PRISMA 2020 item 16a counts them).
DEFAULT_EXCLUSION_REASONS = (
    "wrong population", "wrong intervention", "wrong comparator", "wrong outcome",
    "wrong study design", "not primary research", "duplicate report",
    "full text not retrievable", "other",
)  # fmt: skip


class Criteria(Section):
    """Include and exclude criteria for one PICO element."""

    include: tuple[Text, ...] = ()
    exclude: tuple[Text, ...] = ()


class Eligibility(Section):
    """``[eligibility]``: criteria per PICO element and the exclusion reasons reviewers pick."""

    reasons: Annotated[tuple[Text, ...], AfterValidator(unique)] = Field(
        default=DEFAULT_EXCLUSION_REASONS, min_length=1
    )
    population: Criteria = Criteria()
    intervention: Criteria = Criteria()
    comparator: Criteria = Criteria()
    outcomes: Criteria = Criteria()
    study_design: Criteria = Criteria()
