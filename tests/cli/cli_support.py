"""Shared constants for the CLI tests; the fixtures are in ``conftest.py``."""

from __future__ import annotations

from pathlib import Path

__all__ = ["SAMPLE_RIS", "TESTS"]

#: The bundled Embase export (in the snapshot folder): 8 records.
SAMPLE_RIS = "embase_sample.ris"

#: The ``tests/`` folder, for ``tests/data`` and the repository's shipped files.
TESTS = Path(__file__).resolve().parents[1]
