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
    assert main(["forms", "status", *args]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "double extraction: reviewer-a and reviewer-b, then consensus"
    assert lines[1].startswith("c:embase:x#1  ? 2020  extracted by reviewer-a (")
    assert lines[1].endswith(")  consensus: waiting for reviewer-b")
    ws.cell(3, header.index("n_randomised") + 1).value = "forty"
    book.save(out)
    assert main(["forms", "import", str(out), *args]) == 1
    assert "study-level!" in capsys.readouterr().err
    disc = tmp_path / "d.xlsx"
    assert main(["forms", "discrepancies", "-o", str(disc), *args]) == 0
    assert disc.exists()


def test_forms_status_in_single_verified_mode(tmp_path, capsys):
    import shutil
    from datetime import UTC, datetime

    from openpyxl import load_workbook

    from reviewkit.deduplication import run_deduplication
    from reviewkit.records import Citation
    from reviewkit.storage.studies import StudyStore

    root = tmp_path / "review"
    assert main(["init", str(root)]) == 0
    toml = root / "review.toml"
    text = toml.read_text(encoding="utf-8")
    assert 'mode = "double"' in text
    toml.write_text(text.replace('mode = "double"', 'mode = "single-verified"'), encoding="utf-8")
    shutil.copytree(TESTS.parent / "extraction_forms", root / "extraction_forms")
    workspace = Workspace.open(root)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    StudyStore(workspace.db).sync_citations(
        [Citation(record_id="embase:x#1", source="embase", title="Trial", authors=("Lee, A",),
                  year=2020)], now=now,
    )  # fmt: skip
    run_deduplication(workspace.db, now=now)
    workspace.close()
    args = ["--review", str(root)]
    capsys.readouterr()

    def status():
        assert main(["forms", "status", *args]) == 0
        return capsys.readouterr().out.splitlines()

    assert status() == [
        "single-verified extraction: reviewer-a extracts, reviewer-b verifies",
        "0 studies extracted: 0 verified (0 values corrected), 0 not verified yet",
    ]
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert main(["forms", "export", "--reviewer", "reviewer-a", "--studies", "all",
                 "-o", str(a), *args]) == 0  # fmt: skip
    book = load_workbook(a)
    ws = book["study-level"]
    header = [c.value for c in ws[1]]
    for key, value in {"design": "parallel RCT", "condition": "AGA", "n_randomised": 40}.items():
        ws.cell(3, header.index(key) + 1).value = value
    book.save(a)
    assert main(["forms", "import", str(a), *args]) == 0
    capsys.readouterr()
    assert status()[1].endswith("Lee 2020  extracted by reviewer-a (" + status_day() + ")  "
                                "not verified yet")  # fmt: skip

    assert main(["forms", "export", "--reviewer", "reviewer-b", "--studies", "all",
                 "-o", str(b), *args]) == 0  # fmt: skip
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith("prefilled with reviewer-a's values to check and correct")
    )
    book = load_workbook(b)
    ws = book["study-level"]
    assert ws.cell(3, header.index("n_randomised") + 1).value == 40
    ws.cell(3, header.index("n_randomised") + 1).value = 41
    book.save(b)
    assert main(["forms", "import", str(b), *args]) == 0
    assert "verified 1 studies, 1 value corrected" in capsys.readouterr().out
    lines = status()
    assert lines[1].endswith(
        f"verified by reviewer-b on {status_day()} (form v1), 1 value corrected"
    )
    assert lines[2] == "1 study extracted: 1 verified (1 value corrected), 0 not verified yet"


def status_day():
    """The day the CLI stamps imports with (it reads the clock)."""
    from reviewkit.workspace import utc_now

    return utc_now().date().isoformat()
