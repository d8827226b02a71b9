"""EInfo: PubMed's description and the database list."""

from __future__ import annotations

import requests

from reviewkit.loopback import EUtilsServer
from reviewkit.loopback.einfo import einfo
from tests.loopback.loopback_support import entrez, small_backend


def test_einfo_describes_pubmed_and_lists_databases(
    server: EUtilsServer, http: requests.Session
) -> None:
    info = entrez(http.get(server.url + "einfo.fcgi", params={"db": "pubmed"}, timeout=10))
    (db,) = info["DbInfo"]
    assert db["DbName"] == "pubmed"
    assert db["Count"] == str(len(server.corpus))
    assert db["DbBuild"] == "Build-2025.11.26.06.33"
    assert db["LastUpdate"] == "2025/11/26 06:33"
    listing = entrez(http.get(server.url + "einfo.fcgi", timeout=10))
    assert "pubmed" in listing["DbList"]


def test_einfo_knows_only_pubmed_in_detail() -> None:
    response = einfo(small_backend(), {"db": "mesh"}, None)
    assert response.status == 200
    assert response.body.endswith(
        b"<eInfoResult><ERROR>Invalid db name specified: mesh</ERROR></eInfoResult>\n"
    )
