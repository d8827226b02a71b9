"""Field normalisation for deduplication: one small, pure rule per quirk.

Every database exports the same paper a little differently: DOIs with or without
``https://doi.org/``, ``Dhurat R`` beside ``Rachita Dhurat``, ``211-6`` beside
``211-216``, ``Int J Trichology`` beside ``International Journal of Trichology``.
Each function here removes one kind of difference so that the comparison in
:mod:`reviewkit.dedup.scoring` sees only real ones. None of them raises on odd
input: what cannot be read becomes ``None`` (absent), never a guess.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote

__all__ = [
    "STOP_WORDS",
    "author_key",
    "correction_citation",
    "first_page",
    "issue_key",
    "journal_tokens",
    "journals_compatible",
    "main_title",
    "name_words",
    "normalise_doi",
    "normalise_pmid",
    "normalise_title",
    "page_range",
    "pages_compatible",
    "plausible_year",
    "series_volume",
    "strip_markup",
    "strip_section_label",
    "strip_title_notes",
    "title_language",
    "venue_editions",
    "venue_head",
    "volume_key",
    "years_compatible",
]

_DOI_PREFIX = re.compile(
    r"^(?:https?://)?(?:dx\.)?(?:doi\.org/|doi:\s*|doi\s+)?",
    re.IGNORECASE,
)
_DOI_SHAPE = re.compile(r"^10\.\d{3,9}/\S+$")
_TRAILING_PUNCT = ".,;:)]}>\"'"


def normalise_doi(raw: str | None) -> str | None:
    """Reduce any spelling of a DOI to its bare, lower-case form, or ``None``.

    Handles resolver URLs, ``doi:`` / ``DOI`` prefixes, URL-encoding, trailing
    punctuation copied from a citation, and case (DOIs are case-insensitive).

    >>> normalise_doi("https://doi.org/10.4103/IJT.IJT_14_17.")
    '10.4103/ijt.ijt_14_17'
    >>> normalise_doi("DOI 10.1111/jocd.14267")
    '10.1111/jocd.14267'
    >>> normalise_doi("doi:10.1002%2Fjcp.20384")
    '10.1002/jcp.20384'
    >>> normalise_doi("http://dx.doi.org/10.1000/ABC") == normalise_doi("10.1000/abc")
    True
    >>> normalise_doi("not a doi") is None
    True
    """
    if not raw:
        return None
    doi = unquote(raw.strip()).strip()
    doi = _DOI_PREFIX.sub("", doi, count=1).strip().lower()
    # Several DOIs in one field (some exports do this): the first one counts.
    doi = doi.split()[0] if doi else doi
    doi = doi.rstrip(_TRAILING_PUNCT)
    return doi if _DOI_SHAPE.match(doi) else None


_PMID_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d+)")
_PMID_TEXT = re.compile(r"^\s*(?:pmid|pubmed(?:\s*id)?)?\s*:?\s*(\d{1,12})\s*$", re.IGNORECASE)


def normalise_pmid(raw: str | None) -> str | None:
    """Return a PubMed ID as digits without leading zeros, or ``None``.

    >>> normalise_pmid("PMID: 23960389")
    '23960389'
    >>> normalise_pmid("https://pubmed.ncbi.nlm.nih.gov/23960389/")
    '23960389'
    >>> normalise_pmid("0023960389")
    '23960389'
    >>> normalise_pmid("CN-01799773") is None
    True
    """
    if not raw:
        return None
    found = _PMID_URL.search(raw)
    match = found or _PMID_TEXT.match(raw)
    if match is None:
        return None
    digits = match.group(1).lstrip("0")
    return digits or None


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


def _fold(text: str) -> str:
    """Lower-case, spell out Greek letters, drop diacritics; keep only a-z0-9 words.

    >>> _fold("TNF-α in Ångström-scale β-cells")
    'tnf alpha in angstrom scale beta cells'
    """
    text = text.lower()
    if text.isascii():  # the common case: nothing to spell out or strip
        return _NON_ALNUM.sub(" ", text).strip()
    text = _GREEK_RE.sub(lambda m: f" {_GREEK[m.group(0)]} ", text)
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text).strip()


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
    folded = _fold(text)
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
    family = _fold(" ".join(family_tokens)).replace(" ", "")
    initial = _fold(given)[:1]
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
    return frozenset(w for w in _fold(strip_markup(name)).split() if len(w) >= 3)


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
    return tuple(t for t in _fold(strip_markup(raw)).split() if t not in STOP_WORDS)


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
    if len(core) < 2:
        return False
    others = set(full)
    found = sum(1 for t in core if t in others or any(_abbreviates(t, o) for o in others))
    return found >= 0.8 * len(core)


_VENUE_NOISE = frozenset({"proceedings", "annual", "proc", "conference", "international"})
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)?$")
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


_PAGE_SPLIT = re.compile(r"\s*(?:-+|–|—|‐|‑|‒|−|\bto\b)\s*")
_PAGE_TOKEN = re.compile(r"^[a-z]{0,3}\d+[a-z]?$")


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EXCEL_DATE = re.compile(rf"^(\d{{1,2}})-((?:{'|'.join(_MONTHS)})[a-z]*)$")


def page_range(raw: str | None) -> tuple[str, str] | None:
    """First and last page, with an abbreviated last page written out.

    >>> page_range("211-6")
    ('211', '216')
    >>> page_range("1565‐1571")
    ('1565', '1571')
    >>> page_range("e14267")
    ('e14267', 'e14267')
    >>> page_range("S12--S15")
    ('s12', 's15')
    >>> page_range("pp. 761--778")
    ('761', '778')
    >>> page_range("083-7")
    ('83', '87')
    >>> page_range("01-Aug")
    ('1', '8')
    >>> page_range("n/a") is None
    True
    """
    if not raw:
        return None
    text = raw.strip().lower().removeprefix("pp.").removeprefix("p.").strip()
    excel = _EXCEL_DATE.match(text)
    if excel is not None:  # "1-8" that a spreadsheet turned into the date "01-Aug"
        return str(int(excel.group(1))), str(_MONTHS.index(excel.group(2)[:3]) + 1)
    parts = [p.strip(" .,;") for p in _PAGE_SPLIT.split(text, maxsplit=1)]
    first = parts[0]
    if not _PAGE_TOKEN.match(first):
        return None
    last = parts[1] if len(parts) > 1 and parts[1] else first
    if not _PAGE_TOKEN.match(last):
        last = first
    if first.isdigit():
        first = first.lstrip("0") or "0"
    if last.isdigit():
        last = last.lstrip("0") or "0"
    if last.isdigit() and first.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def first_page(raw: str | None) -> str:
    """The first page in comparable form (``""`` when absent or unreadable).

    >>> first_page("211-6"), first_page("e14267"), first_page(None)
    ('211', 'e14267', '')
    """
    found = page_range(raw)
    return found[0] if found else ""


def pages_compatible(a: str, b: str) -> bool:
    """Whether two first pages (from :func:`first_page`) can be the same article.

    Equal after dropping a letter prefix (``e14267`` = ``14267``) counts, and so
    does page 1 beside a long article number (an e-locator listed as pages 1-n).

    >>> pages_compatible("e14267", "14267"), pages_compatible("1", "905140")
    (True, True)
    >>> pages_compatible("211", "311")
    False
    """
    if a == b:
        return True
    da, db = a.lstrip("abcdefghijklmnopqrstuvwxyz"), b.lstrip("abcdefghijklmnopqrstuvwxyz")
    if da and da == db:
        return True
    return (da == "1" and len(db) >= 4) or (db == "1" and len(da) >= 4)


def volume_key(raw: str | None) -> str:
    """Volume as comparable text: its leading number (``""`` when absent or unreadable).

    Series suffixes (``10628 LNCS``) and words (``Vol.``) go; a volume that is
    not a number (``(no pagination)``, a conference name) counts as absent.

    >>> volume_key("Vol. 12"), volume_key("10628 LNCS"), volume_key("(no pagination)")
    ('12', '10628', '')
    """
    if not raw:
        return ""
    text = _fold(raw)
    for prefix in ("volume ", "vol "):
        text = text.removeprefix(prefix)
    found = _LEADING_NUMBER.match(text)
    if found is not None:
        return found.group(1).lstrip("0") or "0"
    return text if text in _ROMAN_VOLUMES else ""


_LEADING_NUMBER = re.compile(r"^(\d+)")
_ROMAN_VOLUMES = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})


def issue_key(raw: str | None) -> str:
    """Issue as comparable text: ``No. 3`` → ``3``; supplements keep their word.

    >>> issue_key("No. 3"), issue_key("Suppl 1"), issue_key(None)
    ('3', 'suppl1', '')
    """
    if not raw:
        return ""
    text = _fold(raw)
    for prefix in ("number ", "no ", "issue "):
        text = text.removeprefix(prefix)
    return text.replace(" ", "")


def years_compatible(a: int | None, b: int | None) -> bool:
    """Years at most one apart (e-pub vs print) or unknown are compatible.

    >>> years_compatible(2019, 2020), years_compatible(2018, 2020), years_compatible(None, 2020)
    (True, False, True)
    """
    return a is None or b is None or abs(a - b) <= 1


#: Years outside this range are export placeholders (``0``, ``9999``), not facts.
_YEAR_RANGE = (1500, 2100)


def plausible_year(year: int | None) -> int | None:
    """``year`` if it can be a publication year, else ``None`` (absent).

    >>> plausible_year(2019), plausible_year(0), plausible_year(9999), plausible_year(None)
    (2019, None, None, None)
    """
    if year is None or not _YEAR_RANGE[0] <= year <= _YEAR_RANGE[1]:
        return None
    return year


def series_volume(a: str, b: str) -> bool:
    """Whether two volume keys follow different numbering schemes.

    Proceedings are cited with the book series' volume (``LNCS 10628``, four or
    five digits) by some exports and with the part of the proceedings (``2``) by
    others: the two numbers cannot be compared.

    >>> series_volume("10628", "2"), series_volume("12", "13"), series_volume("1864", "1865")
    (True, False, False)
    """
    if not (a.isdigit() and b.isdigit()):
        return False
    short, long = sorted((a, b), key=len)
    return len(long) >= 4 and len(short) <= 2


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
