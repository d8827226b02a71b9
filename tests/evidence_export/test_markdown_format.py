"""Tests for reviewkit.evidence_export.markdown_format (and the HTML page beside it)."""

from __future__ import annotations

from reviewkit.evidence_export import (
    format_html,
    format_markdown,
)
from tests.evidence_export.evidence_export_support import TITLE


def test_markdown_and_html(tables):
    evidence, _ = tables
    md = format_markdown(evidence, title=TITLE)
    assert md.startswith(f"# {TITLE}\n")
    assert "## Table 1. Characteristics of included studies" in md
    assert "| Doe 2013 | 90000023 |" in md
    assert "<br>minoxidil (comparator)" in md  # multi-line cells stay in one table row
    page = format_html(evidence, title=TITLE)
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    assert "<script" not in page
    assert '<td class="num">91.4</td>' in page
    assert "<caption>Table 3. Studies and participants per outcome</caption>" in page
