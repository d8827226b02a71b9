"""Single extraction with verification: who checks, and what a check corrected.

In ``single-verified`` mode the first reviewer of ``[extraction] reviewers``
extracts and the others verify. A verifier's workbook comes prefilled with the
extractor's values; importing it marks every study it covers as verified by
that verifier and records, field by field, what they changed. A study the
extractor extracts again afterwards is unverified until it is checked again.

Pure: values in, values out. Values are compared as in double extraction
(:func:`reviewkit.extraction.discrepancy.compare`), so a change of case or
spacing alone is not a correction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from reviewkit.extraction.discrepancy import EntryRow, compare
from reviewkit.extraction.forms import Form

__all__ = ["Correction", "Role", "Verification", "corrections", "role_of"]

Role = Literal["extractor", "verifier"]


def role_of(mode: str, reviewers: Sequence[str], reviewer: str) -> Role | None:
    """``reviewer``'s role in single-verified extraction; ``None`` in double mode or if unknown.

    >>> role_of("single-verified", ("ann", "bob"), "bob")
    'verifier'
    >>> role_of("double", ("ann", "bob"), "ann") is None
    True
    """
    if mode != "single-verified" or reviewer not in reviewers:
        return None
    return "extractor" if reviewer == reviewers[0] else "verifier"


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    """One field a verifier changed: the extractor's value and the verifier's.

    ``None`` on either side: the field was empty there (a value added or removed).
    """

    section: str
    keys: tuple[tuple[str, str], ...]
    field: str
    before: object
    after: object


@dataclass(frozen=True, slots=True, kw_only=True)
class Verification:
    """A verifier's check of one study's extraction.

    Attributes:
        study_id: The study checked.
        verifier: Who checked it.
        extractor: Whose extraction was checked.
        verified_at: When the verifier's workbook was imported.
        form_id: The form the check was made with.
        form_version: Its version.
        import_id: The verifier's import (whose entries are the verified values).
        checked_import_id: The extractor's import that was checked.
        corrections: Every field the verifier changed.
        superseded_at: When it stopped counting: the extractor re-extracted the
            study, or it was verified again.
    """

    study_id: str
    verifier: str
    extractor: str
    verified_at: datetime
    form_id: str
    form_version: int
    import_id: int
    checked_import_id: int
    corrections: tuple[Correction, ...]
    superseded_at: datetime | None = None

    def line(self) -> str:
        """``verified by bob on 2026-12-02 (form v1), 3 values corrected``."""
        n = len(self.corrections)
        return (f"verified by {self.verifier} on {self.verified_at.date().isoformat()} "
                f"(form v{self.form_version}), {n} value{'' if n == 1 else 's'} "
                "corrected")  # fmt: skip


def corrections(
    form: Form, extracted: Sequence[EntryRow], verified: Sequence[EntryRow]
) -> tuple[Correction, ...]:
    """Every field where the verifier's rows differ from the extractor's, in form order.

    A row only one side has counts each of its filled fields as a correction.
    """
    return tuple(
        Correction(section=d.section, keys=d.keys, field=d.field, before=d.first, after=d.second)
        for d in compare(form, extracted, verified)
    )
