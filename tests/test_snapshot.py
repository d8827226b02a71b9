"""Tests for reviewkit.snapshot: the bundled offline PubMed snapshot and its generator."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import xml.etree.ElementTree as ET
from datetime import date
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import requests

from reviewkit.loopback import Corpus, EUtilsServer
from reviewkit.protocol import load_protocol
from reviewkit.records import normalise_doi
from reviewkit.snapshot import MICRONEEDLING_XML, snapshot_dir, snapshot_files

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "snapshot"
SNAPSHOT = REPO_ROOT / "src" / "reviewkit" / "snapshot"

PROLOG = (
    b'<?xml version="1.0" ?>\n'
    b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)
DESIGN_LABEL = "STUDY DESIGN (summary written by reviewkit)"

# sha256 of Biopython 1.88's Tests/Entrez/pubmed{1,2,4,5,6,7}.xml: the copies stay verbatim.
NCBI_FILES = {
    "ncbi-pubmed1.xml": "69921c24c3b4fc76cc0933c0b81c7ecfd1b35b63fff816b04fceb22c749c9346",
    "ncbi-pubmed2.xml": "43041ea01e089bd7ad9e4dd831cef286211cb7ec1fd6bc0f63512859b6629367",
    "ncbi-pubmed4.xml": "7e6eeaefb0f9c1d8ca0776da46674596aeb3fbf21d959a1d3ea727802920a709",
    "ncbi-pubmed5.xml": "346f9ab27b29d1a65685b01655976c3bdd9c3f9c0a530ce5de1f0316b174f098",
    "ncbi-pubmed6.xml": "bf7d56e15e079eb0ac300d4686f7158d28e28fdc9ff0b0cb86124b5e6aa11a65",
    "ncbi-pubmed7.xml": "201a6511b57d0efc533a3d10d035d29429775eccf859cc0c5303643819c57695",
}
NCBI_PMIDS = {
    "12091962",
    "9997",
    "11748933",
    "11700088",
    "27797938",
    "28775130",
    "30108519",
    "29963580",
}
# The records a microneedling-for-hair-loss query must find (every PMID in records.json
# but the scalp-massage survey, which only mentions microneedling as a covariate).
ON_TOPIC = {
    "23960389",
    "30886475",
    "32897622",
    "31254437",
    "32882083",
    "34854067",
    "34714971",
    "33156005",
    "33376284",
    "28761259",
    "35899211",
    "34566361",
    "36471758",
    "36404886",
}
SURVEY = "30671883"


@cache
def _records() -> list[dict[str, Any]]:
    data = json.loads((SNAPSHOT / "records.json").read_text(encoding="utf-8"))
    records: list[dict[str, Any]] = data["records"]
    return records


@cache
def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_snapshot", REPO_ROOT / "scripts" / "build_snapshot.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _articles() -> dict[str, ET.Element]:
    root = ET.parse(SNAPSHOT / MICRONEEDLING_XML).getroot()
    assert root.tag == "PubmedArticleSet"
    return {a.findtext("MedlineCitation/PMID", ""): a for a in root.iter("PubmedArticle")}


def test_snapshot_files_lists_the_review_records_first_then_the_ncbi_files() -> None:
    files = snapshot_files()
    assert [p.name for p in files] == [MICRONEEDLING_XML, *sorted(NCBI_FILES)]
    assert all(p.is_file() and p.parent == snapshot_dir() for p in files)


def test_the_ncbi_files_are_unchanged_copies() -> None:
    for name, digest in NCBI_FILES.items():
        assert hashlib.sha256((SNAPSHOT / name).read_bytes()).hexdigest() == digest, name


def test_the_snapshot_starts_with_ncbis_prolog_and_doctype() -> None:
    assert (SNAPSHOT / MICRONEEDLING_XML).read_bytes().startswith(PROLOG + b"<PubmedArticleSet>")


def test_every_record_with_a_pmid_is_in_the_snapshot_once() -> None:
    expected = [r["pmid"] for r in _records() if r.get("pmid")]
    assert len(expected) == 15
    root = ET.parse(SNAPSHOT / MICRONEEDLING_XML).getroot()
    found = [a.findtext("MedlineCitation/PMID") for a in root.iter("PubmedArticle")]
    assert found == expected
    assert set(found) == ON_TOPIC | {SURVEY}


def test_the_record_without_a_pmid_is_left_out_not_given_one() -> None:
    text = (SNAPSHOT / MICRONEEDLING_XML).read_text(encoding="utf-8")
    assert "10.4103/0019-5154.156361" not in text
    assert "Response to microneedling treatment in men" not in text


def test_titles_identifiers_and_dates_come_from_the_records() -> None:
    articles = _articles()
    for record in _records():
        if not record.get("pmid"):
            continue
        article = articles[record["pmid"]]
        title = article.findtext("MedlineCitation/Article/ArticleTitle", "")
        assert title.strip()
        assert title.rstrip(".") == record["title"].rstrip(".")
        ids = {i.get("IdType"): i.text for i in article.iterfind("PubmedData/ArticleIdList/*")}
        assert ids.get("pubmed") == record["pmid"]
        assert ids.get("doi") == record.get("doi")
        assert ids.get("pmc") == record.get("pmcid")
        journal = article.find("MedlineCitation/Article/Journal")
        assert journal is not None
        assert journal.findtext("ISOAbbreviation") == record["journal"]
        assert journal.findtext("JournalIssue/Volume") == record.get("volume")
        assert journal.findtext("JournalIssue/Issue") == record.get("issue")
        pubdate = journal.find("JournalIssue/PubDate")
        assert pubdate is not None
        year = pubdate.findtext("Year") or pubdate.findtext("MedlineDate", "")[:4]
        assert year == str(record["year"])
        history = {d.get("PubStatus") for d in article.iterfind("PubmedData/History/*")}
        assert {"entrez", "pubmed"} <= history


def test_every_abstract_is_a_labelled_design_summary() -> None:
    for pmid, article in _articles().items():
        abstract = article.find("MedlineCitation/Article/Abstract")
        assert abstract is not None, pmid
        texts = abstract.findall("AbstractText")
        assert len(texts) == 1
        assert texts[0].get("Label") == DESIGN_LABEL
        assert (texts[0].text or "").strip()
        assert "Not the authors' abstract" in abstract.findtext("CopyrightInformation", "")


def test_the_quirks_of_the_source_records_are_kept() -> None:
    articles = _articles()
    # Initials-only author list; "Jr" kept as a suffix; no AuthorList when authors unseen.
    starace = articles["31254437"].find(".//Author")
    assert starace is not None
    assert (starace.findtext("LastName"), starace.findtext("Initials")) == ("Starace", "M")
    assert starace.find("ForeName") is None
    english = articles["34854067"].find(".//Author")
    assert english is not None
    assert english.findtext("Suffix") == "Jr"
    assert english.findtext("ForeName") == "Robert S"
    assert articles["36471758"].find(".//AuthorList") is None
    # An RCT that PubMed labels "Case Reports"; an e-locator kept as MedlinePgn.
    assert [t.text for t in articles["35899211"].iter("PublicationType")] == ["Case Reports"]
    assert articles["32882083"].findtext(".//MedlinePgn") == "e14267"
    # MeSH "Alopecia* / diagnosis" and "Alopecia* / therapy" become one major heading.
    heading = next(
        h
        for h in articles["32882083"].iter("MeshHeading")
        if h.findtext("DescriptorName") == "Alopecia"
    )
    assert heading.find("DescriptorName").get("MajorTopicYN") == "Y"  # type: ignore[union-attr]
    assert [q.text for q in heading.iter("QualifierName")] == ["diagnosis", "therapy"]
    # Quarter ranges stay MedlineDate; the DOI keeps its printed case.
    assert articles["23960389"].findtext(".//PubDate/MedlineDate") == "2013 Jan-Mar"
    assert articles["30886475"].findtext(".//ELocationID") == "10.4103/JCAS.JCAS_130_17"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Rachita Dhurat", ("Dhurat", "Rachita", "R", None)),
        ("MS Sukesh", ("Sukesh", None, "MS", None)),
        ("Starace M", ("Starace", None, "M", None)),
        ("Piraccini BM", ("Piraccini", None, "BM", None)),
        ("Muriki K. Kumar", ("Kumar", "Muriki K", "MK", None)),
        ("Robert S English Jr", ("English", "Robert S", "RS", "Jr")),
        ("Cheng-Qian Yu", ("Yu", "Cheng-Qian", "CQ", None)),
        ("Farahnaz Fatemi Naeini", ("Fatemi Naeini", "Farahnaz", "F", None)),
    ],
)
def test_author_names_are_split_as_pubmed_does(name: str, expected: tuple[object, ...]) -> None:
    assert _generator().split_name(name) == expected


def test_the_generator_reproduces_the_committed_snapshot() -> None:
    generator = _generator()
    built = generator.build_snapshot(_records())
    assert built == (SNAPSHOT / MICRONEEDLING_XML).read_text(encoding="utf-8")
    assert generator.main(["--check"]) == 0


def test_the_snapshot_is_valid_against_the_pubmed_dtd() -> None:
    etree = pytest.importorskip("lxml.etree")
    dtd = etree.DTD(str(DATA / "pubmed_250101.dtd"))
    document = etree.parse(str(SNAPSHOT / MICRONEEDLING_XML))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()


def test_the_project_parser_reads_every_snapshot_record() -> None:
    from reviewkit.pubmed_xml import parse_pubmed_file
    from reviewkit.records import PubmedRecord

    items = list(parse_pubmed_file(SNAPSHOT / MICRONEEDLING_XML))
    assert all(isinstance(item, PubmedRecord) for item in items), items
    records = {str(r.pmid): r for r in items if isinstance(r, PubmedRecord)}
    assert set(records) == ON_TOPIC | {SURVEY}
    by_pmid = {r["pmid"]: r for r in _records() if r.get("pmid")}
    for pmid, record in records.items():
        source = by_pmid[pmid]
        assert record.title.rstrip(".") == source["title"]
        assert record.year == source["year"]
        assert record.doi == normalise_doi(source.get("doi"))
        assert len(record.authors) == len(source.get("authors") or [])
        assert [s.label for s in record.abstract] == [DESIGN_LABEL]
        assert record.languages == ("eng",)
        assert dict(record.dates).keys() >= {"entrez", "pubmed"}
    assert records["34854067"].authors[0].display == "English RS Jr"
    assert records["23960389"].authors[1].display == "Sukesh MS"


def _search(url: str, term: str, **limits: str) -> set[str]:
    data = {"db": "pubmed", "term": term, "retmax": "100", **limits}
    response = requests.post(url + "esearch.fcgi", data=data, timeout=10)
    response.raise_for_status()
    root = ET.fromstring(response.content)
    assert root.find("ERROR") is None, response.text
    ids = {e.text or "" for e in root.iterfind("IdList/Id")}
    assert int(root.findtext("Count", "-1")) == len(ids)
    return ids


def test_the_review_query_finds_the_microneedling_records_and_nothing_else() -> None:
    pubmed = load_protocol(REPO_ROOT / "review.toml").search.pubmed
    mindate, maxdate = pubmed.date_range(today=date(2030, 1, 1))
    corpus = Corpus.from_xml(*snapshot_files())
    with EUtilsServer(corpus, rate_limit=False) as server:
        found = _search(server.url, pubmed.query)
        limited = _search(
            server.url, pubmed.query, datetype=pubmed.datetype, mindate=mindate, maxdate=maxdate
        )
        everything = _search(server.url, "1:99999999[uid]")
    assert limited == found  # the date limits of review.toml keep every record
    assert found >= ON_TOPIC
    assert found <= ON_TOPIC | {SURVEY}  # the survey may match: a screening false positive
    assert everything >= NCBI_PMIDS  # the off-topic records are served, just not found
    assert not NCBI_PMIDS & found
