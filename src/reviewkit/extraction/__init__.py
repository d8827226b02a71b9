"""Structured data extraction: form definitions, value rules, RoB 2 and form versions.

Pure code, no I/O beyond reading a form file: ``forms`` parses and checks form
definitions, ``values`` checks and converts what a reviewer typed, ``rob2``
derives the overall risk-of-bias judgement, ``versions`` migrates stored values
between versions of a form, ``discrepancy`` compares two reviewers (double
extraction), ``verification`` records what a verifier corrected (single
extraction with verification) and ``status`` says where each study stands.
"""

from __future__ import annotations

from reviewkit.extraction.forms import Field, Form, Section, load_form, parse_form

__all__ = ["Field", "Form", "Section", "load_form", "parse_form"]
