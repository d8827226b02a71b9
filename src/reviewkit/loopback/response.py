"""A loopback answer before it goes on the wire, and NCBI's XML envelopes.

:class:`Response` is what every utility handler returns: status, body,
content type, extra headers, plus the two things only a test server does
(an added delay, a dropped connection). :func:`xml_doc` and
:func:`error_response` wrap a body in the prolog and DOCTYPE NCBI sends for
each utility, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

__all__ = [
    "HTML",
    "TEXT",
    "XML",
    "Response",
    "error_response",
    "xml_doc",
]

XML = "text/xml; charset=UTF-8"
HTML = "text/html; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"

# Prologs and DOCTYPEs exactly as NCBI sends them (shared/data/ncbi/Entrez, Nov 2025).
_UTF8_PROLOG = '<?xml version="1.0" encoding="UTF-8" ?>\n'
_DOCTYPES = {
    "esearch": '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">',
    "epost": '<!DOCTYPE ePostResult PUBLIC "-//NLM//DTD epost 20090526//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20090526/epost.dtd">',
    "einfo": '<!DOCTYPE eInfoResult PUBLIC "-//NLM//DTD einfo 20190110//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20190110/einfo.dtd">',
    # The DOCTYPE name really differs from the root element (eutilities.md §8).
    "efetch": '<!DOCTYPE eEfetchResult PUBLIC "-//NLM//DTD efetch 20131226//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">',
    "esummary": '<!DOCTYPE eSummaryResult PUBLIC "-//NLM//DTD esummary v1 20041029//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20041029/esummary-v1.dtd">',
}
_ROOTS = {
    "esearch": "eSearchResult",
    "epost": "ePostResult",
    "einfo": "eInfoResult",
    "efetch": "eFetchResult",
    "esummary": "eSummaryResult",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """One answer: ``delay`` seconds are waited before sending; ``drop`` closes instead."""

    status: int
    body: bytes
    content_type: str = XML
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    drop: bool = False


def xml_doc(utility: str, inner: str, *, newline: bool = True) -> bytes:
    """``inner`` behind the utility's XML prolog and DOCTYPE, as NCBI lays them out."""
    # NCBI puts a newline after the DOCTYPE of ESearch/EFetch errors, none after EPost's.
    sep = "\n" if newline else ""
    return f"{_UTF8_PROLOG}{_DOCTYPES[utility]}{sep}{inner}\n".encode()


def error_response(utility: str, *messages: str, status: int = 200) -> Response:
    """The utility's result element holding one ``<ERROR>`` per message.

    >>> error_response("esearch", "a < b").body.decode().splitlines()[-1]
    '<eSearchResult><ERROR>a &lt; b</ERROR></eSearchResult>'
    """
    root = _ROOTS[utility]
    errors = "".join(f"<ERROR>{escape(m)}</ERROR>" for m in messages)
    return Response(status=status, body=xml_doc(utility, f"<{root}>{errors}</{root}>"))
