"""Tests for reviewkit.slicing: date arithmetic, and planning against a fake ESearch."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from reviewkit.errors import IncompleteRetrieval, QueryRejected
from reviewkit.eutils_responses import NcbiMessage, SearchResult
from reviewkit.slicing import SearchPlan, format_ncbi_date, plan_search, split_dates

# -- pure date arithmetic -------------------------------------------------------


def covered_days(ranges):
    return [lo + timedelta(days=i) for lo, hi in ranges for i in range((hi - lo).days + 1)]


@pytest.mark.parametrize(
    ("lo", "hi", "parts"),
    [
        (date(2020, 1, 1), date(2020, 1, 1), 2),
        (date(2020, 1, 1), date(2020, 1, 2), 2),
        (date(2020, 1, 1), date(2020, 12, 31), 2),
        (date(2020, 1, 1), date(2020, 12, 31), 7),
        (date(1999, 2, 27), date(2001, 3, 1), 13),
        (date(2024, 2, 28), date(2024, 3, 1), 10),
        (date(1800, 1, 1), date(2025, 11, 27), 64),
    ],
)
def test_split_dates_partitions_the_range(lo, hi, parts):
    ranges = split_dates(lo, hi, parts)
    days = (hi - lo).days + 1
    assert len(ranges) == min(parts, days)
    assert covered_days(ranges) == [
        lo + timedelta(days=i) for i in range(days)
    ]  # no gap, no overlap
    lengths = [(b - a).days + 1 for a, b in ranges]
    assert max(lengths) - min(lengths) <= 1
    assert all(a <= b for a, b in ranges)


def test_split_dates_property_on_random_ranges():
    rng = random.Random(20251127)
    for _ in range(300):
        lo = date(1950, 1, 1) + timedelta(days=rng.randrange(30_000))
        hi = lo + timedelta(days=rng.randrange(5_000))
        parts = rng.randrange(1, 50)
        ranges = split_dates(lo, hi, parts)
        assert ranges[0][0] == lo
        assert ranges[-1][1] == hi
        for (_, end), (start, _) in itertools.pairwise(ranges):
            assert start == end + timedelta(days=1)


@pytest.mark.parametrize(
    ("lo", "hi", "parts"),
    [(date(2020, 1, 2), date(2020, 1, 1), 2), (date(2020, 1, 1), date(2020, 1, 9), 0)],
)
def test_split_dates_refuses_nonsense(lo, hi, parts):
    with pytest.raises(QueryRejected, match="cannot split"):
        split_dates(lo, hi, parts)


def test_format_ncbi_date_pads():
    assert format_ncbi_date(date(987, 3, 4)) == "0987/03/04"


# -- a fake ESearch over an in-memory corpus ------------------------------------


@dataclass
class FakeSearch:
    """ESearch over records with one or more dates; mimics the 9,999 cap and history."""

    records: dict[str, tuple[date, ...]]
    cap: int = 9_999
    extra_in_total: int = 0  # records a whole-range count sees but no slice does
    drop_ids: int = 0  # IDs left out of a result although counted
    phrase_not_found: bool = False
    calls: list[dict] = field(default_factory=list)
    _environments: dict[str, int] = field(default_factory=dict)

    def esearch(
        self,
        term,
        *,
        retstart=0,
        retmax=20,
        usehistory=True,
        webenv=None,
        datetype=None,
        mindate=None,
        maxdate=None,
        count_only=False,
        sort=None,
    ):
        self.calls.append(
            dict(
                term=term,
                retmax=retmax,
                usehistory=usehistory,
                webenv=webenv,
                datetype=datetype,
                mindate=mindate,
                maxdate=maxdate,
                count_only=count_only,
            )
        )
        lo = date(*map(int, mindate.split("/")))
        hi = date(*map(int, maxdate.split("/")))
        hits = sorted(
            (p for p, ds in self.records.items() if any(lo <= d <= hi for d in ds)),
            key=int,
            reverse=True,
        )
        errors = warnings = ()
        if self.phrase_not_found:
            hits = []
            errors = (NcbiMessage(kind="PhraseNotFound", text=term),)
            warnings = (NcbiMessage(kind="OutputMessage", text="No items found."),)
        count = len(hits)
        if count_only:
            return SearchResult(
                count=count + self.extra_in_total,
                query_translation=f"{term}[All]",
                errors=errors,
                warnings=warnings,
            )
        shown = hits[: min(retmax, self.cap)]
        if count > self.cap:
            warnings = (
                NcbiMessage(
                    kind="OutputMessage",
                    text="Restrictions achieved. start and count adjusted to 0, 9999",
                ),
            )
        if self.drop_ids:
            shown = shown[self.drop_ids :]
        key = None
        if usehistory:
            webenv = webenv or f"MCID_{len(self._environments):024x}"
            self._environments[webenv] = self._environments.get(webenv, 0) + 1
            key = str(self._environments[webenv])
        return SearchResult(
            count=count,
            retmax=len(shown),
            ids=tuple(shown),
            query_key=key,
            webenv=webenv if usehistory else None,
            query_translation=f"{term}[All]",
            errors=errors,
            warnings=warnings,
        )


def synthetic(n: int, *, start=date(2000, 1, 1), days=9_000, seed=1) -> dict[str, tuple[date, ...]]:
    rng = random.Random(seed)
    return {str(10_000_000 + i): (start + timedelta(days=rng.randrange(days)),) for i in range(n)}


START, END = date(2000, 1, 1), date(2025, 12, 31)


def assert_partition(plan: SearchPlan, records) -> None:
    in_range = {p for p, ds in records.items() if any(START <= d <= END for d in ds)}
    assert plan.total_count == len(in_range)
    assert set(plan.ids) == in_range
    assert len(plan.ids) == len(in_range)
    assert sum(s.count for s in plan.slices) == plan.total_count


def test_a_result_under_the_cap_is_one_history_search():
    records = synthetic(1_200)
    fake = FakeSearch(records)

    plan = plan_search(fake, "hair", mindate=START, maxdate=END)

    assert [c["count_only"] for c in fake.calls] == [True, False]
    assert fake.calls[1]["retmax"] == 9_999
    assert fake.calls[1]["usehistory"] is True
    assert fake.calls[1]["mindate"] == "2000/01/01"
    assert fake.calls[1]["maxdate"] == "2025/12/31"
    assert fake.calls[1]["datetype"] == "pdat"
    assert len(plan.slices) == 1
    assert plan.slices[0].query_key == "1"
    assert plan.webenv is not None
    assert plan.query_translation == "hair[All]"
    assert plan.warnings == ()
    assert_partition(plan, records)


def test_25k_records_are_sliced_in_one_webenv_and_add_up():
    records = synthetic(25_000)
    fake = FakeSearch(records)

    plan = plan_search(fake, "hair", datetype="edat", mindate=START, maxdate=END)

    assert_partition(plan, records)
    assert len(plan.slices) >= 3
    assert all(s.count <= 9_999 for s in plan.slices)
    assert all(len(s.ids) == s.count for s in plan.slices)
    searches = [c for c in fake.calls if not c["count_only"]]
    assert all(c["datetype"] == "edat" for c in fake.calls)
    assert searches[0]["webenv"] is None
    assert all(c["webenv"] == plan.webenv for c in searches[1:])  # one shared environment
    assert len({s.query_key for s in plan.slices}) == len(plan.slices)
    # Slices are adjacent and cover the whole range, in order.
    assert plan.slices[0].mindate == START
    assert plan.slices[-1].maxdate == END
    for a, b in zip(plan.slices, plan.slices[1:], strict=False):
        assert b.mindate == a.maxdate + timedelta(days=1)
    assert "Restrictions achieved" not in " ".join(plan.warnings)


def test_a_dense_slice_is_split_again():
    records = synthetic(6_000, days=9_000)
    # 12,000 extra records in one month: the proportional first split overflows there.
    records.update(
        {str(20_000_000 + i): (date(2010, 6, 1) + timedelta(days=i % 30),) for i in range(12_000)}
    )
    fake = FakeSearch(records)

    plan = plan_search(fake, "hair", mindate=START, maxdate=END)

    assert_partition(plan, records)
    assert all(s.count <= 9_999 for s in plan.slices)
    assert any((s.maxdate - s.mindate).days < 30 for s in plan.slices)


def test_a_smaller_cap_still_partitions():
    records = synthetic(3_000)
    fake = FakeSearch(records, cap=100)
    plan = plan_search(fake, "hair", mindate=START, maxdate=END, cap=100)
    assert_partition(plan, records)
    assert all(s.count <= 100 for s in plan.slices)


def test_a_single_day_over_the_cap_is_rejected_naming_the_day():
    records = {str(i): (date(2020, 3, 15),) for i in range(1, 151)}
    fake = FakeSearch(records, cap=100)

    with pytest.raises(QueryRejected) as caught:
        plan_search(fake, "covid", mindate=date(2020, 3, 1), maxdate=date(2020, 3, 31), cap=100)

    message = str(caught.value)
    assert "150 records on the single day 2020-03-15 (pdat)" in message
    assert "narrow the query" in message


def test_records_falling_between_slices_are_reported():
    fake = FakeSearch(synthetic(25_000), extra_in_total=3)
    with pytest.raises(IncompleteRetrieval) as caught:
        plan_search(fake, "hair", mindate=START, maxdate=END)
    message = str(caught.value)
    assert "counts 25003 records" in message
    assert "count 25000" in message
    assert "fall between slices" in message


def test_records_in_two_slices_are_reported_as_duplicates():
    records = synthetic(20_000)
    records["99999999"] = (date(2001, 1, 1), date(2020, 1, 1))  # print and online dates
    fake = FakeSearch(records)
    with pytest.raises(IncompleteRetrieval, match=r"\(1 duplicates\)"):
        plan_search(fake, "hair", mindate=START, maxdate=END)


def test_a_search_returning_fewer_ids_than_its_count_is_incomplete():
    fake = FakeSearch(synthetic(50), drop_ids=2)
    with pytest.raises(IncompleteRetrieval, match="ESearch counted 50 records but returned 48 IDs"):
        plan_search(fake, "hair", mindate=START, maxdate=END)


def test_phrase_not_found_gives_an_empty_plan_with_the_message():
    fake = FakeSearch(synthetic(10), phrase_not_found=True)

    plan = plan_search(fake, "abcXYZ", mindate=START, maxdate=END)

    assert plan.total_count == 0
    assert plan.ids == ()
    assert plan.warnings == ("PhraseNotFound: abcXYZ", "OutputMessage: No items found.")


def test_dates_out_of_order_are_rejected_before_any_request():
    fake = FakeSearch({})
    with pytest.raises(QueryRejected, match="mindate 2021-01-01 is after maxdate 2020-01-01"):
        plan_search(fake, "x", mindate=date(2021, 1, 1), maxdate=date(2020, 1, 1))
    assert fake.calls == []


# -- integration: 25,000 synthetic records through the loopback server ------------


@pytest.fixture(scope="module")
def big_server():
    pytest.importorskip("reviewkit.loopback.server", reason="loopback server not available")
    import requests

    from reviewkit.eutils import EUtilsClient, EUtilsConfig
    from reviewkit.loopback import EUtilsServer, synthetic_corpus

    class NoWait:
        def acquire(self) -> None:
            pass

    corpus = synthetic_corpus(25_000, seed=11)
    with EUtilsServer(corpus, rate_limit=False) as srv:
        client = EUtilsClient(
            requests.Session(),
            EUtilsConfig(base_url=srv.url),
            limiter=NoWait(),
            sleep=lambda _: None,
        )
        yield srv, client, corpus


def test_loopback_25k_records_are_sliced_and_the_union_equals_the_count(big_server):
    srv, client, corpus = big_server
    term = "1800:3000[dp]"  # every record

    plan = plan_search(
        client, term, datetype="pdat", mindate=date(1900, 1, 1), maxdate=date(2030, 12, 31)
    )

    assert plan.total_count == len(corpus) == 25_000
    assert len(plan.slices) >= 3
    assert all(s.count <= 9_999 for s in plan.slices)
    assert set(plan.ids) == set(corpus.pmids)
    assert len(plan.ids) == len(set(plan.ids))
    searches = [r for r in srv.requests if r.utility == "esearch"]
    webenvs = {r.params.get("WebEnv") for r in searches[2:]}
    assert webenvs == {plan.webenv}  # every slice after the first joined the shared WebEnv
    # Each slice's history key pages through exactly its IDs.
    from reviewkit.eutils_responses import HistoryKey, parse_efetch_pmids

    last = plan.slices[-1]
    body = client.efetch(
        history=HistoryKey(webenv=plan.webenv, query_key=last.query_key), retstart=0, retmax=200
    )
    assert parse_efetch_pmids(body, origin="last slice").pmids == last.ids[:200]
