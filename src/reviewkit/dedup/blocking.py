"""Candidate generation: which pairs of records are worth comparing at all.

Comparing every pair is quadratic (5·10¹¹ pairs for a million records), so each
record gets a few cheap exact keys and only records sharing a key are compared.
Several independent keys keep blocking recall high: a typo in the title still
leaves the DOI, the author-year and the volume-page keys, and a missing DOI
still leaves the title keys.

Keys (prefix letter in brackets): DOI [d], PMID [p], PMCID [m], the first five
and the last four words of the normalised title [t, s] (so a dropped subtitle or
an added "Short report:" still meets its twin), pairs of the title's three
rarest words [r], first author's family name with the year and the following
year [a], volume with first page [v].

Blocks larger than ``max_block`` (a common author and year, a popular title
word) are not compared all-against-all: their members are sorted by title and
each is compared with its ``window`` neighbours (sorted neighbourhood), which
keeps the cost linear. :class:`BlockingStats` counts how often that happened.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reviewkit.dedup.prepared import Prepared
from reviewkit.dedup.venues import STOP_WORDS

__all__ = ["BlockingStats", "block_keys", "candidate_pairs", "title_word_counts"]

_COMPACT_AT = 4_000_000
_PREFIX_WORDS = 5
_SUFFIX_WORDS = 4
_RARE = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockingStats:
    """What blocking did: keys, blocks, oversized blocks and candidate pairs."""

    records: int
    blocks: int
    oversized_blocks: int
    candidate_pairs: int


def title_word_counts(records: Iterable[Prepared]) -> Counter[str]:
    """How many titles each (informative) word occurs in."""
    counts: Counter[str] = Counter()
    for record in records:
        counts.update(set(_informative(record.title)))
    return counts


def _informative(title: str) -> list[str]:
    return [w for w in title.split() if len(w) > 2 and w not in STOP_WORDS]


def block_keys(record: Prepared, word_counts: Counter[str]) -> list[str]:
    """The blocking keys of one record (deterministic, order-independent)."""
    keys: list[str] = []
    if record.doi:
        keys.append("d" + record.doi)
    if record.pmid:
        keys.append("p" + record.pmid)
    if record.pmcid:
        keys.append("m" + record.pmcid)
    title = record.title
    if title:
        tokens = title.split()
        keys.append("t" + " ".join(tokens[:_PREFIX_WORDS]))
        if len(tokens) >= _SUFFIX_WORDS:
            keys.append("s" + " ".join(tokens[-_SUFFIX_WORDS:]))
        words = sorted(set(_informative(title)), key=lambda w: (word_counts[w], w))[:_RARE]
        if len(words) >= 2:
            keys.extend(
                f"r{x} {y}" if x < y else f"r{y} {x}"
                for i, x in enumerate(words)
                for y in words[i + 1 :]
            )
        elif words:
            keys.append("r" + words[0])
    if record.first_author and record.year is not None:
        keys.append(f"a{record.first_author} {record.year}")
        keys.append(f"a{record.first_author} {record.year + 1}")
    if record.volume and record.fpage:
        keys.append(f"v{record.volume}:{record.fpage}")
    return keys


def candidate_pairs(
    records: Sequence[Prepared], *, max_block: int = 60, window: int = 8
) -> tuple[npt.NDArray[np.int64], BlockingStats]:
    """Unique candidate pairs as codes ``i * n + j`` (``i < j``, indexes into ``records``).

    Keys are kept as 64-bit hashes in flat arrays (not a dict of lists), which
    keeps a million records within a few hundred megabytes; a hash collision can
    only add a candidate pair, never lose one. Given records sorted by a stable
    key (the engine sorts by record_id), the result does not depend on input order.
    """
    n = len(records)
    counts = title_word_counts(records)
    hashes = array("q")  # flat 8-byte cells: a million records make ~10 million keys
    owners = array("q")
    for index, record in enumerate(records):
        for key in block_keys(record, counts):
            hashes.append(hash(key))
            owners.append(index)
    key_hash = np.frombuffer(hashes, dtype=np.int64).copy()
    owner = np.frombuffer(owners, dtype=np.int64).copy()
    del hashes, owners
    order = np.lexsort((owner, key_hash))
    key_hash, owner = key_hash[order], owner[order]
    keep = np.ones(key_hash.size, dtype=bool)  # one entry per (key, record)
    keep[1:] = (key_hash[1:] != key_hash[:-1]) | (owner[1:] != owner[:-1])
    key_hash, owner = key_hash[keep], owner[keep]
    starts = np.flatnonzero(np.r_[True, key_hash[1:] != key_hash[:-1]])
    sizes = np.diff(np.r_[starts, key_hash.size])
    sink = _PairSink()
    for size in range(2, max_block + 1):
        first = starts[sizes == size]
        if first.size == 0:
            continue
        members = owner[first[:, None] + np.arange(size)]  # one row per block, ascending
        left, right = np.triu_indices(size, 1)
        sink.add((members[:, left] * n + members[:, right]).ravel())
    oversized = np.flatnonzero(sizes > max_block)
    for b in oversized.tolist():
        sink.add(_neighbourhood(records, owner[starts[b] : starts[b] + sizes[b]], window))
    pairs = sink.result()
    stats = BlockingStats(
        records=n,
        blocks=int(np.count_nonzero(sizes >= 2)),
        oversized_blocks=int(oversized.size),
        candidate_pairs=int(pairs.size),
    )
    return pairs, stats


class _PairSink:
    """Collects pair codes and deduplicates them in amortised linear time.

    Pending arrays are merged into the deduplicated base only once they are at
    least as large as the base (and ``_COMPACT_AT``): re-sorting the whole base
    for every small addition (one per oversized block) made blocking quadratic.
    Each compaction costs at most twice the pending size, so the total cost stays
    proportional to the pairs added, and memory to about twice the unique pairs.
    """

    __slots__ = ("_base", "_pending", "_pending_size")

    def __init__(self) -> None:
        self._base: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)
        self._pending: list[npt.NDArray[np.int64]] = []
        self._pending_size = 0

    def add(self, codes: npt.NDArray[np.int64]) -> None:
        """Add pair codes (duplicates allowed)."""
        if codes.size == 0:
            return
        self._pending.append(codes)
        self._pending_size += int(codes.size)
        if self._pending_size >= max(_COMPACT_AT, self._base.size):
            self._compact()

    def _compact(self) -> None:
        self._base = _sorted_unique(np.concatenate([self._base, *self._pending]))
        self._pending = []
        self._pending_size = 0

    def result(self) -> npt.NDArray[np.int64]:
        """All unique pair codes, ascending."""
        if self._pending:
            self._compact()
        return self._base


def _sorted_unique(codes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """``np.unique`` by sort and neighbour comparison (numpy 2.4's ``unique`` is
    ~100x slower on large int64 arrays)."""
    codes.sort()
    if codes.size < 2:
        return codes
    return codes[np.r_[True, codes[1:] != codes[:-1]]]


def _neighbourhood(
    records: Sequence[Prepared], members: npt.NDArray[np.int64], window: int
) -> npt.NDArray[np.int64]:
    """Sorted neighbourhood inside an oversized block: each record with its next few."""
    n = len(records)
    ordered = sorted(members.tolist(), key=lambda k: (records[k].title, k))
    pairs = [
        x * n + y if x < y else y * n + x
        for i, x in enumerate(ordered)
        for y in ordered[i + 1 : i + 1 + window]
    ]
    return np.asarray(pairs, dtype=np.int64)
