"""Build ``src/reviewkit/snapshot/microneedling.xml`` from ``records.json``.

Run by hand after changing ``records.json`` or this script, then commit both:

    .venv/bin/python scripts/build_snapshot.py            # rewrite the snapshot
    .venv/bin/python scripts/build_snapshot.py --check    # exit 1 if it is stale

The output is one PubMed EFetch-shaped ``PubmedArticleSet`` (NCBI's prolog and the
``pubmed_250101.dtd`` DOCTYPE, elements in DTD order), built only from the facts in
``records.json``. Records without a PMID are skipped. There are no real abstracts:
each record gets a labelled design summary written here from its ``design`` note.
The choices made where PubMed XML needs something the JSON does not say are listed in
``src/reviewkit/snapshot/README.md``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

SNAPSHOT_DIR = Path(__file__).resolve().parent.parent / "src" / "reviewkit" / "snapshot"
RECORDS_JSON = SNAPSHOT_DIR / "records.json"
OUTPUT_XML = SNAPSHOT_DIR / "microneedling.xml"

PROLOG = (
    '<?xml version="1.0" ?>\n'
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)

ABSTRACT_LABEL = "STUDY DESIGN (summary written by reviewkit)"
ABSTRACT_NOTICE = (
    "Not the authors' abstract: a design summary written by the reviewkit project "
    "from public bibliographic facts."
)

# Design summaries, one per PMID, paraphrasing only the record's `design` note (and, for
# the off-topic survey, its `relevance` note): abbreviations spelt out, no results, no
# numbers the note does not give.
DESIGN_SUMMARIES: Mapping[str, str] = {
    "23960389": (
        "Randomized, evaluator-blinded pilot study in 100 men with androgenetic alopecia "
        "(grade III vertex or IV): weekly microneedling plus 5% minoxidil twice daily "
        "compared with 5% minoxidil alone, over 12 weeks."
    ),
    "30886475": (
        "Randomized controlled, single-observer blinded study in 68 men with androgenetic "
        "alopecia (Norwood-Hamilton III-IV): weekly microneedling plus 5% minoxidil twice "
        "daily compared with 5% minoxidil twice daily alone."
    ),
    "32897622": (
        "Comparative study in 60 patients aged 18-45 years with moderate or severe "
        "androgenetic alopecia, in three groups: 5% minoxidil; minoxidil plus microneedling "
        "every two weeks at 1.2 mm depth; minoxidil plus microneedling every two weeks at "
        "0.6 mm depth; 12 weeks."
    ),
    "31254437": (
        "Case series of 36 women (29 with androgenetic alopecia, 7 with telogen effluvium) "
        "and 14 men with androgenetic alopecia, treated between January 2017 and December "
        "2018 with 3 scalp microneedling sessions over 6 months."
    ),
    "32882083": (
        "Review of the literature on microneedling as a therapeutic approach for "
        "androgenetic alopecia."
    ),
    "34854067": (
        "Systematic review of microneedling in hair loss disorders; PubMed searched up to "
        "November 2021; 22 clinical studies with 1127 subjects included."
    ),
    "34714971": (
        "Review of microneedling for hair loss, with linear multivariable regressions over "
        "trials in androgenetic alopecia."
    ),
    "33156005": (
        "Randomized controlled trial in 40 Chinese men aged 22-50 years with androgenetic "
        "alopecia, in four groups of 10 (labelled S, M, F and MF), comparing topical "
        "minoxidil, nano-microneedle-assisted fibroblast growth factor and their "
        "combination; registered as ChiCTR1900021107."
    ),
    "33376284": (
        "Split-scalp comparative study in 30 men with male pattern alopecia (Hamilton "
        "II-V): 4 monthly sessions of microneedling alone on one side and microneedling "
        "with platelet-rich plasma on the other, with blinded dermoscopic evaluation."
    ),
    "28761259": (
        "Open, prospective, randomized study in 50 men aged 18-50 years with androgenetic "
        "alopecia (grade III-V vertex): 5% minoxidil alone (25 men) compared with 5% "
        "minoxidil plus microneedling with platelet-rich plasma (25 men), over 6 months."
    ),
    "35899211": (
        "Randomized trial in 120 non-menopausal women with female pattern hair loss "
        "(Sinclair II-III), in three parallel groups: 5% minoxidil once daily; minoxidil "
        "plus oral spironolactone 80-100 mg/day; minoxidil plus microneedling every two "
        "weeks (12 sessions); 24 weeks."
    ),
    "34566361": (
        "Uncontrolled study in 60 patients with androgenetic alopecia who had not "
        "responded to minoxidil or finasteride: platelet-rich plasma with microneedling, "
        "4-6 sessions at 4-week intervals."
    ),
    "36471758": (
        "Uncontrolled study in 83 patients with moderate or severe androgenetic alopecia "
        "at Beijing Jishuitan Hospital: drug therapy combined with weekly electric "
        "microneedling for 1-28 weeks."
    ),
    "36404886": (
        "Prospective, randomized comparative study in 60 patients with alopecia areata: "
        "microneedling with topical triamcinolone acetonide compared with intralesional "
        "triamcinolone acetonide, 3 sessions 3 weeks apart."
    ),
    "30671883": (
        "Survey of self-assessments by people performing standardized scalp massages for "
        "androgenic alopecia. Not a microneedling study: microneedling appears only as a "
        "concomitant treatment recorded for respondents."
    ),
}

# Surnames that are two words, so the last-word rule would split them wrongly.
SURNAME_OVERRIDES: Mapping[str, tuple[str, str]] = {
    "Farahnaz Fatemi Naeini": ("Fatemi Naeini", "Farahnaz"),
}

# MeSH unique identifiers (the DTD requires them) for the headings and publication types
# seen on the records' PubMed pages; public NLM MeSH vocabulary facts, not record data.
MESH_UI: Mapping[str, str] = {
    "Adolescent": "D000293",
    "Adult": "D000328",
    "Alopecia": "D000505",
    "Finasteride": "D018120",
    "Hair": "D006197",
    "Humans": "D006801",
    "Low-Level Light Therapy": "D028022",
    "Middle Aged": "D008875",
    "Minoxidil": "D008914",
    "Young Adult": "D055815",
}
QUALIFIER_UI: Mapping[str, str] = {
    "diagnosis": "Q000175",
    "drug therapy": "Q000188",
    "therapeutic use": "Q000627",
    "therapy": "Q000628",
}
PUBLICATION_TYPE_UI: Mapping[str, str] = {
    "Case Reports": "D002363",
    "Journal Article": "D016428",
    "Review": "D016454",
}

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PUBDATE = re.compile(r"^(\d{4})(?: ([A-Z][a-z]{2})(?: (\d{1,2}))?)?$")
_PAGE_RANGE = re.compile(r"^(\d+)-(\d+)$")


class SnapshotError(Exception):
    """records.json holds something this generator cannot turn into PubMed XML."""


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _ymd(parent: ET.Element, tag: str, day: date, *, pad: bool = True, **attrs: str) -> None:
    element = _sub(parent, tag, **attrs)
    _sub(element, "Year", f"{day.year:04d}")
    _sub(element, "Month", f"{day.month:02d}" if pad else str(day.month))
    _sub(element, "Day", f"{day.day:02d}" if pad else str(day.day))


def split_name(name: str) -> tuple[str, str | None, str, str | None]:
    """Split an author name into (last name, fore name, initials, suffix).

    Handles "Given Middle Last", "Given M. Last", "Last GM" (initials-only lists),
    "MS Last" (initials first) and a trailing "Jr".
    """
    words = name.split()
    suffix = None
    if words and words[-1].rstrip(".") in {"Jr", "Sr", "II", "III"}:
        suffix = words.pop().rstrip(".")
    core = " ".join(words)
    if core in SURNAME_OVERRIDES:
        last, fore = SURNAME_OVERRIDES[core]
    elif len(words) == 2 and words[1].isupper() and len(words[1]) <= 3:
        return words[0], None, words[1], suffix  # "Starace M": initials only
    elif len(words) == 2 and words[0].isupper() and len(words[0]) <= 3:
        return words[1], None, words[0], suffix  # "MS Sukesh": initials only
    elif len(words) >= 2:
        last, fore = words[-1], " ".join(w.rstrip(".") for w in words[:-1])
    else:
        raise SnapshotError(f"author {name!r}: expected at least a given and a family name")
    initials = "".join(part[0] for part in re.split(r"[\s-]+", fore) if part)
    return last, fore, initials.upper(), suffix


def _pubdate(parent: ET.Element, record: Mapping[str, Any]) -> None:
    pubdate = _sub(parent, "PubDate")
    text = record.get("pubdate_text") or str(record["year"])
    match = _PUBDATE.fullmatch(text)
    if match is None:  # ranges such as "2013 Jan-Mar" are MedlineDate in PubMed
        _sub(pubdate, "MedlineDate", text)
        return
    year, month, day = match.groups()
    _sub(pubdate, "Year", year)
    if month:
        _sub(pubdate, "Month", month)
    if day:
        _sub(pubdate, "Day", f"{int(day):02d}")


def _print_date(record: Mapping[str, Any]) -> date:
    """First day of the print publication date (year, month or day precision)."""
    text = record.get("pubdate_text") or str(record["year"])
    year = int(text[:4])
    month_name = text[5:8]
    month = MONTHS.index(month_name) + 1 if month_name in MONTHS else 1
    match = _PUBDATE.fullmatch(text)
    day = int(match.group(3)) if match and match.group(3) else 1
    return date(year, month, day)


def _entrez_date(record: Mapping[str, Any]) -> date:
    # No entrez date is in the source: approximate it by the electronic publication date
    # when known (PubMed usually adds a record then), else by the print date.
    for key in ("epub", "web_publication"):
        if record.get(key):
            return date.fromisoformat(record[key])
    return _print_date(record)


def _pagination(article: ET.Element, pages: str | None) -> None:
    if not pages:
        return
    pagination = _sub(article, "Pagination")
    match = _PAGE_RANGE.fullmatch(pages)
    if match:
        _sub(pagination, "StartPage", match.group(1))
        _sub(pagination, "EndPage", match.group(2))
    # E-locators (e14267) and article numbers (905140) are MedlinePgn only, as in PubMed.
    _sub(pagination, "MedlinePgn", pages)


def _authors(article: ET.Element, names: Sequence[str] | None) -> None:
    if not names:
        return  # authors not seen: PubMed XML allows no AuthorList at all
    author_list = _sub(article, "AuthorList", CompleteYN="Y")
    for name in names:
        last, fore, initials, suffix = split_name(name)
        author = _sub(author_list, "Author", ValidYN="Y")
        _sub(author, "LastName", last)
        if fore:
            _sub(author, "ForeName", fore)
        _sub(author, "Initials", initials)
        if suffix:
            _sub(author, "Suffix", suffix)


def _publication_types(record: Mapping[str, Any]) -> list[str]:
    return list(
        record.get("publication_types")
        or record.get("publication_types_seen_on_pubmed_page")
        or ["Journal Article"]
    )


def _mesh(citation: ET.Element, seen: Iterable[str]) -> None:
    """``"Alopecia* / drug therapy"`` → one heading per descriptor, qualifiers merged."""
    headings: dict[str, tuple[bool, list[str]]] = {}
    for entry in seen:
        descriptor, _, qualifier = (part.strip() for part in entry.partition("/"))
        major = descriptor.endswith("*")
        name = descriptor.rstrip("*")
        was_major, qualifiers = headings.get(name, (False, []))
        if qualifier:
            qualifiers.append(qualifier)
        headings[name] = (was_major or major, qualifiers)
    if not headings:
        return
    heading_list = _sub(citation, "MeshHeadingList")
    for name, (major, qualifiers) in headings.items():
        heading = _sub(heading_list, "MeshHeading")
        _sub(
            heading,
            "DescriptorName",
            name,
            UI=_lookup(MESH_UI, name),
            MajorTopicYN="Y" if major else "N",
        )
        for qualifier in qualifiers:
            _sub(
                heading,
                "QualifierName",
                qualifier,
                UI=_lookup(QUALIFIER_UI, qualifier),
                MajorTopicYN="N",
            )


def _lookup(table: Mapping[str, str], name: str) -> str:
    try:
        return table[name]
    except KeyError:
        raise SnapshotError(f"no MeSH UI known for {name!r}: add it to the generator") from None


def _status(record: Mapping[str, Any]) -> str:
    seen = record.get("status_seen") or ""
    # MeSH indexing with qualifiers only exists for MEDLINE citations, so a record whose
    # PubMed page showed MeSH headings is MEDLINE even if no status line was copied.
    if "indexed for MEDLINE" in seen or record.get("mesh_seen"):
        return "MEDLINE"
    return "PubMed-not-MEDLINE"


def _pub_model(record: Mapping[str, Any]) -> str:
    if record.get("ecollection"):
        return "Electronic-eCollection"
    return "Print-Electronic" if record.get("epub") else "Print"


def _article(citation: ET.Element, record: Mapping[str, Any], pmid: str) -> None:
    article = _sub(citation, "Article", PubModel=_pub_model(record))
    journal = _sub(article, "Journal")
    issue = _sub(journal, "JournalIssue", CitedMedium="Internet" if record.get("epub") else "Print")
    if record.get("volume"):
        _sub(issue, "Volume", record["volume"])
    if record.get("issue"):
        _sub(issue, "Issue", record["issue"])
    _pubdate(issue, record)
    _sub(journal, "ISOAbbreviation", record["journal"])
    title = record["title"].strip()
    _sub(article, "ArticleTitle", title if title.endswith(".") else f"{title}.")
    _pagination(article, record.get("pages"))
    if record.get("doi"):
        _sub(article, "ELocationID", record["doi"], EIdType="doi", ValidYN="Y")
    abstract = _sub(article, "Abstract")
    _sub(abstract, "AbstractText", DESIGN_SUMMARIES[pmid], Label=ABSTRACT_LABEL)
    _sub(abstract, "CopyrightInformation", ABSTRACT_NOTICE)
    _authors(article, record.get("authors"))
    _sub(article, "Language", "eng")
    types = _sub(article, "PublicationTypeList")
    for name in _publication_types(record):
        _sub(types, "PublicationType", name, UI=_lookup(PUBLICATION_TYPE_UI, name))
    if record.get("epub"):
        _ymd(article, "ArticleDate", date.fromisoformat(record["epub"]), DateType="Electronic")


def _pubmed_data(parent: ET.Element, record: Mapping[str, Any], pmid: str) -> None:
    data = _sub(parent, "PubmedData")
    history = _sub(data, "History")
    for status, day in (record.get("history_seen") or {}).items():
        _ymd(history, "PubMedPubDate", date.fromisoformat(day), PubStatus=status)
    electronic = record.get("epub") or record.get("web_publication")
    if electronic:
        _ymd(history, "PubMedPubDate", date.fromisoformat(electronic), PubStatus="epublish")
    entrez = _entrez_date(record)
    for status in ("entrez", "pubmed"):
        _ymd(history, "PubMedPubDate", entrez, pad=False, PubStatus=status)
    is_electronic_only = _pub_model(record) == "Electronic-eCollection"
    _sub(data, "PublicationStatus", "epublish" if is_electronic_only else "ppublish")
    ids = _sub(data, "ArticleIdList")
    _sub(ids, "ArticleId", pmid, IdType="pubmed")
    if record.get("doi"):
        _sub(ids, "ArticleId", record["doi"], IdType="doi")
    if record.get("pmcid"):
        _sub(ids, "ArticleId", record["pmcid"], IdType="pmc")


def build_article(record: Mapping[str, Any]) -> ET.Element:
    """One ``PubmedArticle`` for a records.json entry that has a PMID."""
    pmid = str(record["pmid"])
    if pmid not in DESIGN_SUMMARIES:
        raise SnapshotError(f"PMID {pmid}: no design summary written for it in this script")
    article = ET.Element("PubmedArticle")
    citation = _sub(article, "MedlineCitation", Status=_status(record), Owner="NLM")
    _sub(citation, "PMID", pmid, Version="1")
    _article(citation, record, pmid)
    info = _sub(citation, "MedlineJournalInfo")
    _sub(info, "MedlineTA", record["journal"])
    _mesh(citation, record.get("mesh_seen") or ())
    if record.get("keywords"):
        keywords = _sub(citation, "KeywordList", Owner="NOTNLM")
        for keyword in record["keywords"]:
            _sub(keywords, "Keyword", keyword, MajorTopicYN="N")
    _pubmed_data(article, record, pmid)
    return article


def build_snapshot(records: Iterable[Mapping[str, Any]]) -> str:
    """The whole snapshot document (prolog, DOCTYPE, articles) as text."""
    root = ET.Element("PubmedArticleSet")
    for record in records:
        if record.get("pmid"):  # records without a PMID are not in PubMed
            root.append(build_article(record))
    ET.indent(root, space="  ")
    return PROLOG + ET.tostring(root, encoding="unicode") + "\n"


def load_records(path: Path) -> list[dict[str, Any]]:
    """The ``records`` list of a records.json file."""
    records: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["records"]
    return records


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check`` verify) the snapshot; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=RECORDS_JSON)
    parser.add_argument("--output", type=Path, default=OUTPUT_XML)
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args(argv)
    text = build_snapshot(load_records(args.records))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run scripts/build_snapshot.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({text.count('<PubmedArticle>')} articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
