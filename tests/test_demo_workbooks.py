import shutil
from datetime import UTC, datetime
from pathlib import Path

from reviewkit.demo import (
    DEMO_FORM,
    DEMO_WORKBOOKS,
    DemoOutcome,
    DemoScreening,
    import_demo_extraction,
    load_snapshot,
    record_demo_screening,
)
from reviewkit.evidence_export import write_review_tables
from reviewkit.extraction.workbook import read_workbook
from reviewkit.extraction_stage import load_review_form, store_for
from reviewkit.prisma import check
from reviewkit.prisma_data import gather
from reviewkit.screening import Decision, Stage
from reviewkit.settings import Settings
from reviewkit.storage.screening import ScreeningStore
from reviewkit.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


def _review(tmp_path: Path) -> Workspace:
    root = tmp_path / "review"
    root.mkdir()
    shutil.copy(REPO / "review.toml", root / "review.toml")
    workspace = Workspace.open(root)
    load_snapshot(workspace, Settings.from_env(), now=NOW)
    return workspace


def test_the_bundled_form_is_the_default_form():
    default = REPO / "extraction_forms" / "microneedling_hair_loss.yaml"
    assert DEMO_FORM.read_bytes() == default.read_bytes()


def test_both_demo_workbooks_import_and_give_discrepancies_and_tables(tmp_path):
    workspace = _review(tmp_path)
    try:
        outcome = import_demo_extraction(workspace, now=NOW)
        assert outcome.skipped is None
        assert len(outcome.imported) == 2
        assert outcome.line.startswith("DEMO data")
        assert (workspace.root / "extraction_forms" / "microneedling_hair_loss.yaml").is_file()
        form = load_review_form(workspace.protocol, workspace.root)
        store = store_for(workspace.db, workspace.protocol, form)
        assert store.reviewer_names() == ("reviewer-a", "reviewer-b")
        unresolved = store.unresolved()
        assert len(unresolved) > 0
        tables, written = write_review_tables(workspace.db, workspace.protocol, workspace.root)
        rows = {t.key: len(t.rows) for t in tables.tables}
        assert rows["characteristics"] == 8
        assert written

        again = import_demo_extraction(workspace, now=NOW)
        assert again == DemoOutcome(imported=(), skipped="an extraction is already imported")
    finally:
        workspace.close()


def test_demo_screening_reconciles_prisma_with_the_evidence_tables(tmp_path):
    workspace = _review(tmp_path)
    try:
        outcome = record_demo_screening(workspace, now=NOW)
        assert outcome.skipped is None
        assert outcome.decided == (("title-abstract", 12, 4), ("full-text", 8, 4))
        assert outcome.line.startswith("DEMO screening decisions")

        reasons = workspace.protocol.eligibility.reasons
        counts = gather(workspace.db, reasons=reasons).counts
        assert check(counts) == []
        assert (counts.records_screened, counts.records_excluded) == (16, 4)
        assert (counts.reports_assessed, counts.new_studies) == (12, 8)
        assert dict(counts.reports_excluded)["wrong study design"] == 4
        assert counts.records_awaiting == counts.reports_awaiting == 0

        # The included studies are exactly the ones the demo workbooks cover.
        store = ScreeningStore(workspace.db)
        included = {
            o.cluster_id
            for o in store.outcomes(Stage.FULL_TEXT)
            if o.status == "final" and o.decision is Decision.INCLUDE
        }
        covered = {
            str(r.values["study_id"])
            for path in DEMO_WORKBOOKS
            for r in read_workbook(path).rows
            if r.values.get("study_id")
        }
        assert included == covered
        assert {e.reviewer for e in store.entries()} == {"reviewer-a", "reviewer-b"}
        assert all("DEMO" in item.origin for item in store.history())

        import_demo_extraction(workspace, now=NOW)
        tables, _ = write_review_tables(workspace.db, workspace.protocol, workspace.root)
        rows = {t.key: len(t.rows) for t in tables.tables}
        assert rows["characteristics"] == counts.new_studies

        again = record_demo_screening(workspace, now=NOW)
        assert again == DemoScreening(skipped="screening decisions are already recorded")
    finally:
        workspace.close()


def test_demo_screening_is_skipped_for_split_screening(tmp_path):
    root = tmp_path / "review"
    root.mkdir()
    toml = (REPO / "review.toml").read_text(encoding="utf-8")
    assert toml.count('assignment = "dual"\n') == 1
    split = toml.replace('assignment = "dual"\n', 'assignment = "split"\n')
    (root / "review.toml").write_text(split, encoding="utf-8")
    workspace = Workspace.open(root)
    try:
        outcome = record_demo_screening(workspace, now=NOW)
    finally:
        workspace.close()
    assert outcome == DemoScreening(
        skipped="review.toml [screening] is not dual screening by reviewer-a and reviewer-b"
    )
    assert outcome.line.startswith("DEMO screening not recorded: ")
