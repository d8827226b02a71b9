"""Build the offline demo's two extraction workbooks from ``snapshot/records.json``.

Writes ``src/reviewkit/snapshot/extraction/reviewer-a.xlsx`` and ``reviewer-b.xlsx``
with the project's own :func:`reviewkit.extraction.workbook.write_workbook`, for the
snapshot studies a reviewer would include (randomised or controlled comparisons).
Every value comes from a record's ``design`` note or title; anything without a
source is left empty (no outcome numbers: the snapshot has none). The two reviewers
differ only where a note can be read two ways. Run: ``.venv/bin/python
scripts/build_demo_workbooks.py``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from reviewkit.demo import DEMO_DIR, DEMO_FORM, load_snapshot
from reviewkit.extraction.forms import load_form
from reviewkit.extraction.workbook import write_workbook
from reviewkit.extraction_stage import select_studies
from reviewkit.settings import Settings
from reviewkit.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
RECORDS = REPO / "src" / "reviewkit" / "snapshot" / "records.json"
#: Fixed so that rebuilding gives the same workbook metadata.
MADE_AT = datetime(2026, 11, 27, tzinfo=UTC)

Row = dict[str, object]
# PMID → (study-level values both reviewers enter, arm rows, per-reviewer differences).
MNX5: Row = {"co_treatments": ["minoxidil"], "minoxidil_percent": 5}
NOT_NAMED = "scale not named in the design note"
STUDIES: dict[str, tuple[Row, list[Row], dict[str, Row]]] = {
    "23960389": (
        {
            "design": "parallel RCT",
            "condition": "AGA",
            "sex": "male",
            "severity_range": "grade III vertex/IV",
            "n_randomised": 100,
            "comparator_type": "co-treatment alone",
        },
        [
            {
                "arm": "microneedling + minoxidil 5%",
                "arm_role": "intervention",
                "duration_weeks": 12,
                "co_treatment_detail": "5% minoxidil twice daily",
                **MNX5,
            },
            {
                "arm": "minoxidil 5%",
                "arm_role": "comparator",
                "device": "none",
                "duration_weeks": 12,
                **MNX5,
            },
        ],
        {
            "a": {"severity_scale": "Norwood-Hamilton"},
            "b": {"severity_scale": "not reported", "notes_extra": NOT_NAMED},
        },
    ),
    "30886475": (
        {
            "design": "parallel RCT",
            "condition": "AGA",
            "sex": "male",
            "severity_scale": "Norwood-Hamilton",
            "severity_range": "III-IV",
            "n_randomised": 68,
            "comparator_type": "co-treatment alone",
        },
        [
            {
                "arm": "microneedling + minoxidil 5%",
                "arm_role": "intervention",
                "co_treatment_detail": "5% minoxidil twice daily",
                **MNX5,
            },
            {
                "arm": "minoxidil 5%",
                "arm_role": "comparator",
                "device": "none",
                "co_treatment_detail": "5% minoxidil twice daily",
                **MNX5,
            },
        ],
        {
            "a": {"notes_extra": "Year 2018 (issue year); web publication Feb 2019."},
            "b": {
                "notes_extra": "Year 2019 (web publication Feb 2019, PDF copyright 2019); "
                "issue year 2018."
            },
        },
    ),
    "32897622": (
        {
            "condition": "AGA",
            "age_range": "18-45 y",
            "severity_range": "moderate/severe",
            "n_randomised": 60,
        },
        [
            {
                "arm": "minoxidil 5%",
                "arm_role": "comparator",
                "device": "none",
                "duration_weeks": 12,
                **MNX5,
            },
            {
                "arm": "minoxidil + microneedling 1.2 mm",
                "arm_role": "intervention",
                "duration_weeks": 12,
                **MNX5,
            },
            {
                "arm": "minoxidil + microneedling 0.6 mm",
                "arm_role": "intervention",
                "duration_weeks": 12,
                **MNX5,
            },
        ],
        {
            "a": {"design": "non-randomised controlled"},
            "b": {
                "design": "other",
                "design_other": "three-group comparison; allocation not stated",
            },
        },
    ),
    "33156005": (
        {
            "design": "parallel RCT",
            "condition": "AGA",
            "sex": "male",
            "age_range": "22-50 y",
            "n_randomised": 40,
        },
        [],
        {
            "a": {
                "notes_extra": "Groups S, M, F, MF: which label is which treatment is not "
                "in the design note."
            },
            "b": {
                "notes_extra": "Groups S, M, F, MF: which label is which treatment is not "
                "in the design note."
            },
        },
    ),
    "33376284": (
        {
            "condition": "AGA",
            "sex": "male",
            "severity_scale": "Norwood-Hamilton",
            "severity_range": "II-V",
            "n_randomised": 30,
        },
        [
            {"arm": "microneedling", "arm_role": "comparator"},
            {"arm": "microneedling + PRP", "arm_role": "intervention", "co_treatments": ["PRP"]},
        ],
        {
            "a": {
                "design": "other",
                "design_other": "split-scalp comparison; randomisation not stated",
            },
            "b": {"design": "non-randomised controlled"},
        },
    ),
    "28761259": (
        {
            "design": "parallel RCT",
            "condition": "AGA",
            "sex": "male",
            "age_range": "18-50 y",
            "severity_range": "III-V vertex",
            "n_randomised": 50,
        },
        [
            {"arm": "minoxidil 5%", "arm_role": "comparator", "device": "none", **MNX5},
            {
                "arm": "minoxidil 5% + microneedling with PRP",
                "arm_role": "intervention",
                "co_treatments": ["minoxidil", "PRP"],
                "minoxidil_percent": 5,
            },
        ],
        {
            "a": {"severity_scale": "Norwood-Hamilton"},
            "b": {"severity_scale": "not reported", "notes_extra": NOT_NAMED},
        },
    ),
    "35899211": (
        {
            "design": "parallel RCT",
            "condition": "FPHL",
            "sex": "female",
            "severity_scale": "other",
            "severity_range": "Sinclair II-III",
            "n_randomised": 120,
        },
        [
            {
                "arm": "minoxidil 5%",
                "arm_role": "comparator",
                "device": "none",
                "duration_weeks": 24,
                "co_treatment_detail": "once daily",
                **MNX5,
            },
            {
                "arm": "minoxidil + spironolactone",
                "arm_role": "comparator",
                "device": "none",
                "duration_weeks": 24,
                "co_treatments": ["minoxidil", "other"],
                "minoxidil_percent": 5,
                "co_treatment_detail": "oral spironolactone 80-100 mg/d",
            },
            {
                "arm": "minoxidil + microneedling",
                "arm_role": "intervention",
                "duration_weeks": 24,
                **MNX5,
            },
        ],
        {"a": {}, "b": {}},
    ),
    "36404886": (
        {
            "design": "parallel RCT",
            "condition": "alopecia areata",
            "n_randomised": 60,
            "comparator_type": "other active treatment",
        },
        [
            {
                "arm": "microneedling + topical TA",
                "arm_role": "intervention",
                "co_treatments": ["topical steroid"],
                "co_treatment_detail": "triamcinolone acetonide",
            },
            {
                "arm": "intralesional TA",
                "arm_role": "comparator",
                "device": "none",
                "co_treatments": ["other"],
                "co_treatment_detail": "intralesional triamcinolone",
            },
        ],
        {"a": {}, "b": {}},
    ),
}


def rows_for(
    reviewer: str, clusters: dict[str, str], notes: dict[str, str]
) -> dict[str, list[Row]]:
    """The prefilled rows of one reviewer (``a`` or ``b``)."""
    study_rows: list[Row] = []
    arm_rows: list[Row] = []
    for pmid, (shared, arms, differ) in STUDIES.items():
        sid = clusters[pmid]
        own = dict(differ[reviewer])
        extra = own.pop("notes_extra", None)
        note = f"Design note (records.json): {notes[pmid]}"
        study_rows.append(
            {"study_id": sid, **shared, **own, "notes": f"{note}\n{extra}" if extra else note}
        )
        arm_rows += [{"study_id": sid, **arm} for arm in arms]
    return {"": study_rows, "arms": arm_rows}


def main() -> None:
    records = json.loads(RECORDS.read_text(encoding="utf-8"))["records"]
    notes = {r["pmid"]: r["design"] for r in records if r.get("pmid") in STUDIES}
    form = load_form(DEMO_FORM)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "review.toml", root / "review.toml")
        workspace = Workspace.open(root)
        try:
            load_snapshot(workspace, Settings.from_env(), now=MADE_AT)
            every = select_studies(workspace.db, "all")
            clusters = {c.pmid: c.study_id for c in every if c.pmid in STUDIES}
            chosen = [c for c in every if c.pmid in STUDIES]
            review_id = workspace.protocol.review.id
        finally:
            workspace.close()
    missing = sorted(set(STUDIES) - set(clusters))
    if missing:
        raise SystemExit(f"snapshot review has no study for PMIDs {', '.join(missing)}")
    for reviewer in ("a", "b"):
        path = DEMO_DIR / f"reviewer-{reviewer}.xlsx"
        write_workbook(path, form, chosen, review_id=review_id, reviewer=f"reviewer-{reviewer}",
                       now=MADE_AT, rows=rows_for(reviewer, clusters, notes))  # fmt: skip
        print(f"wrote {path.relative_to(REPO)} ({len(chosen)} studies)")


if __name__ == "__main__":
    main()
