"""Shared by the protocol tests: the repository's review.toml, the template, a minimal one."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewkit.errors import ConfigError
from reviewkit.protocol import parse_protocol

REPO_ROOT = Path(__file__).resolve().parents[2]
REPO_REVIEW = REPO_ROOT / "review.toml"
TEMPLATE = REPO_ROOT / "src" / "reviewkit" / "templates" / "review.toml"

MINIMAL = """\
[review]
id = "demo"
title = "Demo"
question = "Does it work?"

[pico]
population = "adults"
intervention = "x"
comparator = "placebo"
outcomes = ["y"]
study_designs = ["randomised controlled trial"]

[search.pubmed]
query = "x[tiab]"
mindate = "2000"
"""


def _errors(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_protocol(text, origin="r/review.toml")
    return str(info.value).splitlines()
