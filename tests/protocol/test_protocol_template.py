"""Tests for reviewkit.protocol.template: the review.toml that ``reviewkit init`` writes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reviewkit.errors import ConfigError
from reviewkit.protocol import PROTOCOL_FILENAME, load_protocol, write_template
from tests.protocol.protocol_support import REPO_REVIEW, TEMPLATE


def test_the_template_loads_and_has_the_same_keys_as_the_default_review() -> None:
    template = load_protocol(TEMPLATE)
    assert template.review.id == "my-review"

    def keys(path: Path) -> set[tuple[str, ...]]:
        found: set[tuple[str, ...]] = set()

        def walk(node: dict[str, object], prefix: tuple[str, ...]) -> None:
            for key, value in node.items():
                if isinstance(value, dict):
                    walk(value, (*prefix, key))
                else:
                    found.add((*prefix, key))

        walk(tomllib.loads(path.read_text(encoding="utf-8")), ())
        return found

    assert keys(TEMPLATE) == keys(REPO_REVIEW)


def test_write_template_creates_a_loadable_review_toml(tmp_path: Path) -> None:
    target = write_template(tmp_path / "new" / "review")
    assert target == tmp_path / "new" / "review" / PROTOCOL_FILENAME
    assert target.read_bytes() == TEMPLATE.read_bytes()
    assert load_protocol(target.parent).review.id == "my-review"


def test_write_template_refuses_to_overwrite(tmp_path: Path) -> None:
    existing = tmp_path / PROTOCOL_FILENAME
    existing.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="already exists"):
        write_template(tmp_path)
    assert existing.read_text(encoding="utf-8") == "# mine\n"


def test_write_template_reports_an_unwritable_target(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot write the review template"):
        write_template(blocker / "sub")
