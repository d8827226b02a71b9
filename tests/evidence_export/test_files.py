"""Tests for reviewkit.evidence_export.files: every format written, byte-identical on rebuild."""

from __future__ import annotations

import pytest

from reviewkit.errors import StorageError
from reviewkit.evidence_export import (
    OUTPUT_FILES,
)
from tests.evidence_export.evidence_export_support import write


def test_writes_every_format_and_rebuilds_byte_identical(tables, tmp_path):
    first = write(tables, tmp_path / "a")
    assert sorted(p.name for p in first) == sorted(OUTPUT_FILES)
    second = write(tables, tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    # Writing over existing files leaves no temporaries behind.
    write(tables, tmp_path / "a")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(OUTPUT_FILES)


def test_unwritable_folder_is_a_storage_error(tables, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot write the evidence tables"):
        write(tables, blocker / "out")
