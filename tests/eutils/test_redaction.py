"""Tests for reviewkit.eutils.redaction: secrets never leak."""

from __future__ import annotations

import logging

import pytest
import requests

from reviewkit.errors import QueryRejected, SourceUnavailable
from reviewkit.eutils import EUtilsConfig
from tests.eutils.eutils_support import API_KEY, EMAIL, RATE_LIMITED, FakeTransport, make_client


def test_the_api_key_never_reaches_logs_errors_or_reprs(caplog):
    caplog.set_level(logging.DEBUG)
    # A transport error whose text happens to contain the secrets.
    leaky = requests.ConnectionError(f"failed for api_key={API_KEY}&email={EMAIL}")
    transport = FakeTransport([leaky, RATE_LIMITED, (400, b"bad api_key " + API_KEY.encode())])
    client, _, _, _ = make_client(transport)

    with pytest.raises(QueryRejected) as rejected:
        client.esearch("hair")
    transport.replies[:] = [leaky]
    with pytest.raises(SourceUnavailable) as unavailable:
        client.esearch("hair")

    texts = [
        caplog.text,
        str(rejected.value),
        str(unavailable.value),
        repr(client),
        repr(EUtilsConfig(api_key=API_KEY)),
        repr(unavailable.value),
    ]
    for text in texts:
        assert API_KEY not in text
    assert EMAIL not in str(unavailable.value)
    assert "***" in str(unavailable.value)
    assert "try 1 of 3 failed" in caplog.text  # the log did get the retries


def test_a_429_body_echoing_the_key_is_redacted_everywhere(caplog):
    caplog.set_level(logging.DEBUG)
    echoed = (429, b'{"error":"API rate limit exceeded","api-key":"' + API_KEY.encode() + b'"}')
    transport = FakeTransport([echoed])
    client, _, exchanges, _ = make_client(transport)

    with pytest.raises(SourceUnavailable) as caught:
        client.esearch("hair")

    assert API_KEY not in str(caught.value)
    assert '"api-key":"***"' in str(caught.value)
    assert API_KEY not in caplog.text
    assert all(API_KEY.encode() not in e.body for e in exchanges)
    assert exchanges[0].body == b'{"error":"API rate limit exceeded","api-key":"***"}'


def test_redactor_replaces_the_key_and_email_and_hides_them_from_repr():
    from reviewkit.eutils.config import EUtilsConfig
    from reviewkit.eutils.redaction import Redactor, brief, snippet

    redactor = Redactor.of(EUtilsConfig(api_key=API_KEY, email=EMAIL))
    assert API_KEY not in repr(redactor)
    assert EMAIL not in repr(redactor)
    assert redactor.text(f"key {API_KEY} from {EMAIL}") == "key *** from ***"
    assert redactor.body(f"[{API_KEY}]".encode()) == b"[***]"
    assert Redactor().text("nothing to hide") == "nothing to hide"
    public = Redactor.public([("db", "pubmed"), ("email", EMAIL), ("api_key", API_KEY)])
    assert public == (("db", "pubmed"),)
    assert brief((("term", "x" * 100),)) == "term=" + "x" * 77 + "..."
    assert snippet(b"") == "(empty body)"
    assert snippet(b"a\n  b" + b"c" * 300).startswith("a b")
    assert snippet(b"c" * 300).endswith("…")
