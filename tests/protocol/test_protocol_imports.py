"""Tests for reviewkit.protocol.imports: ``[[imports]]`` entries and their search strategy."""

from __future__ import annotations

import pytest

from reviewkit.protocol import parse_protocol
from tests.protocol.protocol_support import MINIMAL, _errors

IMPORT = '\n[[imports]]\npath = "exports/embase.ris"\nsource = "embase"\n'


def test_an_import_entry_takes_platform_strategy_and_limits() -> None:
    protocol = parse_protocol(
        MINIMAL + IMPORT + 'platform = "Ovid"\nlimits = "English; 2000 to current"\n'
        "query = '''\n1. exp Alopecia/\n2. microneedl*.ti,ab.\n3. 1 and 2\n'''\n"
        + IMPORT.replace("embase.ris", "scopus.ris").replace('"embase"', '"scopus"')
        + 'query_file = "exports/scopus-strategy.txt"\n'
    )
    ovid, scopus = protocol.imports
    assert (ovid.platform, ovid.limits) == ("Ovid", "English; 2000 to current")
    assert ovid.query == "1. exp Alopecia/\n2. microneedl*.ti,ab.\n3. 1 and 2"
    assert ovid.query_file is None
    assert (scopus.platform, scopus.query, scopus.limits) == (None, None, None)
    assert scopus.query_file == "exports/scopus-strategy.txt"


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (
            'query = "x"\nquery_file = "q.txt"\n',
            "imports[0]: the entry for 'exports/embase.ris' has both query and query_file: "
            "give the search strategy inline (query) or in a file (query_file), not both",
        ),
        ('platform = " "\n', "imports[0].platform: must not be empty"),
        ('query = ""\n', "imports[0].query: must not be empty"),
        ("limits = 2020\n", "imports[0].limits: Input should be a valid string"),
        ('strategy = "x"\n', "imports[0].strategy: unknown key"),
    ],
)
def test_bad_import_strategy_keys_are_named(keys: str, expected: str) -> None:
    lines = _errors(MINIMAL + IMPORT + keys)
    assert len(lines) == 1
    assert lines[0].startswith(f"r/review.toml: {expected}"), lines
