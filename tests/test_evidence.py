from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewkit.evidence import build_tables, format_value
from reviewkit.evidence_export import latest_entry, provenance_table
from reviewkit.extraction.data import (
    ExtractedRow,
    ExtractedValue,
    Provenance,
    StudyCitation,
    StudyExtraction,
)
from reviewkit.extraction.forms import load_form

FORM_PATH = (
    Path(__file__).resolve().parents[1] / "extraction_forms" / "microneedling_hair_loss.yaml"
)
WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def form():
    return load_form(FORM_PATH)


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


def test_characteristics_one_row_per_study_in_author_year_order(form):
    tables = build_tables([dhurat(), unknown(), bao()], form)
    t = tables.characteristics
    keys = [c.key for c in t.columns]
    assert keys[:3] == ["study", "pmid", "doi"]
    assert "notes" not in keys  # long text is left out
    assert "country" not in keys  # nobody reported it: no empty column
    recs = t.records()
    assert [r["study"] for r in recs] == ["Abe 2020", "Doe 2013", "S3 n.d."]
    assert recs[1]["pmid"] == "90000023"
    assert recs[1]["doi"] == "10.9999/test.0023"
    assert recs[1]["n_randomised"] == 100
    assert recs[0]["n_analysed"] is None
    assert recs[1]["rob2_overall"] == "some concerns"
    assert recs[1]["arms"] == (
        "MN+minoxidil (intervention): microneedling device dermaroller, needle length 1.5 mm, "
        "number of sessions 12, co-treatments minoxidil, minoxidil concentration 5 %\n"
        "minoxidil (comparator): microneedling device none, co-treatments minoxidil"
    )
    assert recs[1]["outcomes"] == "Change in hair count; Responders"
    assert recs[2]["arms"] is None
    assert recs[2]["outcomes"] == "Adverse events"


def test_outcomes_rows_per_outcome_timepoint_comparison(form):
    t = build_tables([dhurat(), unknown(), bao()], form).outcomes
    recs = t.records()
    hc = "Change in hair count (hairs/cm²)"
    assert [(r["outcome"], r["timepoint"], r["study"], r["comparison"]) for r in recs] == [
        (hc, "12 weeks", "Doe 2013", "MN+minoxidil vs minoxidil"),
        (hc, "24 weeks", "Abe 2020", "A vs C"),
        (hc, "24 weeks", "Abe 2020", "B vs C"),
        ("Responders", "12 weeks", "Doe 2013", "MN+minoxidil vs minoxidil"),
        ("Adverse events", "12 weeks", "S3 n.d.", None),
    ]
    first = recs[0]
    assert first["pmid"] == "90000023"
    assert (first["int_n"], first["int_mean"], first["int_sd"]) == (50, 91.4, 14.6)
    assert (first["comp_n"], first["comp_mean"], first["comp_sd"]) == (44, 22.2, 4.3)
    assert first["int_events"] is None
    assert (recs[3]["int_events"], recs[3]["int_total"], recs[3]["comp_events"]) == (41, 50, 2)
    assert recs[2]["comp_mean"] == 3.0  # the comparator repeats for each intervention arm
    # Never-reported result fields (median, IQR) are not columns.
    assert not any(c.key.endswith("median") for c in t.columns)
    assert [c.label for c in t.columns if c.key == "int_mean"] == ["Int. Mean"]


def test_summary_counts_studies_and_participants(form):
    t = build_tables([dhurat(), unknown(), bao()], form).summary
    assert t.records() == [
        {"outcome": "Change in hair count", "timepoints": "12 weeks, 24 weeks", "studies": 2,
         "participants": 94 + 114,
         "citations": "Abe 2020 (PMID 90000032); Doe 2013 (PMID 90000023, "
                      "doi:10.9999/test.0023)"},
        {"outcome": "Responders", "timepoints": "12 weeks", "studies": 1, "participants": 94,
         "citations": "Doe 2013 (PMID 90000023, doi:10.9999/test.0023)"},
        {"outcome": "Adverse events", "timepoints": "12 weeks", "studies": 1, "participants": 18,
         "citations": "S3 n.d. (doi:10.1/x)"},
    ]  # fmt: skip


def test_every_value_traces_to_reviewer_form_version_and_records(form):
    tables = build_tables([dhurat(), unknown(), bao()], form)
    outcomes = tables.outcomes
    (trace,) = outcomes.trace(0, "int_mean")
    assert (trace.reviewer, trace.form_id, trace.form_version) == (
        "consensus",
        "microneedling_hair_loss",
        1,
    )
    assert trace.study_id == "S2"
    assert trace.record_ids == ("rec-S2",)
    assert trace.field == "mean"
    assert dict(trace.keys) == {
        "outcome": "hair_count_change",
        "timepoint": "12 weeks",
        "arm": "MN+minoxidil",
    }
    assert outcomes.trace(0, "outcome") == ()  # labels from the form are not extracted values
    people = tables.summary.trace(2, "participants")
    assert [(t.study_id, t.field, t.keys) for t in people] == [("S3", "n_analysed", ())]
    arms = tables.characteristics.trace(1, "arms")
    assert {t.field for t in arms} >= {"arm_role", "device", "needle_length"}

    prov = provenance_table(tables.tables)
    assert [c.key for c in prov.columns][:3] == ["table", "row", "column"]
    row_ = next(r for r in prov.records() if r["table"] == "outcomes" and r["column"] == "int_mean")
    assert row_["row"] == 1
    assert row_["reviewer"] == "consensus"
    assert row_["record_ids"] == "rec-S2"
    assert row_["entered_at"] == "2026-03-01T12:00:00+00:00"
    assert latest_entry(tables.tables) == WHEN


def test_same_data_in_any_order_gives_identical_tables(form):
    a = build_tables([dhurat(), unknown(), bao()], form)
    b = build_tables([bao(), dhurat(), unknown()], form)
    assert a == b


def test_format_value():
    assert format_value(("minoxidil", "PRP")) == "minoxidil; PRP"
    assert format_value(datetime(2020, 1, 2).date()) == "2020-01-02"
    assert format_value(1.5) == 1.5
    assert format_value(None) is None
    assert format_value(True) == "yes"


def test_unverified_studies_are_named_in_every_footnote(form):
    plain = build_tables([dhurat()], form)
    noted = build_tables([dhurat()], form, unverified=[unknown().citation, bao().citation])
    note = (
        "Extracted but not verified yet, so left out: Abe 2020 (PMID 90000032); "
        "S3 n.d. (doi:10.1/x)."
    )
    for before, after in zip(plain.tables, noted.tables, strict=True):
        assert after.footnote == f"{before.footnote} {note}"
        assert (after.rows, after.traces) == (before.rows, before.traces)
    shown = build_tables(
        [dhurat(), bao()], form, unverified=[bao().citation], unverified_shown=True
    )
    assert shown.summary.footnote.endswith(
        "Not verified yet (values as extracted, unchecked): Abe 2020 (PMID 90000032)."
    )


def test_no_unverified_studies_leave_the_footnotes_as_they_were(form):
    assert build_tables([dhurat()], form, unverified=[]) == build_tables([dhurat()], form)
