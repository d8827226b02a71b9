"""Where each extracted study stands, and the text of ``reviewkit forms status``.

Double extraction: who has extracted the study and whether the consensus is
complete. Single extraction with verification: who extracted it and whether,
when and by whom it was verified, with the number of values corrected. Pure:
:meth:`reviewkit.storage.extraction.ExtractionStore.statuses` gathers the values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reviewkit.extraction.data import StudyCitation
from reviewkit.extraction.verification import Verification

__all__ = ["StudyStatus", "format_status"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StudyStatus:
    """One extracted study's progress.

    Attributes:
        citation: The study.
        extracted_by: Reviewers whose extraction of it is stored, in protocol order
            (in single-verified mode only the extractor counts).
        extracted_at: When the latest of those extractions was imported.
        verification: Single-verified: the check in force, ``None`` while unverified.
        open_fields: Double: fields still in dispute; ``None`` until the first two
            reviewers have both extracted the study.
    """

    citation: StudyCitation
    extracted_by: tuple[str, ...]
    extracted_at: datetime
    verification: Verification | None = None
    open_fields: int | None = None

    @property
    def verified(self) -> bool:
        """Whether a verification is in force."""
        return self.verification is not None


def _label(citation: StudyCitation) -> str:
    author = citation.first_author or "?"
    return f"{author} {citation.year if citation.year is not None else 'n.d.'}"


def _plural(n: int, word: str, many: str = "") -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def _consensus(status: StudyStatus, reviewers: Sequence[str]) -> str:
    if status.open_fields is None:
        waiting = [r for r in reviewers[:2] if r not in status.extracted_by]
        return f"consensus: waiting for {', '.join(waiting)}"
    if status.open_fields:
        return f"consensus: not yet, {_plural(status.open_fields, 'field')} in dispute"
    return "consensus: yes"


def format_status(statuses: Sequence[StudyStatus], *, mode: str, reviewers: Sequence[str]) -> str:
    """The per-study table and a summary line, as ``reviewkit forms status`` prints them."""
    if mode == "single-verified":
        verifiers = ", ".join(reviewers[1:]) or "nobody (add one to [extraction] reviewers)"
        head = f"single-verified extraction: {reviewers[0]} extracts, {verifiers} verifies"
    else:
        head = f"double extraction: {' and '.join(reviewers[:2])}, then consensus"
    rows = []
    for s in statuses:
        when = s.extracted_at.date().isoformat()
        if mode == "single-verified":
            state = s.verification.line() if s.verification else "not verified yet"
        else:
            state = _consensus(s, reviewers)
        extracted = f"extracted by {', '.join(s.extracted_by)} ({when})"
        rows.append((s.citation.study_id, _label(s.citation), extracted, state))
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(3)]
    lines = [head]
    lines += ["  ".join([*(c.ljust(w) for c, w in zip(r, widths, strict=False)), r[3]])
              for r in rows]  # fmt: skip
    n = len(statuses)
    if mode == "single-verified":
        done = sum(s.verified for s in statuses)
        fixed = sum(len(s.verification.corrections) for s in statuses if s.verification)
        tail = (f"{_plural(n, 'study', 'studies')} extracted: {done} verified "
                f"({_plural(fixed, 'value')} corrected), {n - done} not verified yet")  # fmt: skip
    else:
        agreed = sum(s.open_fields == 0 for s in statuses)
        waiting = sum(s.open_fields is None for s in statuses)
        tail = (f"{_plural(n, 'study', 'studies')} extracted: {agreed} with consensus, "
                f"{n - agreed - waiting} with fields in dispute, {waiting} waiting for a "
                "second extraction")  # fmt: skip
    lines.append(tail)
    return "\n".join(lines)
