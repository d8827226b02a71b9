"""Fixtures for the reviewkit.evidence tests: the review's extraction form."""

from __future__ import annotations

import pytest

from reviewkit.extraction.forms import load_form
from tests.evidence.evidence_support import FORM_PATH


@pytest.fixture(scope="module")
def form():
    return load_form(FORM_PATH)
