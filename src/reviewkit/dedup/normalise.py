"""Field normalisation for deduplication: one small, pure rule per quirk.

Every database exports the same paper a little differently: DOIs with or without
``https://doi.org/``, ``Dhurat R`` beside ``Rachita Dhurat``, ``211-6`` beside
``211-216``, ``Int J Trichology`` beside ``International Journal of Trichology``.
Each rule removes one kind of difference so that the comparison in
:mod:`reviewkit.dedup.scoring` sees only real ones. None of them raises on odd
input: what cannot be read becomes ``None`` (absent), never a guess.

The rules live in one module per field concept; this module gathers their
public names in one place:

* :mod:`reviewkit.dedup.identifiers` -- DOI and PMID;
* :mod:`reviewkit.dedup.folding` -- markup, Greek letters, diacritics;
* :mod:`reviewkit.dedup.titles` -- titles and the notes databases append to them;
* :mod:`reviewkit.dedup.language` -- the language a title is written in;
* :mod:`reviewkit.dedup.names` -- author name keys;
* :mod:`reviewkit.dedup.venues` -- journals and conference venues;
* :mod:`reviewkit.dedup.locators` -- year, volume, issue and pages.
"""

from __future__ import annotations

from reviewkit.dedup.folding import strip_markup
from reviewkit.dedup.identifiers import normalise_doi, normalise_pmid
from reviewkit.dedup.language import title_language
from reviewkit.dedup.locators import (
    first_page,
    issue_key,
    page_range,
    pages_compatible,
    plausible_year,
    series_volume,
    volume_key,
    years_compatible,
)
from reviewkit.dedup.names import author_key, name_words
from reviewkit.dedup.titles import (
    correction_citation,
    main_title,
    normalise_title,
    strip_section_label,
    strip_title_notes,
)
from reviewkit.dedup.venues import (
    STOP_WORDS,
    journal_tokens,
    journals_compatible,
    venue_editions,
    venue_head,
)

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
