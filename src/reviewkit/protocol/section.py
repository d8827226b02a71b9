"""What every ``review.toml`` section shares: strictness and the basic value types.

Sections are frozen pydantic models that forbid unknown keys, so a typo in
``review.toml`` is an error instead of a silently ignored key. Pure.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

__all__ = ["Section", "Slug", "Text", "unique"]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f"expected a slug of lower-case letters, digits and single dashes, got {value!r}"
        )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def unique(values: tuple[str, ...]) -> tuple[str, ...]:
    """Return ``values`` unchanged, or fail naming the ones listed more than once.

    >>> unique(("a", "b"))
    ('a', 'b')
    """
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"listed more than once: {', '.join(repeated)}")
    return values


#: An identifier such as a review id or reviewer name: ``microneedling-hair-loss``.
Slug = Annotated[str, AfterValidator(_check_slug)]
#: Text that is not blank, with surrounding whitespace removed.
Text = Annotated[str, AfterValidator(_not_blank)]


class Section(BaseModel):
    """Base of every ``review.toml`` table: frozen, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")
