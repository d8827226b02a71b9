"""The review protocol: what ``review.toml`` may contain, and how it is read.

A review folder holds one ``review.toml`` (the protocol: question, PICO, the
PubMed search and where the review's data live). This package owns its schema
(strict pydantic models: an unknown key is an error, so a typo cannot be
silently ignored), the loader, the search for the review folder and the
template written by ``reviewkit init``. One module per concept:

- :mod:`~reviewkit.protocol.section`: the strict section base and value types;
- :mod:`~reviewkit.protocol.review`: ``[review]`` and ``[pico]``;
- :mod:`~reviewkit.protocol.search`: ``[search.pubmed]`` and its NCBI dates;
- :mod:`~reviewkit.protocol.locations`: ``[database]`` and ``[outputs]``;
- :mod:`~reviewkit.protocol.schedule`: ``[schedule]``;
- :mod:`~reviewkit.protocol.imports`: ``[[imports]]``;
- :mod:`~reviewkit.protocol.eligibility`, :mod:`~reviewkit.protocol.screening`,
  :mod:`~reviewkit.protocol.extraction`: the review stages' settings;
- :mod:`~reviewkit.protocol.prisma`: ``[prisma]``, the previous version of an updated review;
- :mod:`~reviewkit.protocol.model`: the whole :class:`Protocol`;
- :mod:`~reviewkit.protocol.loading`: reading it, with located error messages;
- :mod:`~reviewkit.protocol.template`: the template ``reviewkit init`` writes.

Every problem is raised as :class:`~reviewkit.errors.ConfigError` with a
message naming the file and the key. The only I/O is reading ``review.toml``
and writing the template; :func:`parse_protocol` is pure.
"""

from __future__ import annotations

from reviewkit.protocol.eligibility import DEFAULT_EXCLUSION_REASONS, Criteria, Eligibility
from reviewkit.protocol.extraction import Extraction
from reviewkit.protocol.imports import ImportSpec
from reviewkit.protocol.loading import (
    PROTOCOL_FILENAME,
    find_review_dir,
    load_protocol,
    parse_protocol,
)
from reviewkit.protocol.locations import Database, Outputs
from reviewkit.protocol.model import Protocol
from reviewkit.protocol.prisma import PrismaSection
from reviewkit.protocol.review import Pico, ReviewInfo
from reviewkit.protocol.schedule import Schedule
from reviewkit.protocol.screening import Screening
from reviewkit.protocol.search import PubmedSearch, Search
from reviewkit.protocol.template import write_template

__all__ = [
    "DEFAULT_EXCLUSION_REASONS",
    "PROTOCOL_FILENAME",
    "Criteria",
    "Database",
    "Eligibility",
    "Extraction",
    "ImportSpec",
    "Outputs",
    "Pico",
    "PrismaSection",
    "Protocol",
    "PubmedSearch",
    "ReviewInfo",
    "Schedule",
    "Screening",
    "Search",
    "find_review_dir",
    "load_protocol",
    "parse_protocol",
    "write_template",
]
