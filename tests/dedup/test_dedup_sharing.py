"""Sharing equal values between prepared records and verdicts changes no value."""

from reviewkit.dedup.decision import compare
from reviewkit.dedup.prepared import prepare
from reviewkit.dedup.sharing import PreparedPool, ValuePool, share_prepared, share_verdict
from reviewkit.records import Citation

BASE = {
    "title": "Microneedling with minoxidil for androgenetic alopecia",
    "authors": ("Dhurat R", "Sukesh M"),
    "year": 2013,
    "journal": "International Journal of Trichology",
    "volume": "5",
    "issue": "1",
    "pages": "6-11",
}


def cite(record_id, **fields):
    return Citation(record_id=record_id, source="t", **{**BASE, **fields})


def slots(record):
    return {name: getattr(record, name) for name in type(record).__slots__}


def test_shared_prepared_records_are_equal_and_share_their_values():
    pool = PreparedPool()
    loud = BASE["title"].upper() + "."  # another export: same normalised title
    a_plain, b_plain = prepare(cite("a")), prepare(cite("b", title=loud))
    a = share_prepared(prepare(cite("a")), pool)
    b = share_prepared(prepare(cite("b", title=loud)), pool)
    assert slots(a) == slots(a_plain)
    assert slots(b) == slots(b_plain)
    for name in ("title", "authors", "journal", "volume", "issue", "fpage"):
        assert getattr(a, name) is getattr(b, name), name
    assert a.authors[0] is b.authors[0]


def test_shared_verdicts_are_equal_to_the_originals():
    pool = ValuePool()
    pairs = [
        (cite("a", doi="10.1/x"), cite("b", doi="10.1/x", journal="Int J Trichology")),
        (cite("c"), cite("d", volume="6")),
        (cite("e", abstract="Some abstract text."), cite("f", abstract="Some abstract text")),
    ]
    shared = []
    for x, y in pairs:
        verdict = compare(prepare(x), prepare(y))
        again = share_verdict(verdict, pool)
        assert again == verdict
        shared.append(again)
    year = [next(f for f in v.fields if f.field == "year") for v in shared]
    assert year[0] is year[1] is year[2]  # one object for "2013 vs 2013"
    assert len(pool) > 0
