"""deduplicate(): anti-chaining, human decisions, incremental runs, determinism."""

import random

import pytest

from reviewkit.dedup import deduplicate
from reviewkit.errors import ReviewkitError
from reviewkit.records import Citation
from tests.dedup.pair_support import BASE

OTHER = {
    "title": "Platelet-rich plasma versus minoxidil in female pattern hair loss",
    "authors": ("English RS Jr", "Barazesh JM"),
    "year": 2019,
    "journal": "Dermatologic Surgery",
    "volume": "45",
    "pages": "905-12",
}


def cite(record_id, base=BASE, **fields):
    return Citation(record_id=record_id, source="test", **{**base, **fields})


def chain():
    # a~b and b~c look like duplicates, but a and c carry different DOIs and years.
    return [
        cite("a", doi="10.1000/one"),
        cite("b", doi=None, journal="Int J Trichology"),
        cite("c", doi="10.1000/two", year=2014),
    ]


def test_exact_copies_from_two_databases_merge():
    result = deduplicate([cite("x:1", doi="10.1000/one"), cite("y:1", doi="doi:10.1000/ONE")])
    [cluster] = result.clusters
    assert cluster.record_ids == ("x:1", "y:1")
    assert cluster.cluster_id == "c:x:1"
    assert [(v.a, v.b, v.decision) for v in result.duplicates] == [("x:1", "y:1", "duplicate")]


def test_anti_chaining_keeps_conflicting_records_apart():
    result = deduplicate(chain())
    assert result.cluster_of("a") != result.cluster_of("c")
    assert result.cluster_of("b") in {result.cluster_of("a"), result.cluster_of("c")}
    chained = [v for v in result.maybe if any(r.startswith("would chain") for r in v.reasons)]
    assert len(chained) == 1
    assert "different DOIs" in chained[0].reasons[0]


def test_human_same_is_obeyed_and_different_separates():
    decisions = {frozenset({"a", "c"}): "same", frozenset({"a", "b"}): "different"}
    result = deduplicate(chain(), decisions=decisions)
    assert result.cluster_of("a") == result.cluster_of("c")
    assert result.cluster_of("a") != result.cluster_of("b")
    assert all({v.a, v.b} != {"a", "b"} for v in result.maybe)


def test_human_same_that_contradicts_a_human_different_is_reported():
    decisions = {
        frozenset({"a", "b"}): "same",
        frozenset({"b", "c"}): "same",
        frozenset({"a", "c"}): "different",
    }
    result = deduplicate(chain(), decisions=decisions)
    assert result.cluster_of("a") != result.cluster_of("c")
    reported = [v for v in result.maybe if v.reasons[0].startswith("human decision 'same'")]
    assert len(reported) == 1


def test_human_decisions_survive_a_rerun_with_existing_clusters():
    decisions = {frozenset({"a", "b"}): "different", frozenset({"b", "c"}): "different"}
    first = deduplicate(chain(), decisions=decisions)
    second = deduplicate(
        [*chain(), cite("d", doi="10.1000/one")], decisions=decisions, existing=first.clusters
    )
    for result in (first, second):
        assert len({result.cluster_of(r) for r in "abc"}) == 3
    assert second.cluster_of("d") == first.cluster_of("a")


def test_incremental_run_keeps_cluster_ids():
    first = deduplicate([cite("m", doi="10.1000/one"), cite("n", base=OTHER)])
    renamed = [
        type(c)(
            cluster_id=f"study-{i}",
            record_ids=c.record_ids,
            representative=c.representative,
            fields=c.fields,
            provenance=c.provenance,
        )
        for i, c in enumerate(first.clusters)
    ]
    # "a" sorts before "m" but joins m's study: the study keeps its id.
    second = deduplicate(
        [cite("a", doi="https://doi.org/10.1000/ONE"), cite("m", doi="10.1000/one"),
         cite("n", base=OTHER), cite("z", base=OTHER, title="Something else entirely")],
        existing=renamed,
    )  # fmt: skip
    assert second.cluster_of("a") == second.cluster_of("m") == first_id(renamed, "m")
    assert second.cluster_of("n") == first_id(renamed, "n")
    assert second.cluster_of("z") == "c:z"


def first_id(clusters, record_id):
    return next(c.cluster_id for c in clusters if record_id in c.record_ids)


def test_output_does_not_depend_on_input_order():
    records = [
        *chain(),
        cite("d", base=OTHER),
        cite("e", base=OTHER, authors=("Robert S English Jr", "J Barazesh"), year=2020),
        cite("f", base=OTHER, title="Platelet-rich plasma versus minoxidil", pages=None),
        Citation(record_id="g", source="test"),
    ]
    expected = deduplicate(records)
    rng = random.Random(3)
    for _ in range(5):
        shuffled = records[:]
        rng.shuffle(shuffled)
        assert deduplicate(shuffled) == expected


def test_records_without_title_or_identifiers_are_flagged_and_kept_alone():
    records = [
        Citation(record_id="g", source="test", authors=("Dhurat R",), year=2013),
        Citation(record_id="h", source="test", authors=("Dhurat R",), year=2013),
        cite("a"),
    ]
    result = deduplicate(records)
    assert result.flagged == ("g", "h")
    assert len({result.cluster_of(r) for r in "gha"}) == 3


def test_a_doi_alone_is_enough_to_be_identifiable():
    result = deduplicate([
        Citation(record_id="g", source="test", doi="10.1000/one"),
        cite("a", doi="10.1000/one"),
    ])  # fmt: skip
    assert result.flagged == ()
    assert result.cluster_of("g") == result.cluster_of("a")


def test_repeated_record_ids_are_refused():
    with pytest.raises(ReviewkitError, match="'a' occurs twice"):
        deduplicate([cite("a"), cite("a")])


def test_cluster_of_an_unknown_record_names_it():
    with pytest.raises(ReviewkitError, match="'zz'"):
        deduplicate([cite("a")]).cluster_of("zz")


def _numbered_set(issue_of):
    """60 unique papers plus a pair whose titles are close but not the same."""
    records = [
        cite(
            f"u{n}",
            title=f"Hair follicle cycling study number {n} in alopecia cohort",
            pages=f"{100 + 10 * n}-{105 + 10 * n}",
            doi=None,
            issue=issue_of(n),
        )
        for n in range(60)
    ]
    pair = [
        cite("a", pages=None, issue=issue_of(60)),
        cite(
            "b",
            title=BASE["title"].replace("randomized trial", "randomised controlled trial"),
            pages=None,
            issue=issue_of(61),
        ),
    ]
    return records + pair


def test_record_numbers_exported_as_issues_are_ignored_with_a_warning():
    result = deduplicate(_numbered_set(lambda n: str(1000 + n)))
    assert result.cluster_of("a") == result.cluster_of("b")
    assert len(result.warnings) == 1
    assert "record numbers" in result.warnings[0]


def test_real_issues_are_compared_and_no_warning_is_given():
    result = deduplicate(_numbered_set(lambda n: str(n % 12 + 1)))
    assert result.warnings == ()
    # Issues 1 and 2 are real and differ: a close title alone does not outweigh them.
    assert result.cluster_of("a") != result.cluster_of("b")
