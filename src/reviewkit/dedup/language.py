"""Title language: which language a title is written in, judged by its function words.

A title in English beside one in German is what a translated export looks
like, which :mod:`reviewkit.dedup.decision` uses to match a full citation under
two titles.
"""

from __future__ import annotations

from reviewkit.dedup.folding import strip_markup

__all__ = ["title_language"]


# Typical function words of the common languages of scholarly titles (words that
# several of them use in the same form, such as "de", "a" or "in", are left out).
_LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"the", "and", "of", "for", "with", "from", "as", "on", "to", "its"}),
    "de": frozenset({"und", "der", "die", "das", "des", "für", "fur", "mit", "von", "zum"})
    | frozenset({"zur", "bei", "als", "im", "einer", "eine", "auf", "über", "uber"}),
    "fr": frozenset({"et", "les", "du", "des", "pour", "dans", "sur", "une", "au", "aux"}),
    "es": frozenset({"y", "los", "las", "del", "para", "por", "con", "una", "el"}),
    "pt": frozenset({"e", "os", "as", "do", "da", "dos", "das", "para", "com", "uma", "no"}),
}


def title_language(raw: str | None) -> str | None:
    """The language a title is written in, by its function words (``None``: unsure).

    Two or more function words of one language, and more than of any other.

    >>> title_language("Hair loss and its treatment in the elderly")
    'en'
    >>> title_language("Haarausfall und seine Behandlung bei älteren Menschen")
    'de'
    >>> title_language("Microneedling") is None
    True
    """
    if not raw:
        return None
    words = strip_markup(raw).lower().split()
    words = [w.strip(".,;:!?()[]\"'“”‘’«»-") for w in words]
    hits = sorted(
        (
            (sum(1 for w in words if w in vocabulary), lang)
            for lang, vocabulary in _LANGUAGE_WORDS.items()
        ),
        reverse=True,
    )
    (best, lang), (second, _) = hits[0], hits[1]
    return lang if best >= 2 and best > second else None
