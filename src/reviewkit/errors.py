"""Every exception reviewkit raises on purpose.

    ReviewkitError
    ├── ConfigError              review.toml or the environment is wrong or missing
    ├── SourceError              a bibliographic source failed us
    │   ├── SourceUnavailable    timeouts, 429, 5xx, truncated bodies: retrying may help
    │   ├── QueryRejected        NCBI refused the request itself (4xx, <ERROR>)
    │   └── IncompleteRetrieval  fetched PMIDs differ from the searched set
    ├── FormError                an extraction form definition is malformed or invalid
    ├── ParseError               an input file or payload could not be read
    │   └── UnsafeXML            a payload tried entity expansion or external entities
    └── StorageError             the review database or raw archive could not be used
        └── RefreshInProgress    another refresh holds the lock for this source

Callers catch ``ReviewkitError``; flows retry only ``SourceUnavailable``.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "FormError",
    "IncompleteRetrieval",
    "ParseError",
    "QueryRejected",
    "RefreshInProgress",
    "ReviewkitError",
    "SourceError",
    "SourceUnavailable",
    "StorageError",
    "UnsafeXML",
]


class ReviewkitError(Exception):
    """Root of every error reviewkit raises on purpose."""


class ConfigError(ReviewkitError):
    """The review's configuration (review.toml, environment) is missing or invalid."""


class SourceError(ReviewkitError):
    """A bibliographic source failed; the message starts with the source's name."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.detail = message


class SourceUnavailable(SourceError):
    """Transient failure: the same call may succeed later."""


class QueryRejected(SourceError):
    """Permanent failure: retrying the same call cannot help."""


class IncompleteRetrieval(SourceError):
    """The set of records fetched is not the set the search promised."""


class FormError(ReviewkitError):
    """An extraction form definition is malformed or invalid; the message names the line."""


class ParseError(ReviewkitError):
    """An input file or payload could not be read; the message names where."""


class UnsafeXML(ParseError):
    """The XML declared entities or external references, which are refused."""


class StorageError(ReviewkitError):
    """The review database or the raw-response archive could not be used."""


class RefreshInProgress(StorageError):
    """Another refresh of the same source is running against this database."""
