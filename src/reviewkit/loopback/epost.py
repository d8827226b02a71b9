"""EPost: upload a PMID list to the history server, into a new or a given WebEnv.

Answers and error bodies are laid out byte for byte like NCBI's
(``epost1.xml``–``epost3.xml``): no newline after the DOCTYPE, tab-indented
elements, and partial successes that carry both a ``QueryKey`` and an
``<ERROR>`` (eutilities.md §7).
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from xml.sax.saxutils import escape

from reviewkit.loopback.backend import Backend
from reviewkit.loopback.request import MAX_IDS, MAX_UID, split_ids, webenv
from reviewkit.loopback.response import Response, xml_doc

__all__ = ["epost"]


def epost(backend: Backend, params: Mapping[str, str], fault: str | None) -> Response:
    """Answer one EPost request."""
    db = params.get("db", "pubmed").strip()
    if db != "pubmed":
        # This one error comes laid out differently (epost2.xml vs epost3.xml).
        inner = f"<ePostResult>\n\t<ERROR>Invalid db name specified: {escape(db)}</ERROR>\n"
        return Response(status=200, body=xml_doc("epost", inner + "</ePostResult>"))
    pmids, invalid = split_ids(params.get("id", ""))
    errors = []
    if not pmids:
        errors.append("Empty ID list; Nothing to store")
    if invalid:
        errors.append(f"Some IDs have invalid value and were omitted. Maximum ID value {MAX_UID}")
    if len(pmids) > MAX_IDS:
        errors.insert(0, f"Too many UIDs in request. Maximum number of UIDs is {MAX_IDS}")
        pmids = []
    env = webenv(params)
    if fault == "expired-webenv" and env is not None:
        backend.history.expire(env)
    if env is not None and not backend.history.exists(env):
        return _errors(f"WebEnv {env} is unknown or has expired")
    if not pmids:
        return _errors(*errors)
    stored_env, key = backend.history.store(env, array("Q", pmids))
    tail = "".join(f"\n\t<ERROR>{escape(e)}</ERROR>" for e in errors)
    inner = f"<ePostResult>\n\t<QueryKey>{key}</QueryKey>\n\t<WebEnv>{stored_env}</WebEnv>{tail}\n"
    return Response(status=200, body=xml_doc("epost", inner + "</ePostResult>", newline=False))


def _errors(*messages: str) -> Response:
    inner = "".join(f"\n\t<ERROR>{escape(m)}</ERROR>" for m in messages)
    return Response(
        status=200, body=xml_doc("epost", f"<ePostResult>{inner}</ePostResult>", newline=False)
    )
