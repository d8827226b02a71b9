"""What one article contributes to the search index, field by field, as PubMed searches it.

Free-text *zones* (title, abstract, keywords, MeSH words, journal, authors)
are searched word by word; *key fields* are matched as whole normalised
values, with PubMed's rules: ``[mh]`` knows ``descriptor/subheading``
pairs, ``[majr]`` also counts a heading major when one of its subheadings is,
``"smith j"[au]`` finds Smith JA, and ``[la]`` takes both the code and the
language's name. :class:`IndexTerms` applies these rules;
:mod:`~reviewkit.loopback.index` stores the result. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewkit.loopback.article_fields import IndexedFields
from reviewkit.loopback.words import normalise_key, tokenise
from reviewkit.records import Author

__all__ = ["KEY_FIELDS", "ZONES", "IndexTerms"]

# Zones searched word by word, and the fields matched as whole values.
ZONES = ("ti", "ab", "kw", "mh", "jt", "au")
KEY_FIELDS = ("mh", "majr", "pt", "au", "ta", "la")

# Language codes PubMed uses, and the names [la] also accepts.
_LANGUAGES = {
    "eng": "english",
    "fre": "french",
    "ger": "german",
    "spa": "spanish",
    "ita": "italian",
    "jpn": "japanese",
    "chi": "chinese",
    "rus": "russian",
    "por": "portuguese",
    "kor": "korean",
    "pol": "polish",
    "dut": "dutch",
    "tur": "turkish",
    "per": "persian",
}


def _author_entries(author: Author) -> tuple[str, list[str]]:
    """The author's All Fields text and the keys ``[au]`` matches."""
    if author.collective:
        return author.collective, [normalise_key(author.collective)]
    family = normalise_key(author.family or "")
    initials = "".join(tokenise(author.initials or ""))
    keys = [family]
    # "smith j"[au] finds Smith JA, as PubMed's author search does.
    keys += [f"{family} {initials[:i]}" for i in range(1, len(initials) + 1)]
    if author.given:
        keys.append(f"{family} {normalise_key(author.given)}")
    return f"{author.family or ''} {author.initials or ''}", keys


class IndexTerms:
    """Turns an article's fields into the index's zone texts and exact-match keys.

    Caches normalised values that repeat across records (authors, MeSH,
    journals). Bounded: cleared when large, so a corpus of unique names cannot
    grow it forever. Not thread-safe: the corpus's lock guards it.
    """

    limit = 200_000

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}
        self._authors: dict[Author, tuple[str, list[str]]] = {}

    def _key(self, text: str) -> str:
        found = self._keys.get(text)
        if found is None:
            if len(self._keys) > self.limit:
                self._keys.clear()
            found = self._keys[text] = normalise_key(text)
        return found

    def _author(self, author: Author) -> tuple[str, list[str]]:
        found = self._authors.get(author)
        if found is None:
            if len(self._authors) > self.limit:
                self._authors.clear()
            found = self._authors[author] = _author_entries(author)
        return found

    def of(self, fields: IndexedFields) -> tuple[dict[str, Sequence[str]], dict[str, set[str]]]:
        """The record's zone texts and its exact-match keys per field.

        >>> smith = Author(family="Smith", given="John A", initials="JA")
        >>> fields = IndexedFields(pmid=1, authors=(smith,), languages=("ger",))
        >>> zones, keys = IndexTerms().of(fields)
        >>> zones["au"], sorted(keys["au"]), sorted(keys["la"])
        (['Smith JA'], ['smith', 'smith j', 'smith ja', 'smith john a'], ['ger', 'german'])
        """
        key = self._key
        keys: dict[str, set[str]] = {f: set() for f in KEY_FIELDS}
        mesh_words: list[str] = []
        for heading in fields.mesh:
            name = key(heading.descriptor)
            mesh_words.append(heading.descriptor)
            keys["mh"].add(name)
            if heading.major or any(q.major for q in heading.qualifiers):
                keys["majr"].add(name)
            for qualifier in heading.qualifiers:
                mesh_words.append(qualifier.name)
                combined = f"{name}/{key(qualifier.name)}"
                keys["mh"].add(combined)
                if heading.major or qualifier.major:
                    keys["majr"].add(combined)
        keys["pt"].update(map(key, fields.publication_types))
        author_texts = []
        for author in fields.authors:
            text, author_keys = self._author(author)
            author_texts.append(text)
            keys["au"].update(author_keys)
        keys["ta"].update(map(key, fields.journal_names))
        for code in fields.languages:
            keys["la"].add(key(code))
            if (language := _LANGUAGES.get(code.lower())) is not None:
                keys["la"].add(language)
        zones: dict[str, Sequence[str]] = {
            "ti": fields.titles,
            "ab": fields.abstracts,
            "kw": fields.keywords,
            "mh": mesh_words,
            "jt": fields.journal_names,
            "au": author_texts,
        }
        return zones, keys
