"""Synthetic authors: initials from given names, escaped affiliations, the group author."""

from __future__ import annotations

import random
from collections.abc import Sequence

from reviewkit.loopback.synthetic_people import (
    COLLECTIVE,
    DEPARTMENTS,
    FAMILY,
    GIVEN,
    PLACES,
    make_author,
)
from reviewkit.records import Author


class _Scripted(random.Random):
    """Answers choice() from a script, to pick known names."""

    def __init__(self, *picks: str) -> None:
        super().__init__(0)
        self.picks = list(picks)

    def choice(self, seq: Sequence[str]) -> str:  # type: ignore[override]
        pick = self.picks.pop(0)
        assert pick in seq
        return pick


def test_initials_come_from_every_part_of_the_given_name() -> None:
    rng = _Scripted("Kim", "Ji-Woo", "Dermatology", "Seoul, Republic of Korea")
    xml, author = make_author(rng)
    assert author == Author(family="Kim", given="Ji-Woo", initials="JW")
    assert "<Initials>JW</Initials>" in xml
    assert "Department of Dermatology, Seoul, Republic of Korea." in xml


def test_names_carry_diacritics_and_apostrophes() -> None:
    assert {"García", "Øster", "Łukasiewicz", "O'Brien"} <= set(FAMILY)
    assert {"María José", "Søren"} <= set(GIVEN)
    assert all(name.strip() == name for name in (*FAMILY, *GIVEN, *PLACES, *DEPARTMENTS))


def test_the_group_author_xml_and_value_agree() -> None:
    xml, author = COLLECTIVE
    assert f"<CollectiveName>{author.collective}</CollectiveName>" in xml
    assert author.family is None
