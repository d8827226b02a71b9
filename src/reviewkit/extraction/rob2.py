"""The Cochrane RoB 2 overall judgement, derived from the domain judgements.

The documented rule (Sterne et al. 2019, BMJ 366:l4898; Cochrane Handbook ch. 8):

- **low** when every domain is at low risk;
- **some concerns** when at least one domain has some concerns and none is high;
- **high** when at least one domain is high, *or* when some concerns in several
  domains together substantially lower confidence in the result.

The last clause is a reviewer's judgement, not arithmetic, so it is explicit
here: :class:`Rob2Policy` says whether it is decided by the reviewer's flag (the
default), never applied, or always applied once ``threshold`` domains have some
concerns. Whatever the policy, the overall judgement is never less severe than
the worst domain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from reviewkit.errors import ConfigError, ParseError
from reviewkit.extraction.forms import Derivation

__all__ = [
    "DOMAINS",
    "Judgement",
    "Overall",
    "Rob2Policy",
    "derive",
    "judgement",
    "overall",
]

#: RoB 2 domains for randomised trials (robvis wording).
DOMAINS: dict[str, str] = {
    "D1": "Bias arising from the randomization process",
    "D2": "Bias due to deviations from intended intervention",
    "D3": "Bias due to missing outcome data",
    "D4": "Bias in measurement of the outcome",
    "D5": "Bias in selection of the reported result",
}


class Judgement(StrEnum):
    """A RoB 2 judgement, ordered from least to most severe."""

    LOW = "low"
    SOME_CONCERNS = "some concerns"
    HIGH = "high"

    @property
    def severity(self) -> int:
        """0 for low, 1 for some concerns, 2 for high."""
        return _ORDER.index(self)


_ORDER = (Judgement.LOW, Judgement.SOME_CONCERNS, Judgement.HIGH)
# robvis reduces judgements to their first letter; accept those too.
_ALIASES = {"l": Judgement.LOW, "s": Judgement.SOME_CONCERNS, "h": Judgement.HIGH}


def judgement(text: str) -> Judgement:
    """Read a judgement: its name in any case, or robvis's first letter.

    >>> judgement("Some concerns"), judgement("h")
    (<Judgement.SOME_CONCERNS: 'some concerns'>, <Judgement.HIGH: 'high'>)
    """
    cleaned = " ".join(text.strip().casefold().replace("_", " ").split())
    if cleaned in _ALIASES:
        return _ALIASES[cleaned]
    try:
        return Judgement(cleaned)
    except ValueError as exc:
        raise ParseError(
            f"expected a RoB 2 judgement (low, some concerns, high), got {text!r}"
        ) from exc


@dataclass(frozen=True, slots=True, kw_only=True)
class Rob2Policy:
    """How several domains with some concerns affect the overall judgement.

    ``multiple_concerns``: ``"reviewer"`` escalates to high only when the reviewer
    says so (and at least ``threshold`` domains have some concerns); ``"never"``
    ignores the flag; ``"always"`` escalates whenever ``threshold`` is reached.
    """

    multiple_concerns: Literal["reviewer", "never", "always"] = "reviewer"
    threshold: int = 2

    def __post_init__(self) -> None:
        if self.threshold < 2:
            raise ConfigError("RoB 2 threshold counts *multiple* domains: it must be at least 2")


@dataclass(frozen=True, slots=True, kw_only=True)
class Overall:
    """The overall judgement and why."""

    judgement: Judgement
    reason: str
    escalated: bool = False


def overall(
    domains: Mapping[str, Judgement],
    *,
    escalate: bool = False,
    policy: Rob2Policy = Rob2Policy(),
) -> Overall:
    """The overall RoB 2 judgement from the domain judgements.

    Args:
        domains: judgement per domain name (at least one).
        escalate: the reviewer's flag that the domains with some concerns together
            substantially lower confidence in the result.
        policy: how that flag and the number of such domains are used.

    >>> overall({"D1": Judgement.LOW, "D2": Judgement.SOME_CONCERNS}).judgement
    <Judgement.SOME_CONCERNS: 'some concerns'>
    """
    if not domains:
        raise ParseError("RoB 2 needs at least one domain judgement, got none")
    worst = max(domains.values(), key=lambda j: j.severity)
    names = [name for name, j in domains.items() if j is worst]
    if worst is Judgement.LOW:
        return Overall(judgement=worst, reason="low risk of bias in every domain")
    if worst is Judgement.HIGH:
        return Overall(judgement=worst, reason=f"high risk of bias in {', '.join(names)}")
    count = len(names)
    reason = f"some concerns in {', '.join(names)} and no domain at high risk"
    wanted = policy.multiple_concerns == "always" or (
        policy.multiple_concerns == "reviewer" and escalate
    )
    if wanted and count >= policy.threshold:
        return Overall(
            judgement=Judgement.HIGH,
            reason=f"some concerns in {count} domains ({', '.join(names)}) "
            "substantially lower confidence in the result",
            escalated=True,
        )
    if escalate and policy.multiple_concerns == "reviewer":
        reason += (
            f"; the escalation flag needs some concerns in at least {policy.threshold} "
            f"domains, not {count}, so it was not applied"
        )
    return Overall(judgement=worst, reason=reason)


def derive(
    derivation: Derivation,
    values: Mapping[str, object],
    *,
    policy: Rob2Policy = Rob2Policy(),
) -> Overall | None:
    """The overall judgement for a form's derived field, from an entry's values.

    ``None`` while any domain is still empty. ``values`` holds the coerced domain
    choices (``"low"``, ``"some concerns"``, ``"high"``) and the escalation flag
    (``"yes"`` escalates; ``"no"``, ``"unclear"`` or empty do not).
    """
    domains: dict[str, Judgement] = {}
    for key in derivation.domains:
        raw = values.get(key)
        if not isinstance(raw, str) or not raw.strip():
            return None
        domains[key] = judgement(raw)
    flag = values.get(derivation.escalate) if derivation.escalate else None
    return overall(domains, escalate=flag == "yes", policy=policy)
