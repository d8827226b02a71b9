"""PRISMA 2020 flow-diagram counts, their consistency checks and the PRISMA2020 CSV.

Pure: no I/O. :class:`PrismaCounts` holds every box of the PRISMA 2020 flow
diagram for new studies identified via databases and registers (Page et al.
2021, BMJ 372:n71); :mod:`reviewkit.prisma_data` fills it from the review
database. :func:`check` states the arithmetic the boxes must satisfy exactly, and
:func:`to_prisma2020_rows` writes the ``data`` names of the PRISMA2020 R package
(``inst/extdata/PRISMA.csv``) so that tool can draw the same numbers.

Two counts have no PRISMA 2020 box: ``records_awaiting`` and ``reports_awaiting``
are studies still waiting for a final decision in a living review. They keep the
arithmetic exact while screening is under way, and the diagram shows them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, fields

__all__ = [
    "PRISMA2020_COLUMNS",
    "REGISTERS",
    "PrismaCounts",
    "check",
    "format_prisma2020_csv",
    "source_label",
    "table_rows",
    "to_prisma2020_rows",
]

# Columns of the PRISMA2020 R package's template CSV; its parser reads ``data`` and ``n``.
PRISMA2020_COLUMNS = ("data", "node", "box", "description", "boxtext", "tooltips", "url", "n")

# Source names (as given to ``reviewkit import --source``) that are trial registers.
REGISTERS = frozenset(
    {"clinicaltrials", "clinicaltrials-gov", "ctgov", "ictrp", "euctr", "ctis", "isrctn",
     "anzctr", "chictr", "ctri", "drks", "jrct"}
)  # fmt: skip

_LABELS = {
    "pubmed": "PubMed",
    "medline": "MEDLINE",
    "embase": "Embase",
    "scopus": "Scopus",
    "wos": "Web of Science",
    "web-of-science": "Web of Science",
    "central": "CENTRAL",
    "cochrane": "Cochrane Library",
    "cinahl": "CINAHL",
    "psycinfo": "PsycINFO",
    "lilacs": "LILACS",
    "clinicaltrials-gov": "ClinicalTrials.gov",
    "clinicaltrials": "ClinicalTrials.gov",
    "ctgov": "ClinicalTrials.gov",
    "ictrp": "WHO ICTRP",
}


def source_label(source: str) -> str:
    """The name a reader knows a source by.

    >>> source_label("pubmed"), source_label("wos"), source_label("my-db")
    ('PubMed', 'Web of Science', 'my-db')
    """
    return _LABELS.get(source.lower(), source)


@dataclass(frozen=True, slots=True, kw_only=True)
class PrismaCounts:
    """Every box of the PRISMA 2020 flow diagram (databases and registers).

    ``databases`` and ``registers`` are ``(name, records)`` pairs, one per source;
    ``reports_excluded`` is ``(reason, reports)`` pairs. One study is one report
    here: linking several reports to one study is not done yet.
    """

    databases: tuple[tuple[str, int], ...]
    registers: tuple[tuple[str, int], ...] = ()
    duplicates: int
    excluded_automatic: int = 0
    excluded_other: int = 0
    records_screened: int
    records_excluded: int
    records_awaiting: int = 0
    reports_sought: int
    reports_not_retrieved: int
    reports_assessed: int
    reports_excluded: tuple[tuple[str, int], ...] = ()
    reports_awaiting: int = 0
    new_studies: int
    new_reports: int
    previous_studies: int = 0
    previous_reports: int = 0

    @property
    def database_results(self) -> int:
        """Records identified from all databases."""
        return sum(n for _, n in self.databases)

    @property
    def register_results(self) -> int:
        """Records identified from all registers."""
        return sum(n for _, n in self.registers)

    @property
    def identified(self) -> int:
        """Records identified from databases and registers."""
        return self.database_results + self.register_results

    @property
    def reports_excluded_total(self) -> int:
        """Reports excluded at full text, all reasons together."""
        return sum(n for _, n in self.reports_excluded)

    @property
    def total_studies(self) -> int:
        """Studies included: new ones plus those of the previous version."""
        return self.new_studies + self.previous_studies

    @property
    def total_reports(self) -> int:
        """Reports of the included studies: new plus previous."""
        return self.new_reports + self.previous_reports

    @property
    def complete(self) -> bool:
        """Whether every study has its final decision at both stages."""
        return self.records_awaiting == 0 and self.reports_awaiting == 0


def _equation(result: tuple[str, int], terms: Sequence[tuple[str, int]]) -> str | None:
    """A problem line when ``result`` is not the first term minus the others."""
    (_, first), *rest = terms
    expected = first - sum(n for _, n in rest)
    name, actual = result
    if actual == expected:
        return None
    shown = " − ".join(f"{label} ({n})" for label, n in terms)
    return f"{name} ({actual}) ≠ {shown} = {expected}"


def check(counts: PrismaCounts) -> list[str]:
    """Every way the boxes fail to add up; an empty list when they all hold.

    The rules (synthesis.md §3.1, plus the awaiting counts of a living review):
    identified − duplicates − automation − other = screened;
    screened − excluded − awaiting = sought; sought − not retrieved = assessed;
    assessed − excluded (all reasons) − awaiting = reports included.

    >>> c = PrismaCounts(databases=(("PubMed", 10),), duplicates=2, records_screened=8,
    ...     records_excluded=5, reports_sought=3, reports_not_retrieved=1, reports_assessed=2,
    ...     reports_excluded=(("wrong outcome", 1),), new_studies=1, new_reports=1)
    >>> check(c)
    []
    """
    problems: list[str] = []
    for f in fields(counts):
        value = getattr(counts, f.name)
        pairs = value if isinstance(value, tuple) else ((f.name, value),)
        problems += [f"{f.name}: {label} is negative ({n})" for label, n in pairs if n < 0]
    rules = (
        (("records screened", counts.records_screened),
         [("records identified", counts.identified), ("duplicates removed", counts.duplicates),
          ("marked ineligible by automation tools", counts.excluded_automatic),
          ("removed for other reasons", counts.excluded_other)]),
        (("reports sought for retrieval", counts.reports_sought),
         [("records screened", counts.records_screened),
          ("records excluded", counts.records_excluded),
          ("records awaiting a decision", counts.records_awaiting)]),
        (("reports assessed for eligibility", counts.reports_assessed),
         [("reports sought for retrieval", counts.reports_sought),
          ("reports not retrieved", counts.reports_not_retrieved)]),
        (("reports of included studies", counts.new_reports),
         [("reports assessed for eligibility", counts.reports_assessed),
          ("reports excluded (all reasons)", counts.reports_excluded_total),
          ("reports awaiting a decision", counts.reports_awaiting)]),
    )  # fmt: skip
    for result, terms in rules:
        problem = _equation(result, terms)
        if problem is not None:
            problems.append(problem)
    if counts.new_studies > counts.new_reports:
        problems.append(
            f"studies included ({counts.new_studies}) > reports of included studies "
            f"({counts.new_reports}): every study has at least one report"
        )
    return problems


def _pairs(pairs: Sequence[tuple[str, int]]) -> str:
    # The R package splits on ";" then ","; a name holding either would be cut apart.
    return "; ".join(f"{name.replace(';', ' ').replace(',', ' ')}, {n}" for name, n in pairs)


# (data, node, box, description): the PRISMA2020 template rows, in its order.
_TEMPLATE: tuple[tuple[str, str, str, str], ...] = (
    ("NA", "node4", "prevstud", "Previous studies"),
    ("previous_studies", "node5", "box1", "Studies included in previous version of review"),
    ("previous_reports", "NA", "box1",
     "Reports of studies included in previous version of review"),
    ("NA", "node6", "newstud", "Identification of new studies via databases and registers"),
    ("database_results", "node7", "box2", "Records identified from: Databases"),
    ("database_specific_results", "NA", "box2", "Records identified per database"),
    ("register_results", "NA", "box2", "Records identified from: Registers"),
    ("register_specific_results", "NA", "box2", "Records identified per register"),
    ("NA", "node16", "othstud", "Identification of new studies via other methods"),
    ("website_results", "node17", "box11", "Records identified from: Websites"),
    ("organisation_results", "NA", "box11", "Records identified from: Organisations"),
    ("citations_results", "NA", "box11", "Records identified from: Citation searching"),
    ("duplicates", "node8", "box3", "Duplicate records"),
    ("excluded_automatic", "NA", "box3", "Records marked as ineligible by automation tools"),
    ("excluded_other", "NA", "box3", "Records removed for other reasons"),
    ("records_screened", "node9", "box4", "Records screened (databases and registers)"),
    ("records_excluded", "node10", "box5", "Records excluded (databases and registers)"),
    ("dbr_sought_reports", "node11", "box6",
     "Reports sought for retrieval (databases and registers)"),
    ("dbr_notretrieved_reports", "node12", "box7",
     "Reports not retrieved (databases and registers)"),
    ("other_sought_reports", "node18", "box12", "Reports sought for retrieval (other)"),
    ("other_notretrieved_reports", "node19", "box13", "Reports not retrieved (other)"),
    ("dbr_assessed", "node13", "box8",
     "Reports assessed for eligibility (databases and registers)"),
    ("dbr_excluded", "node14", "box9", "Reports excluded (databases and registers)"),
    ("other_assessed", "node20", "box14", "Reports assessed for eligibility (other)"),
    ("other_excluded", "node21", "box15", "Reports excluded (other)"),
    ("new_studies", "node15", "box10", "New studies included in review"),
    ("new_reports", "NA", "box10", "Reports of new included studies"),
    ("total_studies", "node22", "box16", "Total studies included in review"),
    ("total_reports", "NA", "box16", "Reports of total included studies"),
    ("identification", "node1", "identification", "Identification"),
    ("screening", "node2", "screening", "Screening"),
    ("included", "node3", "included", "Included"),
)  # fmt: skip


def _values(counts: PrismaCounts) -> dict[str, str]:
    numbers = {
        "previous_studies": counts.previous_studies,
        "previous_reports": counts.previous_reports,
        "database_results": counts.database_results,
        "register_results": counts.register_results,
        "duplicates": counts.duplicates,
        "excluded_automatic": counts.excluded_automatic,
        "excluded_other": counts.excluded_other,
        "records_screened": counts.records_screened,
        "records_excluded": counts.records_excluded,
        "dbr_sought_reports": counts.reports_sought,
        "dbr_notretrieved_reports": counts.reports_not_retrieved,
        "dbr_assessed": counts.reports_assessed,
        "new_studies": counts.new_studies,
        "new_reports": counts.new_reports,
        "total_studies": counts.total_studies,
        "total_reports": counts.total_reports,
    }
    values = {name: str(n) for name, n in numbers.items()}
    values["database_specific_results"] = _pairs(counts.databases)
    values["register_specific_results"] = _pairs(counts.registers)
    values["dbr_excluded"] = _pairs(counts.reports_excluded)
    return values


def to_prisma2020_rows(counts: PrismaCounts) -> list[dict[str, str]]:
    """Rows of the PRISMA2020 R package's data CSV, with our counts in ``n``.

    Other-methods boxes (websites, organisations, citation searching) are 0:
    reviewkit identifies studies via databases and registers only.

    >>> c = PrismaCounts(databases=(("PubMed", 4), ("Embase", 3)), duplicates=2,
    ...     records_screened=5, records_excluded=5, reports_sought=0, reports_not_retrieved=0,
    ...     reports_assessed=0, new_studies=0, new_reports=0)
    >>> {r["data"]: r["n"] for r in to_prisma2020_rows(c)}["database_specific_results"]
    'PubMed, 4; Embase, 3'
    """
    values = _values(counts)
    rows = []
    for data, node, box, description in _TEMPLATE:
        rows.append({
            "data": data, "node": node, "box": box, "description": description,
            "boxtext": description, "tooltips": description, "url": "NA",
            "n": values.get(data, "0"),
        })  # fmt: skip
    return rows


def format_prisma2020_csv(counts: PrismaCounts) -> str:
    """The PRISMA2020 data CSV as text (``\\r\\n`` line ends, as R writes and reads them)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PRISMA2020_COLUMNS)
    writer.writeheader()
    writer.writerows(to_prisma2020_rows(counts))
    return buffer.getvalue()


def table_rows(counts: PrismaCounts) -> list[dict[str, object]]:
    """The counts as ``box``/``n`` rows, in diagram order (Prefect table artifact, CLI)."""
    rows: list[dict[str, object]] = [
        {"box": f"Records identified from {name}", "n": n}
        for name, n in counts.databases + counts.registers
    ]
    rows += [
        {"box": "Duplicate records removed", "n": counts.duplicates},
        {"box": "Records marked as ineligible by automation tools",
         "n": counts.excluded_automatic},
        {"box": "Records removed for other reasons", "n": counts.excluded_other},
        {"box": "Records screened", "n": counts.records_screened},
        {"box": "Records excluded", "n": counts.records_excluded},
        {"box": "Records awaiting a title-abstract decision", "n": counts.records_awaiting},
        {"box": "Reports sought for retrieval", "n": counts.reports_sought},
        {"box": "Reports not retrieved", "n": counts.reports_not_retrieved},
        {"box": "Reports assessed for eligibility", "n": counts.reports_assessed},
    ]  # fmt: skip
    rows += [
        {"box": f"Reports excluded: {reason}", "n": n} for reason, n in counts.reports_excluded
    ]
    rows += [
        {"box": "Reports awaiting a full-text decision", "n": counts.reports_awaiting},
        {"box": "New studies included in review", "n": counts.new_studies},
        {"box": "Reports of new included studies", "n": counts.new_reports},
        {"box": "Studies included in previous version of review", "n": counts.previous_studies},
        {"box": "Total studies included in review", "n": counts.total_studies},
        {"box": "Reports of total included studies", "n": counts.total_reports},
    ]
    return rows
