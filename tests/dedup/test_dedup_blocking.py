"""Blocking: the keys that let duplicates meet, and the cap on big blocks."""

from itertools import pairwise

from reviewkit.dedup.blocking import block_keys, candidate_pairs, title_word_counts
from reviewkit.dedup.prepared import prepare
from reviewkit.records import Citation


def cite(record_id, **fields):
    return prepare(Citation(record_id=record_id, source="t", **fields))


def pairs_of(records, **options):
    codes, stats = candidate_pairs(records, **options)
    n = len(records)
    return {(int(c) // n, int(c) % n) for c in codes}, stats


def test_duplicates_with_different_title_prefixes_still_meet():
    records = [
        cite("a", title="Short report: tafenoquine for recurrent vivax malaria", year=2007),
        cite("b", title="Tafenoquine for recurrent vivax malaria", year=2007),
        cite("c", title="Something unrelated about copper surfaces", year=2007),
    ]
    found, _ = pairs_of(records)
    assert (0, 1) in found
    assert (0, 2) not in found
    assert (1, 2) not in found


def test_doi_pmid_author_year_and_volume_page_keys():
    record = cite(
        "a", title="Hair loss", doi="10.1000/x", pmid="PMID: 12", authors=("Dhurat R",),
        year=2013, volume="5", pages="6-11",
    )  # fmt: skip
    keys = block_keys(record, title_word_counts([record]))
    assert {"d10.1000/x", "p12", "adhurat 2013", "adhurat 2014", "v5:6"} <= set(keys)


def test_oversized_blocks_are_windowed_not_skipped():
    records = [
        cite(f"r{i:03}", title=f"hair loss study {i}", doi="10.1000/shared") for i in range(100)
    ]
    found, stats = pairs_of(records, max_block=10, window=3)
    assert stats.oversized_blocks >= 1
    assert len(found) < 100 * 99 // 2
    by_title = sorted(range(100), key=lambda i: records[i].title)
    assert all(tuple(sorted(p)) in found for p in pairwise(by_title))  # neighbours meet
    assert all(i < j for i, j in found)


def test_many_oversized_blocks_give_the_same_pairs_whatever_the_compaction(monkeypatch):
    # Pending pairs are compacted in amortised steps; the result must not depend
    # on when that happens (compacting after every block was quadratic).
    import reviewkit.dedup.blocking as blocking

    records = [
        cite(f"r{i:03}", title=f"topic{i % 7} hair loss study {i}", authors=(f"Auth{i % 5} A",),
             year=2000 + i % 3)
        for i in range(300)
    ]  # fmt: skip
    expected, stats = pairs_of(records, max_block=12, window=3)
    assert stats.oversized_blocks >= 5
    monkeypatch.setattr(blocking, "_COMPACT_AT", 1)
    again, _ = pairs_of(records, max_block=12, window=3)
    assert again == expected
    codes, _ = candidate_pairs(records, max_block=12, window=3)
    assert codes.tolist() == sorted(set(codes.tolist()))  # unique and ascending
