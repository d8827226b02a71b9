"""Tests for reviewkit.evidence_export.stable_zip: the same content gives the same bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from reviewkit.evidence_export.stable_zip import stable_zip

CORE = (
    b'<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">2031-05-06T07:08:09Z'
    b'</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2031-05-06T07:08:09Z'
    b"</dcterms:modified></cp:coreProperties>"
)


def package(when):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("docProps/core.xml", date_time=when), CORE)
        z.writestr(zipfile.ZipInfo("a.xml", date_time=when), b"<a/>")
    return out.getvalue()


def test_entry_dates_and_core_dates_no_longer_depend_on_the_clock():
    stamp = datetime(2026, 3, 1, 12, tzinfo=UTC)
    first = stable_zip(package((2031, 5, 6, 7, 8, 10)), stamp)
    assert first == stable_zip(package((2032, 1, 1, 0, 0, 0)), stamp)
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml")
    assert core.count(b"2026-03-01T12:00:00Z") == 2
    assert b"2031" not in core
