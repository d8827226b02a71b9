"""``reviewkit forms``, run in-process through ``main``."""

from reviewkit.cli import main
from reviewkit.workspace import Workspace
from tests.cli.cli_support import TESTS


def test_forms_validate_summarises_a_form_or_names_the_bad_line(tmp_path, capsys):
    shipped = TESTS.parent / "extraction_forms"
    form = shipped / "microneedling_hair_loss.yaml"
    assert main(["forms", "validate", str(form)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"{form}: form microneedling_hair_loss version 1: 8 sections, 50 fields, 3 repeating groups"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nversion: 1\ntitle: T\nsections:\n  - key: s\n    titel: S\n")
    assert main(["forms", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}, line 6: sections.0.titel: unknown key 'titel'" in err


def test_forms_export_import_and_discrepancies(tmp_path, capsys):
    import shutil
    from datetime import UTC, datetime

    from openpyxl import load_workbook

    from reviewkit.deduplication import run_deduplication
    from reviewkit.records import Citation
    from reviewkit.storage.studies import StudyStore

    root = tmp_path / "review"
    assert main(["init", str(root)]) == 0
    shipped = TESTS.parent / "extraction_forms"
    shutil.copytree(shipped, root / "extraction_forms")
    workspace = Workspace.open(root)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    StudyStore(workspace.db).sync_citations(
        [Citation(record_id="embase:x#1", source="embase", title="Trial", year=2020)], now=now
    )
    run_deduplication(workspace.db, now=now)
    workspace.close()
    out = tmp_path / "a.xlsx"
    args = ["--review", str(root)]
    assert main(["forms", "export", "--reviewer", "reviewer-a", "--studies", "all",
                 "-o", str(out), *args]) == 0  # fmt: skip
    assert "wrote 1 studies" in capsys.readouterr().out
    book = load_workbook(out)
    ws = book["study-level"]
    header = [c.value for c in ws[1]]
    for key, value in {"design": "parallel RCT", "condition": "AGA", "n_randomised": 40}.items():
        ws.cell(3, header.index(key) + 1).value = value
    book.save(out)
    assert main(["forms", "import", str(out), *args]) == 0
    assert "1 studies stored" in capsys.readouterr().out
    ws.cell(3, header.index("n_randomised") + 1).value = "forty"
    book.save(out)
    assert main(["forms", "import", str(out), *args]) == 1
    assert "study-level!" in capsys.readouterr().err
    disc = tmp_path / "d.xlsx"
    assert main(["forms", "discrepancies", "-o", str(disc), *args]) == 0
    assert disc.exists()
