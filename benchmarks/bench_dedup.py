"""Benchmark reviewkit's deduplication: accuracy on labelled sets, speed on synthetic ones.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/bench_dedup.py                       # accuracy + 10k, 100k
    .venv/bin/python benchmarks/bench_dedup.py --sizes ""            # accuracy only (~6 s)
    .venv/bin/python benchmarks/bench_dedup.py --sizes 10000,100000,1000000 --skip-accuracy
    .venv/bin/python benchmarks/bench_dedup.py --data ../shared/data/dedup --seeds 1,2,3,4,5,6
    .venv/bin/python benchmarks/bench_dedup.py --errors digital_work   # list wrong pairs
    .venv/bin/python benchmarks/bench_dedup.py --data ~/bib-dedupe/data \
        --sets haematology,cytology_screening,respiratory --sizes ""  # bib-dedupe's layout

(a) **Accuracy**, following the evaluation protocol of ``shared/reference/dedup.md``
section 5 and ``shared/data/dedup/README.md``. Each labelled set
(``<data>/<name>/records.csv``) is read in file order, shuffled with
``random.Random(seed)``, and given to the engine with fresh opaque record ids
(``r<index after shuffle>``) and without the gold columns (``group_id``,
``label``). The reference seed is 42; ``--seeds`` (default 1-4) adds further
shuffles, and the shuffle is the only thing that changes between them. Scored
with :mod:`reviewkit.dedup.evaluation`; every set is reported on its own,
never pooled only. A set may also be a folder in bib-dedupe's layout
(``records_pre_merged.csv`` + ``merged_record_ids.csv``), so the SRA-DM and
ASySD sets kept there can be scored without converting them. Tables, in order:

1. removal (representative-invariant TP/FP/FN/TN, FP = unique publications
   lost) and pairwise scores at seed 42, beside a baseline from the same run
   (exact normalised DOI, else exact normalised title + year);
2. min-max over all seeds of FP, FN, sensitivity, false pairs, maybe pairs,
   FN after a perfect reviewer, and engine seconds;
3. removal sensitivity and precision as counts with Wilson 95 % intervals;
4. cluster level: B-cubed precision / recall / F1, gold groups reproduced
   exactly (all, and those of two or more records), predicted vs gold
   publications;
5. blocking: the engine's candidate pairs (regenerated here with
   :func:`reviewkit.dedup.blocking.candidate_pairs` exactly as the engine calls
   it, and checked against its count), reduction ratio, pairs actually scored,
   pair completeness and its transitive-closure bound;
6. review queue: maybe pairs per 1,000 records, how many are duplicates by
   gold, and a perfect reviewer who resolves each by gold, both as pure
   arithmetic (:func:`~reviewkit.dedup.evaluation.resolve_by_gold`) and as an
   engine re-run with those ``same`` / ``different`` decisions.

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
from dataclasses import dataclass
from pathlib import Path

from reviewkit.dedup.blocking import candidate_pairs
from reviewkit.dedup.engine import DedupResult, HumanDecision, deduplicate
from reviewkit.dedup.evaluation import (
    RemovalScores,
    blocking_scores,
    cluster_scores,
    pairwise_scores,
    removal_scores,
    resolve_by_gold,
    review_queue,
    wilson_interval,
)
from reviewkit.dedup.identifiers import normalise_doi
from reviewkit.dedup.prepared import prepare
from reviewkit.dedup.titles import normalise_title
from reviewkit.records import Citation

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/data/dedup"
DATASETS = ("digital_work", "copper", "tafenoquine")
GOLD = ("group_id", "label")
REFERENCE_SEED = 42  # the shuffle the dataset README's check table uses


# --------------------------------------------------------------------------- labelled sets


def _year(text: str) -> int | None:
    found = re.search(r"\d{4}", text or "")
    return int(found.group(0)) if found else None


def _read_rows(path: Path) -> list[dict[str, str]]:
    """A labelled set's rows in the common layout of ``shared/data/dedup``.

    ``path`` is that layout's ``records.csv``, or a folder in bib-dedupe's layout
    (``records_pre_merged.csv`` and ``merged_record_ids.csv``, as in its ``data/``
    folder), whose rows are mapped to the same columns.
    """
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    with (path / "records_pre_merged.csv").open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    with (path / "merged_record_ids.csv").open(encoding="utf-8", newline="") as handle:
        merged = [row["merged_ids"] for row in csv.DictReader(handle)]
    # The two files number records differently ("0000000019" vs "id_0000019").
    group = {int(rid.removeprefix("id_")): f"g{n}" for n, ids in enumerate(merged)
             for rid in ids.split(";") if rid.strip()}  # fmt: skip
    rows = []
    for record in records:
        number = int(record["ID"].removeprefix("id_"))
        rows.append({
            "record_id": record["ID"], "group_id": group.get(number, f"s{number}"),
            "title": record.get("title") or "",
            "authors": "; ".join(a.strip() for a in (record.get("author") or "").split(" and ")),
            "year": record.get("year") or "",
            "journal": record.get("journal") or record.get("booktitle") or "",
            "volume": record.get("volume") or "", "issue": record.get("number") or "",
            "pages": record.get("pages") or "", "doi": record.get("doi") or "",
            "abstract": record.get("abstract") or "", "entry_type": record.get("ENTRYTYPE") or "",
        })  # fmt: skip
    return rows


def _dataset_path(data: Path, name: str) -> Path | None:
    for candidate in (data / name / "records.csv", data / name):
        if candidate.is_file() or (candidate / "records_pre_merged.csv").is_file():
            return candidate
    return None


def load_labelled(path: Path, seed: int = REFERENCE_SEED) -> tuple[list[Citation], dict[str, str]]:
    """Shuffled citations with fresh ids, and the gold group of each fresh id."""
    rows = _read_rows(path)
    random.Random(seed).shuffle(rows)
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
                doi=row.get("doi") or None,
                pmid=accession if accession.isdigit() else None,
                abstract=row.get("abstract") or None,
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


def blocking_candidates(citations: Sequence[Citation]) -> list[tuple[str, str]]:
    """The engine's candidate pairs as record-id pairs, produced the way the engine does.

    Same steps as ``engine._Run.score_candidates`` (sort by record_id, prepare,
    drop unidentifiable records, :func:`candidate_pairs` with default options),
    called from here so the engine stays untouched; :func:`accuracy` checks the
    count against the engine's own ``candidate_pairs`` statistic.
    """
    ordered = sorted(citations, key=lambda c: c.record_id)
    active = [p for p in (prepare(c) for c in ordered) if p.identifiable]
    codes, _ = candidate_pairs(active)
    ids = [p.record_id for p in active]
    m = len(ids)
    return [(ids[code // m], ids[code % m]) for code in codes.tolist()]


def _one_per_cluster(pred: dict[str, str]) -> set[str]:
    # Removal counts are representative-invariant: any member may stand for its cluster.
    first: dict[str, str] = {}
    for rid, cid in pred.items():
        first.setdefault(cid, rid)
    return set(first.values())


def _maybe_pairs(result: DedupResult) -> list[tuple[str, str]]:
    return [(v.a, v.b) for v in result.maybe]


def _reviewed(gold: dict[str, str], pred: dict[str, str], result: DedupResult) -> RemovalScores:
    """Removal counts after a perfect reviewer resolved every maybe pair by gold."""
    return removal_scores(gold, _one_per_cluster(resolve_by_gold(gold, pred, _maybe_pairs(result))))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Run:
    """One engine run on one shuffle of one labelled set."""

    name: str
    seed: int
    citations: list[Citation]
    gold: dict[str, str]
    result: DedupResult
    seconds: float

    @property
    def prediction(self) -> tuple[dict[str, str], set[str]]:
        return reviewkit_prediction(self.result)


def _run(name: str, path: Path, seed: int) -> _Run:
    citations, gold = load_labelled(path, seed)
    started = time.perf_counter()
    result = deduplicate(citations)
    elapsed = time.perf_counter() - started
    return _Run(name=name, seed=seed, citations=citations, gold=gold, result=result,
                seconds=elapsed)  # fmt: skip


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


def _print_table(rows: list[dict[str, object]], title: str | None = None) -> None:
    if title:
        print(f"\n{title}")
    header = list(rows[0])
    cells = [[f"{v:.4f}" if isinstance(v, float) else str(v) for v in row.values()] for row in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(header)]
    print(" | ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    for line in cells:
        print(" | ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)))


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


def _span(values: Sequence[float | int]) -> str:
    low, high = min(values), max(values)

    def show(value: float | int) -> str:
        return f"{value:.4f}" if isinstance(value, float) else str(value)

    return show(low) if low == high else f"{show(low)}-{show(high)}"


def _interval(successes: int, total: int) -> str:
    low, high = wilson_interval(successes, total)
    return f"{successes}/{total} = {_ratio(successes, total):.4f} [{low:.4f}, {high:.4f}]"


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def _seed_row(runs: list[_Run]) -> dict[str, object]:
    """Min-max over the seeds of the numbers that may move with input order."""
    fp, fn, sens, false_pairs, maybe, reviewed_fn, seconds = [], [], [], [], [], [], []
    for run in runs:
        pred, alive = run.prediction
        rm = removal_scores(run.gold, alive)
        fp.append(rm.fp)
        fn.append(rm.fn)
        sens.append(rm.recall)
        false_pairs.append(pairwise_scores(run.gold, pred).fp)
        maybe.append(len(run.result.maybe))
        reviewed_fn.append(_reviewed(run.gold, pred, run.result).fn)
        seconds.append(run.seconds)
    return {
        "dataset": runs[0].name, "seeds": ",".join(str(r.seed) for r in runs), "FP": _span(fp),
        "FN": _span(fn), "sens": _span(sens), "false_pairs": _span(false_pairs),
        "maybe": _span(maybe), "reviewed_FN": _span(reviewed_fn),
        "seconds": f"{min(seconds):.2f}-{max(seconds):.2f}",
    }  # fmt: skip


def _interval_row(name: str, tool: str, gold: dict[str, str], alive: set[str]) -> dict[str, object]:
    rm = removal_scores(gold, alive)
    return {
        "dataset": name, "tool": tool,
        "sensitivity TP/(TP+FN) [Wilson 95%]": _interval(rm.tp, rm.tp + rm.fn),
        "precision TP/(TP+FP) [Wilson 95%]": _interval(rm.tp, rm.tp + rm.fp),
        "lost publications FP/publications": f"{rm.fp}/{rm.fp + rm.tn}",
    }  # fmt: skip


def _cluster_row(
    name: str, tool: str, gold: dict[str, str], pred: dict[str, str]
) -> dict[str, object]:
    cs = cluster_scores(gold, pred)
    return {
        "dataset": name, "tool": tool, "B3_P": cs.bcubed_precision, "B3_R": cs.bcubed_recall,
        "B3_F1": cs.bcubed_f1,
        "exact groups": f"{cs.exact_groups}/{cs.gold_groups} = {cs.exact_share:.4f}",
        "exact dup groups": (f"{cs.exact_duplicate_groups}/{cs.duplicate_groups}"
                             f" = {cs.exact_duplicate_share:.4f}"),
        "pred pubs": cs.predicted_clusters, "gold pubs": cs.gold_groups,
    }  # fmt: skip


def _blocking_row(run: _Run) -> dict[str, object]:
    candidates = blocking_candidates(run.citations)
    engine_count = run.result.stats.get("candidate_pairs", 0)
    if len(candidates) != engine_count:
        print(f"warning: {run.name}: blocking gave {len(candidates)} candidate pairs here, "
              f"{engine_count} in the engine run; expected the same")  # fmt: skip
    bs = blocking_scores(run.gold, candidates)
    return {
        "dataset": run.name, "records": bs.records, "all pairs": bs.records * (bs.records - 1) // 2,
        "candidates": bs.candidate_pairs, "RR": f"{bs.reduction_ratio:.6f}",
        "scored": run.result.stats.get("compared", 0), "gold pairs": bs.gold_pairs,
        "PC": f"{bs.found}/{bs.gold_pairs} = {bs.pair_completeness:.4f}",
        "PC closure": f"{bs.reachable}/{bs.gold_pairs} = {bs.reachable_completeness:.4f}",
    }  # fmt: skip


def _queue_row(run: _Run) -> dict[str, object]:
    pred, alive = run.prediction
    gold = run.gold
    queue = review_queue(gold, _maybe_pairs(run.result))
    bound = _reviewed(gold, pred, run.result)
    # The same reviewer inside the engine: "same"/"different" decisions on every maybe pair.
    decisions: dict[frozenset[str], HumanDecision] = {
        frozenset(pair): "same" if gold[pair[0]] == gold[pair[1]] else "different"
        for pair in _maybe_pairs(run.result)
    }
    rerun = deduplicate(run.citations, decisions=decisions)
    engine = removal_scores(gold, reviewkit_prediction(rerun)[1])
    before = removal_scores(gold, alive)
    return {
        "dataset": run.name, "records": queue.records, "maybe": queue.pairs,
        "per 1k": f"{queue.per_1000:.2f}", "true": queue.true_pairs,
        "FP/FN before": f"{before.fp}/{before.fn}", "FP/FN reviewed": f"{bound.fp}/{bound.fn}",
        "sens reviewed [Wilson 95%]": _interval(bound.tp, bound.tp + bound.fn),
        "FP/FN engine rerun": f"{engine.fp}/{engine.fn}", "maybe left": len(rerun.maybe),
    }  # fmt: skip


def accuracy(
    data: Path, errors: str | None, seeds: Sequence[int], names: Sequence[str] = DATASETS
) -> None:
    """Score every labelled set: reference seed in full, the other seeds as ranges."""
    main: list[dict[str, object]] = []
    spans: list[dict[str, object]] = []
    intervals: list[dict[str, object]] = []
    clusters: list[dict[str, object]] = []
    blocking: list[dict[str, object]] = []
    queues: list[dict[str, object]] = []
    pooled = [0, 0, 0, 0]
    started = time.perf_counter()
    for name in names:
        path = _dataset_path(data, name)
        if path is None:
            print(f"skip {name}: neither {data / name}/records.csv nor bib-dedupe's files found")
            continue
        runs = [_run(name, path, seed) for seed in (REFERENCE_SEED, *seeds)]
        ref = runs[0]
        pred, alive = ref.prediction
        row = _row(name, "reviewkit", ref.gold, pred, alive, len(ref.result.maybe))
        row["seconds"] = f"{ref.seconds:.2f}"
        bpred, balive = baseline(ref.citations)
        brow = _row(name, "baseline", ref.gold, bpred, balive, "-")
        brow["seconds"] = "-"
        main += [row, brow]
        spans.append(_seed_row(runs))
        intervals += [_interval_row(name, "reviewkit", ref.gold, alive),
                      _interval_row(name, "baseline", ref.gold, balive)]  # fmt: skip
        clusters += [_cluster_row(name, "reviewkit", ref.gold, pred),
                     _cluster_row(name, "baseline", ref.gold, bpred)]  # fmt: skip
        blocking.append(_blocking_row(ref))
        queues.append(_queue_row(ref))
        rm = removal_scores(ref.gold, alive)
        pooled = [pooled[0] + rm.tp, pooled[1] + rm.fp, pooled[2] + rm.fn, pooled[3] + rm.tn]
        if errors == name:
            _explain_errors(ref.citations, ref.gold, ref.result)
    if not main:
        return
    _print_table(main, f"removal and pairwise scores, seed {REFERENCE_SEED}")
    tp, fp, fn, _ = pooled
    print(f"pooled reviewkit: FP {fp}, FN {fn}, sensitivity {tp / (tp + fn):.4f}")
    _print_table(spans, "range over seeds (reviewkit; reviewed = perfect reviewer on maybe pairs)")
    _print_table(intervals, f"record removal with Wilson 95% intervals, seed {REFERENCE_SEED}")
    _print_table(clusters, f"cluster level (B-cubed, exact gold groups), seed {REFERENCE_SEED}")
    _print_table(
        blocking, f"blocking: pair completeness and reduction ratio, seed {REFERENCE_SEED}"
    )
    _print_table(queues, f"review queue and perfect reviewer, seed {REFERENCE_SEED}")
    print(f"\naccuracy section: {time.perf_counter() - started:.1f} s")


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
    parser.add_argument("--seeds", default="1,2,3,4", help="shuffles besides the reference 42")
    parser.add_argument(
        "--sets", default=",".join(DATASETS), help="labelled sets (folders) under --data"
    )
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        _speed_worker(args.worker)
        return
    if not args.skip_accuracy:
        seeds = [int(x) for x in args.seeds.split(",") if x.strip() and int(x) != REFERENCE_SEED]
        names = [name.strip() for name in args.sets.split(",") if name.strip()]
        accuracy(args.data, args.errors, seeds, names)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    speed(sizes)


if __name__ == "__main__":
    main()
