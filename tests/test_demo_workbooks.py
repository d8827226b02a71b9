import shutil
from datetime import UTC, datetime
from pathlib import Path

from reviewkit.demo import DEMO_FORM, DemoOutcome, import_demo_extraction, load_snapshot
from reviewkit.evidence_export import write_review_tables
from reviewkit.extraction_stage import load_review_form, store_for
from reviewkit.settings import Settings
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
