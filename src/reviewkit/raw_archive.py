"""The raw-response archive: every E-utilities answer, verbatim, gzipped, write-once.

Layout under the archive root::

    <YYYY-MM-DD>/run-<id>/<seq>-<utility>.xml.gz   the body exactly as received
    <YYYY-MM-DD>/run-<id>/<seq>-<utility>.json     the request: method, url, params,
                                                   status, elapsed, sha256, reviewkit version

The date is the UTC day the response was received; ``run-none`` holds responses
outside a run. Files are never overwritten, and ``api_key``/``email`` never reach
disk. The database notes each file (``ReviewDatabase.add_raw_response``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from reviewkit import __version__
from reviewkit.errors import StorageError

__all__ = ["SECRET_PARAMS", "ArchivedResponse", "RawArchive", "scrub_request"]

# NCBI identifies callers by these; they are personal and must stay out of archives.
SECRET_PARAMS = frozenset({"api_key", "email"})
_UTILITY = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_SEQ_FILE = re.compile(r"^(\d+)-.+\.xml\.gz$")


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchivedResponse:
    """Where a response was archived and the SHA-256 of its (uncompressed) body."""

    path: Path
    sha256: str


def _scrub_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in SECRET_PARAMS
    ]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def _scrub(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _scrub(v) for k, v in value.items() if str(k).lower() not in SECRET_PARAMS}
    if isinstance(value, list | tuple):
        # requests-style parameter lists: [("term", "x"), ("api_key", "…")]
        return [
            _scrub(item)
            for item in value
            if not (
                isinstance(item, list | tuple)
                and len(item) == 2
                and str(item[0]).lower() in SECRET_PARAMS
            )
        ]
    if isinstance(value, str) and "://" in value and "?" in value:
        return _scrub_url(value)
    return value


def scrub_request(request: Mapping[str, object]) -> dict[str, Any]:
    """Copy a request description without ``api_key``/``email``, at any depth or in URLs.

    >>> scrub_request({"url": "https://x/esearch.fcgi?db=pubmed&api_key=K",
    ...                "params": {"term": "hair", "email": "me@example.org"}})
    {'url': 'https://x/esearch.fcgi?db=pubmed', 'params': {'term': 'hair'}}
    """
    scrubbed: dict[str, Any] = _scrub(request)
    return scrubbed


class RawArchive:
    """A write-once folder of gzipped raw responses with JSON sidecars."""

    def __init__(self, root: Path) -> None:
        """Use ``root`` as the archive folder; it is created on the first write."""
        self.root = Path(root)

    def write(
        self,
        *,
        run_id: int | None,
        utility: str,
        body: bytes,
        request: Mapping[str, object],
        received_at: datetime,
    ) -> ArchivedResponse:
        """Archive one response body verbatim under the next free sequence number.

        Raises:
            StorageError: bad utility name, naive ``received_at``, or the folder
                cannot be written.
        """
        if not _UTILITY.match(utility):
            raise StorageError(
                f"raw archive {self.root}: utility must be a short lower-case name such as "
                f"'efetch', got {utility!r}"
            )
        if received_at.tzinfo is None or received_at.utcoffset() is None:
            raise StorageError(f"raw archive {self.root}: received_at must be timezone-aware")
        received = received_at.astimezone(UTC)
        folder = (
            self.root
            / received.strftime("%Y-%m-%d")
            / f"run-{run_id if run_id is not None else 'none'}"
        )
        sha256 = hashlib.sha256(body).hexdigest()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = self._claim(folder, utility, self._gzip(folder, body))
            sidecar = {
                **scrub_request(request),
                "utility": utility,
                "run_id": run_id,
                "received_at": received.isoformat(),
                "sha256": sha256,
                "bytes": len(body),
                "reviewkit_version": __version__,
            }
            text = json.dumps(sidecar, indent=2, sort_keys=True, ensure_ascii=False, default=str)
            self._write_new(
                path.with_name(path.name.removesuffix(".xml.gz") + ".json"),
                text.encode("utf-8") + b"\n",
            )
        except OSError as exc:
            raise StorageError(
                f"raw archive: cannot write in {folder} ({exc.strerror or exc}); "
                "check that the archive folder is writable"
            ) from exc
        return ArchivedResponse(path=path, sha256=sha256)

    @staticmethod
    def _gzip(folder: Path, body: bytes) -> Path:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".incoming-", suffix=".gz")
        with os.fdopen(fd, "wb") as raw:
            # mtime=0 and no file name: the same body always gives the same bytes.
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                gz.write(body)
            raw.flush()
            os.fsync(raw.fileno())
        return Path(tmp)

    @staticmethod
    def _claim(folder: Path, utility: str, tmp: Path) -> Path:
        """Give the temp file the next free ``<seq>-<utility>.xml.gz`` name, atomically."""
        used = [int(m.group(1)) for p in folder.iterdir() if (m := _SEQ_FILE.match(p.name))]
        seq = max(used, default=0) + 1
        try:
            while True:
                final = folder / f"{seq:05d}-{utility}.xml.gz"
                try:
                    # link() fails if the name exists, so parallel writers never overwrite.
                    os.link(tmp, final)
                    return final
                except FileExistsError:
                    seq += 1
        finally:
            tmp.unlink(missing_ok=True)

    @staticmethod
    def _write_new(path: Path, data: bytes) -> None:
        if path.exists():
            raise FileExistsError(17, "refusing to overwrite an archived file", str(path))
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)

    def read(self, path: Path) -> bytes:
        """Return an archived body, checked against the SHA-256 in its sidecar.

        ``path`` may be absolute or relative to the archive root.

        Raises:
            StorageError: missing, unreadable or corrupt file, or a checksum mismatch.
        """
        full = path if Path(path).is_absolute() else self.root / path
        try:
            with gzip.open(full, "rb") as handle:
                body = handle.read()
        except (OSError, EOFError) as exc:
            raise StorageError(f"raw archive: cannot read {full} ({exc})") from exc
        sidecar = full.with_name(full.name.removesuffix(".xml.gz") + ".json")
        if sidecar.exists():
            try:
                expected = json.loads(sidecar.read_text(encoding="utf-8")).get("sha256")
            except (OSError, ValueError) as exc:
                raise StorageError(f"raw archive: cannot read sidecar {sidecar} ({exc})") from exc
            if expected and hashlib.sha256(body).hexdigest() != expected:
                raise StorageError(
                    f"raw archive: {full} does not match the sha256 in {sidecar.name}; "
                    "the archive was modified"
                )
        return body
