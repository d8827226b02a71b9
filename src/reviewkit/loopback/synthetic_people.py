"""Who wrote synthetic records: made-up authors with affiliations, and a group author.

Names carry diacritics and apostrophes (García, Øster, Łukasiewicz, O'Brien)
so that author search and diacritic folding meet what PubMed holds. Given and
family names are paired at random and places and departments likewise: like
everything synthetic, the authors are made up.
"""

from __future__ import annotations

import random
from xml.sax.saxutils import escape

from reviewkit.records import Author

__all__ = ["COLLECTIVE", "DEPARTMENTS", "FAMILY", "GIVEN", "PLACES", "make_author"]

FAMILY = (
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
GIVEN = (
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
PLACES = (
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
DEPARTMENTS = (
    "Dermatology",
    "Internal Medicine",
    "Epidemiology",
    "Plastic Surgery",
    "Cardiology",
    "Clinical Pharmacology",
    "Public Health",
)
# A group author, which some records list first.
COLLECTIVE = (
    '<Author ValidYN="Y"><CollectiveName>Hair Research Collaborative Group</CollectiveName>'
    "</Author>",
    Author(collective="Hair Research Collaborative Group"),
)


def make_author(rng: random.Random) -> tuple[str, Author]:
    """One author's ``<Author>`` XML and value: four draws from ``rng``, in a fixed order."""
    family, given = rng.choice(FAMILY), rng.choice(GIVEN)
    initials = "".join(part[0] for part in given.replace("-", " ").split())
    place = f"Department of {rng.choice(DEPARTMENTS)}, {rng.choice(PLACES)}."
    xml = (
        f'<Author ValidYN="Y"><LastName>{family}</LastName>'
        f"<ForeName>{given}</ForeName><Initials>{initials}</Initials>"
        f"<AffiliationInfo><Affiliation>{escape(place)}</Affiliation>"
        f"</AffiliationInfo></Author>"
    )
    return xml, Author(family=family, given=given, initials=initials)
