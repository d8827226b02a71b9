"""Stored extraction form versions on both backends."""

from reviewkit.extraction.forms import load_form
from reviewkit.storage.extraction import ExtractionStore
from reviewkit.storage.extraction_forms import read_form, write_form
from reviewkit.storage.schema import extraction_forms
from tests.storage.extraction_support import FORMS, T0, T1


def test_each_form_version_is_stored_once_and_reads_back_equal(db):
    v1, v2 = load_form(FORMS / "small_v1.yaml"), load_form(FORMS / "small_v2.yaml")
    write_form(db, v1, now=T0)
    write_form(db, v1, now=T1)
    ExtractionStore(db).save_form(v2, now=T1)
    assert read_form(db, "small", 1) == v1
    assert ExtractionStore(db).form("small", 2) == v2
    with db.transaction("counting forms") as conn:
        stored = conn.execute(extraction_forms.select()).all()
    assert sorted((r.version, r.stored_at.date()) for r in stored) == [
        (1, T0.date()), (2, T1.date()),
    ]  # fmt: skip


def test_an_unknown_form_version_is_none(db):
    assert read_form(db, "small", 9) is None
