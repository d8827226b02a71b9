"""The extraction import ledger on both backends."""

from reviewkit.extraction.forms import load_form
from reviewkit.storage.extraction import ExtractionStore
from reviewkit.storage.extraction_imports import read_imports, write_import
from tests.storage.extraction_support import FORMS, T0, T1


def test_imports_are_numbered_and_read_back_oldest_first(db):
    form = load_form(FORMS / "small_v2.yaml")
    with db.transaction("test", write=True) as conn:
        first = write_import(conn, kind="reviewer", reviewer="ann", form=form, file="a.xlsx",
                             sha256="a" * 64, rows=3, notes=["one note"], now=T0)  # fmt: skip
        second = write_import(conn, kind="consensus", reviewer="consensus", form=form,
                              file="c.xlsx", sha256="c" * 64, rows=0, notes=(), now=T1)  # fmt: skip
    assert second > first
    ledger = read_imports(db)
    assert [(i["id"], i["kind"], i["reviewer"], i["rows"]) for i in ledger] == [
        (first, "reviewer", "ann", 3), (second, "consensus", "consensus", 0),
    ]  # fmt: skip
    assert (ledger[0]["form_id"], ledger[0]["form_version"]) == ("small", 2)
    assert (ledger[0]["file"], ledger[0]["sha256"], ledger[0]["notes"]) == (
        "a.xlsx", "a" * 64, ["one note"],
    )  # fmt: skip
    assert ExtractionStore(db).imports() == ledger


def test_an_empty_ledger_reads_as_no_imports(db):
    assert read_imports(db) == []
