"""Tests for reviewkit.pubmed_xml.article: journal articles on real NCBI files and quirk files."""

from __future__ import annotations

from reviewkit.records import Link, MeshHeading, MeshQualifier, PubDate
from tests.pubmed_xml.pubmed_xml_support import ENTREZ, QUIRKS, document, one, records, records_from


def test_pubmed1_season_date_keywords_and_doi_only_in_article_id_list():
    prison, magnetic = records(ENTREZ / "pubmed1.xml")
    assert prison.pub_date == PubDate(year=1990, season="Spring")
    assert prison.pub_date.text == "1990 Spring"
    assert prison.year == 1990
    assert prison.keywords == ("Health Care and Public Health", "Legal Approach")
    assert prison.doi is None
    assert prison.publication_types == ("Journal Article", "Review")
    assert prison.mesh[1] == MeshHeading(
        descriptor="Acquired Immunodeficiency Syndrome", ui="D000163", major=True
    )
    assert prison.journal.pages == "113-25"
    assert prison.journal.issn_type == "Print"
    # The 1976 record has its DOI only in PubmedData/ArticleIdList.
    assert magnetic.doi == "10.1016/0005-2795(76)90109-4"
    assert magnetic.pii == "0005-2795(76)90109-4"
    assert magnetic.pub_date == PubDate(year=1976, month=9, day=28)
    assert magnetic.mesh[1].qualifiers == (
        MeshQualifier(name="enzymology", ui="Q000201", major=True),
    )
    assert magnetic.dates == (
        ("pubmed", "1976-09-28"),
        ("medline", "1976-09-28"),
        ("entrez", "1976-09-28"),
        ("revised", "2019-06-09"),
        ("completed", "1976-12-30"),
    )


def test_pubmed2_affiliations_status_and_character_references():
    cryo, mri = records(ENTREZ / "pubmed2.xml")
    assert (cryo.status, mri.status) == ("MEDLINE", "PubMed-not-MEDLINE")
    assert [len(a.affiliations) for a in cryo.authors] == [1, 0, 0, 0, 0, 0, 0, 0]
    assert (
        cryo.authors[0]
        .affiliations[0]
        .startswith("Dipartimento di Scienze Ambientali, Università degli Studi della Tuscia")
    )
    assert cryo.authors[0].display == "Taddei AR"
    assert cryo.journal.pages == "244-55"
    assert cryo.pub_date == PubDate(year=2001, month=6)
    # CopyrightInformation is not abstract text.
    assert "Copyright" not in cryo.abstract_text
    assert "(P < 0.001)" in cryo.abstract_text


def test_pubmed4_structured_abstract_markup_links_and_ids():
    record = one(ENTREZ / "pubmed4.xml")
    assert record.title == (
        "Leucocyte telomere length, genetic variants at the TERT gene region "
        "and risk of pancreatic cancer."
    )
    assert [s.label for s in record.abstract] == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert "ptrend=0.048" in record.abstract[2].text
    assert "(linkage disequilibrium r2<0.25)" in record.abstract[2].text
    assert record.abstract_text.startswith("OBJECTIVE: Telomere shortening")
    # 48 "Cites" entries are the reference list; only the CommentIn remains.
    assert record.links == (
        Link(ref_type="CommentIn", ref_source="Gut. 2017 Jun;66(6):1", pmid="27920200"),
    )
    assert record.doi == "10.1136/gutjnl-2016-312510"
    assert record.pmcid == "PMC5442267"
    assert record.pii == "gutjnl-2016-312510"
    assert ("mid", "NIHMS857349") in record.article_ids
    assert len(record.authors) == 22
    assert sum(len(a.affiliations) for a in record.authors) == 38
    assert record.authors[2].affiliations == (
        "Department of Epidemiology, Harvard T.H. Chan School of Public Health, "
        "Boston, Massachusetts, USA.",
        "Department of Medical Oncology, Dana-Farber Cancer Institute, Boston, Massachusetts, USA.",
    )
    assert record.journal.pages == "1116-1122"
    assert record.pub_date == PubDate(year=2017, month=6)
    assert ("electronic", "2016-10-21") in record.dates
    assert ("revised", "2018-04-17") in record.dates  # DateRevised, after History's revised
    assert dict(record.dates)["revised"] == "2018-04-17"


def test_pubmed5_in_data_review_with_nlm_categories():
    record = one(ENTREZ / "pubmed5.xml")
    assert record.status == "In-Data-Review"
    assert [(s.label, s.category) for s in record.abstract] == [
        ("OBJECTIVES", "OBJECTIVE"),
        ("METHODS", "METHODS"),
        ("RESULTS", "RESULTS"),
        ("CONCLUSIONS", "CONCLUSIONS"),
    ]
    assert record.mesh == ()
    assert record.links == ()


def test_pubmed6_html_and_mathml_become_clean_text():
    record = one(ENTREZ / "pubmed6.xml")
    assert record.title.startswith('A "Blood Relationship" Between the Overlooked')
    text = record.abstract_text
    assert "<" not in text.replace("P < 0.001", "")
    assert "mml" not in text
    assert "\n" not in text
    assert "maximal oxygen uptake ( V.O2max ) 67.6 ± 4.1 ml·kg-1·min-1]" in text
    assert "(LEmin)" in text
    assert record.status == "PubMed-not-MEDLINE"
    assert record.publication_status == "epublish"
    assert record.pii is None
    assert record.journal.issn == "1664-042X"


def test_pubmed7_orcid_mathml_and_reference_list_ignored():
    record = one(ENTREZ / "pubmed7.xml")
    assert [a.orcid for a in record.authors if a.orcid] == [
        "0000-0002-4590-7461",
        "0000-0003-3525-2788",
    ]
    assert record.authors[1].family == "Capaldi"
    assert "(1) inhaled He3/Xe129 MRI ventilation" in record.abstract_text
    assert "ultrashort echo-time H1 MRI proton density" in record.abstract_text
    assert record.doi == "10.1117/1.jmi.5.2.026002"  # normalised
    assert ("doi", "10.1117/1.JMI.5.2.026002") in record.article_ids  # kept verbatim
    assert record.pii == "17360RR"
    # ReferenceList ArticleIds belong to the cited papers, not to this record.
    assert record.article_ids == (
        ("pubmed", "29963580"),
        ("doi", "10.1117/1.JMI.5.2.026002"),
        ("pii", "17360RR"),
        ("pmc", "PMC6022861"),
    )
    assert sum(len(a.affiliations) for a in record.authors) == 15


def test_vernacular_title_is_used_only_when_the_title_is_empty():
    german, french = records(QUIRKS / "vernacular_title_only.xml")
    assert german.title == "Microneedling bei androgenetischer Alopezie."
    assert german.pub_date == PubDate(year=2019, season="Winter")
    assert french.title == "[Microneedling in alopecia]."


def test_identifiers_links_markup_and_dates():
    record = one(QUIRKS / "identifiers_and_links.xml")
    assert record.version == 3
    # ValidYN="N" ELocationID DOI loses to the ArticleIdList DOI, normalised.
    assert record.doi == "10.5555/example.2021.7"
    assert record.pmcid == "PMC9000070"
    assert record.pii == "S0000-0000(21)00001-X"  # from ELocationID when not listed
    assert record.links == (
        Link(ref_type="ErratumIn", ref_source="Ex Dermatol. 2021 Mar;9(3):5", pmid="90000071"),
        Link(ref_type="RetractionIn", ref_source="Ex Dermatol. 2022;10:1", pmid="90000072"),
        Link(ref_type="CommentOn", ref_source="Some letter without PMID"),
    )
    assert record.abstract_text == "Text with bold, H2O and x2 and underline."
    assert record.keywords == ("microneedling", "hair")
    assert record.languages == ("eng", "spa")
    assert record.pub_date == PubDate(year=2021, month=2)  # 31 February dropped
    assert record.dates == (
        ("received", "2020-10-01"),
        ("aheadofprint", "2021-01"),
        ("revised", "2022-01-30"),
        ("completed", "2021-05-04"),
        ("electronic", "2021-01-15"),
    )
    assert record.mesh[0].qualifiers[1] == MeshQualifier(name="pathology", ui="Q000473", major=True)
    assert ("pubmed", "22222222") not in record.article_ids


def test_memoised_values_are_shared_only_when_equal():
    # Two citations with the same plain MeSH heading and publication date.
    citation = (
        b"<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article><Journal><JournalIssue>"
        b"<PubDate><Year>2020</Year><Month>Feb</Month><Day>29</Day></PubDate></JournalIssue>"
        b"</Journal><ArticleTitle>T</ArticleTitle></Article><MeshHeadingList><MeshHeading>"
        b'<DescriptorName UI="D1" MajorTopicYN="%s">Alopecia</DescriptorName></MeshHeading>'
        b"</MeshHeadingList></MedlineCitation></PubmedArticle>"
    )
    first, second, major = records_from(
        document(citation % (1, b"N"), citation % (2, b"N"), citation % (3, b"Y"))
    )
    assert first.mesh == second.mesh == (MeshHeading(descriptor="Alopecia", ui="D1"),)
    assert major.mesh == (MeshHeading(descriptor="Alopecia", ui="D1", major=True),)
    assert first.pub_date == PubDate(year=2020, month=2, day=29)  # a leap day is kept
