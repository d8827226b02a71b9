"""Read BibTeX exports into citations, LaTeX markup turned into Unicode.

Pure. bibtexparser 2 splits the file into blocks and reports each block that
fails to parse with its line; such an entry is skipped with that line, the rest
of the file is still read. Only prose fields go through LaTeX decoding: a DOI or
URL may contain ``%`` or ``_``, which LaTeX would eat.
"""

from __future__ import annotations

import re

from bibtexparser import model
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import SeparateCoAuthors
from pylatexenc.latex2text import LatexNodes2Text

from reviewkit.errors import ParseError
from reviewkit.formats.fields import clean, doi_in, first, year_or_warning
from reviewkit.formats.model import ParsedFile, Skipped
from reviewkit.records import Citation

__all__ = ["parse_bibtex"]

# "@article{" or "@book(" at a line start; @string/@preamble/@comment are not records.
_ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]", re.MULTILINE)
_NOT_RECORDS = frozenset({"string", "preamble", "comment"})
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_SPACES = re.compile(r"\s+")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def parse_bibtex(text: str, *, file_name: str, source: str) -> ParsedFile:
    """Parse decoded BibTeX text into citations.

    Raises:
        ParseError: the text holds no BibTeX entry at all.
    """
    records_in_file = sum(
        1 for m in _ENTRY_START.finditer(text) if m.group(1).lower() not in _NOT_RECORDS
    )
    library = parse_string(text, append_middleware=[SeparateCoAuthors()])
    citations: list[Citation] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    n = 0
    for block in library.blocks:
        entry = _entry_of(block)
        if entry is None and not _is_failed_record(block):
            continue
        n += 1
        where = f"{file_name}:{(block.start_line or 0) + 1}"  # bibtexparser counts from 0
        if entry is None:
            error = block.error if isinstance(block, model.ParsingFailedBlock) else None
            skipped.append(Skipped(where=where, reason=f"unparseable BibTeX entry: {error}"))
            continue
        if isinstance(block, model.ParsingFailedBlock):
            warnings.append(f"{where}: {block.error}; entry read anyway")
        citation, warning = _citation(
            entry, record_id=f"{source}:{file_name}#{n}", source=source, origin=where
        )
        citations.append(citation)
        if warning:
            warnings.append(warning)
    if n == 0:
        raise ParseError(
            f"{file_name}: no BibTeX entry found; expected entries like '@article{{key,'"
        )
    return ParsedFile(
        dialect="bibtex",
        records_in_file=records_in_file,
        counted_as='"@type{" entries',
        citations=tuple(citations),
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )


def _entry_of(block: model.Block) -> model.Entry | None:
    """The entry a block holds, including one only flagged for a duplicate key or field."""
    if isinstance(block, model.Entry):
        return block
    if isinstance(block, model.DuplicateBlockKeyBlock | model.DuplicateFieldKeyBlock):
        inner = block.ignore_error_block
        return inner if isinstance(inner, model.Entry) else None
    return None


def _is_failed_record(block: model.Block) -> bool:
    if not isinstance(block, model.ParsingFailedBlock):
        return False
    match = _ENTRY_START.match(block.raw or "")
    return match is not None and match.group(1).lower() not in _NOT_RECORDS


def _latex(value: str | None) -> str | None:
    """LaTeX → Unicode (``{\\"u}`` → ü, braces dropped), whitespace collapsed."""
    if value is None:
        return None
    # Exports often leave "50%" unescaped; LaTeX would read the rest of the line as a comment.
    decoded = LatexNodes2Text().latex_to_text(_UNESCAPED_PERCENT.sub(r"\\%", value))
    return clean(_SPACES.sub(" ", decoded))


def _field(entry: model.Entry, *keys: str) -> str | None:
    for key in keys:
        found = entry.fields_dict.get(key) or entry.fields_dict.get(key.upper())
        if found is not None and not isinstance(found.value, list):
            value = clean(found.value)
            if value:
                return value
    return None


def _authors(entry: model.Entry) -> tuple[str, ...]:
    found = entry.fields_dict.get("author")
    if found is None:
        return ()
    names = found.value if isinstance(found.value, list) else _AND.split(str(found.value))
    return tuple(a for a in (_latex(str(name)) for name in names) if a)


def _keywords(raw: str | None) -> tuple[str, ...]:
    text = _latex(raw)
    if text is None:
        return ()
    parts = text.split(";") if ";" in text else text.split(",")
    return tuple(p for p in (clean(part) for part in parts) if p)


def _citation(
    entry: model.Entry, *, record_id: str, source: str, origin: str
) -> tuple[Citation, str | None]:
    year, warning = year_or_warning(_field(entry, "year", "date"), where=origin)
    pages = _field(entry, "pages")
    citation = Citation(
        record_id=record_id,
        source=source,
        title=_latex(_field(entry, "title")),
        authors=_authors(entry),
        year=year,
        journal=_latex(_field(entry, "journal", "journaltitle", "booktitle")),
        journal_abbrev=_latex(_field(entry, "shortjournal", "journal-iso")),
        volume=_field(entry, "volume"),
        issue=_field(entry, "number", "issue"),
        # "--" is BibTeX's spelling of a range dash.
        pages=pages.replace("--", "-") if pages else None,
        doi=first(_field(entry, "doi"), doi_in([_field(entry, "url")])),
        pmid=_field(entry, "pmid"),
        pmcid=_field(entry, "pmcid"),
        issn=_field(entry, "issn"),
        abstract=_latex(_field(entry, "abstract")),
        publication_type=clean(entry.entry_type),
        language=_latex(_field(entry, "language")),
        keywords=_keywords(_field(entry, "keywords")),
        origin=origin,
    )
    return citation, warning
