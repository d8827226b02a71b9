"""Stream PubMed EFetch XML (``PubmedArticleSet``) into typed records.

Pure: reads only the bytes or binary stream it is given and never touches the
network. Parsing is incremental and memory stays flat however large the file:
the stream is cut into citations (:mod:`~reviewkit.pubmed_xml.splitter`), runs
of citations are parsed by ElementTree's C parser, and each citation becomes a
:class:`~reviewkit.records.PubmedRecord` before the next run is read
(:mod:`~reviewkit.pubmed_xml.reader`).

Safety: a small expat guard reads the prolog before anything else and refuses
any entity declaration with :class:`~reviewkit.errors.UnsafeXML`
(:mod:`~reviewkit.pubmed_xml.guard`). Citations are parsed without the prolog,
so an entity reference in one is undefined and rejected.

Because parsing streams, a truncated document yields its complete records
before :class:`~reviewkit.errors.ParseError` is raised; callers that must not
act on a partial batch check the body first with :func:`pubmed_xml_is_complete`.

The modules, by concept: ``reader`` (the driver), ``splitter`` (top-level
cutting and positions), ``guard`` (prolog safety, whole-document check),
``article`` and ``book`` (the two kinds of citation), ``authors``, ``dates``,
``identifiers``, ``text`` (markup and whitespace) and ``drafts`` (cheap
construction of the frozen values).
"""

from __future__ import annotations

from reviewkit.pubmed_xml.guard import pubmed_xml_is_complete
from reviewkit.pubmed_xml.reader import ParsedItem, parse_pubmed_file, parse_pubmed_xml

__all__ = ["ParsedItem", "parse_pubmed_file", "parse_pubmed_xml", "pubmed_xml_is_complete"]
