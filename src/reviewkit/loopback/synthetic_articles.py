"""Building one synthetic ``<PubmedArticle>``: its XML and the index fields it implies.

:class:`ArticleWriter` draws a record from a seeded RNG (topic, dates,
title, abstract, authors, MeSH, keywords, journal, language) and writes it
the way EFetch does: ``MedlineCitation`` with journal, often structured
abstracts, 1–8 authors with affiliations, MeSH, keywords and publication
types; ``PubmedData`` with ``History`` and DOI; PubMed's odd date forms
(seasons, ``MedlineDate``) now and then. Records spread over 1990–2026 so that
date slicing of a result above 9,999 can be exercised. The
:class:`~reviewkit.loopback.article_fields.IndexedFields` it returns equal
what :func:`~reviewkit.loopback.article_fields.index_fields` reads from the
XML, so a corpus can skip parsing. The order of RNG draws is the output:
changing it changes every seeded corpus.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from typing import TypeVar
from xml.sax.saxutils import escape

from reviewkit.loopback.article_fields import IndexedFields
from reviewkit.loopback.synthetic_people import COLLECTIVE, make_author
from reviewkit.loopback.synthetic_topics import (
    COMMON_MESH,
    DESIGNS,
    FILLER,
    JOURNALS,
    LANGUAGES,
    QUALIFIERS,
    TOPIC_WEIGHTS,
    TOPICS,
    Topic,
)
from reviewkit.records import Author, MeshHeading, MeshQualifier

__all__ = ["ArticleWriter", "FastRandom"]

_T = TypeVar("_T")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SEASON_MONTH = {"Spring": 3, "Summer": 6, "Autumn": 9, "Winter": 12}
_START = date(1990, 1, 1).toordinal()
_END = date(2026, 10, 31).toordinal()


class FastRandom(random.Random):
    """Seeded RNG whose ``choice``/``randint`` use one ``random()`` call each.

    The standard versions loop over ``getrandbits``; at ~40 draws per record
    that dominated generating 100k records. The streams differ, determinism stays.
    """

    def choice(self, seq: Sequence[_T]) -> _T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


def _plain(markup: str) -> str:
    """Text as ElementTree's itertext sees it: inline <i> tags dropped."""
    return markup.replace("<i>", "").replace("</i>", "")


def _ymd(day: int) -> tuple[int, int, int]:
    d = date.fromordinal(day)
    return d.year, d.month, d.day


def _hist(status: str, day: int, *, clock: bool) -> str:
    y, m, d = _ymd(day)
    tail = "<Hour>0</Hour><Minute>0</Minute>" if clock else ""
    return (
        f'<PubMedPubDate PubStatus="{status}"><Year>{y}</Year><Month>{m}</Month>'
        f"<Day>{d}</Day>{tail}</PubMedPubDate>"
    )


def _abstract_xml(sections: list[tuple[str, str]]) -> str:
    """An ``Abstract``: labelled sections, one unlabelled text, or nothing at all."""
    if not sections:
        return ""
    parts = [
        f'<AbstractText Label="{label}" NlmCategory="{label}">{text}</AbstractText>'
        if label
        else f"<AbstractText>{text}</AbstractText>"
        for label, text in sections
    ]
    return f"<Abstract>{''.join(parts)}</Abstract>"


def _keyword_xml(keywords: tuple[str, ...]) -> str:
    if not keywords:
        return ""
    return (
        '<KeywordList Owner="NOTNLM">'
        + "".join(f'<Keyword MajorTopicYN="N">{k}</Keyword>' for k in keywords)
        + "</KeywordList>"
    )


class ArticleWriter:
    """Builds articles' XML and index fields from a seeded RNG, one draw order for both."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        # Drawing each author from a prebuilt pool keeps 100k records fast.
        self.author_pool = [make_author(rng) for _ in range(4096)]

    def pub_date(self, day: int) -> tuple[str, int]:
        """PubDate XML and its pdat value, with PubMed's occasional odd forms."""
        y, m, d = _ymd(day)
        roll = self.rng.random()
        if roll < 0.03:
            season = self.rng.choice(tuple(_SEASON_MONTH))
            return (
                f"<Year>{y}</Year><Season>{season}</Season>",
                y * 10000 + _SEASON_MONTH[season] * 100 + 1,
            )
        if roll < 0.05:
            return (
                f"<MedlineDate>{y} {_MONTHS[m - 1]}-{_MONTHS[m % 12]}</MedlineDate>",
                y * 10000 + 101,
            )
        if roll < 0.10:
            return f"<Year>{y}</Year>", y * 10000 + 101
        if roll < 0.45:
            return f"<Year>{y}</Year><Month>{_MONTHS[m - 1]}</Month>", y * 10000 + m * 100 + 1
        return (
            f"<Year>{y}</Year><Month>{_MONTHS[m - 1]}</Month><Day>{d:02d}</Day>",
            y * 10000 + m * 100 + d,
        )

    def title(self, topic: Topic, design: str) -> tuple[str, str, str, str]:
        """Title markup, and the condition, intervention and outcome it names."""
        rng = self.rng
        condition = rng.choice(topic.conditions)
        intervention = rng.choice(topic.interventions)
        outcome = rng.choice(topic.outcomes)
        form = rng.randrange(4)
        if form == 0:
            text = f"{intervention.capitalize()} for {condition}: {design}."
        elif form == 1:
            text = f"Effect of {intervention} on {outcome} in {condition}: {design}."
        elif form == 2:
            text = (
                f"{intervention.capitalize()} versus {rng.choice(topic.interventions)} "
                f"in patients with {condition}."
            )
        else:
            text = f"<i>In vivo</i> assessment of {intervention} in {condition}."
        return text, condition, intervention, outcome

    def abstract(self, condition: str, intervention: str, outcome: str) -> list[tuple[str, str]]:
        """(label, text) sections; label is empty for an unstructured abstract."""
        rng = self.rng
        n = rng.randint(24, 480)
        pct = rng.randint(5, 70)
        sections = [
            (
                "BACKGROUND",
                f"{condition.capitalize()} is common and current treatments "
                f"have limitations. {intervention.capitalize()} has been proposed.",
            ),
            (
                "OBJECTIVE",
                f"To evaluate the efficacy and safety of {intervention} for {condition}.",
            ),
            (
                "METHODS",
                f"We enrolled {n} participants with {condition} and measured {outcome} "
                f"at baseline and after {rng.choice((8, 12, 24, 48))} weeks; "
                f"{rng.choice(FILLER)}.",
            ),
            (
                "RESULTS",
                f"{outcome.capitalize()} improved by {pct}% with {intervention} "
                f"(p &lt; 0.0{rng.randint(1, 5)}); {rng.choice(FILLER)}.",
            ),
            (
                "CONCLUSIONS",
                f"{intervention.capitalize()} appears effective for {condition}; "
                f"{rng.choice(FILLER)}.",
            ),
        ]
        if rng.random() < 0.4:
            return sections
        return [("", " ".join(text for _, text in sections))]

    def authors(self, count: int) -> tuple[str, tuple[Author, ...]]:
        """``AuthorList`` content for ``count`` authors (sometimes a group first), and values."""
        rng = self.rng
        pool = self.author_pool
        picked = [pool[int(rng.random() * len(pool))] for _ in range(count)]
        if rng.random() < 0.03:
            picked.insert(0, COLLECTIVE)
        return "".join(x for x, _ in picked), tuple(a for _, a in picked)

    def mesh(self, topic: Topic) -> tuple[str, tuple[MeshHeading, ...]]:
        """A sorted ``MeshHeadingList``: topical headings (some major) plus check tags."""
        rng = self.rng
        chosen = rng.sample(topic.mesh, k=min(len(topic.mesh), rng.randint(1, 3)))
        chosen += rng.sample(COMMON_MESH, k=rng.randint(2, 6))
        chosen.sort()
        xml: list[str] = []
        found: list[MeshHeading] = []
        for position, (name, ui) in enumerate(chosen):
            topical = position < 3 and (name, ui) in topic.mesh
            qualifiers: tuple[MeshQualifier, ...] = ()
            q_xml = ""
            if topical and rng.random() < 0.6:
                q_name, q_ui = rng.choice(QUALIFIERS)
                qualifiers = (MeshQualifier(name=q_name, major=True),)
                q_xml = f'<QualifierName UI="{q_ui}" MajorTopicYN="Y">{q_name}</QualifierName>'
            major = topical and not qualifiers
            xml.append(
                f'<MeshHeading><DescriptorName UI="{ui}" MajorTopicYN='
                f'"{"Y" if major else "N"}">{escape(name)}</DescriptorName>{q_xml}'
                f"</MeshHeading>"
            )
            found.append(MeshHeading(descriptor=name, major=major, qualifiers=qualifiers))
        return f"<MeshHeadingList>{''.join(xml)}</MeshHeadingList>", tuple(found)

    def article(self, index: int, n: int, pmid: int) -> tuple[bytes, IndexedFields]:
        """Article ``index`` of ``n`` (which places it in time) as raw XML and index fields."""
        rng = self.rng
        topic = rng.choices(TOPICS, weights=TOPIC_WEIGHTS)[0]
        # Entrez dates rise with the PMID; publication dates scatter around them.
        edat_day = min(_END, _START + (_END - _START) * index // max(n, 1) + rng.randint(0, 3))
        pub_xml, pdat = self.pub_date(min(_END, edat_day + rng.randint(-60, 120)))
        revised_day = min(_END, edat_day + rng.randint(0, 1500))
        ey, em, ed = _ymd(edat_day)
        ry, rm, rd = _ymd(revised_day)
        design, design_types = rng.choice(DESIGNS)
        title_xml, condition, intervention, outcome = self.title(topic, design)
        sections = self.abstract(condition, intervention, outcome) if rng.random() > 0.08 else []
        authors_xml, authors = self.authors(rng.randint(1, 8))
        status = rng.choices(
            ("MEDLINE", "PubMed-not-MEDLINE", "In-Data-Review", "Publisher"), weights=(80, 10, 6, 4)
        )[0]
        mesh_xml, mesh = self.mesh(topic) if status == "MEDLINE" else ("", ())
        keywords = tuple(rng.sample(topic.keywords, k=rng.randint(0, 4)))
        journal, iso, issn, nlm_id = JOURNALS[rng.choice(topic.journals)]
        language = rng.choice(LANGUAGES)
        types = (("Journal Article", "D016428"), *design_types)
        volume, page = rng.randint(1, 90), rng.randint(1, 2400)
        doi = f"10.{1000 + index % 8000}/{iso.replace(' ', '').lower()}.{ey}.{pmid % 100000}"

        abstract_xml = _abstract_xml(sections)
        keyword_xml = _keyword_xml(keywords)
        types_xml = "".join(f'<PublicationType UI="{ui}">{t}</PublicationType>' for t, ui in types)
        xml = (
            f'<PubmedArticle><MedlineCitation Status="{status}" Owner="NLM">'
            f'<PMID Version="1">{pmid}</PMID>'
            f"<DateRevised><Year>{ry}</Year><Month>{rm:02d}</Month><Day>{rd:02d}</Day>"
            f"</DateRevised>"
            f'<Article PubModel="Print-Electronic"><Journal>'
            f'<ISSN IssnType="Electronic">{issn}</ISSN>'
            f'<JournalIssue CitedMedium="Internet"><Volume>{volume}</Volume><Issue>'
            f"{rng.randint(1, 12)}</Issue><PubDate>{pub_xml}</PubDate></JournalIssue>"
            f"<Title>{escape(journal)}</Title><ISOAbbreviation>{iso}</ISOAbbreviation></Journal>"
            f"<ArticleTitle>{title_xml}</ArticleTitle>"
            f"<Pagination><StartPage>{page}</StartPage><EndPage>{page + 9}</EndPage>"
            f"<MedlinePgn>{page}-{page + 9}</MedlinePgn></Pagination>"
            f'<ELocationID EIdType="doi" ValidYN="Y">{doi}</ELocationID>{abstract_xml}'
            f'<AuthorList CompleteYN="Y">{authors_xml}</AuthorList>'
            f"<Language>{language}</Language><PublicationTypeList>{types_xml}"
            f"</PublicationTypeList></Article>"
            f"<MedlineJournalInfo><Country>United States</Country><MedlineTA>{iso}</MedlineTA>"
            f"<NlmUniqueID>{nlm_id}</NlmUniqueID><ISSNLinking>{issn}</ISSNLinking>"
            f"</MedlineJournalInfo>{mesh_xml}{keyword_xml}</MedlineCitation>"
            f"<PubmedData><History>{_hist('received', max(_START, edat_day - 90), clock=False)}"
            f"{_hist('pubmed', edat_day, clock=True)}{_hist('medline', edat_day + 1, clock=True)}"
            f"{_hist('entrez', edat_day, clock=True)}</History>"
            f"<PublicationStatus>ppublish</PublicationStatus><ArticleIdList>"
            f'<ArticleId IdType="pubmed">{pmid}</ArticleId>'
            f'<ArticleId IdType="doi">{doi}</ArticleId></ArticleIdList></PubmedData>'
            f"</PubmedArticle>"
        )
        fields = IndexedFields(
            pmid=pmid,
            titles=(_plain(title_xml),),
            abstracts=tuple(_plain(text).replace("&lt;", "<") for _, text in sections),
            keywords=keywords,
            mesh=mesh,
            publication_types=tuple(t for t, _ in types),
            authors=authors,
            journal_names=(journal, iso, issn, iso, issn),
            languages=(language,),
            pdat=pdat,
            edat=ey * 10000 + em * 100 + ed,
            mdat=ry * 10000 + rm * 100 + rd,
        )
        return xml.encode("utf-8"), fields
