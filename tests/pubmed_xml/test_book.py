"""Tests for reviewkit.pubmed_xml.book: books and chapters."""

from __future__ import annotations

from reviewkit.records import Author, PubDate
from tests.pubmed_xml.pubmed_xml_support import QUIRKS, one


def test_book_article():
    record = one(QUIRKS / "book_article.xml")
    assert record.kind == "book"
    assert record.pmid == "90000001"
    assert record.version == 2
    assert record.title == "Microneedling for androgenetic alopecia"
    assert record.book_title == "Hair Disorders® Handbook"
    assert record.publisher == "Example Academic Press"
    assert record.pub_date == PubDate(year=2024, month=3)
    # Chapter authors, not the book's editors.
    assert record.authors == (
        Author(
            family="Writer",
            given="Wanda",
            initials="W",
            suffix="Jr",
            affiliations=("Example University Hospital",),
        ),
    )
    assert [(s.label, s.category) for s in record.abstract] == [
        ("INTRODUCTION", "BACKGROUND"),
        ("SUMMARY", "CONCLUSIONS"),
    ]
    assert record.article_ids == (("bookaccession", "NBK900001"), ("pubmed", "90000001"))
    assert record.publication_types == ("Review",)
    assert record.keywords == ("microneedling",)
    assert record.publication_status == "ppublish"
    assert record.dates == (
        ("pubmed", "2024-03-10"),
        ("entrez", "2024-03-10"),
        ("revised", "2024-06-15"),
    )
    assert record.journal.volume == "2"
