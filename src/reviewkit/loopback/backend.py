"""What a utility handler works on, and the shape every handler has.

A :class:`Backend` is built for each request from the server's current
settings, so a handler sees the corpus, the history server, "today" and the
ESearch cap without reaching into the HTTP server. Each utility module
(:mod:`~reviewkit.loopback.esearch`, :mod:`~reviewkit.loopback.efetch`, …)
exposes one :data:`Handler`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeAlias

from reviewkit.loopback.corpus import Corpus
from reviewkit.loopback.history import History
from reviewkit.loopback.response import Response

__all__ = ["Backend", "Handler"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Backend:
    """The server state one request may read or change.

    ``today`` is None for the real date; ``cap`` is ESearch's visible-result cap.
    """

    corpus: Corpus
    history: History
    today: datetime.date | None
    cap: int

    def date(self) -> datetime.date:
        """The date used for ``reldate`` and EInfo."""
        return self.today or datetime.date.today()


# (backend, parameters, the fault taken for this request or None) -> answer
Handler: TypeAlias = Callable[[Backend, Mapping[str, str], str | None], Response]
