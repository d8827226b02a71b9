"""Tests for reviewkit.pubmed_xml.drafts: fast builders equal the dataclass constructors."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, fields, replace
from typing import Any

import pytest

from reviewkit.pubmed_xml import drafts
from reviewkit.records import (
    AbstractSection,
    Author,
    Journal,
    MeshHeading,
    MeshQualifier,
    PubDate,
    PubmedRecord,
    record_from_dict,
    record_to_dict,
)

BUILDERS: list[tuple[Any, type, bool]] = [  # builder, record class, keyword-only
    (drafts.new_author, Author, False),
    (drafts.new_abstract_section, AbstractSection, False),
    (drafts.new_journal, Journal, False),
    (drafts.new_pub_date, PubDate, False),
    (drafts.new_mesh_heading, MeshHeading, False),
    (drafts.new_record, PubmedRecord, True),
]


def sample_values(cls: type) -> dict[str, Any]:
    """A distinct, non-default value for every field of ``cls``."""
    values: dict[str, Any] = {}
    for number, field in enumerate(fields(cls)):
        if field.name == "kind":
            values[field.name] = "book"
        elif field.type in ("int", "int | None"):
            values[field.name] = number + 2
        elif field.type == "bool":
            values[field.name] = True
        elif field.name == "journal":
            values[field.name] = Journal(title="J", volume="3")
        elif field.name == "pub_date":
            values[field.name] = PubDate(year=2020)
        elif field.name == "qualifiers":
            values[field.name] = (MeshQualifier(name="therapy"),)
        elif field.type.startswith("tuple"):
            values[field.name] = ()
        else:
            values[field.name] = f"{field.name}-{number}"
    return values


@pytest.mark.parametrize(("build", "cls", "keyword_only"), BUILDERS)
def test_a_builder_makes_exactly_what_the_constructor_makes(build, cls, keyword_only):
    values = sample_values(cls)
    built = build(**values) if keyword_only else build(*values.values())
    expected = cls(**values)
    assert type(built) is cls
    assert built == expected
    assert hash(built) == hash(expected)
    assert repr(built) == repr(expected)
    assert [getattr(built, f.name) for f in fields(cls)] == list(values.values())
    assert copy.deepcopy(built) == expected
    assert pickle.loads(pickle.dumps(built)) == expected
    assert replace(built) == expected
    with pytest.raises(FrozenInstanceError):
        built.__setattr__(fields(cls)[0].name, None)


@pytest.mark.parametrize(("build", "cls", "keyword_only"), BUILDERS)
def test_a_builder_takes_every_field_in_declaration_order(build, cls, keyword_only):
    parameters = build.__code__.co_varnames[: len(fields(cls))]
    assert list(parameters) == [f.name for f in fields(cls)]


def test_records_round_trip_through_storage_form():
    values = sample_values(PubmedRecord)
    built = drafts.new_record(**values)
    assert record_from_dict(record_to_dict(built)) == built
