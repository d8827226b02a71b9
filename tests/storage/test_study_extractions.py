"""Studies as the evidence tables read them: citations and assembled values."""

import pytest

from reviewkit.extraction.data import Provenance
from reviewkit.extraction.discrepancy import EntryRow
from reviewkit.extraction.forms import parse_form
from reviewkit.storage.study_extractions import build_study, read_citations, study_citation
from tests.storage.extraction_support import SID, T0, T1, seeded

ROB2 = """\
id: rob
version: 1
title: RoB
sections:
  - key: study
    title: Study
    fields:
      - {key: d1, label: D1, type: single_choice, choices: [low, some concerns, high]}
      - {key: d2, label: D2, type: single_choice, choices: [low, some concerns, high]}
      - key: overall
        label: Overall
        type: single_choice
        choices: [low, some concerns, high]
        derived: {rule: rob2_overall, domains: [d1, d2]}
  - key: arms
    title: Arms
    repeat: arm
    fields:
      - {key: sessions, label: Sessions, type: integer}
"""


def prov(reviewer, at=T0):
    return Provenance(reviewer=reviewer, form_id="rob", form_version=1, entered_at=at)


def entry(values, section="", keys=()):
    return EntryRow(study_id=SID, section=section, keys=keys, values=values)


@pytest.mark.parametrize(
    ("fields", "first_author", "year"),
    [
        ({"authors": ["Lee, A", "Kim, B"], "year": 2019}, "Lee", 2019),
        ({"authors": ["Dhurat R"], "year": "2013"}, "Dhurat", 2013),
        ({"authors": [], "year": "n.d."}, None, None),
        ({"year": 2019.5}, None, None),
        ({}, None, None),
    ],
)
def test_a_citation_takes_the_first_authors_surname_and_a_whole_year(fields, first_author, year):
    cite = study_citation("c:1", {**fields, "title": "T", "pmid": "1", "doi": "10.1/x"}, ["b", "a"])
    assert (cite.first_author, cite.year) == (first_author, year)
    assert (cite.title, cite.pmid, cite.doi, cite.record_ids) == ("T", "1", "10.1/x", ("a", "b"))


def test_citations_are_read_with_their_records(db):
    seeded(db)
    cites = read_citations(db, [SID, "c:nowhere"])
    assert list(cites) == [SID]
    assert (cites[SID].first_author, cites[SID].year, cites[SID].record_ids) == (
        "Lee", 2019, ("embase:x#1",),
    )  # fmt: skip


def test_a_study_is_built_from_its_rows_with_provenance_and_the_derived_judgement():
    form = parse_form(ROB2)
    cite = study_citation(SID, {}, [])
    study = build_study(form, cite, [
        (entry({"sessions": 4}, "arms", (("arm", "B"),)), prov("bob", T1)),
        (entry({"d1": "low", "d2": "some concerns", "overall": None}), prov("ann")),
        (entry({"sessions": 6}, "arms", (("arm", "A"),)), prov("bob", T1)),
    ])  # fmt: skip
    assert study.citation == cite
    assert {k: v.value for k, v in study.fields.items()} == {
        "d1": "low", "d2": "some concerns", "overall": "some concerns",
    }  # fmt: skip
    assert study.fields["overall"].provenance == prov("ann")
    assert [r.keys for r in study.groups["arms"]] == [(("arm", "A"),), (("arm", "B"),)]
    assert study.groups["arms"][0].values["sessions"].provenance == prov("bob", T1)


def test_no_judgement_is_derived_while_a_domain_is_empty():
    study = build_study(parse_form(ROB2), study_citation(SID, {}, []),
                        [(entry({"d1": "high"}), prov("ann"))])  # fmt: skip
    assert set(study.fields) == {"d1"}
    assert study.groups == {}
