"""EFetch: PubMed records by ``id`` list or history set, served verbatim.

Unknown PMIDs are silently dropped, an all-invalid list is NCBI's HTTP 400
``eFetchResult`` envelope, deleted records come back as ``<DeleteCitation>``,
``rettype=uilist`` lists PMIDs and a missing ``retmode`` gives PubMed's ASN.1
text (eutilities.md §6, §8). :func:`requested_pmids` is shared with ESummary. The
``"short"``, ``"empty"`` and ``"expired-webenv"`` faults act here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from reviewkit.errors import ParseError
from reviewkit.loopback.article_set import PUBMED_XML_HEADER
from reviewkit.loopback.backend import Backend
from reviewkit.loopback.request import MAX_IDS, int_param, split_ids, webenv
from reviewkit.loopback.response import TEXT, Response, error_response

__all__ = ["efetch", "requested_pmids"]


def requested_pmids(
    backend: Backend, utility: str, params: Mapping[str, str], fault: str | None
) -> tuple[list[int], Response | None]:
    """The PMIDs an EFetch/ESummary asks for (after retstart/retmax), or an error.

    Raises:
        ParseError: a malformed ``query_key``, ``retstart`` or ``retmax``.
    """
    if params.get("id", "").strip():
        pmids: Sequence[int]
        pmids, _ = split_ids(params["id"])
        if not pmids:
            return [], error_response(
                utility, "ID list is empty! Possibly it has no correct IDs.", status=400
            )
        default_max = len(pmids)
    else:
        env = webenv(params)
        key_text = params.get("query_key", "").strip() or "1"
        if env is None:
            return [], error_response(
                utility, "ID list is empty! Possibly it has no correct IDs.", status=400
            )
        if fault == "expired-webenv":
            backend.history.expire(env)
        if not key_text.isdigit():
            raise ParseError(f"parameter query_key={key_text!r}: expected an integer")
        stored = backend.history.get(env, int(key_text))
        if stored is None:
            return [], error_response(utility, f"Unable to obtain query #{key_text}")
        pmids = stored
        default_max = 20  # NCBI's default page for a history set (unverified)
    retstart = int_param(params, "retstart", 0)
    retmax = int_param(params, "retmax", default_max)
    # Only an explicit retmax is capped: an id= list has "no set maximum" (NBK25499).
    if "retmax" in params and retmax > MAX_IDS:
        return [], error_response(
            utility,
            f"retmax={retmax} exceeds the maximum of {MAX_IDS} records per request",
            status=400,
        )
    return list(pmids[retstart : retstart + retmax]), None


def efetch(backend: Backend, params: Mapping[str, str], fault: str | None) -> Response:
    """Answer one EFetch request.

    Raises:
        ParseError: a malformed ``query_key``, ``retstart`` or ``retmax``.
    """
    db = params.get("db", "").strip()
    if db != "pubmed":
        return error_response("efetch", f"Invalid db name specified: {db or '(none)'}", status=400)
    pmids, failure = requested_pmids(backend, "efetch", params, fault)
    if failure is not None:
        return failure
    corpus = backend.corpus
    retmode = params.get("retmode", "").strip().lower()
    rettype = params.get("rettype", "").strip().lower()
    if retmode != "xml" and rettype in ("uilist",):
        return Response(
            status=200,
            content_type=TEXT,
            body="".join(f"{p}\n" for p in pmids if corpus.raw(p) is not None).encode(),
        )
    if retmode not in ("xml", "") or rettype not in ("", "xml", "abstract", "full"):
        return Response(
            status=400,
            content_type=TEXT,
            body=(
                f"rettype={rettype!r} retmode={retmode!r} is not supported by the reviewkit "
                "loopback server; use retmode=xml\n"
            ).encode(),
        )
    if retmode == "":
        return Response(status=200, content_type=TEXT, body=_asn1_stub(pmids))
    found = [raw for p in pmids if (raw := corpus.raw(p)) is not None]
    deleted = [p for p in pmids if corpus.is_deleted(p)]
    if fault == "empty":
        found = []
    elif fault == "short" and found:
        found = found[: len(found) - max(1, math.ceil(len(found) / 4))]
    body = [PUBMED_XML_HEADER, b"<PubmedArticleSet>"]
    if found or deleted:
        body.append(b"\n")
    body.extend(found)
    if deleted:
        body.append(
            b"<DeleteCitation>"
            + b"".join(b'<PMID Version="1">%d</PMID>' % p for p in deleted)
            + b"</DeleteCitation>"
        )
    body.append(b"</PubmedArticleSet>")
    return Response(status=200, body=b"".join(body))


def _asn1_stub(pmids: list[int]) -> bytes:
    """What PubMed sends without ``retmode``: ASN.1 text, not XML (eutilities.md §6).

    >>> print(_asn1_stub([9997]).decode(), end="")
    Pubmed-entry ::= {
      pmid 9997,
      medent { }
    }
    """
    return "".join(
        f"Pubmed-entry ::= {{\n  pmid {p},\n  medent {{ }}\n}}\n" for p in pmids
    ).encode()
