"""Test data for reviewkit.evidence: three studies built value by value (consensus values)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from reviewkit.extraction.data import (
    ExtractedRow,
    ExtractedValue,
    Provenance,
    StudyCitation,
    StudyExtraction,
)

FORM_PATH = (
    Path(__file__).resolve().parents[2] / "extraction_forms" / "microneedling_hair_loss.yaml"
)


WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def v(value, reviewer="consensus", when=WHEN):
    prov = Provenance(
        reviewer=reviewer, form_id="microneedling_hair_loss", form_version=1, entered_at=when
    )
    return ExtractedValue(value=value, provenance=prov)


def row(keys, **values):
    return ExtractedRow(keys=tuple(keys), values={k: v(x) for k, x in values.items()})


def result(outcome, timepoint, arm, **values):
    return row((("outcome", outcome), ("timepoint", timepoint), ("arm", arm)), **values)


def study(sid, author, year, *, pmid=None, doi=None, fields=None, arms=(), outcomes=(), results=()):
    return StudyExtraction(
        citation=StudyCitation(
            study_id=sid,
            first_author=author,
            year=year,
            title=f"Trial {sid}",
            pmid=pmid,
            doi=doi,
            record_ids=(f"rec-{sid}",),
        ),
        fields={k: v(x) for k, x in (fields or {}).items()},
        groups={"arms": tuple(arms), "outcomes": tuple(outcomes), "results": tuple(results)},
    )


def dhurat():
    return study(
        "S2", "Doe", 2013, pmid="90000023", doi="10.9999/test.0023",
        fields={"design": "parallel RCT", "condition": "AGA", "n_randomised": 100, "n_analysed": 94,
                "co_treatments_unused": None, "rob2_overall": "some concerns",
                "notes": "long text stays out of the table"},
        arms=[
            row([("arm", "MN+minoxidil")], arm_role="intervention", device="dermaroller",
                needle_length=1.5, sessions=12, co_treatments=("minoxidil",),
                minoxidil_percent=5.0),
            row([("arm", "minoxidil")], arm_role="comparator", device="none",
                co_treatments=("minoxidil",)),
        ],
        outcomes=[
            row([("outcome", "hair_count_change"), ("timepoint", "12 weeks")],
                result_measure="mean and SD"),
            row([("outcome", "responders"), ("timepoint", "12 weeks")],
                result_measure="events and total"),
        ],
        results=[
            result("hair_count_change", "12 weeks", "MN+minoxidil", n=50, mean=91.4, sd=14.6),
            result("hair_count_change", "12 weeks", "minoxidil", n=44, mean=22.2, sd=4.3),
            result("responders", "12 weeks", "MN+minoxidil", events=41, total=50),
            result("responders", "12 weeks", "minoxidil", events=2, total=44),
        ],
    )  # fmt: skip


def bao():
    # Two intervention arms against one comparator: two comparisons.
    return study(
        "S1", "Abe", 2020, pmid="90000032",
        fields={"design": "parallel RCT", "condition": "AGA", "n_randomised": 120},
        arms=[
            row([("arm", "A")], arm_role="intervention", device="dermapen", needle_length=0.6),
            row([("arm", "B")], arm_role="intervention", device="dermapen", needle_length=1.2),
            row([("arm", "C")], arm_role="comparator", device="none"),
        ],
        outcomes=[row([("outcome", "hair_count_change"), ("timepoint", "24 weeks")],
                      result_measure="mean and SD")],
        results=[
            result("hair_count_change", "24 weeks", "A", n=38, mean=10.0, sd=2.0),
            result("hair_count_change", "24 weeks", "B", n=39, mean=12.5, sd=2.5),
            result("hair_count_change", "24 weeks", "C", n=37, mean=3.0, sd=1.0),
        ],
    )  # fmt: skip


def unknown():
    # No author: the study id stands in; adverse events with no arm counts -> N analysed.
    return study(
        "S3", None, None, doi="10.1/x",
        fields={"design": "split-scalp RCT", "condition": "FPHL", "n_randomised": 20,
                "n_analysed": 18},
        outcomes=[row([("outcome", "adverse_events"), ("timepoint", "12 weeks")],
                      result_measure="narrative only")],
    )  # fmt: skip
