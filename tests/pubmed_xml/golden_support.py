"""Golden parse results: what ``parse_pubmed_xml`` gives for every stored XML file.

``tests/data/pubmed_xml/golden.json`` was written by the parser before its
speed work (the single-module ``pubmed_xml.py`` of commit 873f165) and pins
its output: the reader test compares the current parser with it. Regenerate
only when an output change is intended::

    .venv/bin/python -m tests.pubmed_xml.golden_support
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from reviewkit.errors import ReviewkitError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
GOLDEN = DATA / "pubmed_xml" / "golden.json"
# Every PubMed EFetch document stored with the tests, well-formed or not.
FILES = (
    sorted((DATA / "ncbi" / "Entrez").glob("pubmed*"))
    + sorted((DATA / "pubmed").glob("*.xml"))
    + sorted((DATA / "loopback").glob("pubmed*.xml"))
)
SYNTHETIC_RECORDS = 500
SYNTHETIC_SEED = 2024

Parser = Callable[..., Iterable[Any]]


def outcome(parse: Parser, data: bytes, origin: str) -> list[Any]:
    """Items as plain dicts, then the error if one ends the document."""
    found: list[Any] = []
    try:
        for item in parse(data, origin=origin):
            found.append({"type": type(item).__name__, **asdict(item)})
    except ReviewkitError as exc:
        found.append({"error": type(exc).__name__, "message": str(exc)})
    # Through JSON, so that tuples compare equal to the stored lists.
    loaded: list[Any] = json.loads(json.dumps(found, ensure_ascii=False))
    return loaded


def synthetic_digests(parse: Parser) -> dict[str, str]:
    """SHA-256 of a synthetic document and of its parse result."""
    from reviewkit.loopback.synthetic import write_synthetic_xml

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "synthetic.xml"
        write_synthetic_xml(path, SYNTHETIC_RECORDS, seed=SYNTHETIC_SEED)
        data = path.read_bytes()
    result = json.dumps(outcome(parse, data, "synthetic"), sort_keys=True, ensure_ascii=False)
    return {
        "input_sha256": hashlib.sha256(data).hexdigest(),
        "output_sha256": hashlib.sha256(result.encode()).hexdigest(),
    }


def golden(parse: Parser) -> dict[str, Any]:
    """The whole golden document for ``parse``."""
    return {
        "files": {
            str(path.relative_to(DATA)): outcome(parse, path.read_bytes(), path.name)
            for path in FILES
        },
        "synthetic": {
            "records": SYNTHETIC_RECORDS,
            "seed": SYNTHETIC_SEED,
            **synthetic_digests(parse),
        },
    }


def write_golden(parse: Parser) -> None:
    GOLDEN.write_text(
        json.dumps(golden(parse), indent=1, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    from reviewkit.pubmed_xml import parse_pubmed_xml

    write_golden(parse_pubmed_xml)
