"""PRISMA 2020 arithmetic, consistency checks and the PRISMA2020 R package's data names."""

import csv
import io
from dataclasses import replace

import pytest

from reviewkit.prisma import (
    PRISMA2020_COLUMNS,
    PrismaCounts,
    check,
    format_prisma2020_csv,
    table_rows,
    to_prisma2020_rows,
)

# A constructed review whose every box is known by hand:
# 120 PubMed + 45 Embase + 5 register = 170 identified; 50 duplicates, 0 removed → 120 screened;
# 80 excluded, 4 awaiting → 36 sought; 2 not retrieved → 34 assessed;
# 3 + 5 + 8 = 16 excluded, 1 awaiting → 17 included.
KNOWN = PrismaCounts(
    databases=(("PubMed", 120), ("Embase", 45)),
    registers=(("ClinicalTrials.gov", 5),),
    duplicates=50,
    records_screened=120,
    records_excluded=80,
    records_awaiting=4,
    reports_sought=36,
    reports_not_retrieved=2,
    reports_assessed=34,
    reports_excluded=(
        ("wrong population", 3),
        ("wrong intervention", 5),
        ("wrong study design", 8),
    ),
    reports_awaiting=1,
    new_studies=17,
    new_reports=17,
    previous_studies=2,
    previous_reports=3,
)


def test_the_known_review_adds_up():
    assert check(KNOWN) == []
    assert KNOWN.identified == 170
    assert KNOWN.database_results == 165
    assert KNOWN.register_results == 5
    assert KNOWN.reports_excluded_total == 16
    assert (KNOWN.total_studies, KNOWN.total_reports) == (19, 20)
    assert not KNOWN.complete


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"duplicates": 49},
            "records screened (120) ≠ records identified (170) − duplicates removed (49)",
        ),
        ({"excluded_other": 1}, "removed for other reasons (1) = 119"),
        (
            {"records_excluded": 81},
            "reports sought for retrieval (36) ≠ records screened (120) − records excluded (81)",
        ),
        (
            {"reports_not_retrieved": 3},
            "reports assessed for eligibility (34) ≠ reports sought for retrieval (36) − "
            "reports not retrieved (3) = 33",
        ),
        (
            {"reports_excluded": (("wrong population", 4),)},
            "reports of included studies (17) ≠ reports assessed for eligibility (34) − "
            "reports excluded (all reasons) (4)",
        ),
        (
            {"new_reports": 16, "new_studies": 16, "reports_awaiting": 1},
            "reports of included studies (16)",
        ),
        ({"new_studies": 18}, "studies included (18) > reports of included studies (17)"),
        ({"duplicates": -1}, "duplicates: duplicates is negative (-1)"),
        ({"databases": (("PubMed", -5),)}, "databases: PubMed is negative (-5)"),
    ],
)
def test_each_broken_rule_is_named_with_its_numbers(change, expected):
    problems = check(replace(KNOWN, **change))
    assert any(expected in p for p in problems), problems


def test_rows_use_the_prisma2020_data_names():
    rows = {r["data"]: r for r in to_prisma2020_rows(KNOWN)}
    for name in (
        "previous_studies",
        "previous_reports",
        "database_results",
        "register_results",
        "database_specific_results",
        "register_specific_results",
        "duplicates",
        "excluded_automatic",
        "excluded_other",
        "records_screened",
        "records_excluded",
        "dbr_sought_reports",
        "dbr_notretrieved_reports",
        "dbr_assessed",
        "dbr_excluded",
        "website_results",
        "organisation_results",
        "citations_results",
        "other_sought_reports",
        "other_notretrieved_reports",
        "other_assessed",
        "other_excluded",
        "new_studies",
        "new_reports",
        "total_studies",
        "total_reports",
        "identification",
        "screening",
        "included",
    ):
        assert name in rows
    n = {k: r["n"] for k, r in rows.items()}
    assert n["database_results"] == "165"
    assert n["register_results"] == "5"
    assert n["database_specific_results"] == "PubMed, 120; Embase, 45"
    assert n["register_specific_results"] == "ClinicalTrials.gov, 5"
    assert n["duplicates"] == "50"
    assert n["records_screened"] == "120"
    assert n["dbr_sought_reports"] == "36"
    assert n["dbr_notretrieved_reports"] == "2"
    assert n["dbr_assessed"] == "34"
    assert n["dbr_excluded"] == "wrong population, 3; wrong intervention, 5; wrong study design, 8"
    assert (n["new_studies"], n["total_studies"], n["total_reports"]) == ("17", "19", "20")
    assert n["website_results"] == "0"


def test_the_csv_reads_back_with_the_template_columns():
    text = format_prisma2020_csv(replace(KNOWN, reports_excluded=(("wrong; odd, reason", 16),)))
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == PRISMA2020_COLUMNS
    rows = {r["data"]: r["n"] for r in reader}
    # ";" and "," separate reasons and counts in the R package: never inside a reason.
    assert rows["dbr_excluded"] == "wrong  odd  reason, 16"


def test_table_rows_list_every_box_in_order():
    rows = table_rows(KNOWN)
    assert rows[0] == {"box": "Records identified from PubMed", "n": 120}
    assert {"box": "Reports excluded: wrong study design", "n": 8} in rows
    assert rows[-1] == {"box": "Reports of total included studies", "n": 20}
