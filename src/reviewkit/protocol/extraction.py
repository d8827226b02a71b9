"""``[extraction]``: the extraction form, the mode of extraction and who extracts. Pure."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from reviewkit.protocol.section import Section, Slug, unique

__all__ = ["Extraction"]


class Extraction(Section):
    """``[extraction]``: the form, double or single-verified extraction, and who extracts."""

    form: str = "extraction_forms/microneedling_hair_loss.yaml"
    # double: two reviewers extract independently, then agree (consensus entries);
    # single-verified: the first reviewer extracts, the second checks and corrects.
    mode: Literal["double", "single-verified"] = "double"
    reviewers: Annotated[tuple[Slug, ...], AfterValidator(unique)] = Field(
        default=("reviewer-a", "reviewer-b"), min_length=1
    )

    @model_validator(mode="after")
    def _two_for_double(self) -> Extraction:
        if self.mode == "double" and len(self.reviewers) < 2:
            raise ValueError("double extraction needs at least two reviewers")
        return self
