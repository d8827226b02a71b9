"""The extraction stage: export → fill → import → extractions, bad input, versions, consensus."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reviewkit.deduplication import run_deduplication
from reviewkit.errors import ParseError
from reviewkit.extraction.forms import load_form
from reviewkit.extraction.workbook import read_workbook
from reviewkit.extraction_consensus import export_discrepancies
from reviewkit.extraction_stage import export_workbook, import_workbook, store_for
from reviewkit.protocol import load_protocol
from reviewkit.records import Citation
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.studies import StudyStore

REPO = Path(__file__).resolve().parents[1]
FORMS = Path(__file__).resolve().parent / "data" / "forms"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
T1 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
S1, S2 = "c:embase:e.ris#1", "c:embase:e.ris#2"


@pytest.fixture
def protocol():
    return load_protocol(REPO / "review.toml")


@pytest.fixture
def form(protocol):
    return load_form(protocol.form_path(REPO))


@pytest.fixture
def db(tmp_path):
    database = ReviewDatabase.open(ReviewDatabase.sqlite_url(tmp_path / "db" / "review.sqlite"))
    cites = [
        Citation(
            record_id="embase:e.ris#1",
            source="embase",
            title="Microneedling and minoxidil",
            authors=("Dhurat, R",),
            year=2013,
            doi="10.1/abc",
            pmid="23960389",
        ),
        Citation(
            record_id="embase:e.ris#2",
            source="embase",
            title="Dermaroller for alopecia",
            authors=("Kumar, M",),
            year=2018,
        ),
    ]
    StudyStore(database).sync_citations(cites, now=T0)
    run_deduplication(database, now=T0)
    yield database
    database.close()


GOOD = {
    "": [
        {
            "study_id": S1,
            "design": "parallel RCT",
            "condition": "AGA",
            "n_randomised": 100,
            "country": "India",
        }
    ],
    "arms": [
        {
            "study_id": S1,
            "arm": "A",
            "arm_role": "intervention",
            "device": "dermaroller",
            "needle_length": 1.5,
            "co_treatments": "minoxidil",
        },
        {"study_id": S1, "arm": "B", "arm_role": "comparator", "device": "none"},
    ],
}


def fill(path, rows):
    """Type values into an exported workbook like a reviewer would."""
    book = load_workbook(path)
    for section, items in rows.items():
        ws = book["study-level" if section == "" else section]
        header = [c.value for c in ws[1]]
        if section == "":
            where = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
            targets = [(where[item["study_id"]], item) for item in items]
        else:
            targets = list(enumerate(items, start=3))
        for r, item in targets:
            for key, value in item.items():
                ws.cell(r, header.index(key) + 1).value = value
    book.save(path)
    return path


def exported(db, protocol, form, tmp_path, reviewer="reviewer-a", name="a.xlsx", now=T0):
    path = tmp_path / name
    assert (
        export_workbook(db, protocol, path, form=form, reviewer=reviewer, studies="all", now=now)
        == 2
    )
    return path


def test_round_trip_stores_entries_and_builds_extractions(db, protocol, form, tmp_path):
    path = fill(exported(db, protocol, form, tmp_path), GOOD)
    done = import_workbook(db, protocol, path, form=form, now=T1)
    assert (done.studies, done.rows) == (1, 3)
    store = store_for(db, protocol, form)
    [study] = store.extractions(consensus=False, unverified=True)
    assert study.citation.study_id == S1
    assert study.citation.pmid == "23960389"
    assert study.fields["n_randomised"].value == 100
    assert study.fields["design"].provenance.reviewer == "reviewer-a"
    arms = study.groups["arms"]
    assert [r.keys for r in arms] == [(("arm", "A"),), (("arm", "B"),)]
    assert arms[0].values["co_treatments"].value == ("minoxidil",)
    assert arms[0].values["needle_length"].value == 1.5


def test_reimport_keeps_history(db, protocol, form, tmp_path):
    path = fill(exported(db, protocol, form, tmp_path), GOOD)
    import_workbook(db, protocol, path, form=form, now=T0)
    fill(path, {"": [{"study_id": S1, "n_randomised": 90}]})
    import_workbook(db, protocol, path, form=form, now=T1)
    store = store_for(db, protocol, form)
    [study] = store.extractions(consensus=False, unverified=True)
    assert study.fields["n_randomised"].value == 90
    old = [e for e in store.entries(current=False) if e.superseded_at is not None]
    assert len(old) == 3
    assert old[0].values["n_randomised"] == 100


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ({"": [{"study_id": S1, "n_randomised": "many"}]}, "study-level!"),
        ({"": [{"study_id": S1, "n_randomised": 5000}]}, "between 1 and 2000"),
        ({"": [{"study_id": S1, "design": "cohort"}]}, "expected one of"),
        ({"": [{"study_id": S1, "design": None}]}, "design: required"),
        ({"arms": [*GOOD["arms"], GOOD["arms"][0]]}, "duplicate row"),
        ({"arms": [{**GOOD["arms"][0], "study_id": "c:nope"}]}, "unknown study 'c:nope'"),
        ({"": [{"study_id": S1, "citation": "Someone else 1999"}]}, "locked cell changed"),
        ({"arms": [{"study_id": S1, "arm": None, "arm_role": "comparator"}]}, "enter the arm"),
    ],
)
def test_bad_workbooks_are_rejected_whole(db, protocol, form, tmp_path, rows, expected):
    path = fill(fill(exported(db, protocol, form, tmp_path), GOOD), rows)
    with pytest.raises(ParseError, match="nothing stored") as info:
        import_workbook(db, protocol, path, form=form, now=T1)
    assert expected in str(info.value)
    assert store_for(db, protocol, form).entries() == []


def test_problem_list_is_capped(db, protocol, form, tmp_path):
    arms = [{"study_id": S1, "arm": f"arm {i}", "arm_role": "x"} for i in range(60)]
    path = fill(fill(exported(db, protocol, form, tmp_path), GOOD), {"arms": arms})
    with pytest.raises(ParseError, match="and 10 more"):
        import_workbook(db, protocol, path, form=form, now=T1)


def test_another_form_is_refused(db, protocol, form, tmp_path):
    small = load_form(FORMS / "small_v1.yaml")
    path = tmp_path / "small.xlsx"
    export_workbook(db, protocol, path, form=small, reviewer="reviewer-a", studies="all", now=T0)
    with pytest.raises(ParseError, match="made with form 'small'"):
        import_workbook(db, protocol, path, form=form, now=T1)


def test_older_version_workbook_is_migrated(db, protocol, tmp_path):
    v1, v2 = load_form(FORMS / "small_v1.yaml"), load_form(FORMS / "small_v2.yaml")
    path = tmp_path / "v1.xlsx"
    export_workbook(db, protocol, path, form=v1, reviewer="reviewer-a", studies="all", now=T0)
    fill(
        path,
        {
            "": [
                {"study_id": S1, "design": "parallel", "setting": "clinic", "co_treatment": "PRP"}
            ],
            "arms": [{"study_id": S1, "arm": "A", "needle_mm": 1.5, "sessions": 6}],
        },
    )
    done = import_workbook(db, protocol, path, form=v2, now=T1)
    assert any("renamed field 'needle_mm'" in n for n in done.notes)
    [study] = store_for(db, protocol, v2).extractions(consensus=False, unverified=True)
    assert study.fields["co_treatments"].value == ("PRP",)
    assert "setting" not in study.fields
    assert study.groups["arms"][0].values["needle_length"].value == 1.5


def test_older_version_that_cannot_migrate_is_refused(db, protocol, tmp_path):
    v1, v2 = load_form(FORMS / "small_v1.yaml"), load_form(FORMS / "small_v2.yaml")
    path = tmp_path / "v1.xlsx"
    export_workbook(db, protocol, path, form=v1, reviewer="reviewer-a", studies="all", now=T0)
    fill(
        path,
        {
            "": [{"study_id": S1, "design": "parallel"}],
            "arms": [{"study_id": S1, "arm": "A", "needle_mm": 2.8}],
        },
    )
    with pytest.raises(ParseError, match=r"between 0\.1 and 2\.5"):
        import_workbook(db, protocol, path, form=v2, now=T1)
    newer = tmp_path / "v2.xlsx"
    export_workbook(db, protocol, newer, form=v2, reviewer="reviewer-a", studies="all", now=T0)
    with pytest.raises(ParseError, match="newer than version 1"):
        import_workbook(db, protocol, newer, form=v1, now=T1)


def test_discrepancies_then_consensus(db, protocol, form, tmp_path):
    a = fill(exported(db, protocol, form, tmp_path), GOOD)
    other = {"": [{**GOOD[""][0], "n_randomised": 98}], "arms": GOOD["arms"]}
    b = fill(exported(db, protocol, form, tmp_path, "reviewer-b", "b.xlsx"), other)
    import_workbook(db, protocol, a, form=form, now=T0)
    import_workbook(db, protocol, b, form=form, now=T0)
    store = store_for(db, protocol, form)
    [study] = store.extractions()
    assert "n_randomised" not in study.fields  # still in dispute
    assert study.fields["design"].provenance.reviewer == "consensus"
    sheet = tmp_path / "disc.xlsx"
    assert export_discrepancies(db, protocol, sheet, form=form, now=T1) == 1
    book = load_workbook(sheet)
    ws = book["discrepancies"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert (row["field"], row["reviewer-a"], row["reviewer-b"]) == ("n_randomised", 100, 98)
    ws.cell(2, header.index("agreed") + 1, 100)
    book.save(sheet)
    done = import_workbook(db, protocol, sheet, form=form, now=T1)
    assert done.kind == "consensus"
    [study] = store.extractions()
    assert study.fields["n_randomised"].value == 100
    assert store.unresolved() == []
    assert export_discrepancies(db, protocol, sheet, form=form, now=T1) == 0


OUTCOME_ROW = {
    "study_id": S1,
    "outcome": "hair_count_change",
    "timepoint": "12 weeks",
    "result_measure": "mean and SD",
}


@pytest.mark.parametrize(
    ("result_keys", "expected"),
    [
        ({"arm": "C"}, "arm 'C' has no row on sheet 'arms'"),
        ({"timepoint": "24 weeks"}, "timepoint '24 weeks' has no row on sheet 'outcomes'"),
    ],
)
def test_a_result_row_must_name_an_existing_arm_and_outcome(
    db, protocol, form, tmp_path, result_keys, expected
):
    result = {"study_id": S1, "outcome": "hair_count_change", "timepoint": "12 weeks",
              "arm": "A", "n": 50, "mean": 10.5, "sd": 2.0, **result_keys}  # fmt: skip
    rows = {**GOOD, "outcomes": [OUTCOME_ROW], "results": [result]}
    path = fill(exported(db, protocol, form, tmp_path), rows)
    with pytest.raises(ParseError, match="nothing stored") as info:
        import_workbook(db, protocol, path, form=form, now=T1)
    assert expected in str(info.value)
    assert "results!" in str(info.value)


def test_a_result_row_for_a_known_arm_and_outcome_is_stored(db, protocol, form, tmp_path):
    result = {"study_id": S1, "outcome": "hair_count_change", "timepoint": "12 weeks",
              "arm": "A", "n": 50, "mean": 10.5, "sd": 2.0}  # fmt: skip
    rows = {**GOOD, "outcomes": [OUTCOME_ROW], "results": [result]}
    path = fill(exported(db, protocol, form, tmp_path), rows)
    done = import_workbook(db, protocol, path, form=form, now=T1)
    assert done.rows == 5


# ------------------------------------------------- single extraction with verification

T2 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
T3 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def single(protocol):
    """The review in single-verified mode: reviewer-a extracts, reviewer-b verifies."""
    cfg = protocol.extraction.model_copy(update={"mode": "single-verified"})
    return protocol.model_copy(update={"extraction": cfg})


def extracted_by_a(db, single, form, tmp_path, now=T0):
    path = fill(exported(db, single, form, tmp_path), GOOD)
    done = import_workbook(db, single, path, form=form, now=now)
    assert (done.verified, done.reopened) == ((), ())
    return path


def test_a_verifier_workbook_is_prefilled_with_the_extractors_values(db, single, form, tmp_path):
    extracted_by_a(db, single, form, tmp_path)
    path = exported(db, single, form, tmp_path, "reviewer-b", "b.xlsx")
    raw = read_workbook(path)
    assert raw.meta.reviewer == "reviewer-b"
    study = {r.values["study_id"]: r.values for r in raw.rows if r.section == ""}
    assert study[S1]["n_randomised"] == 100
    assert study[S1]["design"] == "parallel RCT"
    assert study[S2]["design"] is None  # not extracted: nothing to check
    arms = [(r.values["arm"], r.values["co_treatments"]) for r in raw.rows if r.section == "arms"]
    assert arms == [("A", "minoxidil"), ("B", None)]


def test_the_verifiers_import_verifies_and_records_the_corrections(db, single, form, tmp_path):
    extracted_by_a(db, single, form, tmp_path)
    store = store_for(db, single, form)
    assert store.extractions() == []  # nothing verified yet: verified data only
    [unchecked] = store.extractions(unverified=True)
    assert unchecked.fields["n_randomised"].provenance.reviewer == "reviewer-a"

    path = exported(db, single, form, tmp_path, "reviewer-b", "b.xlsx")
    fill(path, {"": [{"study_id": S1, "n_randomised": 98, "country": " india "}]})
    done = import_workbook(db, single, path, form=form, now=T1)

    [check] = done.verified
    assert (check.study_id, check.verifier, check.extractor) == (S1, "reviewer-b", "reviewer-a")
    assert (check.verified_at, check.form_version) == (T1, form.version)
    # A change of case or spacing alone is not a correction.
    assert [(c.section, c.field, c.before, c.after) for c in check.corrections] == [
        ("", "n_randomised", 100, 98)
    ]
    assert done.line().endswith("stored; verified 1 studies, 1 value corrected")
    assert check.line() == "verified by reviewer-b on 2026-12-02 (form v1), 1 value corrected"
    [study] = store.extractions()
    assert study.fields["n_randomised"].value == 98
    assert study.fields["design"].provenance.reviewer == "reviewer-b"
    assert [r.keys for r in study.groups["arms"]] == [(("arm", "A"),), (("arm", "B"),)]
    # The extractor's values stay stored as they were.
    [a_row] = [e for e in store.entries(reviewer="reviewer-a") if e.section == ""]
    assert a_row.values["n_randomised"] == 100
    [status] = store.statuses()
    assert (status.extracted_by, status.verification) == (("reviewer-a",), check)


def test_a_verifier_cannot_verify_a_study_not_extracted_yet(db, single, form, tmp_path):
    extracted_by_a(db, single, form, tmp_path)
    path = exported(db, single, form, tmp_path, "reviewer-b", "b.xlsx")
    fill(path, {"": [{"study_id": S2, "design": "parallel RCT", "condition": "AGA"}]})
    with pytest.raises(ParseError, match="nothing stored") as info:
        import_workbook(db, single, path, form=form, now=T1)
    assert (
        f"study-level!A4: study {S2} has not been extracted by reviewer-a yet; reviewer-b "
        "can verify it once reviewer-a's workbook is imported"
    ) in str(info.value)
    store = store_for(db, single, form)
    assert store.verifications() == []
    assert store.entries(reviewer="reviewer-b") == []


def test_the_extractor_reimporting_makes_the_study_unverified_again(db, single, form, tmp_path):
    a = extracted_by_a(db, single, form, tmp_path)
    b = exported(db, single, form, tmp_path, "reviewer-b", "b.xlsx")
    import_workbook(db, single, b, form=form, now=T1)
    store = store_for(db, single, form)
    assert [s.verified for s in store.statuses()] == [True]

    fill(a, {"": [{"study_id": S1, "country": "Nepal"}]})
    done = import_workbook(db, single, a, form=form, now=T2)
    [old] = done.reopened
    assert (old.study_id, old.verifier, old.superseded_at) == (S1, "reviewer-b", T2)
    assert done.line().endswith(f"stored; unverified again (re-extracted after verification): {S1}")
    assert store.verifications() == []
    assert [v.superseded_at for v in store.verifications(current=False)] == [T2]
    assert store.extractions() == []
    [status] = store.statuses()
    assert (status.verified, status.extracted_at) == (False, T2)

    # A workbook made before the re-extraction would undo it: refused.
    with pytest.raises(ParseError, match="was extracted again by reviewer-a on 2026-12-03"):
        import_workbook(db, single, b, form=form, now=T3)
    fresh = exported(db, single, form, tmp_path, "reviewer-b", "b2.xlsx", now=T3)
    done = import_workbook(db, single, fresh, form=form, now=T3)
    assert [c.field for c in done.verified[0].corrections] == []
    [study] = store.extractions()
    assert study.fields["country"].value == "Nepal"


def test_in_double_mode_nobody_verifies(db, protocol, form, tmp_path):
    a = fill(exported(db, protocol, form, tmp_path), GOOD)
    b = fill(exported(db, protocol, form, tmp_path, "reviewer-b", "b.xlsx"), GOOD)
    for path in (a, b):
        done = import_workbook(db, protocol, path, form=form, now=T1)
        assert (done.verified, done.reopened) == ((), ())
    store = store_for(db, protocol, form)
    assert store.verifications() == []
    [status] = store.statuses()
    assert (status.extracted_by, status.open_fields, status.verification) == (
        ("reviewer-a", "reviewer-b"), 0, None,
    )  # fmt: skip
