"""The form parameters of each utility, checked locally before any request is sent.

Every request carries ``db=pubmed`` and ``tool`` and, when configured, ``email``
and ``api_key`` (:func:`identified`); the client sends them form-encoded in a
POST body, so neither the key nor a long query appears in a URL.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewkit.errors import QueryRejected
from reviewkit.eutils.config import MAX_PER_REQUEST, EUtilsConfig
from reviewkit.eutils.redaction import Params
from reviewkit.eutils_responses import SOURCE, HistoryKey

__all__ = ["efetch_params", "epost_params", "esearch_params", "identified"]


def identified(params: Params, config: EUtilsConfig) -> Params:
    """``params`` between ``db=pubmed`` and the tool, email and API key."""
    form: Params = [("db", "pubmed"), *params, ("tool", config.tool)]
    if config.email:
        form.append(("email", config.email))
    if config.api_key:
        form.append(("api_key", config.api_key))
    return form


def esearch_params(
    term: str,
    *,
    retstart: int,
    retmax: int,
    usehistory: bool,
    webenv: str | None,
    datetype: str | None,
    mindate: str | None,
    maxdate: str | None,
    count_only: bool,
    sort: str | None,
) -> Params:
    """ESearch parameters (see :meth:`~reviewkit.eutils.EUtilsClient.esearch`).

    Raises:
        QueryRejected: only one of the dates, or ``retmax``/``retstart`` out of range.
    """
    if (mindate is None) != (maxdate is None):
        raise QueryRejected(SOURCE, "esearch: mindate and maxdate must be given together")
    if not 0 <= retmax <= MAX_PER_REQUEST or retstart < 0:
        raise QueryRejected(
            SOURCE,
            f"esearch: need 0 <= retmax <= 10000 and retstart >= 0, "
            f"got retmax={retmax}, retstart={retstart}",
        )
    params: Params = [("term", term), ("retmode", "xml")]
    if count_only:
        params.append(("rettype", "count"))
    else:
        params += [("retstart", str(retstart)), ("retmax", str(retmax))]
        params += _history(usehistory, webenv)
    if datetype:
        params.append(("datetype", datetype))
    if mindate is not None and maxdate is not None:
        params += [("mindate", mindate), ("maxdate", maxdate)]
    if sort:
        params.append(("sort", sort))
    return params


def _history(usehistory: bool, webenv: str | None) -> Params:
    if not usehistory:
        return []
    return [("usehistory", "y"), ("WebEnv", webenv)] if webenv else [("usehistory", "y")]


def epost_params(pmids: Sequence[str], *, webenv: str | None) -> Params:
    """EPost parameters.

    Raises:
        QueryRejected: no PMIDs or more than 10,000.
    """
    if not pmids or len(pmids) > MAX_PER_REQUEST:
        raise QueryRejected(
            SOURCE, f"epost: expected 1 to 10000 PMIDs per request, got {len(pmids)}"
        )
    params: Params = [("id", ",".join(pmids))]
    if webenv:
        params.append(("WebEnv", webenv))
    return params


def efetch_params(
    *, history: HistoryKey | None, retstart: int, retmax: int, pmids: Sequence[str] | None
) -> Params:
    """EFetch parameters for a history set slice or a PMID list (``retmode=xml``).

    Raises:
        QueryRejected: neither or both of ``history`` and ``pmids``, an empty
            PMID list, or ``retmax``/``retstart`` out of range.
    """
    if (history is None) == (pmids is None):
        raise QueryRejected(SOURCE, "efetch: pass exactly one of history= and pmids=")
    params: Params = [("retmode", "xml")]
    if history is not None:
        if not 1 <= retmax <= MAX_PER_REQUEST or retstart < 0:
            raise QueryRejected(
                SOURCE,
                f"efetch: need 1 <= retmax <= 10000 and retstart >= 0, "
                f"got retmax={retmax}, retstart={retstart}",
            )
        params += [
            ("WebEnv", history.webenv),
            ("query_key", history.query_key),
            ("retstart", str(retstart)),
            ("retmax", str(retmax)),
        ]
    elif pmids is not None:
        if not pmids:
            raise QueryRejected(SOURCE, "efetch: the PMID list is empty")
        params.append(("id", ",".join(pmids)))
    return params
