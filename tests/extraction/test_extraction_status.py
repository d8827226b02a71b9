"""The text of ``reviewkit forms status`` in both modes (pure)."""

from datetime import UTC, datetime

from reviewkit.extraction.data import StudyCitation
from reviewkit.extraction.status import StudyStatus, format_status
from reviewkit.extraction.verification import Correction, Verification

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)
T1 = datetime(2026, 12, 2, 9, tzinfo=UTC)


def cite(sid, author=None, year=None):
    return StudyCitation(study_id=sid, first_author=author, year=year, title=None, pmid=None,
                         doi=None, record_ids=())  # fmt: skip


def fix(field):
    return Correction(section="", keys=(), field=field, before=1, after=2)


CHECK = Verification(study_id="s1", verifier="bob", extractor="ann", verified_at=T1,
                     form_id="f", form_version=1, import_id=2, checked_import_id=1,
                     corrections=(fix("a"), fix("b"), fix("c")))  # fmt: skip


def test_single_verified_status_names_extractor_verifier_date_and_corrections():
    statuses = [
        StudyStatus(citation=cite("s1", "Lee", 2019), extracted_by=("ann",), extracted_at=T0,
                    verification=CHECK),
        StudyStatus(citation=cite("s22"), extracted_by=("ann",), extracted_at=T1),
    ]  # fmt: skip
    text = format_status(statuses, mode="single-verified", reviewers=("ann", "bob"))
    assert text.splitlines() == [
        "single-verified extraction: ann extracts, bob verifies",
        "s1   Lee 2019  extracted by ann (2026-12-01)  "
        "verified by bob on 2026-12-02 (form v1), 3 values corrected",
        "s22  ? n.d.    extracted by ann (2026-12-02)  not verified yet",
        "2 studies extracted: 1 verified (3 values corrected), 1 not verified yet",
    ]
    assert [s.verified for s in statuses] == [True, False]


def test_single_verified_without_a_verifier_says_so():
    text = format_status([], mode="single-verified", reviewers=("ann",))
    assert text.splitlines() == [
        "single-verified extraction: ann extracts, nobody (add one to [extraction] reviewers) "
        "verifies",
        "0 studies extracted: 0 verified (0 values corrected), 0 not verified yet",
    ]


def test_double_status_names_who_extracted_and_whether_there_is_consensus():
    statuses = [
        StudyStatus(citation=cite("s1", "Lee", 2019), extracted_by=("ann", "bob"),
                    extracted_at=T1, open_fields=0),
        StudyStatus(citation=cite("s2", "Kim", 2020), extracted_by=("ann", "bob"),
                    extracted_at=T1, open_fields=1),
        StudyStatus(citation=cite("s3", "Roy", 2021), extracted_by=("bob",), extracted_at=T0),
    ]  # fmt: skip
    lines = format_status(statuses, mode="double", reviewers=("ann", "bob")).splitlines()
    assert lines[0] == "double extraction: ann and bob, then consensus"
    assert lines[1].endswith("extracted by ann, bob (2026-12-02)  consensus: yes")
    assert lines[2].endswith("consensus: not yet, 1 field in dispute")
    assert lines[3] == (
        "s3  Roy 2021  extracted by bob (2026-12-01)       consensus: waiting for ann"
    )
    assert lines[4] == (
        "3 studies extracted: 1 with consensus, 1 with fields in dispute, "
        "1 waiting for a second extraction"
    )
