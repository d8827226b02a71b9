"""ExtractionStore on both backends: consensus merge, extractions and study statuses."""

from tests.storage.extraction_support import SID, T0, T1, row, seeded, store_rows


def test_consensus_settles_and_merges(db):
    form, store = seeded(db)
    store_rows(store, form, "ann", [row({"design": "parallel", "country": "India"})], T0)
    store_rows(store, form, "bob", [row({"design": "split-scalp", "country": "India"})], T0)
    assert [d.field for d in store.unresolved()] == ["design"]
    store.add_import([row({"design": "parallel"})], kind="consensus", reviewer="consensus",
                     form=form, file="d.xlsx", sha256="1" * 64, studies={SID}, now=T1)  # fmt: skip
    [study] = store.extractions()
    assert study.fields["design"].value == "parallel"
    assert study.fields["country"].provenance.reviewer == "consensus"
    assert store.unresolved() == []


def test_double_mode_status_counts_fields_in_dispute(db):
    form, store = seeded(db)
    store_rows(store, form, "ann", [row({"design": "parallel", "country": "India"})], T0)
    [waiting] = store.statuses()
    assert (waiting.extracted_by, waiting.open_fields) == (("ann",), None)
    store_rows(store, form, "bob", [row({"design": "split-scalp", "country": "Nepal"})], T1)
    [disputed] = store.statuses()
    assert (disputed.extracted_by, disputed.open_fields, disputed.extracted_at) == (
        ("ann", "bob"), 2, T1,
    )  # fmt: skip
    assert disputed.citation.first_author == "Lee"
