"""Tests for reviewkit.protocol.section: strict sections, slugs, text and unique lists."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from reviewkit.protocol.section import Section, Slug, Text, unique


class _Probe(Section):
    name: Slug
    label: Text = "x"


@pytest.mark.parametrize("value", ["a", "microneedling-hair-loss", "r2-d2"])
def test_a_slug_is_lower_case_words_joined_by_single_dashes(value: str) -> None:
    assert _Probe(name=value).name == value


@pytest.mark.parametrize("value", ["A", "a--b", "-a", "a-", "a b", ""])
def test_anything_else_is_not_a_slug(value: str) -> None:
    with pytest.raises(ValidationError, match="expected a slug of lower-case letters"):
        _Probe(name=value)


def test_text_is_stripped_and_must_not_be_blank() -> None:
    assert _Probe(name="a", label="  Demo ").label == "Demo"
    with pytest.raises(ValidationError, match="must not be empty"):
        _Probe(name="a", label=" \t")


def test_a_section_is_frozen_and_forbids_unknown_keys() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        _Probe.model_validate({"name": "a", "nmae": "b"})
    probe = _Probe(name="a")
    with pytest.raises(ValidationError):
        probe.name = "b"  # type: ignore[misc]


def test_unique_names_every_repeated_value_once() -> None:
    assert unique(()) == ()
    with pytest.raises(ValueError, match=r"^listed more than once: a, b$"):
        unique(("b", "a", "b", "a", "a", "c"))
