"""Tests of the write-once raw-response archive."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reviewkit import __version__
from reviewkit.errors import StorageError
from reviewkit.raw_archive import RawArchive, scrub_request

RECEIVED = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
BODY = b'<?xml version="1.0" ?>\n<eSearchResult><Count>3</Count></eSearchResult>\n'
REQUEST = {
    "method": "GET",
    "url": "http://127.0.0.1:8080/entrez/eutils/esearch.fcgi?db=pubmed&email=me%40x.org&term=hair",
    "params": {"db": "pubmed", "term": "microneedling", "api_key": "SECRET", "email": "me@x.org"},
    "status": 200,
    "elapsed": 0.25,
}


def test_a_response_is_archived_verbatim_with_its_request(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path / "raw")
    saved = archive.write(
        run_id=7, utility="esearch", body=BODY, request=REQUEST, received_at=RECEIVED
    )
    assert saved.path == tmp_path / "raw" / "2026-03-01" / "run-7" / "00001-esearch.xml.gz"
    assert saved.sha256 == hashlib.sha256(BODY).hexdigest()
    assert gzip.decompress(saved.path.read_bytes()) == BODY
    assert archive.read(saved.path) == BODY
    assert archive.read(saved.path.relative_to(tmp_path / "raw")) == BODY

    sidecar = json.loads(saved.path.with_name("00001-esearch.json").read_text("utf-8"))
    assert sidecar["params"] == {"db": "pubmed", "term": "microneedling"}
    assert sidecar["url"].endswith("esearch.fcgi?db=pubmed&term=hair")
    assert (sidecar["method"], sidecar["status"], sidecar["elapsed"]) == ("GET", 200, 0.25)
    assert sidecar["sha256"] == saved.sha256
    assert sidecar["reviewkit_version"] == __version__
    assert sidecar["received_at"] == "2026-03-01T23:30:00+00:00"
    on_disk = b"".join(p.read_bytes() for p in saved.path.parent.iterdir())
    assert b"SECRET" not in on_disk
    assert b"me@x.org" not in on_disk
    assert not [p for p in saved.path.parent.iterdir() if p.name.startswith(".incoming")]


def test_files_are_never_overwritten(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path)
    first = archive.write(
        run_id=1, utility="efetch", body=b"<a/>", request={}, received_at=RECEIVED
    )
    second = archive.write(
        run_id=1, utility="efetch", body=b"<b/>", request={}, received_at=RECEIVED
    )
    assert (first.path.name, second.path.name) == ("00001-efetch.xml.gz", "00002-efetch.xml.gz")
    assert archive.read(first.path) == b"<a/>"
    assert archive.read(second.path) == b"<b/>"


def test_parallel_writers_get_distinct_files(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path)
    saved: list[Path] = []

    def write(n: int) -> None:
        saved.append(
            archive.write(
                run_id=3,
                utility="efetch",
                body=f"<r n='{n}'/>".encode(),
                request={},
                received_at=RECEIVED,
            ).path
        )

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(saved)) == 8
    assert sorted(archive.read(p) for p in saved) == sorted(
        f"<r n='{n}'/>".encode() for n in range(8)
    )


def test_the_day_folder_is_the_utc_day_and_no_run_has_its_own_folder(tmp_path: Path) -> None:
    local = datetime(2026, 3, 2, 1, 0, tzinfo=timezone(timedelta(hours=3)))
    saved = RawArchive(tmp_path).write(
        run_id=None, utility="einfo", body=b"x", request={}, received_at=local
    )
    assert saved.path.parent == tmp_path / "2026-03-01" / "run-none"


def test_a_modified_archive_file_is_detected(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path)
    saved = archive.write(run_id=1, utility="efetch", body=BODY, request={}, received_at=RECEIVED)
    saved.path.chmod(0o600)
    saved.path.write_bytes(gzip.compress(b"tampered"))
    with pytest.raises(StorageError, match="does not match the sha256"):
        archive.read(saved.path)


def test_unreadable_files_are_storage_errors(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path)
    with pytest.raises(StorageError, match=r"missing\.xml\.gz"):
        archive.read(tmp_path / "missing.xml.gz")
    bad = tmp_path / "bad.xml.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(StorageError, match=r"bad\.xml\.gz"):
        archive.read(bad)


def test_bad_arguments_and_folders_are_refused(tmp_path: Path) -> None:
    archive = RawArchive(tmp_path)
    with pytest.raises(StorageError, match="utility"):
        archive.write(run_id=1, utility="../etc", body=b"", request={}, received_at=RECEIVED)
    with pytest.raises(StorageError, match="timezone-aware"):
        archive.write(
            run_id=1, utility="efetch", body=b"", request={}, received_at=datetime(2026, 1, 1)
        )
    (tmp_path / "file").write_text("x")
    blocked = RawArchive(tmp_path / "file")
    with pytest.raises(StorageError, match="cannot write in"):
        blocked.write(run_id=1, utility="efetch", body=b"", request={}, received_at=RECEIVED)


def test_secrets_are_scrubbed_at_any_depth() -> None:
    request = {
        "params": [("term", "x"), ("api_key", "K"), ["EMAIL", "e"]],
        "headers": {"nested": {"api_key": "K"}},
        "url": "https://eutils/efetch.fcgi?API_KEY=K&id=1",
    }
    assert scrub_request(request) == {
        "params": [["term", "x"]],
        "headers": {"nested": {}},
        "url": "https://eutils/efetch.fcgi?id=1",
    }
