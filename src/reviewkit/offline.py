"""The offline source: the bundled PubMed snapshot served by the loopback E-utilities server.

Offline runs use exactly the client code a live run uses; only the base URL
points at a server on 127.0.0.1 instead of ``eutils.ncbi.nlm.nih.gov``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reviewkit.loopback import Corpus, EUtilsServer
from reviewkit.settings import Settings
from reviewkit.snapshot import snapshot_files

__all__ = ["eutils_endpoint", "snapshot_server"]


@contextmanager
def snapshot_server() -> Iterator[str]:
    """Serve the bundled snapshot on a free loopback port; yield its base URL."""
    corpus = Corpus.from_xml(*snapshot_files())
    # NCBI's rate limit stays on, so the offline demo proves the client honours it.
    with EUtilsServer(corpus, rate_limit=True) as server:
        yield server.url


@contextmanager
def eutils_endpoint(*, offline: bool, settings: Settings) -> Iterator[str]:
    """Yield the E-utilities base URL to use: the snapshot server or the live one."""
    if offline:
        with snapshot_server() as url:
            yield url
    else:
        yield settings.eutils_url
