"""Tests for reviewkit.protocol.model: the whole protocol, its defaults and its paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from reviewkit.errors import ConfigError
from reviewkit.protocol import PROTOCOL_FILENAME, Protocol, load_protocol, parse_protocol
from tests.protocol.protocol_support import MINIMAL


def test_defaults_fill_optional_sections() -> None:
    protocol = parse_protocol(MINIMAL)
    assert protocol.search.pubmed.batch_size == 500
    assert protocol.search.pubmed.overlap_days == 7
    assert protocol.schedule.timezone == "UTC"
    assert protocol.database.raw_dir == "review-data/raw"
    assert protocol.outputs.dir == "outputs"
    assert protocol.path is None


def test_paths_are_relative_to_the_review_folder(tmp_path: Path) -> None:
    (tmp_path / PROTOCOL_FILENAME).write_text(
        MINIMAL + f'\n[database]\nraw_dir = "{tmp_path / "abs-raw"}"\n', encoding="utf-8"
    )
    protocol = load_protocol(tmp_path / PROTOCOL_FILENAME)
    assert protocol.database_path() == tmp_path / "review-data" / "review.sqlite"
    assert protocol.raw_dir() == tmp_path / "abs-raw"  # an absolute path stays as written
    assert protocol.outputs_dir() == tmp_path / "outputs"
    assert protocol.database_path(Path("/elsewhere")) == Path(
        "/elsewhere/review-data/review.sqlite"
    )


def test_a_protocol_parsed_from_text_needs_the_folder() -> None:
    protocol = parse_protocol(MINIMAL)
    with pytest.raises(ConfigError, match="pass the review folder"):
        protocol.database_path()
    assert protocol.raw_dir(Path("/r")) == Path("/r/review-data/raw")


def test_a_protocol_is_immutable() -> None:
    protocol = parse_protocol(MINIMAL)
    with pytest.raises(ValidationError):
        protocol.review = protocol.review  # type: ignore[misc]
    assert isinstance(protocol.pico.outcomes, tuple)
    assert isinstance(protocol, Protocol)


def test_the_form_path_is_under_the_review_folder() -> None:
    protocol = parse_protocol(MINIMAL + '\n[extraction]\nform = "forms/f.yaml"\n')
    assert protocol.form_path(Path("/r")) == Path("/r/forms/f.yaml")
