"""Fixtures for the reviewkit.evidence_export tests: the tables of three test studies."""

from __future__ import annotations

import pytest

from reviewkit.evidence import build_tables
from reviewkit.evidence_export import (
    provenance_table,
)
from tests.evidence.evidence_support import FORM_PATH, bao, dhurat, unknown


@pytest.fixture(scope="module")
def tables():
    from reviewkit.extraction.forms import load_form

    built = build_tables([dhurat(), unknown(), bao()], load_form(FORM_PATH))
    return built.tables, provenance_table(built.tables)
