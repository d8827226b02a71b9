"""``reviewkit screen``, run in-process through ``main``."""

import json

from reviewkit.cli import main
from tests.cli.cli_support import SAMPLE_RIS


def _fill_sheet(path, value, *, reason=None):
    from openpyxl import load_workbook

    book = load_workbook(path)
    data = book.worksheets[0]
    header = [c.value for c in data[1]]
    for row in range(2, data.max_row + 1):
        data.cell(row, header.index("decision") + 1, value(row) if callable(value) else value)
        if reason:
            data.cell(row, header.index("reason") + 1, reason)
    book.save(path)


def test_screen_commands_export_import_conflicts_and_status(empty_review, tmp_path, capsys):
    from reviewkit.snapshot import snapshot_dir

    review = ["--review", str(empty_review)]
    assert main(["screen", "status", "--json", *review]) == 0
    assert json.loads(capsys.readouterr().out)["title-abstract"]["studies"] == 0
    assert main(["import", str(snapshot_dir() / SAMPLE_RIS), "--source", "embase", *review]) == 0
    assert main(["dedup", "run", *review]) == 0
    capsys.readouterr()
    sheets = {}
    for name in ("reviewer-a", "reviewer-b"):
        sheets[name] = tmp_path / f"{name}.xlsx"
        args = ["--stage", "title-abstract", "--reviewer", name, "-o", str(sheets[name])]
        assert main(["screen", "export", *args, *review]) == 0
        assert f"wrote 8 studies for {name} (title-abstract)" in capsys.readouterr().out
    _fill_sheet(sheets["reviewer-a"], "include")
    _fill_sheet(sheets["reviewer-b"], lambda row: "include" if row < 6 else "exclude")
    for name, path in sheets.items():
        assert main(["screen", "import", str(path), "--reviewer", name, *review]) == 0
        assert "8 decisions stored (0 revised), 0 unchanged" in capsys.readouterr().out
    conflicts = tmp_path / "conflicts.xlsx"
    args = ["--stage", "title-abstract", "-o", str(conflicts), "--resolver", "carol"]
    assert main(["screen", "conflicts", *args, *review]) == 0
    assert "wrote 4 conflicts (title-abstract)" in capsys.readouterr().out
    _fill_sheet(conflicts, "exclude")
    assert main(["screen", "import", str(conflicts), *review]) == 0
    assert "(conflicts sheet, title-abstract, carol)" in capsys.readouterr().out
    assert main(["screen", "status", *review]) == 0
    out = capsys.readouterr().out
    assert "title-abstract: 8 studies (final 8); final: exclude 4, include 4" in out
    assert "full-text: 4 studies (pending 4)" in out
    assert "agreement reviewer-a & reviewer-b: 50.0% of 8, kappa 0.000" in out
    assert main(["screen", "status", "--json", *review]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["full-text"]["reviewers"]["reviewer-a"] == {"assigned": 4, "waiting": 4}


def test_screen_import_of_a_bad_sheet_names_the_cell_and_stores_nothing(
    empty_review, tmp_path, capsys
):
    from reviewkit.snapshot import snapshot_dir

    review = ["--review", str(empty_review)]
    assert main(["import", str(snapshot_dir() / SAMPLE_RIS), "--source", "embase", *review]) == 0
    assert main(["dedup", "run", *review]) == 0
    sheet = tmp_path / "ft.xlsx"
    args = ["--stage", "title-abstract", "--reviewer", "reviewer-a", "-o", str(sheet)]
    assert main(["screen", "export", *args, *review]) == 0
    _fill_sheet(sheet, lambda row: "include" if row != 4 else "maybe")
    capsys.readouterr()
    assert main(["screen", "import", str(sheet), *review]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reviewkit: ft.xlsx: 1 problem(s), nothing imported")
    assert "ft.xlsx sheet 'title-abstract' row 4, column decision" in err
    assert main(["screen", "status", "--json", *review]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["title-abstract"]["status"] == {"pending": 8}
    assert main(["screen", "export", *args[:2], "--reviewer", "eve", "-o", "x.xlsx", *review]) == 3
    assert "'eve' is not a reviewer" in capsys.readouterr().err
