"""EInfo: the database list, and PubMed's description with its record count and build date.

The build and update stamps follow the server's "today", so provenance
written by a client (``DbBuild``, ``LastUpdate``) is reproducible in tests.
"""

from __future__ import annotations

from collections.abc import Mapping

from reviewkit.loopback.backend import Backend
from reviewkit.loopback.response import Response, error_response, xml_doc

__all__ = ["einfo"]


def einfo(backend: Backend, params: Mapping[str, str], fault: str | None) -> Response:
    """Answer one EInfo request (``fault`` is unused: no fault acts inside EInfo)."""
    db = params.get("db", "").strip()
    if not db:
        names = "".join(f"\t<DbName>{n}</DbName>\n" for n in ("pubmed", "pmc", "mesh"))
        return Response(
            status=200,
            body=xml_doc("einfo", f"<eInfoResult>\n<DbList>\n\n{names}</DbList>\n\n</eInfoResult>"),
        )
    if db != "pubmed":
        return error_response("einfo", f"Invalid db name specified: {db}")
    now = backend.date()
    inner = (
        "<eInfoResult>\n\t<DbInfo>\n\t\t<DbName>pubmed</DbName>\n"
        "\t\t<MenuName>PubMed</MenuName>\n"
        "\t\t<Description>PubMed bibliographic record</Description>\n"
        f"\t\t<DbBuild>Build-{now:%Y.%m.%d}.06.33</DbBuild>\n"
        f"\t\t<Count>{len(backend.corpus)}</Count>\n"
        f"\t\t<LastUpdate>{now:%Y/%m/%d} 06:33</LastUpdate>\n"
        "\t</DbInfo>\n\n</eInfoResult>"
    )
    return Response(status=200, body=xml_doc("einfo", inner))
