"""A loopback NCBI E-utilities server for offline tests, demos and benchmarks.

:class:`Corpus` holds PubMed articles (verbatim XML plus a search index),
:class:`EUtilsServer` serves them on 127.0.0.1 like ``eutils.ncbi.nlm.nih.gov``,
:class:`Faults` queues failures, and :mod:`~reviewkit.loopback.synthetic` makes
realistic test corpora. ``python -m reviewkit.loopback`` runs it standalone.
"""

from __future__ import annotations

from reviewkit.loopback.corpus import Corpus
from reviewkit.loopback.faults import FAULT_KINDS, Faults
from reviewkit.loopback.request import LoggedRequest
from reviewkit.loopback.server import EUtilsServer
from reviewkit.loopback.synthetic import synthetic_corpus, write_synthetic_xml

__all__ = [
    "FAULT_KINDS",
    "Corpus",
    "EUtilsServer",
    "Faults",
    "LoggedRequest",
    "synthetic_corpus",
    "write_synthetic_xml",
]
