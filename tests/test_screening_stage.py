"""The screening stage on a review database: blinding, conflicts, carry-forward, bad sheets."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reviewkit.deduplication import run_deduplication, undo_merge
from reviewkit.errors import ConfigError, ParseError
from reviewkit.protocol import Screening, load_protocol
from reviewkit.records import Citation
from reviewkit.screening import Stage
from reviewkit.screening_import import import_sheet
from reviewkit.screening_stage import (
    export_conflicts,
    export_sheet,
    screening_status,
    update_queue,
)
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.schema import screening_assignments
from reviewkit.storage.screening import ScreeningStore
from reviewkit.storage.studies import NewDecision, StudyStore

REPO = Path(__file__).resolve().parents[1]
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TA, FT = Stage.TITLE_ABSTRACT, Stage.FULL_TEXT
A, B = "reviewer-a", "reviewer-b"
TITLES = {
    1: "Microneedling with minoxidil versus minoxidil alone in androgenetic alopecia",
    2: "Platelet-rich plasma and dermaroller for alopecia areata: a split-scalp trial",
    3: "Fractional laser for female pattern hair loss",
}


def cite(n, **fields):
    values = {"title": TITLES.get(n, f"Unrelated study {n} on scalp biology"), "year": 2020}
    return Citation(record_id=f"embase:e.ris#{n}", source="embase", **(values | fields))


def cid(n):
    return f"c:embase:e.ris#{n}"


@pytest.fixture
def protocol():
    return load_protocol(REPO / "review.toml")


@pytest.fixture
def db(tmp_path):
    database = ReviewDatabase.open(ReviewDatabase.sqlite_url(tmp_path / "db" / "review.sqlite"))
    yield database
    database.close()


def seed(db, citations, *, now=T0):
    StudyStore(db).sync_citations(citations, now=now)
    return run_deduplication(db, now=now)


class Screener:
    """Exports, fills in and imports sheets like a reviewer would."""

    def __init__(self, db, protocol, folder):
        self.db, self.protocol, self.folder, self.n = db, protocol, folder, 0

    def export(self, stage, reviewer, **kwargs):
        self.n += 1
        path = self.folder / f"{reviewer}-{self.n}.xlsx"
        export_sheet(
            self.db,
            kwargs.pop("protocol", self.protocol),
            path,
            stage=stage,
            reviewer=reviewer,
            now=T0,
        )
        return path

    def conflicts(self, stage, resolver="consensus"):
        self.n += 1
        path = self.folder / f"conflicts-{self.n}.xlsx"
        export_conflicts(self.db, self.protocol, path, stage=stage, resolver=resolver, now=T0)
        return path

    @staticmethod
    def rows(path):
        data = load_workbook(path).worksheets[0]
        header = [c.value for c in data[1]]
        return [
            dict(zip(header, r, strict=True)) for r in data.iter_rows(min_row=2, values_only=True)
        ]

    @staticmethod
    def fill(path, decisions):
        """decisions: {cluster_id: "include" | ("exclude", reason) | (decision, reason, note)}."""
        book = load_workbook(path)
        data = book.worksheets[0]
        header = [c.value for c in data[1]]
        for row in range(2, data.max_row + 1):
            value = decisions.get(data.cell(row, 1).value)
            if value is None:
                continue
            value = (value,) if isinstance(value, str) else value
            for key, item in zip(("decision", "reason", "note"), value, strict=False):
                data.cell(row, header.index(key) + 1, item)
        book.save(path)
        return path

    def screen(self, stage, reviewer, decisions, **kwargs):
        path = self.fill(self.export(stage, reviewer), decisions)
        return import_sheet(self.db, self.protocol, path, now=T0, **kwargs)

    def resolve(self, stage, decisions, **kwargs):
        path = self.fill(self.conflicts(stage), decisions)
        return import_sheet(self.db, self.protocol, path, now=T0, **kwargs)


@pytest.fixture
def screener(db, protocol, tmp_path):
    return Screener(db, protocol, tmp_path)


def outcomes(db, stage):
    return {
        o.cluster_id: (o.status, o.decision, o.reason) for o in ScreeningStore(db).outcomes(stage)
    }


# --------------------------------------------------------------------- blinding


def test_a_reviewer_sheet_never_shows_another_reviewers_decisions(db, screener):
    seed(db, [cite(1), cite(2)])
    screener.screen(TA, A, {cid(1): ("exclude", "wrong population", "SECRET-NOTE-A")})
    sheet = screener.export(TA, B)
    book = load_workbook(sheet)
    cells = [
        str(c.value)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]
    assert not any("SECRET-NOTE-A" in c or A in c for c in cells)
    assert [r["study_id"] for r in screener.rows(sheet)] == [cid(1), cid(2)]
    assert all(r["decision"] is None and r["reason"] is None for r in screener.rows(sheet))
    # A's own next sheet only holds what A has not decided yet.
    assert [r["study_id"] for r in screener.rows(screener.export(TA, A))] == [cid(2)]


def test_only_the_reviewers_of_the_review_get_sheets(db, screener):
    with pytest.raises(ConfigError, match="'eve' is not a reviewer"):
        screener.export(TA, "eve")


# ---------------------------------------------------- conflicts and full text


def test_conflicts_are_resolved_and_included_studies_go_to_full_text(db, screener):
    seed(db, [cite(1), cite(2), cite(3)])
    screener.screen(TA, A, {cid(1): "include", cid(2): "exclude", cid(3): "exclude"})
    screener.screen(TA, B, {cid(1): "unsure", cid(2): "include", cid(3): "exclude"})
    assert outcomes(db, TA) == {
        cid(1): ("final", "include", None),
        cid(2): ("conflict", None, None),
        cid(3): ("final", "exclude", None),
    }
    sheet = screener.conflicts(TA)
    rows = screener.rows(sheet)
    assert [r["study_id"] for r in rows] == [cid(2)]
    assert rows[0]["reviewer_decisions"] == (
        "reviewer-a: exclude; reviewer-b: include (the reviewers disagree)"
    )
    done = import_sheet(db, screener.protocol, screener.fill(sheet, {cid(2): "include"}), now=T0)
    assert (done.stored, done.meta.kind, done.meta.reviewer) == (1, "conflicts", "consensus")
    assert outcomes(db, TA)[cid(2)] == ("final", "include", None)
    assert set(StudyStore(db).screened()) == {cid(1), cid(2), cid(3)}
    # Full text: only the included studies, and an exclusion needs a reason.
    assert [r["study_id"] for r in screener.rows(screener.export(FT, A))] == [cid(1), cid(2)]
    screener.screen(FT, A, {cid(1): ("exclude", "wrong outcome"), cid(2): "include"})
    screener.screen(FT, B, {cid(1): ("exclude", "wrong outcome"), cid(2): "unsure"})
    assert outcomes(db, FT) == {
        cid(1): ("final", "exclude", "wrong outcome"),
        cid(2): ("conflict", None, None),
    }
    screener.resolve(FT, {cid(2): "include"})
    status = screening_status(db)
    assert status["full-text"]["final"] == {"include": 1, "exclude": 1}
    assert status["full-text"]["reasons"] == {"wrong outcome": 1}
    assert status["title-abstract"]["reviewers"][A] == {"assigned": 3, "include": 1, "exclude": 2}
    # TA: A (inc, exc, exc), B (uns, inc, exc): agree on 1 of 3; p_e = 1/3*1/3 + 2/3*1/3 = 1/3;
    # kappa = (1/3 - 1/3) / (2/3) = 0.
    [pair] = status["title-abstract"]["agreement"]
    assert (pair["n"], pair["percent_agreement"], pair["kappa"]) == (3, 0.333333, 0.0)


def test_importing_the_same_sheet_twice_changes_nothing(db, screener, protocol):
    seed(db, [cite(1), cite(2)])
    path = screener.fill(screener.export(TA, A), {cid(1): "include"})
    first = import_sheet(db, protocol, path, now=T0)
    again = import_sheet(db, protocol, path, now=T0)
    assert (first.stored, first.blank, again.stored, again.unchanged) == (1, 1, 0, 1)
    assert len(ScreeningStore(db).history()) == 1


def test_changing_a_final_decision_needs_revise_and_keeps_the_history(db, screener, protocol):
    seed(db, [cite(1)])
    old = screener.fill(screener.export(TA, A), {cid(1): "include"})
    import_sheet(db, protocol, old, now=T0)
    screener.screen(TA, B, {cid(1): "exclude"})
    screener.resolve(TA, {cid(1): "include"})
    screener.fill(old, {cid(1): "exclude"})
    with pytest.raises(
        ParseError,
        match=r"row 2, column decision: .*final title-abstract "
        r"decision \(include, resolved\); pass --revise",
    ):
        import_sheet(db, protocol, old, now=T0)
    assert len(ScreeningStore(db).history()) == 3
    done = import_sheet(db, protocol, old, now=T0, revise=True)
    assert (done.stored, done.revised) == (1, 1)
    history = ScreeningStore(db).history()
    assert [(h.entry.reviewer, h.entry.decision.value, h.revised) for h in history] == [
        (A, "include", False),
        (B, "exclude", False),
        ("consensus", "include", False),
        (A, "exclude", True),
    ]
    assert outcomes(db, TA)[cid(1)] == ("final", "include", None)  # the resolution stands


# ----------------------------------------------------------------- bad sheets


def test_a_sheet_of_another_review_stage_or_reviewer_is_refused(db, screener, protocol):
    seed(db, [cite(1)])
    path = screener.fill(screener.export(TA, A), {cid(1): "include"})
    other = protocol.model_copy(update={"review": protocol.review.model_copy(update={"id": "x"})})
    with pytest.raises(
        ParseError,
        match="sheet 'reviewkit' row 4, column value: the sheet is "
        "for review_id 'microneedling-hair-loss', expected 'x'",
    ):
        import_sheet(db, other, path, now=T0)
    with pytest.raises(
        ParseError,
        match="row 6, column value: the sheet is for stage 'title-abstract', expected 'full-text'",
    ):
        import_sheet(db, protocol, path, now=T0, stage=FT)
    with pytest.raises(ParseError, match="row 7, column value: the sheet is for reviewer"):
        import_sheet(db, protocol, path, now=T0, reviewer=B)
    assert ScreeningStore(db).history() == []


def test_a_sheet_exported_by_another_copy_of_the_review_is_refused(
    db, screener, protocol, tmp_path
):
    seed(db, [cite(1)])
    other_db = ReviewDatabase.open(ReviewDatabase.sqlite_url(tmp_path / "other.sqlite"))
    try:
        seed(other_db, [cite(1)])
        path = Screener(other_db, protocol, tmp_path / "o").export(TA, A)
    finally:
        other_db.close()
    screener.fill(path, {cid(1): "include"})
    with pytest.raises(
        ParseError, match="row 3, column value: this review database never exported sheet"
    ):
        import_sheet(db, protocol, path, now=T0)


def test_one_bad_row_stores_nothing_from_the_file(db, screener, protocol):
    seed(db, [cite(1), cite(2)])
    path = screener.fill(screener.export(TA, A), {cid(1): "include", cid(2): "perhaps"})
    with pytest.raises(ParseError, match="row 3, column decision"):
        import_sheet(db, protocol, path, now=T0)
    assert ScreeningStore(db).history() == []


def test_a_study_not_assigned_to_the_reviewer_is_refused(db, screener, protocol):
    split = protocol.model_copy(
        update={"screening": Screening(reviewers=(A, B), assignment="split", calibration=0)}
    )
    seed(db, [cite(1), cite(2)])
    screener.protocol = split
    sheet = screener.export(TA, A)
    [row] = screener.rows(sheet)  # split: one study each
    store = ScreeningStore(db)
    assert {a.reviewer for a in store.assignments() if a.cluster_id == row["study_id"]} == {A}
    # A sheet gone stale: the study was given to someone else since it was exported.
    with db.transaction("reassigning", write=True) as conn:
        conn.execute(screening_assignments.update().values(reviewer="reviewer-c"))
    screener.fill(sheet, {row["study_id"]: "include"})
    with pytest.raises(ParseError, match="is not assigned to 'reviewer-a' at title-abstract"):
        import_sheet(db, split, sheet, now=T0)


# ---------------------------------------------------------------- living updates


def test_after_a_refresh_only_new_studies_go_to_reviewers(db, screener, protocol):
    seed(db, [cite(1), cite(2)])
    screener.screen(TA, A, {cid(1): "include", cid(2): "exclude"})
    screener.screen(TA, B, {cid(1): "include", cid(2): "exclude"})
    later = T0 + timedelta(days=7)
    seed(db, [cite(1), cite(2), cite(3)], now=later)
    update = update_queue(db, protocol, now=later)
    assert update.waiting == ((cid(3), TITLES[3]),)
    # cid(3) to both reviewers; cid(1) went to full text when it was included.
    assert update.assigned == {"title-abstract": 2, "full-text": 0}
    assert [r["study_id"] for r in screener.rows(screener.export(TA, A))] == [cid(3)]
    assert update_queue(db, protocol, now=later).assigned == {"title-abstract": 0, "full-text": 0}


def test_a_new_record_joining_a_screened_study_keeps_the_decision(db, screener, protocol):
    seed(db, [cite(1, doi="10.1111/jocd.14525")])
    screener.screen(TA, A, {cid(1): "include"})
    screener.screen(TA, B, {cid(1): "include"})
    summary = seed(
        db, [cite(1, doi="10.1111/jocd.14525"), cite(9, doi="10.1111/jocd.14525", title=TITLES[1])]
    )
    assert [j.cluster_id for j in summary.joined_screened] == [cid(1)]
    assert update_queue(db, protocol, now=T0).waiting == ()
    assert outcomes(db, TA)[cid(1)] == ("final", "include", None)


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ("exclude", ("conflict", None, None)),
        ("include", ("final", "include", None)),
    ],
)
def test_merging_studies_screened_differently_makes_a_conflict(
    db, screener, protocol, second, expected
):
    seed(db, [cite(1), cite(2)])
    for reviewer in (A, B):
        screener.screen(TA, reviewer, {cid(1): "include", cid(2): second})
    StudyStore(db).add_decisions(
        [NewDecision(a="embase:e.ris#1", b="embase:e.ris#2", decision="same", decided_by="me")],
        now=T0,
    )
    seed(db, [cite(1), cite(2)])
    update_queue(db, protocol, now=T0)
    assert outcomes(db, TA) == {cid(1): expected}
    if second == "exclude":
        rows = screener.rows(screener.conflicts(TA))
        assert rows[0]["reviewer_decisions"].endswith("(merged studies were screened differently)")
        screener.resolve(TA, {cid(1): "exclude"})
        assert outcomes(db, TA) == {cid(1): ("final", "exclude", None)}


def test_undoing_a_merge_leaves_both_studies_with_the_decision(db, screener, protocol):
    seed(
        db, [cite(1, doi="10.1111/jocd.14525"), cite(2, doi="10.1111/jocd.14525", title=TITLES[1])]
    )
    [study] = ScreeningStore(db).studies()
    for reviewer in (A, B):
        screener.screen(TA, reviewer, {study: ("exclude", "wrong population")})
    undo_merge(db, study, by="me", now=T0)
    seed(
        db, [cite(1, doi="10.1111/jocd.14525"), cite(2, doi="10.1111/jocd.14525", title=TITLES[1])]
    )
    update = update_queue(db, protocol, now=T0)
    assert update.waiting == ()
    found = outcomes(db, TA)
    assert len(found) == 2
    assert set(found.values()) == {("final", "exclude", "wrong population")}


def test_a_split_plan_has_a_calibration_sample_both_reviewers_screen(db, screener, protocol):
    screener.protocol = protocol.model_copy(
        update={"screening": Screening(reviewers=(A, B), assignment="split", calibration=1)}
    )
    seed(db, [cite(1), cite(2), cite(3)])
    a_rows = {r["study_id"] for r in screener.rows(screener.export(TA, A))}
    b_rows = {r["study_id"] for r in screener.rows(screener.export(TA, B))}
    assert len(a_rows & b_rows) == 1
    assert a_rows | b_rows == {cid(1), cid(2), cid(3)}
    calibration = ScreeningStore(db).assignments()
    assert sum(a.calibration for a in calibration) == 2


# ------------------------------------------------------------------ protocol


def test_the_protocols_define_eligibility_and_screening(protocol):
    from reviewkit.protocol import DEFAULT_EXCLUSION_REASONS, load_protocol, parse_protocol

    assert protocol.eligibility.reasons == DEFAULT_EXCLUSION_REASONS
    assert "full text not retrievable" in protocol.eligibility.reasons
    assert protocol.eligibility.population.include
    assert protocol.eligibility.study_design.exclude
    assert (protocol.screening.reviewers, protocol.screening.assignment) == ((A, B), "dual")
    template = load_protocol(REPO / "src" / "reviewkit" / "templates" / "review.toml")
    assert template.eligibility.reasons == DEFAULT_EXCLUSION_REASONS
    text = (REPO / "review.toml").read_text(encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[eligibility\] reasons: .*listed more than once"):
        parse_protocol(text.replace('"other",\n]', '"other",\n    "other",\n]', 1))
    with pytest.raises(ConfigError, match=r"\[screening\] reviewers"):
        parse_protocol(
            text.replace('reviewers = ["reviewer-a", "reviewer-b"]', 'reviewers = ["x"]')
        )
