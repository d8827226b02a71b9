"""Tests for reviewkit.protocol.locations: ``[database]`` and ``[outputs]``."""

from __future__ import annotations

from reviewkit.protocol import parse_protocol
from tests.protocol.protocol_support import MINIMAL, _errors


def test_locations_are_kept_as_written() -> None:
    text = MINIMAL + '\n[database]\npath = "db/r.sqlite"\n\n[outputs]\ndir = "out"\n'
    protocol = parse_protocol(text)
    assert (protocol.database.path, protocol.database.raw_dir) == ("db/r.sqlite", "review-data/raw")
    assert protocol.outputs.dir == "out"


def test_a_blank_location_is_refused() -> None:
    lines = _errors(MINIMAL + '\n[outputs]\ndir = " "\n')
    assert lines == ["r/review.toml: [outputs] dir: must not be empty"]
