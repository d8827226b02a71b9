"""What synthetic records are about: subject areas, journals, MeSH, study designs, languages.

Each :class:`Topic` has a share of the corpus (``weight``) and the
conditions, interventions, outcomes, MeSH headings, keywords and journals its
titles and abstracts are made from. A few per cent of records are about
microneedling and alopecia, so topic queries return a small subset. Journal
titles and ISSNs are real; MeSH UIs are illustrative. Pure data: the order of
every tuple is part of the seeded output, so append, never reorder.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "COMMON_MESH",
    "DESIGNS",
    "FILLER",
    "JOURNALS",
    "LANGUAGES",
    "QUALIFIERS",
    "TOPICS",
    "TOPIC_WEIGHTS",
    "Topic",
]


@dataclass(frozen=True, slots=True)
class Topic:
    """One subject area: how often it occurs and the words its records are made of."""

    weight: float
    conditions: tuple[str, ...]
    interventions: tuple[str, ...]
    outcomes: tuple[str, ...]
    mesh: tuple[tuple[str, str], ...]  # (descriptor, UI)
    keywords: tuple[str, ...]
    journals: tuple[int, ...]  # indexes into JOURNALS


JOURNALS: tuple[tuple[str, str, str, str], ...] = (
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

TOPICS: tuple[Topic, ...] = (
    Topic(
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
    Topic(
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
    Topic(
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
    Topic(
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
    Topic(
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
TOPIC_WEIGHTS = tuple(t.weight for t in TOPICS)

COMMON_MESH = (
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
QUALIFIERS = (
    ("therapy", "Q000628"),
    ("drug therapy", "Q000188"),
    ("pathology", "Q000473"),
    ("epidemiology", "Q000453"),
    ("diagnosis", "Q000175"),
)

DESIGNS = (  # (title phrase, publication types)
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

LANGUAGES = ("eng",) * 46 + ("ger", "fre", "spa", "chi")

FILLER = (
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
