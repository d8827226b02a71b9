"""Author names: one key per person, whatever order and form an export uses.

``Dhurat R``, ``Rachita Dhurat``, ``Dhurat, Rachita`` and ``DHURAT R.`` are one
author; :func:`author_key` gives them all ``dhurat r``. :func:`name_words`
recognises a given and a family name swapped between fields.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reviewkit.dedup.folding import fold, strip_markup

__all__ = ["author_key", "name_words"]


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "2nd", "3rd"})
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "da", "dos", "das", "di", "du", "le", "la"}
    | {"ten", "ter", "bin", "ben", "al", "el", "mac", "st"}
)
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")


def _name_parts(name: str) -> tuple[list[str], str]:
    """Split an author string into (family tokens, given name)."""
    name = strip_markup(name).strip().strip(".,; ")
    if "," in name:
        family, _, given = name.partition(",")
        given_tokens = [t for t in given.split() if t.lower().strip(".") not in _SUFFIXES]
        return family.split(), " ".join(given_tokens)
    tokens = [t for t in name.replace(".", ". ").split() if t]
    while len(tokens) > 1 and tokens[-1].lower().strip(".,") in _SUFFIXES:
        tokens.pop()
    if len(tokens) == 1:
        return tokens, ""
    # Initials are written ``Dhurat R``/``DHURAT R.``/``English RS``: all capitals.
    trailing: list[str] = []
    while len(tokens) - len(trailing) > 1 and _INITIALS.match(tokens[-1 - len(trailing)]):
        trailing.append(tokens[-1 - len(trailing)])
    if trailing:
        return tokens[: len(tokens) - len(trailing)], "".join(reversed(trailing))
    # Natural order (``Rachita Dhurat``): family = last word with its particles.
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in _PARTICLES:
        start -= 1
    return tokens[start:], " ".join(tokens[:start])


@lru_cache(maxsize=1 << 16)
def author_key(name: str | None) -> str:
    """Family name plus first initial, e.g. ``dhurat r``, whatever the input order.

    >>> {author_key(n) for n in ("Dhurat R", "Rachita Dhurat", "Dhurat, Rachita", "DHURAT R.")}
    {'dhurat r'}
    >>> author_key("English RS Jr") == author_key("Robert S English Jr") == "english r"
    True
    >>> author_key("van der Berg, J.") == author_key("Jan van der Berg") == "vanderberg j"
    True
    >>> author_key("Belge-Kurutas, Ergül") == author_key("Belge Kurutas E") == "belgekurutas e"
    True
    """
    if not name or not name.strip():
        return ""
    family_tokens, given = _name_parts(name)
    family = fold(" ".join(family_tokens)).replace(" ", "")
    initial = fold(given)[:1]
    return f"{family} {initial}" if initial else family


@lru_cache(maxsize=1 << 16)
def name_words(name: str | None) -> frozenset[str]:
    """The words of a name (3+ letters, folded), whatever field they were put in.

    Used to recognise swapped fields (``William, O'Brochta`` vs ``O'Brochta, W.``).

    >>> sorted(name_words("William, O’Brochta"))
    ['brochta', 'william']
    """
    if not name:
        return frozenset()
    return frozenset(w for w in fold(strip_markup(name)).split() if len(w) >= 3)
