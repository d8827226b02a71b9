"""ESearch: a query (or a stored history set) to a count and a page of PMIDs.

Covers paging (``retstart``/``retmax``, 20 by default), PubMed's 9,999 cap
with NCBI's "Restrictions achieved" warning and its backend error past the
cap, ``usehistory=y``, ``rettype=count``, ``datetype`` with
``mindate``/``maxdate`` or ``reldate``, unknown phrases and fields, and the
``retmode=json`` form (eutilities.md §4–§5). Parsing and matching live in
:mod:`reviewkit.loopback.query` and :mod:`reviewkit.loopback.corpus`.
"""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET
from array import array
from collections.abc import Mapping
from xml.sax.saxutils import escape

from reviewkit.errors import ParseError
from reviewkit.loopback.backend import Backend
from reviewkit.loopback.dates import format_date, parse_date_bound
from reviewkit.loopback.index import SearchResult
from reviewkit.loopback.query import parse_query
from reviewkit.loopback.query_translation import format_translation
from reviewkit.loopback.query_tree import BoolOp, HistoryRef, Node, history_keys
from reviewkit.loopback.request import int_param, webenv
from reviewkit.loopback.response import Response, error_response, xml_doc
from reviewkit.loopback.search_fields import DATE_FIELDS, FIELD_LABELS

__all__ = ["esearch", "esearch_json"]

_SEARCH_FIELDS = {
    "title": "ti",
    "abstract": "ab",
    "tiab": "tiab",
    "mesh": "mh",
    "author": "au",
    "journal": "ta",
    "all": "all",
}


def esearch(backend: Backend, params: Mapping[str, str], fault: str | None) -> Response:
    """Answer one ESearch request (always XML; see :func:`esearch_json`).

    Raises:
        ParseError: a malformed term, integer or date parameter.
    """
    db = params.get("db", "pubmed").strip() or "pubmed"
    if db != "pubmed":
        return error_response("esearch", f"Invalid db name specified: {db}")
    term = params.get("term", "").strip()
    key_text = params.get("query_key", "").strip()
    if not term and not key_text:
        return error_response("esearch", "Empty term and query_key - nothing todo")
    env = webenv(params)
    if fault == "expired-webenv" and env is not None:
        backend.history.expire(env)
    if env is not None and not backend.history.exists(env):
        return error_response(
            "esearch",
            f"Unable to obtain query #{key_text or 1}: WebEnv {env} is unknown or has expired",
        )
    default_field = _SEARCH_FIELDS.get(params.get("field", "").strip().lower(), "all")
    query = parse_query(term, default_field=default_field) if term else None
    wanted = sorted(history_keys(query.root)) if query else []
    if key_text:
        wanted.append(int_param(params, "query_key", 1))
    history: dict[int, array[int]] = {}
    for key in wanted:
        found = backend.history.get(env, key) if env else None
        if found is None:
            return error_response("esearch", f"Unable to obtain query #{key}")
        history[key] = found
    date_filter, date_text = _date_limits(params, backend)
    # With only a query_key, the search is the stored set itself (then date-limited).
    root: Node = query.root if query else HistoryRef(key=wanted[-1])
    result = backend.corpus.search(
        root,
        history=history,
        within=history[wanted[-1]] if key_text else None,
        date_filter=date_filter,
        sort=params.get("sort", "").strip().lower(),
    )
    translation = format_translation(root)
    if date_text:
        if isinstance(root, BoolOp):
            translation = f"({translation})"
        translation = f"{translation} AND {date_text}"
    return _page(backend, params, env, result, translation, query.fields_not_found if query else ())


def _page(
    backend: Backend,
    params: Mapping[str, str],
    env: str | None,
    result: SearchResult,
    translation: str,
    fields_not_found: tuple[str, ...],
) -> Response:
    """Count, paging, the 9,999 cap and history storage for one search result."""
    count = len(result.pmids)
    if params.get("rettype", "").strip().lower() == "count":
        return Response(
            status=200,
            body=xml_doc("esearch", f"<eSearchResult><Count>{count}</Count></eSearchResult>"),
        )
    cap = backend.cap
    retstart = int_param(params, "retstart", 0)
    retmax = int_param(params, "retmax", 20)
    if retstart >= cap:
        return error_response("esearch", _retstart_message(cap))
    stored = ""
    if params.get("usehistory", "").strip().lower() == "y":
        stored_env, key = backend.history.store(env, result.pmids)
        stored = f"<QueryKey>{key}</QueryKey><WebEnv>{stored_env}</WebEnv>"
    end = min(retstart + retmax, count, cap)
    ids = result.pmids[retstart:end] if end > retstart else array("Q")
    warnings = []
    if retstart + retmax > cap and count > cap:
        warnings.append(
            f"Restrictions achieved. start and count adjusted to {retstart}, {cap - retstart}"
        )
    if count == 0:
        warnings.append("No items found.")
    return Response(
        status=200,
        body=xml_doc(
            "esearch",
            _esearch_xml(
                count=count,
                retstart=retstart,
                stored=stored,
                ids=ids,
                translation=translation,
                not_found=result.phrases_not_found,
                fields_not_found=fields_not_found,
                warnings=warnings,
            ),
        ),
    )


def _retstart_message(cap: int) -> str:
    # NCBI's wording (eutilities.md §5), with the cap this server was given.
    last = cap - 1
    return (
        f"Search Backend failed: Exception:\n'retstart' cannot be larger than {last}. "
        f"For PubMed, ESearch can only retrieve the first {cap:,} records matching "
        f"the query. To obtain more than {cap:,} PubMed records, consider using "
        "EDirect that contains additional logic to batch PubMed search results "
        "automatically so that an arbitrary number can be retrieved. For details see "
        "https://www.ncbi.nlm.nih.gov/books/NBK25499/"
    )


def _date_limits(
    params: Mapping[str, str], backend: Backend
) -> tuple[tuple[str, int, int] | None, str]:
    """ESearch's datetype + mindate/maxdate (or reldate) as a filter and its translation."""
    datetype = params.get("datetype", "").strip().lower() or "pdat"
    if datetype not in DATE_FIELDS:
        raise ParseError(f"parameter datetype={datetype!r}: expected pdat, edat or mdat")
    mindate = params.get("mindate", "").strip()
    maxdate = params.get("maxdate", "").strip()
    reldate = params.get("reldate", "").strip()
    if mindate or maxdate:
        if not (mindate and maxdate):
            raise ParseError("parameters mindate and maxdate must be given together")
        lo = parse_date_bound(mindate, upper=False)
        hi = parse_date_bound(maxdate, upper=True)
    elif reldate:
        days = int_param(params, "reldate", 0)
        today = backend.date()
        start = today - datetime.timedelta(days=days)
        lo = start.year * 10000 + start.month * 100 + start.day
        hi = today.year * 10000 + today.month * 100 + today.day
    else:
        return None, ""
    text = f"{format_date(lo)}:{format_date(_clamp_day(hi))}[{FIELD_LABELS[datetype]}]"
    return (datetype, lo, hi), text


def _clamp_day(value: int) -> int:
    """Keep an upper bound printable: 2010/02/31 is shown as 2010/02/28 (or 29).

    >>> _clamp_day(20100231), _clamp_day(20120231), _clamp_day(20100215)
    (20100228, 20120229, 20100215)
    """
    year, month, day = value // 10000, value // 100 % 100, value % 100
    for candidate in range(day, 27, -1):
        try:
            datetime.date(year, month, candidate)
        except ValueError:
            continue
        return year * 10000 + month * 100 + candidate
    return value


def _esearch_xml(
    *,
    count: int,
    retstart: int,
    stored: str,
    ids: array[int],
    translation: str,
    not_found: tuple[str, ...],
    fields_not_found: tuple[str, ...],
    warnings: list[str],
) -> str:
    # Element order and line breaks as in esearch1.xml / esearch2.xml / esearch8.xml.
    id_list = (
        "<IdList>\n" + "".join(f"<Id>{p}</Id>\n" for p in ids) + "</IdList>"
        if len(ids)
        else "<IdList/>"
    )
    parts = [
        f"<eSearchResult><Count>{count}</Count><RetMax>{len(ids)}</RetMax>"
        f"<RetStart>{retstart}</RetStart>{stored}{id_list}<TranslationSet/>"
        f"<QueryTranslation>{escape(translation)}</QueryTranslation>"
    ]
    if not_found or fields_not_found:
        parts.append(
            "<ErrorList>"
            + "".join(f"<PhraseNotFound>{escape(p)}</PhraseNotFound>" for p in not_found)
            + "".join(f"<FieldNotFound>{escape(f)}</FieldNotFound>" for f in fields_not_found)
            + "</ErrorList>"
        )
    if warnings:
        parts.append(
            "<WarningList>"
            + "".join(f"<OutputMessage>{escape(w)}</OutputMessage>" for w in warnings)
            + "</WarningList>"
        )
    parts.append("</eSearchResult>")
    return "".join(parts)


def esearch_json(xml: bytes) -> bytes:
    """ESearch's ``retmode=json`` form of an eSearchResult (keys as NCBI's, counts as text).

    >>> print(esearch_json(b"<eSearchResult><Count>3</Count></eSearchResult>").decode())
    {
      "header": {
        "type": "esearch",
        "version": "0.3"
      },
      "esearchresult": {
        "count": "3"
      }
    }
    """
    root = ET.fromstring(xml)
    result: dict[str, object] = {}
    for tag, key in (
        ("Count", "count"),
        ("RetMax", "retmax"),
        ("RetStart", "retstart"),
        ("QueryKey", "querykey"),
        ("WebEnv", "webenv"),
    ):
        if (value := root.findtext(tag)) is not None:
            result[key] = value
    if root.find("IdList") is not None:
        result["idlist"] = [e.text or "" for e in root.iterfind("IdList/Id")]
        result["translationset"] = []
        result["querytranslation"] = root.findtext("QueryTranslation") or ""
    if (errors := root.find("ErrorList")) is not None:
        result["errorlist"] = {
            "phrasesnotfound": [e.text or "" for e in errors.iterfind("PhraseNotFound")],
            "fieldsnotfound": [e.text or "" for e in errors.iterfind("FieldNotFound")],
        }
    if (warnings := root.find("WarningList")) is not None:
        result["warninglist"] = {
            "phrasesignored": [],
            "quotedphrasesnotfound": [],
            "outputmessages": [e.text or "" for e in warnings.iterfind("OutputMessage")],
        }
    if (error := root.findtext("ERROR")) is not None:
        result["ERROR"] = error
    document = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
    return json.dumps(document, indent=2).encode()
