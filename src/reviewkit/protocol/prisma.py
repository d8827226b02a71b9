"""``[prisma]``: what an updated review carries over from its previous version. Pure."""

from __future__ import annotations

from pydantic import Field, model_validator

from reviewkit.protocol.section import Section

__all__ = ["PrismaSection"]


class PrismaSection(Section):
    """``[prisma]``: studies and reports included in the previous version of the review.

    PRISMA 2020's flow diagram for updated reviews adds them to the new ones; a
    new review leaves both at 0.
    """

    previous_studies: int = Field(default=0, ge=0)
    previous_reports: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _reports_cover_studies(self) -> PrismaSection:
        # Every included study has at least one report.
        if self.previous_reports < self.previous_studies:
            raise ValueError(
                f"previous_reports ({self.previous_reports}) is smaller than "
                f"previous_studies ({self.previous_studies}): every study has a report"
            )
        return self
