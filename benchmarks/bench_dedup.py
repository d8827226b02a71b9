"""Benchmark reviewkit's deduplication: accuracy on labelled sets, speed on synthetic ones.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/bench_dedup.py                       # accuracy + 10k, 100k
    .venv/bin/python benchmarks/bench_dedup.py --sizes 10000,100000,1000000
    .venv/bin/python benchmarks/bench_dedup.py --data ../shared/data/dedup --sizes ""
    .venv/bin/python benchmarks/bench_dedup.py --errors digital_work   # list wrong pairs

(a) **Accuracy.** Each labelled set (``<data>/<name>/records.csv``) is read in
file order, shuffled with ``random.Random(42)``, and given to the engine with
fresh opaque record ids (``r<index after shuffle>``) and without the gold
columns (``group_id``, ``label``). Scored with :mod:`reviewkit.dedup.evaluation`
beside a baseline from the same run: exact normalised DOI, else exact
normalised title + year.

(b) **Speed.** For each size a subprocess generates a synthetic set (studies in
2-4 "databases" with realistic export differences, plus unique records built
from the same vocabulary), deduplicates it and reports wall time, peak RSS and
accuracy against the synthetic truth; the engine's phase times (logged at
DEBUG by :mod:`reviewkit.dedup.engine`) are printed below the table.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import random
import re
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from reviewkit.dedup.engine import DedupResult, deduplicate
from reviewkit.dedup.evaluation import pairwise_scores, removal_scores
from reviewkit.dedup.normalise import normalise_doi, normalise_title
from reviewkit.records import Citation

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/dedup"
DATASETS = ("digital_work", "copper", "tafenoquine")
GOLD = ("group_id", "label")


# --------------------------------------------------------------------------- labelled sets


def _year(text: str) -> int | None:
    found = re.search(r"\d{4}", text or "")
    return int(found.group(0)) if found else None


def load_labelled(path: Path) -> tuple[list[Citation], dict[str, str]]:
    """Shuffled citations with fresh ids, and the gold group of each fresh id."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    random.Random(42).shuffle(rows)
    citations: list[Citation] = []
    gold: dict[str, str] = {}
    for index, row in enumerate(rows):
        rid = f"r{index}"
        gold[rid] = row["group_id"]
        accession = (row.get("accession_num") or "").strip()
        citations.append(
            Citation(
                record_id=rid,
                source=row.get("source_inferred") or row.get("source") or "unknown",
                title=row["title"] or None,
                authors=tuple(a.strip() for a in row["authors"].split(";") if a.strip()),
                year=_year(row["year"]),
                journal=row["journal"] or None,
                volume=row["volume"] or None,
                issue=row["issue"] or None,
                pages=row["pages"] or None,
                doi=row["doi"] or None,
                pmid=accession if accession.isdigit() else None,
                abstract=row["abstract"] or None,
                publication_type=row.get("entry_type") or row.get("ref_type") or None,
            )
        )
    return citations, gold


def baseline(citations: Sequence[Citation]) -> tuple[dict[str, str], set[str]]:
    """Exact normalised DOI, else exact normalised title + year; keep the first."""
    cluster: dict[str, str] = {}
    first: dict[str, str] = {}
    for c in citations:
        doi = normalise_doi(c.doi)
        title = normalise_title(c.title)
        key = f"doi:{doi}" if doi else f"ty:{title}|{c.year}" if title else f"id:{c.record_id}"
        cluster[c.record_id] = key
        first.setdefault(key, c.record_id)
    return cluster, set(first.values())


def reviewkit_prediction(result: DedupResult) -> tuple[dict[str, str], set[str]]:
    """Cluster per record and the surviving (representative) records."""
    cluster = {r: c.cluster_id for c in result.clusters for r in c.record_ids}
    return cluster, {c.representative for c in result.clusters}


def _row(name: str, tool: str, gold: dict[str, str], pred: dict[str, str], alive: set[str],
         maybe: int | str) -> dict[str, object]:  # fmt: skip
    pw = pairwise_scores(gold, pred)
    rm = removal_scores(gold, alive)
    return {
        "dataset": name, "tool": tool, "FP": rm.fp, "FN": rm.fn, "TP": rm.tp, "TN": rm.tn,
        "sens": rm.recall, "rm_P": rm.precision, "rm_F1": rm.f1,
        "pw_P": pw.precision, "pw_R": pw.recall, "pw_F1": pw.f1, "false_pairs": pw.fp,
        "maybe": maybe,
    }  # fmt: skip


def _print_table(rows: list[dict[str, object]]) -> None:
    header = list(rows[0])
    print(" | ".join(f"{h:>12}" for h in header))
    for row in rows:
        cells = [f"{v:.4f}" if isinstance(v, float) else str(v) for v in row.values()]
        print(" | ".join(f"{c:>12}" for c in cells))


def _explain_errors(citations: list[Citation], gold: dict[str, str], result: DedupResult) -> None:
    by_id = {c.record_id: c for c in citations}
    pred = {r: c.cluster_id for c in result.clusters for r in c.record_ids}

    def show(rid: str) -> str:
        c = by_id[rid]
        return (f"  {rid} | {c.title} | {'; '.join(c.authors[:3])} | {c.year} | {c.journal} | "
                f"{c.volume}({c.issue}) {c.pages} | {c.doi} | {c.publication_type}")  # fmt: skip

    groups: dict[str, list[str]] = {}
    for rid, g in gold.items():
        groups.setdefault(g, []).append(rid)
    print("== false merges (predicted together, gold apart)")
    for members in _clusters(pred).values():
        if len({gold[r] for r in members}) > 1:
            print("\n".join(show(r) for r in members), "\n")
    print("== missed (gold together, predicted apart)")
    maybe = {frozenset((v.a, v.b)): v for v in result.maybe}
    for members in groups.values():
        if len({pred[r] for r in members}) > 1:
            print("\n".join(show(r) for r in members))
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    v = maybe.get(frozenset((a, b)))
                    if v is not None:
                        print(f"    maybe {a}-{b}: {'; '.join(v.reasons)}")
            print()


def _clusters(pred: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rid, cid in pred.items():
        out.setdefault(cid, []).append(rid)
    return out


def accuracy(data: Path, errors: str | None) -> None:
    rows: list[dict[str, object]] = []
    pooled = [0, 0, 0, 0]
    for name in DATASETS:
        path = data / name / "records.csv"
        if not path.exists():
            print(f"skip {name}: {path} not found")
            continue
        citations, gold = load_labelled(path)
        started = time.perf_counter()
        result = deduplicate(citations)
        elapsed = time.perf_counter() - started
        pred, alive = reviewkit_prediction(result)
        row = _row(name, "reviewkit", gold, pred, alive, len(result.maybe))
        row["seconds"] = round(elapsed, 2)
        rows.append(row)
        bpred, balive = baseline(citations)
        brow = _row(name, "baseline", gold, bpred, balive, "-")
        brow["seconds"] = "-"
        rows.append(brow)
        rm = removal_scores(gold, alive)
        pooled = [pooled[0] + rm.tp, pooled[1] + rm.fp, pooled[2] + rm.fn, pooled[3] + rm.tn]
        if errors == name:
            _explain_errors(citations, gold, result)
    if rows:
        _print_table(rows)
        tp, fp, fn, _ = pooled
        print(f"pooled reviewkit: FP {fp}, FN {fn}, sensitivity {tp / (tp + fn):.4f}")


# --------------------------------------------------------------------------- synthetic sets

_SYLLABLES = ("ka", "lo", "mi", "ne", "ro", "ta", "vi", "su", "de", "pa", "zo", "ri", "nu", "ge")
_COMMON = (
    "effect", "effects", "study", "patients", "treatment", "randomized", "trial", "clinical",
    "analysis", "outcomes", "review", "systematic", "therapy", "evaluation", "association",
    "risk", "women", "children", "cohort", "comparison", "hair", "loss", "alopecia", "skin",
)  # fmt: skip
_FIRST = ("Anna", "Rachita", "Robert", "Jan", "Maria", "Li", "Ahmed", "Sofia", "Kenji", "Olga")
_JOURNALS = (
    ("International Journal of Trichology", "Int J Trichology"),
    ("American Journal of Infection Control", "Am J Infect Control"),
    ("Journal of Cosmetic Dermatology", "J Cosmet Dermatol"),
    ("British Journal of Dermatology", "Br J Dermatol"),
    ("Dermatologic Surgery", "Dermatol Surg"),
    ("Journal of the American Academy of Dermatology", "J Am Acad Dermatol"),
    ("Clinical, Cosmetic and Investigational Dermatology", "Clin Cosmet Investig Dermatol"),
    ("Skin Appendage Disorders", "Skin Appendage Disord"),
    ("Archives of Dermatological Research", "Arch Dermatol Res"),
    ("Expert Review of Anti-Infective Therapy", "Expert Rev Anti Infect Ther"),
)


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = {"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)}
    return sorted(words)


def _zipf(rng: random.Random, n: int) -> int:
    return int(rng.paretovariate(1.1)) % n


def _study(rng: random.Random, vocab: list[str], families: list[str], k: int) -> dict[str, object]:
    n_words = rng.randint(6, 14)
    words = [
        rng.choice(_COMMON) if rng.random() < 0.35 else vocab[_zipf(rng, len(vocab))]
        for _ in range(n_words)
    ]
    authors = [(rng.choice(families), rng.choice(_FIRST), rng.choice("ABCDEFGHJKLMNPRS"))
               for _ in range(rng.randint(1, 6))]  # fmt: skip
    start = rng.randint(1, 2000)
    return {
        "title": " ".join(words).capitalize(),
        "authors": authors,
        "year": rng.randint(1995, 2025),
        "journal": rng.choice(_JOURNALS),
        "volume": str(rng.randint(1, 90)),
        "issue": str(rng.randint(1, 12)),
        "pages": (start, start + rng.randint(3, 15)),
        "doi": f"10.{1000 + k % 8000}/syn.{k}",
    }


def _export(rng: random.Random, study: dict[str, object], rid: str, style: int) -> Citation:
    """One database's rendering of a study (style 0 = PubMed-like, 1 = Embase, 2-3 others)."""
    title = str(study["title"])
    if style == 1:
        title = title.title()
    elif style == 2 and rng.random() < 0.5:
        title = title.upper()
    if rng.random() < 0.2:
        word = title.split()[1]
        title = title.replace(word, f"<i>{word}</i>", 1)
    if rng.random() < 0.5:
        title += "."
    authors_raw: list[tuple[str, str, str]] = study["authors"]  # type: ignore[assignment]
    if style == 0:
        authors = tuple(f"{f} {g[0]}{m}" for f, g, m in authors_raw)
    elif style == 1:
        authors = tuple(f"{f}, {g[0]}. {m}." for f, g, m in authors_raw)
    else:
        authors = tuple(f"{g} {m}. {f}" for f, g, m in authors_raw)
    full: str
    abbrev: str
    full, abbrev = study["journal"]  # type: ignore[misc]
    first: int
    last: int
    first, last = study["pages"]  # type: ignore[misc]
    pages = (
        f"{first}-{str(last)[-1]}"
        if style == 0 and last // 10 == first // 10
        else f"{first}-{last}"
    )
    year = int(study["year"])  # type: ignore[call-overload]
    if style >= 1 and rng.random() < 0.15:
        year += 1  # e-pub vs print
    doi = str(study["doi"])
    if rng.random() < 0.25:
        doi_out: str | None = None
    elif style == 2:
        doi_out = "https://doi.org/" + doi.upper()
    else:
        doi_out = doi
    return Citation(
        record_id=rid, source=f"db{style}", title=title, authors=authors, year=year,
        journal=abbrev if style == 0 else full, volume=str(study["volume"]),
        issue=None if rng.random() < 0.1 else str(study["issue"]), pages=pages, doi=doi_out,
    )  # fmt: skip


def synthetic(n: int, seed: int = 7) -> tuple[list[Citation], dict[str, str]]:
    """About ``n`` records: 60 % unique studies, the rest in 2-4 exports each."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 40_000)
    families = [w.capitalize() for w in _vocabulary(rng, 8_000)]
    citations: list[Citation] = []
    gold: dict[str, str] = {}
    k = 0
    while len(citations) < n:
        study = _study(rng, vocab, families, k)
        copies = 1 if rng.random() < 0.6 else rng.randint(2, 4)
        for style in rng.sample(range(4), copies):
            rid = f"s{len(citations)}"
            citations.append(_export(rng, study, rid, style))
            gold[rid] = f"g{k}"
        k += 1
    rng.shuffle(citations)
    return citations, gold


class _PhaseTimes(logging.Handler):
    """Collects the engine's ``deduplicate: <phase> took <s> s`` debug lines."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if isinstance(args, tuple) and len(args) == 2 and isinstance(args[1], float):
            self.seconds[str(args[0])] = round(args[1], 2)


def _speed_worker(n: int) -> None:
    citations, gold = synthetic(n)
    phases = _PhaseTimes()
    engine_log = logging.getLogger("reviewkit.dedup.engine")
    engine_log.addHandler(phases)
    engine_log.setLevel(logging.DEBUG)
    started = time.perf_counter()
    result = deduplicate(citations)
    elapsed = time.perf_counter() - started
    pred, alive = reviewkit_prediction(result)
    rm = removal_scores(gold, alive)
    pw = pairwise_scores(gold, pred)
    print(json.dumps({
        "records": len(citations), "seconds": round(elapsed, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "FP": rm.fp, "FN": rm.fn, "sens": round(rm.recall, 4), "pw_P": round(pw.precision, 4),
        "pw_R": round(pw.recall, 4), "maybe": len(result.maybe),
        "candidate_pairs": result.stats.get("candidate_pairs", 0),
        "compared": result.stats.get("compared", 0),
        "oversized_blocks": result.stats.get("oversized_blocks", 0),
        "phases": phases.seconds,
    }))  # fmt: skip


def speed(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--worker", str(n)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(rows[-1], flush=True)
    phases = {row["records"]: row.pop("phases", {}) for row in rows}
    if rows:
        _print_table(rows)
        print("phase seconds:")
        for records, times in phases.items():
            print(f"  {records:>9}: " + ", ".join(f"{k} {v}" for k, v in times.items()))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--errors", default=None, help="list wrong pairs for one dataset")
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        _speed_worker(args.worker)
        return
    if not args.skip_accuracy:
        accuracy(args.data, args.errors)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    speed(sizes)


if __name__ == "__main__":
    main()
