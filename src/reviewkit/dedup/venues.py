"""Journals and conference venues: names as words, abbreviations, themes and editions.

``Int J Trichology`` and ``International Journal of Trichology`` are one
journal; ``ICIS : Transforming Society ...`` names the series ``ICIS``; the
``24th`` and the ``25th`` meeting of one conference are two venues.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reviewkit.dedup.folding import fold, strip_markup

__all__ = ["STOP_WORDS", "journal_tokens", "journals_compatible", "venue_editions", "venue_head"]


STOP_WORDS = frozenset(
    {"of", "the", "and", "in", "for", "on", "de", "la", "le", "du", "des", "et", "und", "der"}
    | {"die", "a", "an", "to", "y", "el"}
)


def journal_tokens(raw: str | None) -> tuple[str, ...]:
    """Journal name as comparable words, stop words dropped.

    >>> journal_tokens("International Journal of Trichology")
    ('international', 'journal', 'trichology')
    >>> journal_tokens("Int. J. Trichol.")
    ('int', 'j', 'trichol')
    """
    if not raw:
        return ()
    return tuple(t for t in fold(strip_markup(raw)).split() if t not in STOP_WORDS)


def _abbreviates(short: str, full: str) -> bool:
    """``short`` is an abbreviation of ``full``: same first letter, letters in order."""
    if short == full:
        return True
    if not short or not full or short[0] != full[0] or len(short) > len(full):
        return False
    position = 0
    for ch in short:
        position = full.find(ch, position) + 1
        if position == 0:
            return False
    return True


# Words a conference name may have or lack without naming another venue.
_VENUE_NOISE = frozenset({"proceedings", "annual", "proc", "conference", "international"})
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)?$")


def _acronym(token: str, words: tuple[str, ...]) -> bool:
    """``token`` is spelt by the first letters (one to three) of ``words`` in order.

    Every word takes part except the venue noise words ("proceedings", "annual"),
    which a series name may leave out: ``amcis`` = *Am*ericas *C*onference
    *I*nformation *S*ystems.

    >>> _acronym("amcis", ("americas", "conference", "information", "systems"))
    True
    >>> _acronym("hicss", ("annual", "hawaii", "international", "conference", "system", "sciences"))
    True
    >>> _acronym("icis", ("americas", "conference", "information", "systems"))
    False
    """
    if not words:
        return not token
    word, rest = words[0], words[1:]
    if word in _VENUE_NOISE and _acronym(token, rest):
        return True
    return any(
        token.startswith(word[:n]) and _acronym(token[n:], rest)
        for n in range(1, min(3, len(word), len(token)) + 1)
    )


@lru_cache(maxsize=1 << 16)
def journals_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two journal names (from :func:`journal_tokens`) can be one journal.

    Abbreviated tokens must abbreviate the full tokens in order (ISO 4 style),
    one name may be the initialism of the other (``JAMA``), or most words of the
    shorter name (numbers, ordinals and "proceedings"/"annual" aside) occur in
    the longer one, as with conference names (``25th Americas Conference on
    Information Systems (AMCIS)`` vs ``Americas Conference on Information Systems``).

    >>> journals_compatible(journal_tokens("Int J Trichology"),
    ...                     journal_tokens("International Journal of Trichology"))
    True
    >>> journals_compatible(journal_tokens("Am J Infect Control"),
    ...                     journal_tokens("American Journal of Infection Control"))
    True
    >>> journals_compatible(journal_tokens("Hawaii International Conference on System Sciences"),
    ...     journal_tokens("51st Annual Hawaii Int. Conference On System Sciences (HICSS)"))
    True
    >>> journals_compatible(journal_tokens("AMCIS 2017 Proceedings"),
    ...                     journal_tokens("Americas Conference on Information Systems"))
    True
    >>> journals_compatible(journal_tokens("Value in Health"),
    ...                     journal_tokens("Antimicrobial Resistance and Infection Control"))
    False
    """
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) == len(b) and all(
        _abbreviates(x, y) or _abbreviates(y, x) for x, y in zip(a, b, strict=True)
    ):
        return True
    short, full = (a, b) if len(a) < len(b) else (b, a)
    if len(short) == 1 and len(full) > 1 and short[0] == "".join(t[0] for t in full):
        return True
    # A subtitle dropped: "Kinderkrankenschwester" / "Kinderkrankenschwester : Organ der ...".
    if full[: len(short)] == short and sum(map(len, short)) >= 8:
        return True
    core = [t for t in short if t not in _VENUE_NOISE and not _ORDINAL.match(t)]
    if len(core) == 1 and len(core[0]) >= 3:
        # A series acronym with its year: "AMCIS 2017 Proceedings".
        words = tuple(t for t in full if not _ORDINAL.match(t))
        return len(words) >= 3 and _acronym(core[0], words)
    if len(core) < 2:
        return False
    others = set(full)
    found = sum(1 for t in core if t in others or any(_abbreviates(t, o) for o in others))
    return found >= 0.8 * len(core)


_HEAD_SEPARATOR = re.compile(r"\s*:\s+")


def venue_head(raw: str | None) -> str:
    """A venue name without the theme or subtitle after a colon.

    Conference exports append the year's theme to the series name (``ICIS :
    Transforming Society with Digital Innovation``); the series name alone is
    what other exports call the venue.

    >>> venue_head("ICIS : Transforming Society with Digital Innovation")
    'ICIS'
    >>> venue_head("Journal of Hair Research")
    'Journal of Hair Research'
    >>> venue_head(None)
    ''
    """
    if not raw:
        return ""
    return _HEAD_SEPARATOR.split(raw.strip(), maxsplit=1)[0].strip()


_EDITION_ORDINAL = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\b", re.IGNORECASE)
_EDITION_YEAR = re.compile(r"(?<![\d/.])((?:19|20)\d\d)(?![\d/.])")


def venue_editions(raw: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The edition ordinals and the years a venue name states, e.g. ``25th``, ``2019``.

    Two conference records that both name their edition and name different
    ones are from different meetings, however alike the series names are.

    >>> venue_editions("Proceedings of the 51st Hawaii International Conference (HICSS 2018)")
    (frozenset({'51'}), frozenset({'2018'}))
    >>> venue_editions("Journal of Hair Research")
    (frozenset(), frozenset())
    """
    if not raw:
        return frozenset(), frozenset()
    ordinals = frozenset(_EDITION_ORDINAL.findall(raw))
    years = frozenset(_EDITION_YEAR.findall(raw))
    return ordinals, years
