"""Keep the API key and contact email out of logs, errors, archives and reprs.

NCBI echoes the API key in its 429 bodies ("api-key"), so response bodies and
anything quoting them are redacted too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewkit.eutils.config import EUtilsConfig

__all__ = ["SECRET_PARAMS", "Params", "Redactor", "brief", "snippet"]

Params = list[tuple[str, str]]
#: Request parameters never archived or logged.
SECRET_PARAMS = frozenset({"api_key", "email"})
_SNIPPET = 200


@dataclass(frozen=True, slots=True)
class Redactor:
    """Replaces the configured secrets with ``***``; holds them out of its ``repr``."""

    api_key: str | None = field(default=None, repr=False)
    email: str | None = field(default=None, repr=False)

    @classmethod
    def of(cls, config: EUtilsConfig) -> Redactor:
        """The redactor for a client configured with ``config``."""
        return cls(api_key=config.api_key, email=config.email)

    def text(self, text: str) -> str:
        """``text`` with the API key and email replaced."""
        for secret in (self.api_key, self.email):
            if secret:
                text = text.replace(secret, "***")
        return text

    def body(self, body: bytes) -> bytes:
        """A response body with the API key replaced (NCBI echoes it in 429 bodies)."""
        key = self.api_key
        return body.replace(key.encode(), b"***") if key and key.encode() in body else body

    @staticmethod
    def public(params: Params) -> tuple[tuple[str, str], ...]:
        """The request parameters without the secret ones."""
        return tuple((k, v) for k, v in params if k not in SECRET_PARAMS)


def snippet(body: bytes) -> str:
    """The start of a body on one line, for error messages (not redacted)."""
    text = " ".join(body[:_SNIPPET].decode("utf-8", "replace").split())
    return text + ("…" if len(body) > _SNIPPET else "") if text else "(empty body)"


def brief(params: tuple[tuple[str, str], ...]) -> str:
    """Public parameters for a debug log line, long values shortened."""
    return "&".join(f"{k}={v if len(v) <= 80 else v[:77] + '...'}" for k, v in params)
