from __future__ import annotations

import csv

import pytest

from reviewkit.dedup import deduplicate
from reviewkit.dedup.relations import record_markers
from reviewkit.errors import ParseError
from reviewkit.formats import parse_export, read_export
from reviewkit.formats.wos import parse_wos


def _parse(text: str, name: str = "savedrecs.txt"):
    return parse_export(text.encode("utf-8"), file_name=name, source="wos", fmt="wos")


def test_full_record_fields_are_mapped(data_dir):
    result = read_export(data_dir / "wos_savedrecs.txt", source="wos")
    assert (result.format, result.dialect, result.encoding) == ("wos", "wos", "utf-8-sig")
    assert (result.records_in_file, len(result.citations)) == (4, 4)
    assert (result.skipped, result.warnings) == ((), ())
    dhurat = result.citations[0]
    assert dhurat.record_id == "wos:wos_savedrecs.txt#1"
    assert dhurat.origin == "wos_savedrecs.txt:3"  # the PT line, after the FN/VR header
    # Continuation lines of TI, DE and AB continue one value.
    assert dhurat.title == (
        "A Randomized Evaluator Blinded Study of Effect of Microneedling in "
        "Androgenetic Alopecia: A Pilot Study"
    )
    assert dhurat.abstract.endswith("onto a second line, as Web of Science wraps long values.")
    assert dhurat.keywords == (
        "Androgenetic alopecia",
        "microneedling",
        "minoxidil",
        "randomized evaluator blinded study",
        "HAIR",  # ID (Keywords Plus) after DE
    )
    # AF full names win over AU; each continuation line of AF is one more author.
    assert dhurat.authors[:2] == ("Dhurat, Rachita", "Sukesh, M. S.")
    assert len(dhurat.authors) == 6
    assert (dhurat.year, dhurat.volume, dhurat.issue, dhurat.pages) == (2013, "5", "1", "6-11")
    assert dhurat.journal == "INTERNATIONAL JOURNAL OF TRICHOLOGY"
    assert dhurat.journal_abbrev == "Int. J. Trichology"  # JI before J9
    assert (dhurat.doi, dhurat.pmid, dhurat.issn) == (
        "10.4103/0974-7753.114700",
        "23960389",
        "0974-7753",
    )
    assert (dhurat.publication_type, dhurat.language) == ("Article", "English")


def test_article_number_early_access_and_au_only(data_dir):
    ocampo, english, _ = read_export(data_dir / "wos_savedrecs.txt", source="wos").citations[1:]
    assert ocampo.pages == "e14267"  # AR, no BP/EP
    assert ocampo.year == 2020  # PY wins over the EA date SEP 2020
    assert ocampo.publication_type == "Review"
    # No PY yet: the early-access date DEC 2021 gives the year.
    assert english.year == 2021
    assert english.authors == ("English, RS", "Ruiz, S", "DoAmaral, P")  # no AF: AU
    assert english.publication_type == "Review; Early Access"
    assert english.journal_abbrev == "Dermatol. Ther. (Heidelb.)"


def test_correction_is_typed_so_dedup_keeps_it_apart(data_dir):
    correction = read_export(data_dir / "wos_savedrecs.txt", source="wos").citations[3]
    assert correction.publication_type == "Erratum"
    assert correction.authors == ("Example, A",)
    assert (correction.doi, correction.pages) == (None, None)
    assert record_markers(correction.title, correction.publication_type, None) == {"erratum"}


@pytest.mark.parametrize(
    ("dt", "kind", "markers"),
    [
        ("Correction", "Erratum", {"erratum"}),
        ("Retraction", "Retraction of Publication", {"retraction"}),
        ("Expression of Concern", "Expression of Concern", {"retraction"}),
        ("Meeting Abstract", "Conference Abstract", {"conference"}),
        ("Editorial Material", "Editorial", set()),
        ("Letter", "Letter", set()),
        ("Article; Proceedings Paper", "Article; Proceedings Paper", set()),
        # The retracted paper itself, not the notice: it must still merge with its copies.
        ("Retracted Publication", "Retracted Publication", set()),
    ],
)
def test_document_types_use_the_relation_vocabulary(dt, kind, markers):
    (citation,) = _parse(f"PT J\nTI Microneedling for hair loss\nDT {dt}\nER\n").citations
    assert citation.publication_type == kind
    assert record_markers("Microneedling for hair loss", kind, None) == markers


def test_publication_type_falls_back_to_pt():
    result = _parse("PT B\nTI A book\nER\nPT X\nTI Unknown\nER\n")
    assert [c.publication_type for c in result.citations] == ["Book", "X"]


def test_old_header_year_from_pd_group_authors_and_bad_year():
    text = (
        "\ufeffFN Thomson Reuters Web of Science\u2122\nVR 1.0\n"
        "PT J\nAU Example, A\nCA Synthetic Study Group\nTI Synthetic one\nPD DEC 2019\nER\n\n"
        "PT J\nTI Synthetic two\nPY 20x1\nER\n\nEF\n"
    )
    result = parse_export(text.encode("utf-8"), file_name="old.txt", source="wos")
    one, two = result.citations
    assert result.format == "wos"
    assert (one.year, one.authors) == (2019, ("Example, A", "Synthetic Study Group"))
    assert two.year is None
    assert result.warnings == (
        "old.txt:10: year '20x1' has no four-digit year; record kept without a year",
    )


def test_record_without_title_or_identifiers_is_kept_like_ris():
    result = _parse("PT J\nLA English\nER\n")
    (empty,) = result.citations
    assert (empty.title, empty.doi, empty.pmid, empty.publication_type) == (
        None,
        None,
        None,
        "Journal",
    )
    assert (result.records_in_file, result.warnings) == (1, ())


def test_records_are_counted_by_er_lines_without_the_parser():
    text = "PT J\nTI One\nER\n\nPT J\nTI Two\nER\n\nEF\n"
    parsed = parse_wos(text, file_name="x.txt", source="wos")
    assert (parsed.records_in_file, parsed.counted_as) == (2, '"ER" lines')
    assert [c.record_id for c in parsed.citations] == ["wos:x.txt#1", "wos:x.txt#2"]


def test_concatenated_exports_are_read_whole():
    one = "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI One\nER\n\nEF\n"
    result = _parse(one + one.replace("One", "Two"))
    assert [c.title for c in result.citations] == ["One", "Two"]
    assert [c.origin for c in result.citations] == ["savedrecs.txt:3", "savedrecs.txt:10"]


def test_missing_er_file_is_refused_with_its_line(data_dir):
    with pytest.raises(ParseError) as caught:
        read_export(data_dir / "wos_missing_er.txt", source="wos")
    assert str(caught.value) == (
        "wos_missing_er.txt:14: 'EF' ends the file, but the record that started on line 9 "
        "has no 'ER'"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("PT J\nTI x\n", "x.txt:1: the record starting here has no 'ER' before the end"),
        ("PT J\nTI x\nPT J\nER\n", "x.txt:3: 'PT' starts a record, but the record that"),
        ("FN WoS\nTI x\nER\n", "x.txt:2: tag TI outside a record; expected 'PT'"),
        ("PT J\nTI x\nER\n   stray\n", "x.txt:4: continuation line outside a record 'stray'"),
        ("FN WoS\n   stray\n", "x.txt:2: continuation line outside a record"),
        ("PT J\nti lower case\nER\n", "x.txt:2: malformed line 'ti lower case'; expected a"),
        ("PT J\n\tTI x\nER\n", "x.txt:2: malformed line"),
        ("TY  - JOUR\nER  - \n", "x.txt:1: tag TY outside a record"),
        ("\n\n", "x.txt: no Web of Science record found"),
        ("FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n", "x.txt: no Web of Science"),
    ],
)
def test_malformed_text_is_refused_with_file_and_line(text, message):
    with pytest.raises(ParseError, match="^" + message.replace("(", r"\(")):
        _parse(text, "x.txt")


def test_wos_records_dedup_with_ris_and_pubmed_copies(data_dir):
    from reviewkit.pubmed_xml import parse_pubmed_file
    from reviewkit.records import PubmedRecord, citation_from_pubmed
    from reviewkit.snapshot import snapshot_dir

    wos = read_export(data_dir / "wos_savedrecs.txt", source="wos").citations
    scopus = read_export(data_dir / "ris_scopus.ris", source="scopus").citations
    pubmed = [
        citation_from_pubmed(item)
        for item in parse_pubmed_file(snapshot_dir() / "microneedling.xml")
        if isinstance(item, PubmedRecord)
    ]
    result = deduplicate([*wos, *scopus, *pubmed])
    for n, pmid in ((1, "23960389"), (2, "32882083"), (3, "34854067")):
        assert result.cluster_of(f"wos:wos_savedrecs.txt#{n}") == result.cluster_of(
            f"pubmed:{pmid}"
        )
    assert result.cluster_of("scopus:ris_scopus.ris#1") == result.cluster_of("pubmed:32882083")
    # The correction repeats the Faghihi title but is linked, never merged.
    correction = "wos:wos_savedrecs.txt#4"
    assert result.cluster_of(correction) != result.cluster_of("pubmed:32897622")
    assert any(
        {r.a, r.b} == {correction, "pubmed:32897622"} and r.kind == "erratum"
        for r in result.relations
    )


def test_cli_imports_and_dedups_a_wos_file(data_dir, tmp_path, capsys):
    from reviewkit.cli import main
    from tests.refresh_support import write_review

    review = ["--review", str(write_review(tmp_path / "review"))]
    sample = str(data_dir / "wos_savedrecs.txt")
    assert main(["import", sample, "--source", "wos", "--format", "wos", *review]) == 0
    assert "4 records in the file, 4 parsed, 0 skipped" in capsys.readouterr().out
    out = tmp_path / "assignments.csv"
    assert main(["dedup", "file", sample, "-o", str(out), "--source", "wos"]) == 0
    assert "4 records → 4 studies" in capsys.readouterr().out
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["record_id"] for r in rows] == [f"wos:wos_savedrecs.txt#{n}" for n in range(1, 5)]
    bad = str(data_dir / "wos_missing_er.txt")
    assert main(["import", bad, "--source", "wos", *review]) == 1
    assert "wos_missing_er.txt:14:" in capsys.readouterr().err
