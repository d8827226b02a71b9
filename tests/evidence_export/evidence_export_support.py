"""Helpers for the reviewkit.evidence_export tests."""

from __future__ import annotations

from reviewkit.evidence_export import (
    write_evidence_tables,
)

TITLE = "Microneedling for hair loss: evidence tables"


def write(tables, out):
    evidence, provenance = tables
    return write_evidence_tables(evidence, provenance, out, title=TITLE)
