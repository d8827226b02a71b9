"""Shared helpers for the loopback server's wire tests: data, clients, readers.

The fixtures (``server``, ``http``) are in ``conftest.py``; these are plain
functions and constants, imported by each test module.
"""

from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import requests
from Bio import Entrez

from reviewkit.loopback import Corpus, EUtilsServer, synthetic_corpus
from reviewkit.loopback.backend import Backend
from reviewkit.loopback.history import History

DATA = Path(__file__).parent.parent / "data" / "loopback"
TODAY = datetime.date(2025, 11, 26)
ESEARCH_DOCTYPE = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD '
    'esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
PUBMED_HEADER = (DATA / "pubmed1.xml").read_bytes().split(b"<PubmedArticleSet>")[0]


def make_corpus() -> Corpus:
    corpus = synthetic_corpus(1500, seed=7)
    corpus.load(DATA / "pubmed1.xml")
    return corpus


def small_backend() -> Backend:
    """A handler's view of the two articles in ``pubmed1.xml`` (PMIDs 12091962, 9997)."""
    corpus = Corpus()
    corpus.load(DATA / "pubmed1.xml")
    return Backend(corpus=corpus, history=History(), today=TODAY, cap=9999)


def esearch(http: requests.Session, srv: EUtilsServer, **params: Any) -> requests.Response:
    return http.get(srv.url + "esearch.fcgi", params={"db": "pubmed", **params}, timeout=10)


def efetch(http: requests.Session, srv: EUtilsServer, **params: Any) -> requests.Response:
    data = {"db": "pubmed", "retmode": "xml", **params}
    return http.post(srv.url + "efetch.fcgi", data=data, timeout=10)


def ids_of(response: requests.Response) -> list[str]:
    return [e.text or "" for e in ET.fromstring(response.content).iter("Id")]


def pmids_of(response: requests.Response) -> list[str]:
    root = ET.fromstring(response.content)
    return [e.text or "" for e in root.iterfind("PubmedArticle/MedlineCitation/PMID")]


def entrez(response: requests.Response) -> Any:
    # Biopython validates against NCBI's DTDs: proof that our XML has NCBI's shape.
    return Entrez.read(io.BytesIO(response.content))  # type: ignore[no-untyped-call]
