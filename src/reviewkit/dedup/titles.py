"""Title normalisation: a title as lower-case ASCII words, without what databases add.

Databases append notes (``[Erratum appears in ...]``, ``[Review] [33 refs]``),
section labels (``[careers]``), the citation of a corrected article, or the
title in its original language, and PubMed brackets translated titles. The
rules here remove each of these so that two exports of one title compare
equal; :func:`normalise_title` applies them all.
"""

from __future__ import annotations

import re

from reviewkit.dedup.folding import fold, strip_markup

__all__ = [
    "correction_citation",
    "main_title",
    "normalise_title",
    "strip_section_label",
    "strip_title_notes",
]


_TRANSLATED = re.compile(r"^\s*\[(?P<inner>.+)\]\s*\.?\s*$", re.DOTALL)
# A short bracketed label after the title, set off by a space or a dash: IEEE
# Xplore appends the magazine department ("[careers]", "[Editorial]"), MEDLINE
# "[In Process Citation]". Only words, at most three: a longer bracketed tail is
# usually the title in a second language, which is kept for comparison.
_SECTION_LABEL = re.compile(
    r"(?<=\S)\s+(?:[-–—:|]\s*)?\[\s*(?:[^\W\d_]+[\s'’&-]*){1,3}\]\s*\.?\s*$"
)


def strip_section_label(text: str) -> str:
    """Drop a short bracketed section label that follows a title.

    >>> strip_section_label("The all-seeing employer - [careers]")
    'The all-seeing employer'
    >>> strip_section_label("Hair loss in winter [In Process Citation].")
    'Hair loss in winter'
    >>> strip_section_label("Crowd work [Arbeiten in der Crowd: Perspektiven der Theorie]")
    'Crowd work [Arbeiten in der Crowd: Perspektiven der Theorie]'
    >>> strip_section_label("Synthesis of 2-[4-chlorophenyl]")
    'Synthesis of 2-[4-chlorophenyl]'
    >>> strip_section_label("[Microneedling in alopecia].")
    '[Microneedling in alopecia].'
    """
    return _SECTION_LABEL.sub("", text, count=1)


# Notes a database appends to a title, which are not part of it. Ovid and EndNote
# exports of MEDLINE/Embase carry "[Erratum appears in J Pediatr. 2003 Jun;142(6):616]",
# "[see comments]", "[corrected]" …, often cut off by a field limit, so the closing
# bracket is optional and everything after the note goes with it.
_BRACKET_NOTE = re.compile(
    r"\s*\[\s*(?:(?:published\s+)?errat(?:um|a)\s+(?:appears?\s+in|in)|"
    r"review\s*\]\s*\[\s*\d+\s+refs?|\d+\s+refs?\s*\]|"
    r"comments?\s+(?:in|on)|retraction\s+in|retracted\s+article|"
    r"expression\s+of\s+concern\s+in|updated?\s+(?:in|of)|reprint(?:ed)?\s+in|"
    r"republished\s+(?:in|from)|summary\s+for\s+patients|duplicate\s+publication)\b.*$",
    re.IGNORECASE | re.DOTALL,
)
# Notes set inside the title where a word was corrected ("cisplatin or carboplatin
# [corrected], with ..."): only the bracket goes.
_BRACKET_WORD = re.compile(r"\s*\[\s*(?:corrected|see\s+comments?)\s*\]", re.IGNORECASE)
# Ovid Embase appends the title in its original language after "<ORIGINAL>".
_ORIGINAL_TITLE = re.compile(r"\s*<\s*original\s*>.*$", re.IGNORECASE | re.DOTALL)
# Web of Science titles a correction notice "<article title> (vol 142, pg 310, 2003)"
# and a retracted article "<title> (Retracted article. See vol. 5, pg. 10, 2010)".
_WOS_CORRECTION = re.compile(
    r"\s*\(\s*vol\.?\s*[\w-]+\s*,\s*pg\.?\s*[\w-]+\s*,\s*(?:19|20)\d\d\s*\)\W*$",
    re.IGNORECASE,
)
_WOS_RETRACTED = re.compile(r"\s*\(\s*retracted\s+article\b[^()]*\)\W*$", re.IGNORECASE)
# Embase titles a correction notice "<article title> (New England Journal of Medicine
# (2009) 360 (542-544))": the corrected article's citation, nested brackets and all,
# and sometimes cut off ("(The Journal of Pediatrics (M").
_EMBASE_CORRECTION = re.compile(
    r"\s*\(\s*(?:the\s+)?[A-Z][^()]{2,100}\(\s*(?:(?:19|20)\d\d\b|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|[A-Z][a-z]{0,2}\s*$)[^\[\]]*$"
)
# A letter titled after the article it discusses, with that article's citation
# appended: "More on eculizumab for aHUS... N Engl J Med. 2009 Jan 29;360(5):544-6".
_APPENDED_CITATION = re.compile(
    r"\s*(?:\.\.\.|\.)\s+[A-Z][\w .&'-]{1,80}\.\s+(?:19|20)\d\d"
    r"(?:\s+[A-Z][a-z]{2,8}(?:\s+\d{1,2})?)?"
    r"\s*;\s*\d+(?:\s*\([\w -]+\))?\s*:\s*[A-Za-z]?\d+(?:\s*-\s*[A-Za-z]?\d+)?\.?\s*$"
)


def correction_citation(raw: str | None) -> bool:
    """Whether a title carries the citation of the article it corrects (a correction notice).

    >>> correction_citation("Hair loss after COVID-19 (vol 142, pg 310, 2003)")
    True
    >>> correction_citation("Hair loss after COVID-19 (N Engl J Med (2009) 360 (542-544))")
    True
    >>> correction_citation("Minoxidil (5%) versus microneedling (MN) in alopecia")
    False
    """
    if not raw or "(" not in raw:
        return False
    text = strip_markup(raw)
    return bool(_WOS_CORRECTION.search(text) or _EMBASE_CORRECTION.search(text))


def strip_title_notes(text: str) -> str:
    """Drop what a database appended to a title: notes, correction or letter citations.

    >>> strip_title_notes("Hair loss.[Erratum appears in J Pediatr. 2003 Jun")
    'Hair loss.'
    >>> strip_title_notes("Hair loss [corrected][published erratum appears in Lancet]")
    'Hair loss'
    >>> strip_title_notes("Update on hair loss. [Review] [33 refs]")
    'Update on hair loss.'
    >>> strip_title_notes("Minoxidil or finasteride [corrected], with microneedling")
    'Minoxidil or finasteride, with microneedling'
    >>> strip_title_notes("Hair loss (vol 142, pg 310, 2003)")
    'Hair loss'
    >>> strip_title_notes("Hair loss (The Journal of Pediatrics (M")
    'Hair loss'
    >>> strip_title_notes("More on hair loss... N Engl J Med. 2009 Jan 29;360(5):544-6")
    'More on hair loss'
    >>> strip_title_notes("Platelet-rich plasma (PRP) in alopecia (a pilot study)")
    'Platelet-rich plasma (PRP) in alopecia (a pilot study)'
    >>> strip_title_notes("Results of the Hair Study (HS (Phase II) trial)")
    'Results of the Hair Study (HS (Phase II) trial)'
    """
    if "[" in text:
        text = _BRACKET_NOTE.sub("", _BRACKET_WORD.sub("", text), count=1)
    if "(" in text:
        for pattern in (_WOS_CORRECTION, _WOS_RETRACTED, _EMBASE_CORRECTION):
            text = pattern.sub("", text, count=1)
    if ";" in text:
        text = _APPENDED_CITATION.sub("", text, count=1)
    return text


# "10 000 women" / "10,000 women" / "10000 women": one number, grouped or not.
_DIGIT_GROUP = re.compile(r"(?<=\d)[ ,\u00a0\u2009\u202f](?=\d{3}(?!\d))")


def normalise_title(raw: str | None) -> str:
    """Title as lower-case ASCII words, for comparison (``""`` when absent).

    Removes markup, diacritics, punctuation, a leading "the", notes a database
    appended (:func:`strip_title_notes`), a short bracketed section or language
    label after the title (:func:`strip_section_label`) and the square brackets
    PubMed puts around translated titles.

    >>> normalise_title("[Microneedling in alopecia].")
    'microneedling in alopecia'
    >>> normalise_title("The Role of <i>TGF-β</i> in Hair Loss.")
    'role of tgf beta in hair loss'
    >>> normalise_title("Évaluation du microneedling")
    'evaluation du microneedling'
    >>> normalise_title("Gig work and the law [careers]")
    'gig work and the law'
    >>> normalise_title("[Clinical aspects of the complement system]. [Japanese]")
    'clinical aspects of the complement system'
    >>> normalise_title("Hair loss. <ORIGINAL> HAARAUSFALL")
    'hair loss'
    >>> normalise_title("Hair loss among 10 000 women"), normalise_title("in 10,000 women")
    ('hair loss among 10000 women', 'in 10000 women')
    """
    if not raw:
        return ""
    if "<" in raw:
        raw = _ORIGINAL_TITLE.sub("", raw)
    text = strip_section_label(strip_title_notes(strip_markup(raw)))
    if any(ch.isdigit() for ch in text):
        text = _DIGIT_GROUP.sub("", text)
    found = _TRANSLATED.match(text)
    if found is not None:
        text = found.group("inner")
    folded = fold(text)
    return folded.removeprefix("the ") if folded != "the" else folded


def main_title(raw: str | None) -> str:
    """Normalised title without its subtitle (the part after the first ``:``).

    >>> main_title("Microneedling for alopecia: a randomized controlled trial")
    'microneedling for alopecia'
    """
    if not raw:
        return ""
    text = strip_title_notes(strip_markup(_ORIGINAL_TITLE.sub("", raw)))
    head = text.split(":", 1)[0] if ":" in text else text
    return normalise_title(head)
