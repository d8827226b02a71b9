"""``[review]`` and ``[pico]``: which review this is and the question it asks. Pure."""

from __future__ import annotations

from pydantic import Field

from reviewkit.protocol.section import Section, Slug, Text

__all__ = ["Pico", "ReviewInfo"]


class ReviewInfo(Section):
    """``[review]``: which review this is."""

    id: Slug
    title: Text
    question: Text


class Pico(Section):
    """``[pico]``: the eligibility frame (population, intervention, comparator, outcomes)."""

    population: Text
    intervention: Text
    comparator: Text
    outcomes: tuple[Text, ...] = Field(min_length=1)
    study_designs: tuple[Text, ...] = Field(min_length=1)
