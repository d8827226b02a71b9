"""Deterministic, realistic-looking PubMed XML for tests and benchmarks.

Records look like EFetch output (MedlineCitation with journal, title, often
structured abstracts, 1–8 authors with affiliations, MeSH, keywords,
publication types; PubmedData with History and DOI) and are spread over
1990–2026 so that date slicing of a result above 9,999 can be exercised.
A few per cent are about microneedling and alopecia, so topic queries return
a small subset. PMIDs rise with the Entrez date, as on PubMed.

Nothing here is real: names, journals' volumes, DOIs and abstracts are made
up; MeSH UIs are illustrative.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from reviewkit.loopback.corpus import PUBMED_XML_HEADER, Corpus, IndexedFields
from reviewkit.records import Author, MeshHeading, MeshQualifier

__all__ = ["iter_synthetic_articles", "synthetic_corpus", "write_synthetic_xml"]

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class _Topic:
    weight: float
    conditions: tuple[str, ...]
    interventions: tuple[str, ...]
    outcomes: tuple[str, ...]
    mesh: tuple[tuple[str, str], ...]  # (descriptor, UI)
    keywords: tuple[str, ...]
    journals: tuple[int, ...]  # indexes into _JOURNALS


_JOURNALS: tuple[tuple[str, str, str, str], ...] = (
    # (Title, ISOAbbreviation, ISSN, NlmUniqueID)
    ("Journal of cosmetic dermatology", "J Cosmet Dermatol", "1473-2165", "101130964"),
    (
        "Dermatologic surgery : official publication for American Society for Dermatologic "
        "Surgery [et al.]",
        "Dermatol Surg",
        "1076-0512",
        "9504371",
    ),
    ("International journal of trichology", "Int J Trichology", "0974-7753", "101508336"),
    ("JAMA dermatology", "JAMA Dermatol", "2168-6068", "101589530"),
    ("Skin appendage disorders", "Skin Appendage Disord", "2296-9195", "101649406"),
    (
        "Journal of the American Academy of Dermatology",
        "J Am Acad Dermatol",
        "0190-9622",
        "7907132",
    ),
    ("The New England journal of medicine", "N Engl J Med", "0028-4793", "0255562"),
    ("Lancet (London, England)", "Lancet", "0140-6736", "2985213R"),
    ("BMJ (Clinical research ed.)", "BMJ", "0959-8138", "8900488"),
    ("PloS one", "PLoS One", "1932-6203", "101285081"),
    ("Scientific reports", "Sci Rep", "2045-2322", "101563288"),
    ("Circulation", "Circulation", "0009-7322", "0147763"),
    ("Diabetes care", "Diabetes Care", "0149-5992", "7805975"),
    (
        "Journal of clinical oncology : official journal of the American Society of Clinical "
        "Oncology",
        "J Clin Oncol",
        "0732-183X",
        "8309333",
    ),
    ("Medicine", "Medicine (Baltimore)", "0025-7974", "2985248R"),
    ("Revista medica de Chile", "Rev Med Chil", "0034-9887", "0404312"),
)

_TOPICS: tuple[_Topic, ...] = (
    _Topic(
        0.025,
        (
            "androgenetic alopecia",
            "male pattern hair loss",
            "female pattern hair loss",
            "alopecia areata",
        ),
        (
            "microneedling",
            "microneedling with minoxidil",
            "microneedling plus platelet-rich plasma",
            "dermaroller microneedling",
            "fractional microneedling",
        ),
        ("hair density", "hair count", "hair shaft diameter", "global photographic score"),
        (
            ("Alopecia", "D000505"),
            ("Alopecia Areata", "D000506"),
            ("Minoxidil", "D008914"),
            ("Percutaneous Collagen Induction", "D000081042"),
            ("Hair", "D006197"),
        ),
        (
            "microneedling",
            "androgenetic alopecia",
            "hair loss",
            "minoxidil",
            "collagen induction therapy",
            "hair regrowth",
            "dermaroller",
        ),
        (0, 1, 2, 3, 4),
    ),
    _Topic(
        0.08,
        (
            "androgenetic alopecia",
            "alopecia areata",
            "telogen effluvium",
            "hair loss",
            "frontal fibrosing alopecia",
        ),
        (
            "topical minoxidil",
            "oral finasteride",
            "platelet-rich plasma",
            "low-level laser therapy",
            "baricitinib",
            "oral minoxidil",
        ),
        ("hair density", "hair count", "SALT score", "patient satisfaction"),
        (
            ("Alopecia", "D000505"),
            ("Alopecia Areata", "D000506"),
            ("Minoxidil", "D008914"),
            ("Finasteride", "D018120"),
            ("Platelet-Rich Plasma", "D053657"),
            ("Hair", "D006197"),
        ),
        (
            "alopecia",
            "hair loss",
            "trichoscopy",
            "minoxidil",
            "platelet-rich plasma",
            "finasteride",
            "JAK inhibitor",
        ),
        (0, 2, 3, 4, 5),
    ),
    _Topic(
        0.03,
        ("atrophic acne scars", "melasma", "striae distensae", "facial photoaging"),
        (
            "microneedling",
            "radiofrequency microneedling",
            "microneedling with tranexamic acid",
            "fractional CO2 laser",
        ),
        ("scar grade", "MASI score", "skin texture", "patient satisfaction"),
        (
            ("Cicatrix", "D002921"),
            ("Acne Vulgaris", "D000152"),
            ("Melanosis", "D008548"),
            ("Skin Aging", "D015595"),
            ("Percutaneous Collagen Induction", "D000081042"),
        ),
        (
            "microneedling",
            "acne scars",
            "collagen induction therapy",
            "melasma",
            "skin rejuvenation",
            "tranexamic acid",
        ),
        (0, 1, 3, 5),
    ),
    _Topic(
        0.12,
        (
            "psoriasis",
            "atopic dermatitis",
            "melanoma",
            "hidradenitis suppurativa",
            "vitiligo",
            "chronic urticaria",
        ),
        (
            "dupilumab",
            "secukinumab",
            "narrowband UVB phototherapy",
            "topical corticosteroids",
            "methotrexate",
            "adalimumab",
        ),
        ("PASI 75 response", "EASI score", "itch intensity", "quality of life"),
        (
            ("Psoriasis", "D011565"),
            ("Dermatitis, Atopic", "D003876"),
            ("Melanoma", "D008545"),
            ("Vitiligo", "D014820"),
            ("Skin Diseases", "D012871"),
        ),
        ("psoriasis", "atopic dermatitis", "biologics", "phototherapy", "eczema"),
        (3, 5, 9, 10, 15),
    ),
    _Topic(
        0.745,
        (
            "type 2 diabetes",
            "heart failure",
            "hypertension",
            "breast cancer",
            "asthma",
            "chronic kidney disease",
            "major depressive disorder",
            "sepsis",
            "stroke",
            "COVID-19",
            "osteoarthritis",
            "obesity",
            "Crohn's disease",
        ),
        (
            "metformin",
            "empagliflozin",
            "a structured exercise programme",
            "cognitive behavioural therapy",
            "early mobilisation",
            "telemonitoring",
            "semaglutide",
            "low-dose aspirin",
            "inhaled corticosteroids",
            "vitamin D supplementation",
        ),
        (
            "all-cause mortality",
            "HbA1c",
            "hospital readmission",
            "blood pressure",
            "quality of life",
            "pain scores",
            "length of stay",
        ),
        (
            ("Diabetes Mellitus, Type 2", "D003924"),
            ("Heart Failure", "D006333"),
            ("Hypertension", "D006973"),
            ("Breast Neoplasms", "D001943"),
            ("Asthma", "D001249"),
            ("Renal Insufficiency, Chronic", "D051436"),
            ("Depressive Disorder, Major", "D003865"),
            ("Sepsis", "D018805"),
            ("Stroke", "D020521"),
            ("COVID-19", "D000086382"),
            ("Obesity", "D009765"),
            ("Metformin", "D008687"),
        ),
        (
            "randomized trial",
            "cohort study",
            "mortality",
            "primary care",
            "biomarkers",
            "machine learning",
            "health services research",
        ),
        (6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
    ),
)
_TOPIC_WEIGHTS = tuple(t.weight for t in _TOPICS)

_COMMON_MESH = (
    ("Humans", "D006801"),
    ("Male", "D008297"),
    ("Female", "D005260"),
    ("Adult", "D000328"),
    ("Middle Aged", "D008875"),
    ("Aged", "D000368"),
    ("Treatment Outcome", "D016896"),
    ("Retrospective Studies", "D012189"),
    ("Prospective Studies", "D011446"),
    ("Young Adult", "D055815"),
)
_QUALIFIERS = (
    ("therapy", "Q000628"),
    ("drug therapy", "Q000188"),
    ("pathology", "Q000473"),
    ("epidemiology", "Q000453"),
    ("diagnosis", "Q000175"),
)

_DESIGNS = (  # (title phrase, publication types)
    ("a randomized controlled trial", (("Randomized Controlled Trial", "D016449"),)),
    (
        "a systematic review and meta-analysis",
        (("Systematic Review", "D000078182"), ("Meta-Analysis", "D017418")),
    ),
    ("a retrospective cohort study", (("Comparative Study", "D003160"),)),
    ("a prospective observational study", (("Observational Study", "D064888"),)),
    ("a case report", (("Case Reports", "D002363"),)),
    ("a narrative review", (("Review", "D016454"),)),
    (
        "a split-scalp comparative study",
        (("Comparative Study", "D003160"), ("Clinical Trial", "D016430")),
    ),
)

_FAMILY = (
    "Smith",
    "Dhurat",
    "García",
    "Müller",
    "Nguyen",
    "Kim",
    "Wang",
    "Rossi",
    "O'Brien",
    "Gonçalves",
    "Kowalski",
    "Øster",
    "Sharma",
    "Yamamoto",
    "Cohen",
    "Okafor",
    "Silva",
    "Dupont",
    "Novák",
    "Andersson",
    "Fernández",
    "Zhang",
    "Li",
    "Patel",
    "Jansen",
    "Łukasiewicz",
    "Brown",
    "Ahmed",
    "Ivanova",
    "Costa",
    "Hernández",
    "Schmidt",
)
_GIVEN = (
    "Rachita",
    "John",
    "María José",
    "Anna",
    "Minh",
    "Ji-Woo",
    "Wei",
    "Giulia",
    "Sean",
    "Ana",
    "Piotr",
    "Søren",
    "Priya",
    "Haruto",
    "Daniel",
    "Chinedu",
    "Lucas",
    "Claire",
    "Jan",
    "Elin",
    "José Luis",
    "Yan",
    "Rahul",
    "Sophie",
    "Fatima",
    "Olga",
    "Pedro",
    "Laura",
    "Mark",
    "Sara",
    "Thomas",
    "Aiko",
)
_PLACES = (
    "Mumbai, India",
    "Boston, MA, USA",
    "Madrid, Spain",
    "Munich, Germany",
    "Hanoi, Vietnam",
    "Seoul, Republic of Korea",
    "Shanghai, China",
    "Milan, Italy",
    "Dublin, Ireland",
    "São Paulo, Brazil",
    "Warsaw, Poland",
    "Copenhagen, Denmark",
    "Tokyo, Japan",
    "Lagos, Nigeria",
    "Paris, France",
    "Stockholm, Sweden",
)
_DEPARTMENTS = (
    "Dermatology",
    "Internal Medicine",
    "Epidemiology",
    "Plastic Surgery",
    "Cardiology",
    "Clinical Pharmacology",
    "Public Health",
)
_LANGUAGES = ("eng",) * 46 + ("ger", "fre", "spa", "chi")

_FILLER = (
    "baseline characteristics were similar between groups",
    "adverse events were mild and transient",
    "follow-up was completed by most participants",
    "sensitivity analyses gave consistent estimates",
    "the certainty of evidence was low to moderate",
    "heterogeneity between studies was substantial",
    "no serious adverse events were reported",
    "outcomes were assessed by blinded investigators",
    "<i>post hoc</i> analyses suggested a dose-response relationship",
    "larger multicentre trials are warranted",
    "costs were lower in the intervention arm",
    "the effect persisted at twelve months",
)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SEASON_MONTH = {"Spring": 3, "Summer": 6, "Autumn": 9, "Winter": 12}
_START = date(1990, 1, 1).toordinal()
_END = date(2026, 10, 31).toordinal()


class _FastRandom(random.Random):
    """Seeded RNG whose ``choice``/``randint`` use one ``random()`` call each.

    The standard versions loop over ``getrandbits``; at ~40 draws per record
    that dominated generating 100k records. The streams differ, determinism stays.
    """

    def choice(self, seq: Sequence[_T]) -> _T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


_COLLECTIVE = (
    '<Author ValidYN="Y"><CollectiveName>Hair Research Collaborative Group</CollectiveName>'
    "</Author>",
    Author(collective="Hair Research Collaborative Group"),
)


def _make_author(rng: random.Random) -> tuple[str, Author]:
    family, given = rng.choice(_FAMILY), rng.choice(_GIVEN)
    initials = "".join(part[0] for part in given.replace("-", " ").split())
    place = f"Department of {rng.choice(_DEPARTMENTS)}, {rng.choice(_PLACES)}."
    xml = (
        f'<Author ValidYN="Y"><LastName>{family}</LastName>'
        f"<ForeName>{given}</ForeName><Initials>{initials}</Initials>"
        f"<AffiliationInfo><Affiliation>{_esc(place)}</Affiliation>"
        f"</AffiliationInfo></Author>"
    )
    return xml, Author(family=family, given=given, initials=initials)


class _Writer:
    """Builds one article's XML and its index fields from a seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        # Drawing each author from a prebuilt pool keeps 100k records fast.
        self.author_pool = [_make_author(rng) for _ in range(4096)]

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

    def title(self, topic: _Topic, design: str) -> tuple[str, str, str, str]:
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
                f"{rng.choice(_FILLER)}.",
            ),
            (
                "RESULTS",
                f"{outcome.capitalize()} improved by {pct}% with {intervention} "
                f"(p &lt; 0.0{rng.randint(1, 5)}); {rng.choice(_FILLER)}.",
            ),
            (
                "CONCLUSIONS",
                f"{intervention.capitalize()} appears effective for {condition}; "
                f"{rng.choice(_FILLER)}.",
            ),
        ]
        if rng.random() < 0.4:
            return sections
        return [("", " ".join(text for _, text in sections))]

    def authors(self, count: int) -> tuple[str, tuple[Author, ...]]:
        rng = self.rng
        pool = self.author_pool
        picked = [pool[int(rng.random() * len(pool))] for _ in range(count)]
        if rng.random() < 0.03:
            picked.insert(0, _COLLECTIVE)
        return "".join(x for x, _ in picked), tuple(a for _, a in picked)

    def mesh(self, topic: _Topic) -> tuple[str, tuple[MeshHeading, ...]]:
        rng = self.rng
        chosen = rng.sample(topic.mesh, k=min(len(topic.mesh), rng.randint(1, 3)))
        chosen += rng.sample(_COMMON_MESH, k=rng.randint(2, 6))
        chosen.sort()
        xml: list[str] = []
        found: list[MeshHeading] = []
        for position, (name, ui) in enumerate(chosen):
            topical = position < 3 and (name, ui) in topic.mesh
            qualifiers: tuple[MeshQualifier, ...] = ()
            q_xml = ""
            if topical and rng.random() < 0.6:
                q_name, q_ui = rng.choice(_QUALIFIERS)
                qualifiers = (MeshQualifier(name=q_name, major=True),)
                q_xml = f'<QualifierName UI="{q_ui}" MajorTopicYN="Y">{q_name}</QualifierName>'
            major = topical and not qualifiers
            xml.append(
                f'<MeshHeading><DescriptorName UI="{ui}" MajorTopicYN='
                f'"{"Y" if major else "N"}">{_esc(name)}</DescriptorName>{q_xml}'
                f"</MeshHeading>"
            )
            found.append(MeshHeading(descriptor=name, major=major, qualifiers=qualifiers))
        return f"<MeshHeadingList>{''.join(xml)}</MeshHeadingList>", tuple(found)


def _article(w: _Writer, index: int, n: int, pmid: int) -> tuple[bytes, IndexedFields]:
    rng = w.rng
    topic = rng.choices(_TOPICS, weights=_TOPIC_WEIGHTS)[0]
    # Entrez dates rise with the PMID; publication dates scatter around them.
    edat_day = min(_END, _START + (_END - _START) * index // max(n, 1) + rng.randint(0, 3))
    pub_xml, pdat = w.pub_date(min(_END, edat_day + rng.randint(-60, 120)))
    revised_day = min(_END, edat_day + rng.randint(0, 1500))
    ey, em, ed = _ymd(edat_day)
    ry, rm, rd = _ymd(revised_day)
    design, design_types = rng.choice(_DESIGNS)
    title_xml, condition, intervention, outcome = w.title(topic, design)
    sections = w.abstract(condition, intervention, outcome) if rng.random() > 0.08 else []
    authors_xml, authors = w.authors(rng.randint(1, 8))
    status = rng.choices(
        ("MEDLINE", "PubMed-not-MEDLINE", "In-Data-Review", "Publisher"), weights=(80, 10, 6, 4)
    )[0]
    mesh_xml, mesh = w.mesh(topic) if status == "MEDLINE" else ("", ())
    keywords = tuple(rng.sample(topic.keywords, k=rng.randint(0, 4)))
    journal, iso, issn, nlm_id = _JOURNALS[rng.choice(topic.journals)]
    language = rng.choice(_LANGUAGES)
    types = (("Journal Article", "D016428"), *design_types)
    volume, page = rng.randint(1, 90), rng.randint(1, 2400)
    doi = f"10.{1000 + index % 8000}/{iso.replace(' ', '').lower()}.{ey}.{pmid % 100000}"

    abstract_xml = ""
    if sections:
        parts = [
            f'<AbstractText Label="{label}" NlmCategory="{label}">{text}</AbstractText>'
            if label
            else f"<AbstractText>{text}</AbstractText>"
            for label, text in sections
        ]
        abstract_xml = f"<Abstract>{''.join(parts)}</Abstract>"
    keyword_xml = ""
    if keywords:
        keyword_xml = (
            '<KeywordList Owner="NOTNLM">'
            + "".join(f'<Keyword MajorTopicYN="N">{k}</Keyword>' for k in keywords)
            + "</KeywordList>"
        )
    types_xml = "".join(f'<PublicationType UI="{ui}">{t}</PublicationType>' for t, ui in types)
    xml = (
        f'<PubmedArticle><MedlineCitation Status="{status}" Owner="NLM">'
        f'<PMID Version="1">{pmid}</PMID>'
        f"<DateRevised><Year>{ry}</Year><Month>{rm:02d}</Month><Day>{rd:02d}</Day></DateRevised>"
        f'<Article PubModel="Print-Electronic"><Journal><ISSN IssnType="Electronic">{issn}</ISSN>'
        f'<JournalIssue CitedMedium="Internet"><Volume>{volume}</Volume><Issue>'
        f"{rng.randint(1, 12)}</Issue><PubDate>{pub_xml}</PubDate></JournalIssue>"
        f"<Title>{_esc(journal)}</Title><ISOAbbreviation>{iso}</ISOAbbreviation></Journal>"
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
        f'<ArticleId IdType="doi">{doi}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>'
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


def iter_synthetic_articles(
    n: int, *, seed: int = 42, first_pmid: int = 40_000_000
) -> Iterator[tuple[bytes, IndexedFields]]:
    """Yield ``n`` articles as raw ``<PubmedArticle>`` bytes with their index fields."""
    rng = _FastRandom(seed)
    writer = _Writer(rng)
    pmid = first_pmid
    for index in range(n):
        yield _article(writer, index, n, pmid)
        pmid += rng.randint(1, 3)  # gaps, as PubMed's PMIDs have


def write_synthetic_xml(
    path: Path, n: int, *, seed: int = 42, first_pmid: int = 40_000_000
) -> None:
    """Stream ``n`` synthetic articles to ``path`` as an EFetch-style ``PubmedArticleSet``."""
    with path.open("wb") as out:
        out.write(PUBMED_XML_HEADER + b"<PubmedArticleSet>\n")
        for raw, _ in iter_synthetic_articles(n, seed=seed, first_pmid=first_pmid):
            out.write(raw)
        out.write(b"</PubmedArticleSet>\n")


def synthetic_corpus(n: int, *, seed: int = 42, first_pmid: int = 40_000_000) -> Corpus:
    """An in-memory corpus of ``n`` synthetic articles (same records as the file)."""
    corpus = Corpus()
    for raw, fields in iter_synthetic_articles(n, seed=seed, first_pmid=first_pmid):
        corpus.put_indexed(raw, fields)
    return corpus
