"""Evidence tables from extracted data (pure: values in, tables out).

Three tables go into the paper: **characteristics** of included studies (one
row per study), **outcomes** (one row per outcome × timepoint × comparison, with
arm-level results side by side) and a **summary** (studies and participants per
outcome). Every row cites its study (first author, year, PMID, DOI), and every
cell that holds an extracted value keeps its trace — reviewer, form id and
version, entry time, study and record ids (listed by :func:`provenance_table`).

In single extraction with verification the tables hold verified data only;
every footnote names the studies extracted but not verified yet (or, when
they are shown on request, says their values are unchecked).

Ordering is deterministic (studies by first author, year, study id; outcomes and
timepoints in form order), so the same data always gives the same tables.

The modules, by concept: ``model`` (columns, cells, traces, tables), ``tables``
(:func:`build_tables`), one module per table (``characteristics``, ``outcomes``,
``summary``), ``views`` (a study's rows merged per kind of section),
``builder`` (rows and traces of a table being built), ``citations``,
``cells`` (values and labels as text), ``form_order`` (labels and orders from
the form), ``footnotes`` and ``provenance``. Writing the tables to files is
:mod:`reviewkit.evidence_export`.
"""

from __future__ import annotations

from reviewkit.evidence.cells import format_value
from reviewkit.evidence.citations import study_label
from reviewkit.evidence.footnotes import unverified_note
from reviewkit.evidence.model import Cell, CellTrace, Column, EvidenceTables, Table
from reviewkit.evidence.provenance import latest_entry, provenance_table
from reviewkit.evidence.tables import build_tables

__all__ = [
    "Cell",
    "CellTrace",
    "Column",
    "EvidenceTables",
    "Table",
    "build_tables",
    "format_value",
    "latest_entry",
    "provenance_table",
    "study_label",
    "unverified_note",
]
