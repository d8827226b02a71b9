"""Extraction entries on both backends: a re-import supersedes, values round trip."""

from datetime import date

from tests.storage.extraction_support import T0, T1, row, seeded, store_rows


def test_reimport_supersedes_and_values_round_trip(db):
    form, store = seeded(db)
    store_rows(store, form, "ann", [row({"design": "parallel", "co_treatments": ("PRP",)})], T0)
    store_rows(store, form, "ann", [row({"design": "split-scalp", "notes": date(2020, 1, 2)})], T1)
    [current] = store.entries(reviewer="ann")
    assert current.values == {"design": "split-scalp", "notes": date(2020, 1, 2)}
    history = store.entries(reviewer="ann", current=False)
    assert history[0].values["co_treatments"] == ("PRP",)
    assert history[0].superseded_at == T1
    [study] = store.extractions(consensus=False, unverified=True)
    assert study.citation.first_author == "Lee"
    assert study.citation.year == 2019
