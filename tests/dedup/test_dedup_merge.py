"""One merged record per study, with provenance."""

from reviewkit.dedup.merge import merge_cluster, pick_representative
from reviewkit.records import Citation


def test_merged_record_takes_the_best_value_per_field():
    pubmed = Citation(
        record_id="pubmed:1",
        source="pubmed",
        title="Microneedling in alopecia.",
        authors=("Dhurat R",),
        pages="211-6",
        pmid="1",
    )
    embase = Citation(
        record_id="embase:7",
        source="embase",
        title="MICRONEEDLING IN ALOPECIA",
        authors=("Dhurat, R.", "Sukesh, M."),
        pages="211-216",
        doi="10.1000/x",
        abstract="A longer abstract.",
        journal="International Journal of Trichology",
    )
    merged = merge_cluster("c:embase:7", [embase, pubmed])
    assert merged.record_ids == ("embase:7", "pubmed:1")
    assert merged.representative == "pubmed:1"
    assert merged.fields["title"] == "Microneedling in alopecia."
    assert merged.provenance["title"] == "pubmed:1"
    assert merged.fields["doi"] == "10.1000/x"
    assert merged.provenance["doi"] == "embase:7"
    assert merged.fields["authors"] == ("Dhurat, R.", "Sukesh, M.")
    assert merged.fields["pages"] == "211-216"
    assert merged.fields["abstract"] == "A longer abstract."
    assert set(merged.provenance) == set(merged.fields)


def test_representative_without_pubmed_is_the_most_complete_then_smallest_id():
    a = Citation(record_id="b", source="x", title="T")
    b = Citation(record_id="a", source="y", title="T")
    c = Citation(record_id="c", source="z", title="T", doi="10.1000/x")
    assert pick_representative([a, b]).record_id == "a"
    assert pick_representative([a, b, c]).record_id == "c"
