"""``deduplicate``: citations in, one merged record per study out, every step explained.

The pipeline is normalise → block → compare → cluster → merge:

1. every citation is normalised once (:func:`reviewkit.dedup.prepared.prepare`);
   records with neither a title nor an identifier are ``flagged`` and kept alone;
2. blocking proposes candidate pairs (:mod:`reviewkit.dedup.blocking`);
3. each candidate pair gets a :class:`PairVerdict`; never-merge pairs become
   :class:`Relation` values;
4. human decisions are applied first and always obeyed, earlier clusters
   (``existing``) are kept, then machine ``duplicate`` pairs are united by score
   with the anti-chaining guard (:mod:`reviewkit.dedup.clustering`); a refused
   union becomes a ``maybe`` pair with the reason;
5. each cluster becomes a :class:`MergedRecord` with a stable id.

The result is the same whatever the order of the input: records are sorted by
record_id before anything else happens.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from reviewkit.dedup.blocking import candidate_pairs
from reviewkit.dedup.clustering import Clustering, Refusal
from reviewkit.dedup.conflicts import hard_conflict, relation
from reviewkit.dedup.decision import PairVerdict, compare, worth_comparing
from reviewkit.dedup.merge import MergedRecord, merge_cluster
from reviewkit.dedup.prepared import Prepared, prepare
from reviewkit.dedup.relations import Relation
from reviewkit.dedup.sharing import PreparedPool, ValuePool, share_prepared, share_verdict
from reviewkit.dedup.verdicts import CLOSE_TITLE, GENERIC_TITLE_WORDS
from reviewkit.errors import ReviewkitError
from reviewkit.records import Citation

__all__ = ["DedupResult", "HumanDecision", "deduplicate", "issue_field_unusable"]

log = logging.getLogger(__name__)

HumanDecision = Literal["same", "different"]
_NO_DECISIONS: Mapping[frozenset[str], HumanDecision] = MappingProxyType({})
_CHUNK = 500_000
_ID_FIELDS = ("doi", "pmid", "pmcid", "locator")


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupResult:
    """Outcome of one deduplication run.

    ``clusters``: one merged record per study (singletons included), sorted by
    cluster_id. ``duplicates``: the pairs that were merged, with reasons.
    ``maybe``: unresolved pairs for a human, across clusters. ``relations``:
    related records that are never merged. ``flagged``: records with neither
    title nor identifiers (each its own cluster). ``stats``: counters of the run.
    ``warnings``: input problems the run worked around (e.g. an unusable field).
    """

    clusters: tuple[MergedRecord, ...]
    maybe: tuple[PairVerdict, ...]
    duplicates: tuple[PairVerdict, ...]
    relations: tuple[Relation, ...]
    flagged: tuple[str, ...]
    stats: Mapping[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    _index: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {rid: c.cluster_id for c in self.clusters for rid in c.record_ids}
        object.__setattr__(self, "_index", index)

    def cluster_of(self, record_id: str) -> str:
        """The cluster id of ``record_id``.

        Raises:
            ReviewkitError: the record was not part of this run.
        """
        try:
            return self._index[record_id]
        except KeyError:
            raise ReviewkitError(
                f"deduplication result: record {record_id!r} was not in the input"
            ) from None


class _Timer:
    """Logs the wall time of each phase at DEBUG level (the benchmark shows them)."""

    __slots__ = ("_last",)

    def __init__(self) -> None:
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        log.debug("deduplicate: %s took %.2f s", phase, now - self._last)
        self._last = now


def _contains(x: str, y: str) -> bool:
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    return short.count(" ") + 1 >= GENERIC_TITLE_WORDS and f" {short} " in f" {long} "


class _Screen:
    """Vectorised pre-filter over candidate pairs (a superset of ``worth_comparing``).

    Keeps pairs that share an identifier, have a title ratio of at least
    ``CLOSE_TITLE``, or where one title occurs inside the other; rapidfuzz
    computes the scores in C, so the Python loop only sees promising pairs.
    """

    def __init__(self, records: Sequence[Prepared]) -> None:
        self.titles = [p.title for p in records]
        self.has_title = np.fromiter((bool(t) for t in self.titles), dtype=bool)
        self.ids = [self._codes([getattr(p, name) for p in records]) for name in _ID_FIELDS]

    @staticmethod
    def _codes(values: list[str]) -> npt.NDArray[np.int64]:
        numbers: dict[str, int] = {}
        return np.fromiter(
            (numbers.setdefault(v, len(numbers) + 1) if v else 0 for v in values),
            dtype=np.int64,
            count=len(values),
        )

    def promising(self, chunk: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        m = len(self.titles)
        left, right = chunk // m, chunk % m
        keep = np.zeros(chunk.size, dtype=bool)
        for codes in self.ids:
            keep |= (codes[left] == codes[right]) & (codes[left] > 0)
        titled = self.has_title[left] & self.has_title[right] & ~keep
        todo = np.flatnonzero(titled)
        if todo.size:
            a = [self.titles[i] for i in left[todo].tolist()]
            b = [self.titles[j] for j in right[todo].tolist()]
            close = process.cpdist(a, b, scorer=fuzz.ratio, score_cutoff=CLOSE_TITLE, workers=-1)
            keep[todo[close >= CLOSE_TITLE]] = True
            rest = np.flatnonzero(close < CLOSE_TITLE).tolist()
            # One title inside the other (dropped subtitle, added prefix): a plain
            # substring test is far cheaper than partial_ratio on every pair.
            inside = [k for k in rest if _contains(a[k], b[k])]
            keep[todo[inside]] = True
        return keep


class _Run:
    """State of one :func:`deduplicate` call (records sorted by record_id).

    Pairs are keyed by the int ``i * n + j`` (``i < j``) rather than a tuple:
    a million-record run keeps close to a million verdicts.
    """

    def __init__(self, citations: Sequence[Citation]) -> None:
        self.citations = sorted(citations, key=lambda c: c.record_id)
        self.index: dict[str, int] = {}
        for i, citation in enumerate(self.citations):
            if citation.record_id in self.index:
                raise ReviewkitError(
                    f"deduplication input: record_id {citation.record_id!r} occurs twice; "
                    "record ids must be unique"
                )
            self.index[citation.record_id] = i
        self.n = len(self.citations)
        pool = PreparedPool()  # only while preparing: the shared values outlive it
        self.prepared: list[Prepared] = [share_prepared(prepare(c), pool) for c in self.citations]
        del pool
        self.warnings: list[str] = []
        if issue_field_unusable([p.issue for p in self.prepared]):
            for p in self.prepared:
                p.issue = ""
            self.warnings.append(
                "the issue field looks like running record numbers (nearly every record "
                "has its own, mostly above 100), so issues were not compared"
            )
        self.verdicts: dict[int, PairVerdict] = {}
        self.relations: dict[int, Relation] = {}
        self.stats: Counter[str] = Counter(records=self.n)
        self._conflicts: dict[int, str | None] = {}
        self._pool = ValuePool()  # reasons and field comparisons shared across verdicts

    def code(self, i: int, j: int) -> int:
        """The key of the pair ``{i, j}``."""
        return i * self.n + j if i < j else j * self.n + i

    def pair(self, code: int) -> tuple[int, int]:
        """The indexes ``(i, j)``, ``i < j``, of a pair key."""
        i, j = divmod(code, self.n)
        return i, j

    def conflict(self, i: int, j: int) -> str | None:
        key = self.code(i, j)
        if key not in self._conflicts:
            first, second = self.pair(key)
            self._conflicts[key] = hard_conflict(self.prepared[first], self.prepared[second])
        return self._conflicts[key]

    def score_candidates(self) -> None:
        active = [i for i, p in enumerate(self.prepared) if p.identifiable]
        self.stats["flagged"] = len(self.prepared) - len(active)
        timer = _Timer()
        pairs, blocking = candidate_pairs([self.prepared[i] for i in active])
        timer.lap("blocking")
        self.stats["candidate_pairs"] = blocking.candidate_pairs
        self.stats["oversized_blocks"] = blocking.oversized_blocks
        m = len(active)
        records = [self.prepared[i] for i in active]
        screen = _Screen(records)
        for start in range(0, int(pairs.size), _CHUNK):
            chunk = pairs[start : start + _CHUNK]
            for code in chunk[screen.promising(chunk)].tolist():
                x, y = divmod(code, m)
                self._score(active[x], active[y])
        self._pool = ValuePool()  # the pool's table is no longer needed
        timer.lap("screening and scoring")

    def _score(self, i: int, j: int) -> None:
        a, b = self.prepared[i], self.prepared[j]
        if not worth_comparing(a, b):
            return
        self.stats["compared"] += 1
        kind = relation(a, b)
        if kind is not None:
            first, second = sorted((a.record_id, b.record_id))
            self.relations[self.code(i, j)] = Relation(a=first, b=second, kind=kind)
        verdict = compare(a, b)
        if verdict.decision != "distinct":
            self.verdicts[self.code(i, j)] = share_verdict(verdict, self._pool)

    def verdict(self, i: int, j: int) -> PairVerdict:
        found = self.verdicts.get(self.code(i, j))
        return found if found is not None else compare(self.prepared[i], self.prepared[j])


def _human_pairs(
    run: _Run, decisions: Mapping[frozenset[str], HumanDecision]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    same: list[tuple[int, int]] = []
    different: list[tuple[int, int]] = []
    for pair, decision in decisions.items():
        ids = sorted(pair)
        if len(ids) != 2 or ids[0] not in run.index or ids[1] not in run.index:
            continue  # a decision about records not in this run
        i, j = sorted((run.index[ids[0]], run.index[ids[1]]))
        (same if decision == "same" else different).append((i, j))
    return sorted(same), sorted(different)


def _existing_edges(run: _Run, existing: Sequence[MergedRecord]) -> list[tuple[int, int]]:
    edges: list[tuple[int, int]] = []
    for cluster in sorted(existing, key=lambda c: c.cluster_id):
        members = sorted(run.index[r] for r in cluster.record_ids if r in run.index)
        edges.extend((members[0], other) for other in members[1:])
    return edges


def _refused_verdict(run: _Run, refusal: Refusal, *, human: bool) -> PairVerdict:
    verdict = run.verdict(refusal.a, refusal.b)
    ids = run.citations[refusal.blocker_a].record_id, run.citations[refusal.blocker_b].record_id
    why = (
        f"would chain {ids[0]} and {ids[1]} into one study, but {refusal.reason}"
        if (refusal.blocker_a, refusal.blocker_b) not in ((refusal.a, refusal.b),)
        else refusal.reason
    )
    prefix = ("human decision 'same' not applied: " if human else "") + why
    return replace(verdict, decision="maybe", reasons=(prefix, *verdict.reasons))


def _cluster_ids(groups: list[list[int]], run: _Run, existing: Sequence[MergedRecord]) -> list[str]:
    """Stable ids: keep an earlier cluster's id where possible, else ``c:<smallest id>``."""
    previous = {r: c.cluster_id for c in existing for r in c.record_ids}
    options: list[tuple[int, str, int]] = []
    for g, members in enumerate(groups):
        overlap = Counter(
            previous[run.citations[i].record_id]
            for i in members
            if run.citations[i].record_id in previous
        )
        options.extend((-count, cid, g) for cid, count in overlap.items())
    ids: list[str | None] = [None] * len(groups)
    used: set[str] = set()
    for _, cid, g in sorted(options, key=lambda o: (o[0], o[1], groups[o[2]][0])):
        if ids[g] is None and cid not in used:
            ids[g] = cid
            used.add(cid)
    used.update(previous.values())
    result: list[str] = []
    for g, members in enumerate(groups):
        kept = ids[g]
        if kept is None:
            base = kept = f"c:{run.citations[members[0]].record_id}"
            suffix = 1
            while kept in used:
                suffix += 1
                kept = f"{base}#{suffix}"
            used.add(kept)
        result.append(kept)
    return result


def issue_field_unusable(issues: Sequence[str]) -> bool:
    """Whether a set's issue values are record numbers rather than journal issues.

    Some reference-manager exports put their own record number in the issue field.
    Real issues repeat (most journals have 1-12 a year); a counter does not. Judged
    on sets of 50 or more records with an issue, so a small import is never caught.

    >>> issue_field_unusable([str(n) for n in range(1000, 1100)])
    True
    >>> issue_field_unusable([str(n % 12 + 1) for n in range(100)])
    False
    """
    given = [issue for issue in issues if issue]
    if len(given) < 50:
        return False
    large = sum(1 for issue in given if issue.isdigit() and int(issue) > 100)
    return len(set(given)) >= 0.9 * len(given) and large >= 0.5 * len(given)


def deduplicate(
    citations: Sequence[Citation],
    *,
    decisions: Mapping[frozenset[str], HumanDecision] = _NO_DECISIONS,
    existing: Sequence[MergedRecord] = (),
) -> DedupResult:
    """Group ``citations`` into studies; never lose a unique paper to a false merge.

    Args:
        citations: records from every source; ``record_id`` must be unique.
        decisions: reviewers' decisions on pairs, always obeyed. ``"same"`` merges
            the two (unless a ``"different"`` decision separates their clusters:
            then they stay apart and the pair is reported as ``maybe``);
            ``"different"`` keeps them in different clusters.
        existing: clusters of an earlier run; their records stay together (unless
            a human separated them) and keep their cluster ids. Records of
            ``existing`` that are not in ``citations`` are ignored.

    Returns:
        The clusters, merged pairs, ``maybe`` pairs, relations and flagged records.

    Raises:
        ReviewkitError: two citations share a record_id.
    """
    timer = _Timer()
    run = _Run(citations)
    timer.lap("normalising")
    run.score_candidates()
    timer = _Timer()
    linked = _link(run, decisions, existing)
    timer.lap("clustering")
    result = _assemble(run, linked, existing)
    for warning in run.warnings:
        log.warning("deduplicate: %s", warning)
    timer.lap("merging")
    return result


@dataclass(frozen=True, slots=True, kw_only=True)
class _Linked:
    """What clustering decided: a root per record, and the pairs left for a human."""

    labels: list[int]
    maybe: dict[tuple[int, int], PairVerdict]
    same: list[tuple[int, int]]
    decided: set[int]


def _link(
    run: _Run,
    decisions: Mapping[frozenset[str], HumanDecision],
    existing: Sequence[MergedRecord],
) -> _Linked:
    """Human decisions first, then earlier clusters, then machine duplicates by score."""
    same, different = _human_pairs(run, decisions)
    clustering = Clustering(len(run.citations), conflict=run.conflict, cannot_link=different)
    maybe: dict[tuple[int, int], PairVerdict] = {}
    for i, j in same:
        if not clustering.link(i, j, human=True):
            maybe[(i, j)] = _refused_verdict(run, clustering.refusals[-1], human=True)
    clustering.link_all(_existing_edges(run, existing), human=True)
    decided = {run.code(i, j) for i, j in (*same, *different)}
    machine = sorted(
        (v.score * -1.0, v.a, v.b, key)
        for key, v in run.verdicts.items()
        if v.decision == "duplicate" and key not in decided
    )
    for *_, key in machine:
        i, j = run.pair(key)
        if not clustering.link(i, j):
            maybe[(i, j)] = _refused_verdict(run, clustering.refusals[-1], human=False)
    run.stats["refused_unions"] = len(clustering.refusals)
    return _Linked(labels=clustering.labels(), maybe=maybe, same=same, decided=decided)


def _assemble(run: _Run, linked: _Linked, existing: Sequence[MergedRecord]) -> DedupResult:
    """Merged records per cluster, and the merged, open and related pairs."""
    labels, maybe, decided = linked.labels, linked.maybe, linked.decided
    flagged = tuple(sorted(p.record_id for p in run.prepared if not p.identifiable))
    grouped: defaultdict[int, list[int]] = defaultdict(list)
    for i, root in enumerate(labels):
        grouped[root].append(i)
    groups = sorted(grouped.values(), key=lambda members: members[0])
    ids = _cluster_ids(groups, run, existing)
    for key, verdict in run.verdicts.items():
        if verdict.decision == "maybe" and key not in decided:
            maybe.setdefault(run.pair(key), verdict)
    duplicates = [
        v
        for key, v in run.verdicts.items()
        if v.decision == "duplicate"
        and key not in decided
        and labels[key // run.n] == labels[key % run.n]
    ]
    duplicates.extend(
        replace(run.verdict(i, j), decision="duplicate", reasons=("human decision: same",))
        for i, j in linked.same
        if labels[i] == labels[j]
    )
    open_maybe = [v for (i, j), v in maybe.items() if labels[i] != labels[j]]
    run.prepared.clear()  # normalised copies are no longer needed: free them before merging
    clusters = sorted(
        (merge_cluster(cid, [run.citations[i] for i in members]) for cid, members in zip(
            ids, groups, strict=True)),
        key=lambda c: c.cluster_id,
    )  # fmt: skip
    return DedupResult(
        clusters=tuple(clusters),
        maybe=tuple(sorted(open_maybe, key=lambda v: (v.a, v.b))),
        duplicates=tuple(sorted(duplicates, key=lambda v: (v.a, v.b))),
        relations=tuple(sorted(run.relations.values(), key=lambda r: (r.a, r.b))),
        flagged=flagged,
        stats=MappingProxyType(dict(run.stats)),
        warnings=tuple(run.warnings),
    )
