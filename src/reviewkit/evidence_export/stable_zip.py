"""Zip packages (XLSX, DOCX) rewritten so that rebuilding them gives the same bytes."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

__all__ = ["stable_zip"]

# The earliest date a zip entry can carry; any fixed value would do.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def stable_zip(data: bytes, stamp: datetime) -> bytes:
    """Rewrite a zip package with fixed entry dates and the core properties dated ``stamp``."""
    when = stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the clock while saving.
                content = _CORE_DATES.sub(lambda m: m.group(1) + when + m.group(3), content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
