"""The public names of reviewkit.eutils, unchanged by its split into modules."""

from __future__ import annotations

import reviewkit.eutils as eutils
from reviewkit.eutils import client, config, exchange


def test_the_package_exports_every_name_it_had_and_the_defining_objects():
    assert set(eutils.__all__) == {
        "NCBI_BASE_URL", "ClientStats", "EUtilsClient", "EUtilsConfig", "Exchange",
    }  # fmt: skip
    assert eutils.EUtilsClient is client.EUtilsClient
    assert eutils.EUtilsConfig is config.EUtilsConfig
    assert eutils.Exchange is exchange.Exchange
    assert eutils.NCBI_BASE_URL == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
