"""``[screening]``: who screens and how studies are shared between the reviewers. Pure."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from reviewkit.protocol.section import Section, Slug, unique

__all__ = ["Screening"]


class Screening(Section):
    """``[screening]``: the reviewers and how studies are shared between them."""

    reviewers: Annotated[tuple[Slug, ...], AfterValidator(unique)] = Field(
        default=("reviewer-a", "reviewer-b"), min_length=2
    )
    assignment: Literal["dual", "split"] = "dual"
    calibration: int = Field(default=20, ge=0)
