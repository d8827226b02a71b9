"""Build the three evidence tables of a review from its extracted data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from reviewkit.evidence.characteristics import characteristics_table
from reviewkit.evidence.citations import study_order
from reviewkit.evidence.footnotes import unverified_note
from reviewkit.evidence.model import EvidenceTables
from reviewkit.evidence.outcomes import outcomes_table
from reviewkit.evidence.summary import summary_table
from reviewkit.evidence.views import study_view
from reviewkit.extraction.data import StudyCitation, StudyExtraction
from reviewkit.extraction.forms import Form

__all__ = ["build_tables"]


def build_tables(
    studies: Iterable[StudyExtraction],
    form: Form,
    *,
    role_field: str = "arm_role",
    comparator_role: str = "comparator",
    arm_counts: Sequence[str] = ("n", "total"),
    study_counts: Sequence[str] = ("n_analysed", "n_randomised"),
    unverified: Iterable[StudyCitation] = (),
    unverified_shown: bool = False,
) -> EvidenceTables:
    """Build the characteristics, outcomes and summary tables.

    Args:
        studies: The agreed (or verified) data of the included studies.
        form: The form the values are expressed in (labels, units, orders).
        role_field: The arm field telling intervention arms from comparator arms.
        comparator_role: Its value for a comparator arm.
        arm_counts: Per-arm result fields counting participants, first found wins.
        study_counts: Study-level participant counts used when no arm count exists.
        unverified: Single extraction with verification: the studies extracted but
            not verified yet, named in every footnote.
        unverified_shown: Whether ``studies`` include those (their values unchecked)
            rather than leave them out.
    """
    views = [study_view(s, form) for s in sorted(studies, key=study_order)]
    tables = EvidenceTables(
        characteristics=characteristics_table(views, form, role_field),
        outcomes=outcomes_table(views, form, role_field, comparator_role),
        summary=summary_table(views, form, counts=arm_counts, fallback=study_counts),
    )
    note = unverified_note(unverified, shown=unverified_shown)
    if not note:
        return tables
    # Never mix silently: each table says which studies are unverified.
    noted = [replace(t, footnote=f"{t.footnote} {note}") for t in tables.tables]
    return EvidenceTables(characteristics=noted[0], outcomes=noted[1], summary=noted[2])
