"""NCBI's XML envelopes: prologs, DOCTYPEs and ``<ERROR>`` bodies."""

from __future__ import annotations

import pytest

from reviewkit.loopback.response import XML, Response, error_response, xml_doc
from tests.loopback.loopback_support import DATA, ESEARCH_DOCTYPE


def test_xml_doc_puts_the_prolog_and_doctype_first() -> None:
    assert (
        xml_doc("esearch", "<eSearchResult/>") == (ESEARCH_DOCTYPE + "<eSearchResult/>\n").encode()
    )


def test_xml_doc_without_newline_is_epost_layout() -> None:
    first_line_of_epost1 = (DATA / "epost1.xml").read_bytes().split(b"<QueryKey>")[0]
    assert xml_doc("epost", "<ePostResult>\n\t", newline=False).startswith(first_line_of_epost1)


def test_efetch_errors_have_ncbis_mismatched_doctype_and_root() -> None:
    response = error_response("efetch", "first", "second & third", status=400)
    assert response.status == 400
    assert response.content_type == XML
    text = response.body.decode()
    assert '<!DOCTYPE eEfetchResult PUBLIC "-//NLM//DTD efetch 20131226//EN"' in text
    assert text.endswith(
        "\n<eFetchResult><ERROR>first</ERROR><ERROR>second &amp; third</ERROR></eFetchResult>\n"
    )


def test_unknown_utility_has_no_envelope() -> None:
    with pytest.raises(KeyError):
        xml_doc("elink", "<x/>")


def test_response_defaults() -> None:
    response = Response(status=200, body=b"")
    assert (response.content_type, response.headers, response.delay, response.drop) == (
        XML,
        (),
        0.0,
        False,
    )
