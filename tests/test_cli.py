import csv
import json

import pytest
import requests

from reviewkit.cli import main
from reviewkit.loopback import Corpus, EUtilsServer
from reviewkit.snapshot import snapshot_files
from reviewkit.workspace import Workspace
from tests.refresh_support import Clock, refresher_for, write_review


@pytest.fixture
def filled_review(tmp_path):
    root = write_review(tmp_path / "r")
    workspace = Workspace.open(root)
    with (
        EUtilsServer(Corpus.from_xml(*snapshot_files()), rate_limit=False) as server,
        requests.Session() as session,
    ):
        refresher, _ = refresher_for(workspace, server, session, Clock())
        refresher.run()
    workspace.close()
    return root


def test_init_creates_a_review_that_status_can_read(tmp_path, capsys):
    target = tmp_path / "new-review"
    assert main(["init", str(target)]) == 0
    assert (target / "review.toml").exists()
    assert main(["status", "--json", "--review", str(target)]) == 0
    status = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert status["records"] == 0
    assert status["last_run"] is None
    assert main(["init", str(target)]) == 3  # never overwrites a protocol


def test_a_missing_review_toml_is_one_line_with_exit_code_3(tmp_path, capsys):
    assert main(["status", "--review", str(tmp_path)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("reviewkit: ")
    assert "review.toml" in err[0]


def test_a_corrupt_database_is_one_line_saying_what_to_do(tmp_path, capsys):
    root = write_review(tmp_path / "r")
    (root / "review-data").mkdir()
    (root / "review-data" / "review.sqlite").write_bytes(b"this is not sqlite" * 100)
    assert main(["status", "--review", str(root)]) == 7
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "review.sqlite" in err[0]


def test_status_shows_counts_and_the_last_run(filled_review, capsys):
    assert main(["status", "--review", str(filled_review)]) == 0
    out = capsys.readouterr().out
    assert "records 15" in out or "records 1" in out
    assert "succeeded (full)" in out


def test_export_records_as_csv_and_ris(filled_review, tmp_path, capsys):
    out_csv, out_ris = tmp_path / "out" / "records.csv", tmp_path / "records.ris"
    assert (
        main(
            [
                "export",
                "records",
                "--format",
                "csv",
                "-o",
                str(out_csv),
                "--review",
                str(filled_review),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert rows
    assert all(r["pmid"] and r["title"] for r in rows)
    assert {"record_id", "doi", "abstract", "year"} <= rows[0].keys()
    assert (
        main(
            [
                "export",
                "records",
                "--format",
                "ris",
                "-o",
                str(out_ris),
                "--review",
                str(filled_review),
            ]
        )
        == 0
    )
    ris = out_ris.read_text(encoding="utf-8")
    assert ris.count("ER  -") == len(rows)
    assert "AN  - " in ris
    assert "TY  - JOUR" in ris


SAMPLE_RIS = "embase_sample.ris"


@pytest.fixture
def empty_review(tmp_path):
    return write_review(tmp_path / "empty")


def test_import_records_a_ledger_entry_and_refuses_the_same_file_twice(empty_review, capsys):
    from reviewkit.snapshot import snapshot_dir

    sample = str(snapshot_dir() / SAMPLE_RIS)
    args = ["import", sample, "--source", "embase", "--searched", "2026-11-01"]
    assert main([*args, "--review", str(empty_review)]) == 0
    out = capsys.readouterr().out
    assert "imported embase_sample.ris from embase as import #1" in out
    assert "8 records in the file, 8 parsed, 0 skipped" in out
    assert main([*args, "--review", str(empty_review)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "already imported" in err[0]
    assert "--force" in err[0]
    assert main([*args, "--force", "--review", str(empty_review)]) == 0


def test_import_warns_about_skipped_records_and_names_a_malformed_line(empty_review, capsys):
    from pathlib import Path

    data = Path(__file__).parent / "data" / "formats"
    review = ["--review", str(empty_review)]
    assert main(["import", str(data / "csv_generic.csv"), "--source", "other", *review]) == 0
    err = capsys.readouterr().err
    assert "reviewkit: warning: csv_generic.csv: 4 records in the file but 3 parsed" in err
    assert "csv_generic.csv row 4:" in err
    bad = str(data / "ris_malformed_tag.ris")
    assert main(["import", bad, "--source", "embase", *review]) == 1
    assert "ris_malformed_tag.ris:2:" in capsys.readouterr().err
    assert main(["import", bad, "--source", "Embase!", *review]) == 3


def test_dedup_commands_run_decide_queue_undo_and_status(empty_review, tmp_path, capsys):
    from reviewkit.snapshot import snapshot_dir

    review = ["--review", str(empty_review)]
    sample = str(snapshot_dir() / SAMPLE_RIS)
    assert main(["import", sample, "--source", "embase", *review]) == 0
    assert main(["dedup", "run", *review]) == 0
    assert "deduplicate: 8 records (embase 8) → 8 studies" in capsys.readouterr().out
    first, second = "embase:embase_sample.ris#1", "embase:embase_sample.ris#6"
    assert main(["dedup", "decide", first, second, "same", "--by", "ann", *review]) == 0
    assert main(["dedup", "run", *review]) == 0
    assert "→ 7 studies, 1 duplicates removed" in capsys.readouterr().out
    assert main(["status", "--json", *review]) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["studies"], status["records"], status["last_run"]) == (7, 0, None)
    assert main(["dedup", "undo", f"c:{first}", "--by", "ann", *review]) == 0
    assert "recorded 1 'different' decisions" in capsys.readouterr().out
    assert main(["dedup", "run", *review]) == 0
    assert "→ 8 studies" in capsys.readouterr().out
    queue = tmp_path / "queue.xlsx"
    assert main(["dedup", "queue", "-o", str(queue), *review]) == 0
    assert "wrote 0 maybe pairs" in capsys.readouterr().out
    assert main(["dedup", "import-decisions", str(queue), *review]) == 0
    assert main(["dedup", "decide", first, "embase:nope", "same", *review]) == 1
    assert "no record 'embase:nope'" in capsys.readouterr().err


def test_dedup_file_writes_the_assignment_contract_without_a_review(tmp_path, capsys):
    from reviewkit.snapshot import snapshot_dir

    out = tmp_path / "out.csv"
    sample = str(snapshot_dir() / SAMPLE_RIS)
    assert main(["dedup", "file", sample, "-o", str(out), "--source", "embase"]) == 0
    assert "8 records → 8 studies, 0 maybe" in capsys.readouterr().out
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 8
    assert set(rows[0]) == {"record_id", "cluster_id", "decision"}
    assert main(["dedup", "file", str(tmp_path / "missing.ris"), "-o", str(out)]) == 1


def test_dedup_file_warns_about_an_issue_column_of_record_numbers(tmp_path, capsys):
    table = tmp_path / "records.csv"
    rows = ["record_id,title,authors,year,journal,volume,issue,pages,doi,abstract"]
    rows += [
        f"r{n},Hair follicle study number {n} in alopecia,Dhurat R,2013,J Dermatol,5,{900 + n},"
        f"{10 * n + 1}-{10 * n + 5},,"
        for n in range(60)
    ]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["dedup", "file", str(table), "-o", str(tmp_path / "out.csv")]) == 0
    captured = capsys.readouterr()
    assert "60 records → 60 studies" in captured.out
    assert "warning: the issue field looks like running record numbers" in captured.err


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


def test_prisma_writes_the_counts_diagram_and_search_log(filled_review, tmp_path, capsys):
    assert main(["dedup", "run", "--review", str(filled_review)]) == 0
    out = tmp_path / "prisma-out"
    assert main(["prisma", "--review", str(filled_review), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "prisma: " in captured.out
    assert "studies await a final title-abstract decision" in captured.err
    names = sorted(p.name for p in out.iterdir())
    assert names == ["prisma.csv", "prisma.png", "prisma.svg", "search_log.csv", "search_log.md"]
    rows = {r["data"]: r["n"] for r in csv.DictReader((out / "prisma.csv").open(encoding="utf-8"))}
    assert rows["database_specific_results"].startswith("PubMed, ")
    # Without -o the protocol's outputs folder is used.
    assert main(["prisma", "--review", str(filled_review)]) == 0
    assert (filled_review / "outputs" / "prisma.svg").is_file()


def test_forms_validate_summarises_a_form_or_names_the_bad_line(tmp_path, capsys):
    from pathlib import Path

    shipped = Path(__file__).resolve().parents[1] / "extraction_forms"
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
    from pathlib import Path

    from openpyxl import load_workbook

    from reviewkit.deduplication import run_deduplication
    from reviewkit.records import Citation
    from reviewkit.storage.studies import StudyStore

    root = tmp_path / "review"
    assert main(["init", str(root)]) == 0
    shipped = Path(__file__).resolve().parents[1] / "extraction_forms"
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


OVID_STRATEGY = """\
1. exp Alopecia/
2. (alopecia or "hair loss").ti,ab.
3. (microneedl* or dermaroll*).ti,ab.
4. (1 or 2) and 3
"""


def _ledger(root):
    from reviewkit.storage.citations import CitationStore

    workspace = Workspace.open(root)
    try:
        return CitationStore(workspace.db).imports()
    finally:
        workspace.close()


def test_import_records_platform_strategy_file_and_limits(empty_review, tmp_path, capsys):
    from reviewkit.snapshot import snapshot_dir

    strategy = tmp_path / "strategy.txt"
    strategy.write_text(OVID_STRATEGY, encoding="utf-8")
    sample = str(snapshot_dir() / SAMPLE_RIS)
    args = ["import", sample, "--source", "embase", "--platform", "Ovid", "--query-file",
            str(strategy), "--limits", "English", "--review", str(empty_review)]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "from embase on Ovid as import #1" in out
    assert "search strategy: 4 line(s) recorded; limits: English" in out
    (entry,) = _ledger(empty_review)
    assert (entry.platform, entry.query, entry.limits) == ("Ovid", OVID_STRATEGY.strip(), "English")
    # Inline, on a forced re-import; what is not given stays unrecorded.
    query = "'microneedling'/exp AND 'alopecia'/exp"
    inline = ["import", sample, "--source", "embase", "--force", "--query", query,
              "--review", str(empty_review)]  # fmt: skip
    assert main(inline) == 0
    second = _ledger(empty_review)[1]
    assert (second.platform, second.query, second.limits) == (None, query, None)
    # ... and the PRISMA-S log shows both.
    assert main(["prisma", "-o", str(tmp_path / "out"), "--review", str(empty_review)]) == 0
    log = (tmp_path / "out" / "search_log.md").read_text(encoding="utf-8")
    assert OVID_STRATEGY.strip() in log
    assert query in log


def test_import_with_an_unreadable_query_file_is_one_line_naming_it(empty_review, tmp_path, capsys):
    from reviewkit.snapshot import snapshot_dir

    missing = tmp_path / "no-such-strategy.txt"
    args = ["import", str(snapshot_dir() / SAMPLE_RIS), "--source", "embase",
            "--review", str(empty_review)]  # fmt: skip
    assert main([*args, "--query-file", str(missing)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"reviewkit: {missing}: search strategy file not found (--query-file)"]
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("1. calvitie\xe9.ti,ab.".encode("latin-1"))
    assert main([*args, "--query-file", str(latin1)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert str(latin1) in err[0]
    assert "UTF-8" in err[0]
    assert _ledger(empty_review) == []  # nothing imported


def test_import_refuses_query_and_query_file_together(empty_review, tmp_path, capsys):
    strategy = tmp_path / "strategy.txt"
    strategy.write_text(OVID_STRATEGY, encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["import", "x.ris", "--source", "embase", "--query", "x",
              "--query-file", str(strategy), "--review", str(empty_review)])  # fmt: skip
    assert info.value.code == 2
    assert "argument --query-file: not allowed with argument --query" in capsys.readouterr().err
