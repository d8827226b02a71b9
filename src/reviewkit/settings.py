"""Settings read from the environment: the only place reviewkit looks at ``os.environ``.

Only the CLI and the flows call :meth:`Settings.from_env`; library functions take
the values they need as arguments.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from reviewkit.errors import ConfigError

__all__ = ["NCBI_EUTILS_URL", "Settings"]

NCBI_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """What the environment says about how to reach NCBI and the database.

    ``ncbi_api_key`` is kept out of ``repr`` so it never reaches a log line.
    """

    ncbi_email: str | None = None
    ncbi_api_key: str | None = field(default=None, repr=False)
    ncbi_tool: str = "reviewkit"
    eutils_url: str = NCBI_EUTILS_URL
    database_url: str | None = None

    @property
    def live_requested(self) -> bool:
        """True when the user set ``NCBI_EMAIL``, which makes ``reviewkit run`` go live."""
        return bool(self.ncbi_email)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``NCBI_EMAIL``, ``NCBI_API_KEY``, ``NCBI_TOOL``,
        ``REVIEWKIT_EUTILS_URL`` and ``REVIEWKIT_DATABASE_URL``.

        >>> Settings.from_env({"NCBI_EMAIL": "a@b.org"}).ncbi_email
        'a@b.org'
        """
        env = os.environ if env is None else env
        email = env.get("NCBI_EMAIL", "").strip() or None
        if email is not None and "@" not in email:
            raise ConfigError(f"NCBI_EMAIL={email!r} is not an e-mail address")
        tool = env.get("NCBI_TOOL", "reviewkit").strip() or "reviewkit"
        if any(c.isspace() for c in tool):
            raise ConfigError(f"NCBI_TOOL={tool!r} must not contain spaces (NCBI's rule)")
        url = env.get("REVIEWKIT_EUTILS_URL", "").strip() or NCBI_EUTILS_URL
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"REVIEWKIT_EUTILS_URL={url!r} must start with http:// or https://")
        if not url.endswith("/"):
            url += "/"
        return cls(
            ncbi_email=email,
            ncbi_api_key=env.get("NCBI_API_KEY", "").strip() or None,
            ncbi_tool=tool,
            eutils_url=url,
            database_url=env.get("REVIEWKIT_DATABASE_URL", "").strip() or None,
        )
