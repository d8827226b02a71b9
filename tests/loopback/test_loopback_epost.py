"""EPost: history sets from ID lists, and NCBI's error bodies byte for byte."""

from __future__ import annotations

from array import array

import requests

from reviewkit.loopback import EUtilsServer
from reviewkit.loopback.epost import epost
from tests.loopback.loopback_support import (
    DATA,
    efetch,
    entrez,
    esearch,
    ids_of,
    pmids_of,
    small_backend,
)


def test_epost_creates_and_appends_history(server: EUtilsServer, http: requests.Session) -> None:
    response = http.post(
        server.url + "epost.fcgi", data={"db": "pubmed", "id": "12091962"}, timeout=10
    )
    posted = entrez(response)
    assert response.text.startswith((DATA / "epost1.xml").read_text().split("<QueryKey>")[0])
    assert posted["QueryKey"] == "1"
    again = entrez(
        http.post(
            server.url + "epost.fcgi",
            timeout=10,
            data={"db": "pubmed", "id": "9997,12091962", "WebEnv": posted["WebEnv"]},
        )
    )
    assert again["WebEnv"] == posted["WebEnv"]
    assert again["QueryKey"] == "2"
    fetched = efetch(http, server, WebEnv=posted["WebEnv"], query_key=2)
    assert pmids_of(fetched) == ["9997", "12091962"]
    union = ids_of(esearch(http, server, term="#1 OR #2", WebEnv=posted["WebEnv"]))
    assert union == ["12091962", "9997"]


def test_epost_errors_are_byte_for_byte_ncbis(server: EUtilsServer, http: requests.Session) -> None:
    bad_db = http.post(server.url + "epost.fcgi", data={"db": "nothing"}, timeout=10)
    assert bad_db.content == (DATA / "epost2.xml").read_bytes()
    bad_ids = http.post(
        server.url + "epost.fcgi", data={"db": "pubmed", "id": "9" * 32}, timeout=10
    )
    assert bad_ids.content == (DATA / "epost3.xml").read_bytes()


def test_epost_too_many_ids_stores_nothing() -> None:
    backend = small_backend()
    ids = ",".join(str(i) for i in range(1, 10_002))
    response = epost(backend, {"db": "pubmed", "id": ids}, None)
    assert response.body.endswith(
        b"<ePostResult>\n\t<ERROR>Too many UIDs in request. Maximum number of UIDs is 10000"
        b"</ERROR></ePostResult>\n"
    )


def test_epost_keeps_valid_ids_and_reports_invalid_ones() -> None:
    backend = small_backend()
    response = epost(backend, {"id": "9997,abc"}, None)
    text = response.body.decode()
    assert "<QueryKey>1</QueryKey>" in text
    assert "<ERROR>Some IDs have invalid value and were omitted." in text


def test_epost_to_an_unknown_or_expired_webenv_is_an_error() -> None:
    backend = small_backend()
    unknown = epost(backend, {"id": "9997", "WebEnv": "MCID_nope"}, None)
    assert b"<ERROR>WebEnv MCID_nope is unknown or has expired</ERROR>" in unknown.body
    env, _ = backend.history.store(None, array("Q", [1]))
    expired = epost(backend, {"id": "9997", "WebEnv": env}, "expired-webenv")
    assert f"<ERROR>WebEnv {env} is unknown or has expired</ERROR>".encode() in expired.body
