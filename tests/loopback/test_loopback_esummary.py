"""ESummary: DocSums Biopython can read, and its error answers."""

from __future__ import annotations

import requests

from reviewkit.loopback import EUtilsServer
from reviewkit.loopback.esummary import esummary
from tests.loopback.loopback_support import entrez, small_backend


def test_esummary_gives_docsums(server: EUtilsServer, http: requests.Session) -> None:
    response = http.get(
        server.url + "esummary.fcgi", timeout=10, params={"db": "pubmed", "id": "12091962"}
    )
    (summary,) = entrez(response)
    assert summary["Id"] == "12091962"
    assert summary["Source"] == "Soc Justice"
    assert summary["AuthorList"] == ["Olivero JM"]


def test_esummary_errors() -> None:
    backend = small_backend()
    wrong_db = esummary(backend, {"db": "protein", "id": "9997"}, None)
    assert b"<ERROR>Invalid db name specified: protein</ERROR>" in wrong_db.body
    nothing = esummary(backend, {"id": "1,2"}, None)
    assert nothing.status == 200
    assert b"<ERROR>Empty result - nothing todo</ERROR>" in nothing.body


def test_esummary_docsum_carries_title_doi_and_date() -> None:
    response = esummary(small_backend(), {"id": "12091962"}, None)
    text = response.body.decode()
    assert text.count("<DocSum>") == 1
    assert '<Item Name="PubDate" Type="Date">1990 Spring</Item>' in text
    assert (
        '<Item Name="AuthorList" Type="List"><Item Name="Author" Type="String">Olivero JM' in text
    )
