"""``reviewkit prisma``, run in-process through ``main``."""

import csv

from reviewkit.cli import main


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
