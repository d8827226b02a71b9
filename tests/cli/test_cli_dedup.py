"""``reviewkit dedup``, run in-process through ``main``."""

import csv
import json

from reviewkit.cli import main
from tests.cli.cli_support import SAMPLE_RIS


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


def test_dedup_file_names_a_misnamed_contract_column(tmp_path, capsys):
    table = tmp_path / "records.csv"
    table.write_text("record_id,title,author\nr1,Hair loss,Dhurat R\n", encoding="utf-8")
    assert main(["dedup", "file", str(table), "-o", str(tmp_path / "out.csv")]) == 0
    err = capsys.readouterr().err
    assert "warning: no 'authors' column, so every record's authors are absent" in err
    assert "(is 'author' meant?)" in err
