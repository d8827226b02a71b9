"""Tests for reviewkit.records: serialisation, hashing, identifiers and display helpers."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from reviewkit.pubmed_xml import parse_pubmed_file
from reviewkit.records import (
    PMID,
    AbstractSection,
    Author,
    Journal,
    PubDate,
    PubmedRecord,
    content_hash,
    normalise_doi,
    record_from_dict,
    record_to_dict,
)

DATA = Path(__file__).parent / "data"
SOURCES = [
    *sorted((DATA / "ncbi" / "Entrez").glob("pubmed*.xml")),
    *sorted((DATA / "pubmed").glob("*.xml")),
]
UNPARSEABLE = {
    "billion_laughs.xml",
    "external_entity.xml",
    "external_parameter_entity.xml",
    "undefined_entity.xml",
    "truncated.xml",
    "efetch_error.xml",
}


def all_records() -> list[PubmedRecord]:
    return [
        item
        for path in SOURCES
        if path.name not in UNPARSEABLE
        for item in parse_pubmed_file(path)
        if isinstance(item, PubmedRecord)
    ]


RECORDS = all_records()


def test_the_corpus_covers_articles_and_books():
    assert len(RECORDS) >= 15
    assert {r.kind for r in RECORDS} == {"article", "book"}


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.pmid)
def test_dict_round_trip_is_lossless(record):
    assert record_from_dict(record_to_dict(record)) == record


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.pmid)
def test_json_round_trip_is_lossless_and_keeps_the_hash(record):
    restored = record_from_dict(json.loads(json.dumps(record_to_dict(record))))
    assert restored == record
    assert content_hash(restored) == content_hash(record)


def test_content_hash_is_stable_across_parses():
    again = all_records()
    assert [content_hash(r) for r in again] == [content_hash(r) for r in RECORDS]
    assert all(len(content_hash(r)) == 64 for r in RECORDS)
    assert content_hash(RECORDS[0]) == content_hash(dataclasses.replace(RECORDS[0]))


@pytest.mark.parametrize(
    "change",
    [
        {"title": "A different title."},
        {"doi": "10.1000/changed"},
        {"status": "Retracted"},
        {"publication_types": ("Journal Article", "Retracted Publication")},
        {"dates": (("revised", "2030-01-01"),)},
        {"version": 2},
    ],
    ids=lambda c: next(iter(c)),
)
def test_content_hash_changes_when_a_field_changes(change):
    record = RECORDS[0]
    assert content_hash(dataclasses.replace(record, **change)) != content_hash(record)


def test_content_hash_sees_nested_changes():
    record = next(r for r in RECORDS if r.authors and r.authors[0].affiliations)
    author = dataclasses.replace(record.authors[0], affiliations=("Elsewhere.",))
    changed = dataclasses.replace(record, authors=(author, *record.authors[1:]))
    assert content_hash(changed) != content_hash(record)
    reordered = dataclasses.replace(record, authors=tuple(reversed(record.authors)))
    assert len(record.authors) == 1 or content_hash(reordered) != content_hash(record)


def test_records_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        RECORDS[0].title = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10.1136/gutjnl-2016-312510", "10.1136/gutjnl-2016-312510"),
        (" https://doi.org/10.4103/JCAS.JCAS_130_17 ", "10.4103/jcas.jcas_130_17"),
        ("http://dx.doi.org/10.1/X", "10.1/x"),
        ("doi:10.1/x", "10.1/x"),
        ("DOI 10.1/x", "10.1/x"),
        ("not a doi", None),
        ("10.1000", None),
        (None, None),
    ],
)
def test_normalise_doi(raw, expected):
    assert normalise_doi(raw) == expected


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (PubDate(year=2013, month=1, day=6), "2013 Jan 6"),
        (PubDate(year=1990, season="Spring"), "1990 Spring"),
        (PubDate(year=1998, medline_date="1998 Dec-1999 Jan"), "1998 Dec-1999 Jan"),
        (PubDate(), ""),
    ],
)
def test_pub_date_text(date, text):
    assert date.text == text


def test_author_display_prefers_initials_and_collectives():
    assert Author(family="Dhurat", given="Rachita", initials="R").display == "Dhurat R"
    assert Author(family="Dhurat", given="Rachita").display == "Dhurat Rachita"
    assert Author(family="Smith", initials="J", suffix="Jr").display == "Smith J Jr"
    assert Author(collective="Hair Study Group", family="Ignored").display == "Hair Study Group"


def test_abstract_text_labels_structured_sections():
    record = PubmedRecord(
        pmid=PMID("1"),
        title="t",
        abstract=(
            AbstractSection(text="Why.", label="BACKGROUND"),
            AbstractSection(text="Unlabelled."),
        ),
        pub_date=PubDate(year=2020),
        journal=Journal(title="J"),
    )
    assert record.abstract_text == "BACKGROUND: Why.\nUnlabelled."
    assert record.year == 2020
