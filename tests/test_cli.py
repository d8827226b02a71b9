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
