"""Union-find clustering of duplicate pairs with an anti-chaining guard.

Connected components alone chain: A~B and B~C put A and C in one study even
when A and C carry different DOIs. Here two clusters are only united after every
cross pair has been checked for a hard conflict (a human "different", a
never-merge relation, conflicting identifiers, years or first pages); a union
that would break one is refused and reported, so the pair can go to a human.

Edges are processed in the order given; the engine sorts them (human decisions
first, then by score and record ids) so the outcome does not depend on the
order of the input records.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

__all__ = ["Clustering", "Refusal", "UnionFind"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal:
    """An edge the guard refused, with the cross pair that blocked it."""

    a: int
    b: int
    blocker_a: int
    blocker_b: int
    reason: str


class UnionFind:
    """Disjoint sets over ``0..n-1`` that remember their members."""

    __slots__ = ("_members", "_parent")

    def __init__(self, n: int) -> None:
        """Start with ``n`` singleton sets."""
        self._parent = list(range(n))
        self._members: dict[int, list[int]] = {}

    def find(self, x: int) -> int:
        """Root of ``x``'s set (with path halving)."""
        parent = self._parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def members(self, root: int) -> list[int]:
        """Elements of the set whose root is ``root``."""
        return self._members.get(root, [root])

    def union(self, x: int, y: int) -> int:
        """Join the sets of ``x`` and ``y``; return the new root."""
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return rx
        mx, my = self.members(rx), self.members(ry)
        if len(mx) < len(my):
            rx, ry, mx, my = ry, rx, my, mx
        self._parent[ry] = rx
        self._members[rx] = mx + my
        self._members.pop(ry, None)
        return rx

    def labels(self) -> list[int]:
        """Root of every element."""
        return [self.find(x) for x in range(len(self._parent))]


class Clustering:
    """Guarded union-find: unions happen only when no cross pair conflicts.

    ``conflict(i, j)`` returns the reason two records can never be one study
    (or ``None``); ``cannot_link`` holds pairs humans kept apart.
    """

    __slots__ = ("_cannot", "_conflict", "refusals", "sets")

    def __init__(
        self,
        n: int,
        *,
        conflict: Callable[[int, int], str | None],
        cannot_link: Collection[tuple[int, int]] = (),
    ) -> None:
        """Prepare ``n`` singleton clusters."""
        self.sets = UnionFind(n)
        self._conflict = conflict
        self._cannot = {(min(i, j), max(i, j)) for i, j in cannot_link}
        self.refusals: list[Refusal] = []

    def _blocker(self, rx: int, ry: int, *, human: bool) -> tuple[int, int, str] | None:
        for i in self.sets.members(rx):
            for j in self.sets.members(ry):
                key = (i, j) if i < j else (j, i)
                if key in self._cannot:
                    return i, j, "a human decided they are different"
                if not human:
                    reason = self._conflict(i, j)
                    if reason is not None:
                        return i, j, reason
        return None

    def link(self, a: int, b: int, *, human: bool = False) -> bool:
        """Unite ``a``'s and ``b``'s clusters unless a cross pair conflicts.

        ``human=True`` (a reviewer's "same") skips the machine conflict checks
        but still respects human "different" decisions. Returns whether the two
        are now in one cluster; a refusal is recorded in :attr:`refusals`.
        """
        rx, ry = self.sets.find(a), self.sets.find(b)
        if rx == ry:
            return True
        blocker = self._blocker(rx, ry, human=human)
        if blocker is not None:
            i, j, reason = blocker
            self.refusals.append(Refusal(a=a, b=b, blocker_a=i, blocker_b=j, reason=reason))
            return False
        self.sets.union(rx, ry)
        return True

    def link_all(self, edges: Iterable[tuple[int, int]], *, human: bool = False) -> None:
        """:meth:`link` every edge, in order."""
        for a, b in edges:
            self.link(a, b, human=human)

    def labels(self) -> list[int]:
        """Cluster root of every record."""
        return self.sets.labels()
