"""Tests for reviewkit.protocol.loading: reading review.toml and located error messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.errors import ConfigError
from reviewkit.protocol import PROTOCOL_FILENAME, find_review_dir, load_protocol
from tests.protocol.protocol_support import MINIMAL, REPO_REVIEW, REPO_ROOT, _errors


def test_the_default_review_loads_with_its_documented_values() -> None:
    protocol = load_protocol(REPO_REVIEW)
    assert protocol.review.id == "microneedling-hair-loss"
    assert protocol.review.title == "Microneedling for hair loss"
    pubmed = protocol.search.pubmed
    assert (pubmed.datetype, pubmed.mindate, pubmed.maxdate) == ("pdat", "1990", None)
    assert pubmed.incremental_datetype == "mdat"
    assert protocol.schedule.cron == "0 3 * * 1"
    assert protocol.database.path == "review-data/review.sqlite"
    assert "hair count" in protocol.pico.outcomes
    assert "adverse events" in protocol.pico.outcomes
    assert protocol.path == REPO_REVIEW


def test_a_folder_is_read_through_its_review_toml() -> None:
    assert load_protocol(REPO_ROOT).path == REPO_REVIEW


def test_a_missing_file_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_protocol(tmp_path)
    assert str(info.value) == (
        f"review.toml not found in {tmp_path}: run `reviewkit init {tmp_path}` "
        "or pass --review PATH"
    )


def test_a_missing_folder_is_reported_like_an_empty_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^review\.toml not found in .*nowhere: run"):
        load_protocol(tmp_path / "nowhere")


def test_an_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / PROTOCOL_FILENAME
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(ConfigError, match="cannot be read as UTF-8"):
        load_protocol(path)


def test_a_toml_syntax_error_names_file_line_and_column() -> None:
    lines = _errors('[review]\nid = "x"\ntitle = \n')
    assert lines == ["r/review.toml:3:9: invalid TOML: Invalid value"]


def test_validation_problems_are_listed_one_per_line() -> None:
    text = MINIMAL.replace('query = "x[tiab]"\n', 'qurey = "x"\n').replace(
        'id = "demo"', 'id = "Demo Review"'
    )
    lines = _errors(text + '\n[schedule]\ncron = "0 3 * *"\n')
    assert "r/review.toml: [search.pubmed] query: field required" in lines
    assert any(
        line.startswith("r/review.toml: [search.pubmed] qurey: unknown key") for line in lines
    )
    assert any(line.startswith("r/review.toml: [review] id: expected a slug") for line in lines)
    assert any(
        line.startswith("r/review.toml: [schedule] cron: expected 5 cron fields") for line in lines
    )
    assert len(lines) == 4


def test_a_missing_section_is_named() -> None:
    text = MINIMAL.split("[search.pubmed]")[0]
    assert _errors(text) == ["r/review.toml: [search]: section missing"]
    text = MINIMAL.replace("[search.pubmed]", "[search]\n[elsewhere]")
    lines = _errors(text)
    assert "r/review.toml: [search.pubmed]: section missing" in lines
    assert any(line.startswith("r/review.toml: elsewhere: unknown key") for line in lines)


def test_find_review_dir_walks_up(tmp_path: Path) -> None:
    (tmp_path / PROTOCOL_FILENAME).write_text(MINIMAL, encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "notes.txt").write_text("", encoding="utf-8")
    assert find_review_dir(deep) == tmp_path.resolve()
    assert find_review_dir(deep / "notes.txt") == tmp_path.resolve()
    assert find_review_dir(tmp_path) == tmp_path.resolve()


def test_find_review_dir_fails_without_a_review_toml(tmp_path: Path) -> None:
    if any((p / PROTOCOL_FILENAME).exists() for p in tmp_path.resolve().parents):
        pytest.skip("a review.toml exists above the temporary folder")
    with pytest.raises(ConfigError, match=r"no review\.toml in .* or any folder above it"):
        find_review_dir(tmp_path)
