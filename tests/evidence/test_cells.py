"""Tests for reviewkit.evidence.cells: extracted values as table cells."""

from __future__ import annotations

from datetime import datetime

from reviewkit.evidence.cells import format_value


def test_format_value():
    assert format_value(("minoxidil", "PRP")) == "minoxidil; PRP"
    assert format_value(datetime(2020, 1, 2).date()) == "2020-01-02"
    assert format_value(1.5) == 1.5
    assert format_value(None) is None
    assert format_value(True) == "yes"
