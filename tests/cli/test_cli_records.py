"""``reviewkit init``, ``export`` and ``import``, run in-process through ``main``."""

import csv
import json

from reviewkit.cli import main
from reviewkit.workspace import Workspace
from tests.cli.cli_support import SAMPLE_RIS, TESTS


def test_init_creates_a_review_that_status_can_read(tmp_path, capsys):
    target = tmp_path / "new-review"
    assert main(["init", str(target)]) == 0
    assert (target / "review.toml").exists()
    assert main(["status", "--json", "--review", str(target)]) == 0
    status = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert status["records"] == 0
    assert status["last_run"] is None
    assert main(["init", str(target)]) == 3  # never overwrites a protocol


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
    data = TESTS / "data" / "formats"
    review = ["--review", str(empty_review)]
    assert main(["import", str(data / "csv_generic.csv"), "--source", "other", *review]) == 0
    err = capsys.readouterr().err
    assert "reviewkit: warning: csv_generic.csv: 4 records in the file but 3 parsed" in err
    assert "csv_generic.csv row 4:" in err
    bad = str(data / "ris_malformed_tag.ris")
    assert main(["import", bad, "--source", "embase", *review]) == 1
    assert "ris_malformed_tag.ris:2:" in capsys.readouterr().err
    assert main(["import", bad, "--source", "Embase!", *review]) == 3


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
