"""Guarded union-find: no chaining across a hard conflict."""

from reviewkit.dedup.clustering import Clustering, UnionFind


def test_union_find_groups():
    sets = UnionFind(4)
    sets.union(0, 1)
    sets.union(2, 3)
    sets.union(1, 3)
    assert len(set(sets.labels())) == 1
    assert sorted(sets.members(sets.find(0))) == [0, 1, 2, 3]


def test_anti_chaining_refuses_a_union_that_joins_a_conflicting_pair():
    # 0~1 and 1~2 are duplicate edges, but 0 and 2 conflict (e.g. different DOIs).
    def conflict(i, j):
        return "different DOIs" if {i, j} == {0, 2} else None

    clusters = Clustering(3, conflict=conflict)
    assert clusters.link(0, 1)
    assert not clusters.link(1, 2)
    labels = clusters.labels()
    assert labels[0] == labels[1] != labels[2]
    [refusal] = clusters.refusals
    assert (refusal.a, refusal.b) == (1, 2)
    assert {refusal.blocker_a, refusal.blocker_b} == {0, 2}
    assert refusal.reason == "different DOIs"


def test_cannot_link_holds_even_for_human_links():
    clusters = Clustering(3, conflict=lambda i, j: "machine conflict", cannot_link=[(2, 0)])
    assert clusters.link(0, 1, human=True)  # humans override machine conflicts
    assert not clusters.link(1, 2, human=True)  # ... but not other humans
    assert "human" in clusters.refusals[0].reason
