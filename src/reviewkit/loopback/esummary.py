"""ESummary: version-1 DocSums (date, source, title, DOI, authors) built from stored articles.

Enough for a client that wants a quick look at records; reviewkit itself
screens from EFetch, since DocSums carry no abstracts (eutilities.md §1).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from xml.sax.saxutils import escape

from reviewkit.loopback.backend import Backend
from reviewkit.loopback.efetch import requested_pmids
from reviewkit.loopback.response import Response, error_response, xml_doc

__all__ = ["esummary"]


def esummary(backend: Backend, params: Mapping[str, str], fault: str | None) -> Response:
    """Answer one ESummary request.

    Raises:
        ParseError: a malformed ``query_key``, ``retstart`` or ``retmax``.
    """
    db = params.get("db", "pubmed").strip() or "pubmed"
    if db != "pubmed":
        return error_response("esummary", f"Invalid db name specified: {db}")
    pmids, failure = requested_pmids(backend, "esummary", params, fault)
    if failure is not None:
        return failure
    sums = [_docsum(p, raw) for p in pmids if (raw := backend.corpus.raw(p)) is not None]
    if not sums:
        return error_response("esummary", "Empty result - nothing todo")
    return Response(
        status=200,
        body=xml_doc("esummary", "<eSummaryResult>\n" + "".join(sums) + "\n</eSummaryResult>"),
    )


def _docsum(pmid: int, raw: bytes) -> str:
    """An ESummary (version 1) DocSum built from the stored article."""
    root = ET.fromstring(raw)
    art = "MedlineCitation/Article"
    pub = root.find(f"{art}/Journal/JournalIssue/PubDate")
    pub_text = " ".join(e.text or "" for e in pub) if pub is not None else ""
    authors = [
        " ".join(filter(None, (a.findtext("LastName"), a.findtext("Initials"))))
        or (a.findtext("CollectiveName") or "")
        for a in root.iterfind(f"{art}/AuthorList/Author")
    ]
    title_elem = root.find(f"{art}/ArticleTitle")
    title = "".join(title_elem.itertext()) if title_elem is not None else ""
    doi = next(
        (
            e.text or ""
            for e in root.iterfind("PubmedData/ArticleIdList/ArticleId")
            if e.get("IdType") == "doi"
        ),
        "",
    )
    items = [
        ("PubDate", "Date", pub_text),
        ("Source", "String", root.findtext(f"{art}/Journal/ISOAbbreviation") or ""),
        ("Title", "String", title),
        ("DOI", "String", doi),
    ]
    author_xml = "".join(f'<Item Name="Author" Type="String">{escape(a)}</Item>' for a in authors)
    body = "".join(f'\t<Item Name="{n}" Type="{t}">{escape(v)}</Item>\n' for n, t, v in items)
    return (
        f"<DocSum>\n\t<Id>{pmid}</Id>\n{body}"
        f'\t<Item Name="AuthorList" Type="List">{author_xml}</Item>\n</DocSum>\n'
    )
