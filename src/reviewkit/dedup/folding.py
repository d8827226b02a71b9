"""Text folding: markup, Greek letters and diacritics reduced to comparable ASCII words.

Every text field the dedup engine compares (titles, author names, venues,
volume and issue labels) passes through :func:`strip_markup` and :func:`fold`
first, so ``TGF-<i>β</i>`` and ``TGF-beta`` or ``Évaluation`` and ``Evaluation``
compare equal.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["fold", "strip_markup"]


_TAG = re.compile(r"<[^>]*>")


def strip_markup(text: str) -> str:
    """Decode HTML entities and drop HTML/XML tags (``<i>``, ``<sup>``, MathML).

    >>> strip_markup("Effect of <i>minoxidil</i> &amp; CO<sub>2</sub>")
    'Effect of minoxidil & CO2'
    >>> strip_markup("&lt;mml:math&gt;&lt;mi&gt;x&lt;/mi&gt;&lt;/mml:math&gt; scale")
    'x scale'
    """
    # Twice: exports sometimes escape the tags themselves (``&lt;i&gt;``).
    for _ in range(2):
        text = _TAG.sub("", html.unescape(text))
    return text


_GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "µ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "ς": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
_GREEK_RE = re.compile("|".join(_GREEK))
_LIGATURES = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case, spell out Greek letters, drop diacritics; keep only a-z0-9 words.

    >>> fold("TNF-α in Ångström-scale β-cells")
    'tnf alpha in angstrom scale beta cells'
    """
    text = text.lower()
    if text.isascii():  # the common case: nothing to spell out or strip
        return _NON_ALNUM.sub(" ", text).strip()
    text = _GREEK_RE.sub(lambda m: f" {_GREEK[m.group(0)]} ", text)
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text).strip()
