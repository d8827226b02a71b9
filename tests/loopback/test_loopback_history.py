"""The history server: the WebEnv store itself, and query_key sets stored and read on the wire."""

from __future__ import annotations

import re
from array import array

import requests

from reviewkit.loopback import EUtilsServer
from reviewkit.loopback.history import History
from tests.loopback.loopback_support import efetch, entrez, esearch, ids_of, pmids_of

# --- on the wire ---------------------------------------------------------------


def test_esearch_history_then_efetch_pages_through_it(
    server: EUtilsServer, http: requests.Session
) -> None:
    record = entrez(esearch(http, server, term="humans[mh]", usehistory="y", retmax=0))
    webenv = str(record["WebEnv"])
    assert record["QueryKey"] == "1"
    assert webenv.startswith("MCID_")
    assert len(webenv) == 29
    int(webenv[5:], 16)  # 24 hex digits
    all_ids = ids_of(esearch(http, server, term="humans[mh]", retmax=1000))
    first = efetch(http, server, WebEnv=webenv, query_key=1, retstart=0, retmax=7)
    second = efetch(http, server, webenv=webenv, query_key=1, retstart=7, retmax=7)
    assert pmids_of(first) + pmids_of(second) == all_ids[:14]
    default = efetch(http, server, WebEnv=webenv, query_key=1)
    assert len(pmids_of(default)) == 20


def test_history_appends_with_the_next_query_key(
    server: EUtilsServer, http: requests.Session
) -> None:
    first = entrez(esearch(http, server, term="alopecia[mh]", usehistory="y"))
    webenv = first["WebEnv"]
    second = entrez(esearch(http, server, term="minoxidil[mh]", usehistory="y", WebEnv=webenv))
    assert second["WebEnv"] == webenv
    assert second["QueryKey"] == "2"
    both = entrez(esearch(http, server, term="#1 AND #2", WebEnv=webenv, retmax=500))
    direct = entrez(esearch(http, server, term="alopecia[mh] AND minoxidil[mh]", retmax=500))
    assert both["IdList"] == direct["IdList"]
    assert both["IdList"]
    narrowed = entrez(
        esearch(
            http, server, term="humans[mh]", WebEnv=webenv, query_key=2, usehistory="y", retmax=500
        )
    )
    expected = entrez(esearch(http, server, term="minoxidil[mh] AND humans[mh]", retmax=500))
    assert narrowed["IdList"] == expected["IdList"]
    assert narrowed["QueryKey"] == "3"


def test_unknown_webenv_and_query_key_are_errors(
    server: EUtilsServer, http: requests.Session
) -> None:
    webenv = entrez(esearch(http, server, term="alopecia", usehistory="y"))["WebEnv"]
    missing_key = efetch(http, server, WebEnv=webenv, query_key=5)
    assert missing_key.status_code == 200
    assert b"<ERROR>Unable to obtain query #5</ERROR>" in missing_key.content
    unknown = efetch(http, server, WebEnv="MCID_000000000000000000000000", query_key=1)
    assert b"<ERROR>Unable to obtain query #1</ERROR>" in unknown.content


# --- the History store -------------------------------------------------------


def test_history_environments_are_separate_and_keys_count_from_one() -> None:
    history = History()
    first, key = history.store(None, array("Q", [1, 2]))
    second, other = history.store(None, array("Q", [3]))
    assert (key, other) == (1, 1)
    assert first != second
    assert re.fullmatch(r"MCID_[0-9a-f]{24}", first)
    assert history.store(first, array("Q", [4])) == (first, 2)
    assert list(history.get(first, 2) or ()) == [4]
    assert list(history.get(second, 1) or ()) == [3]
    assert history.get(first, 0) is None
    assert history.get(first, 3) is None
    assert history.get("MCID_unknown", 1) is None


def test_history_expire_forgets_one_environment() -> None:
    history = History()
    gone, _ = history.store(None, array("Q", [1]))
    kept, _ = history.store(None, array("Q", [2]))
    history.expire(gone)
    history.expire(gone)  # twice is harmless
    assert not history.exists(gone)
    assert history.get(gone, 1) is None
    assert history.exists(kept)
