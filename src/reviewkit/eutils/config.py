"""Where and how to reach the E-utilities: base URL, identification and retry settings."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["MAX_PER_REQUEST", "NCBI_BASE_URL", "EUtilsConfig"]

NCBI_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
# NBK25499: retmax is at most 10,000 for ESearch and EFetch; EPost takes at most
# 10,000 PubMed UIDs per request.
MAX_PER_REQUEST = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class EUtilsConfig:
    """Where and how to reach the E-utilities; the API key is left out of ``repr``."""

    base_url: str = NCBI_BASE_URL
    tool: str = "reviewkit"
    email: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    max_tries: int = 6
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
