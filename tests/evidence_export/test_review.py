"""Tests for reviewkit.evidence_export.review: the tables of a stored review."""

from __future__ import annotations

from datetime import UTC, datetime

from reviewkit.evidence_export import (
    OUTPUT_FILES,
)
from tests.evidence.evidence_support import FORM_PATH


def test_cli_tables_on_a_review_without_extractions(tmp_path, capsys):
    from reviewkit.cli import main
    from tests.refresh_support import write_review

    root = write_review(tmp_path / "r")
    with (root / "review.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'\n[extraction]\nform = "{FORM_PATH.as_posix()}"\n')
    out = tmp_path / "tables"
    assert main(["tables", "--review", str(root), "-o", str(out)]) == 0
    line = capsys.readouterr().out
    assert "0 characteristics rows, 0 outcomes rows, 0 summary rows" in line
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    header = (out / "evidence_characteristics.csv").read_text(encoding="utf-8")
    assert header.startswith("study,pmid,doi,design,")
    # Without -o the tables go to the protocol's outputs folder.
    assert main(["tables", "--review", str(root)]) == 0
    assert (root / "outputs" / "evidence_tables.docx").is_file()


def test_single_verified_tables_hold_verified_studies_and_name_the_rest(tmp_path):
    from reviewkit.deduplication import run_deduplication
    from reviewkit.evidence_export import write_review_tables
    from reviewkit.extraction_stage import export_workbook, import_workbook, load_review_form
    from reviewkit.records import Citation
    from reviewkit.storage.studies import StudyStore
    from reviewkit.workspace import Workspace
    from tests.refresh_support import write_review
    from tests.test_extraction_stage import GOOD, S1, S2, fill

    root = write_review(tmp_path / "r")
    with (root / "review.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'\n[extraction]\nform = "{FORM_PATH.as_posix()}"\nmode = "single-verified"\n')
    t0, t1 = datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 2, tzinfo=UTC)
    workspace = Workspace.open(root)
    try:
        db, protocol = workspace.db, workspace.protocol
        StudyStore(db).sync_citations(
            [Citation(record_id=f"embase:e.ris#{i}", source="embase", title=title,
                      authors=(author,), year=year)
             for i, author, title, year in ((1, "Dhurat, R", "MN", 2013),
                                            (2, "Kumar, M", "DR", 2018))],
            now=t0,
        )  # fmt: skip
        run_deduplication(db, now=t0)
        form = load_review_form(protocol, root)
        a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
        export_workbook(db, protocol, a, form=form, reviewer="reviewer-a", studies="all", now=t0)
        second = {"study_id": S2, "design": "parallel RCT", "condition": "AGA", "n_randomised": 30}
        fill(a, {"": [*GOOD[""], second], "arms": GOOD["arms"]})
        import_workbook(db, protocol, a, form=form, now=t0)
        export_workbook(db, protocol, b, form=form, reviewer="reviewer-b", studies=S1, now=t1)
        fill(b, {"": [{"study_id": S1, "n_randomised": 98}]})
        import_workbook(db, protocol, b, form=form, now=t1)

        tables, _ = write_review_tables(db, protocol, root, tmp_path / "out")
        note = "Extracted but not verified yet, so left out: Kumar 2018."
        assert [r[0] for r in tables.characteristics.rows] == ["Dhurat 2013"]
        assert all(t.footnote.endswith(note) for t in tables.tables)
        assert {t.reviewer for t in tables.characteristics.traces} == {"reviewer-b"}
        assert note in (tmp_path / "out" / "evidence_tables.md").read_text(encoding="utf-8")

        shown, _ = write_review_tables(
            db, protocol, root, tmp_path / "all", include_unverified=True
        )
        assert [r[0] for r in shown.characteristics.rows] == ["Dhurat 2013", "Kumar 2018"]
        assert shown.summary.footnote.endswith(
            "Not verified yet (values as extracted, unchecked): Kumar 2018."
        )
    finally:
        workspace.close()
