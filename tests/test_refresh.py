import gzip
import json
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from reviewkit.errors import SourceUnavailable
from reviewkit.loopback import Corpus, EUtilsServer, synthetic_corpus
from reviewkit.refresh import batch_pmids, parse_date_limit, pmid_set_hash
from reviewkit.snapshot import snapshot_files
from reviewkit.workspace import Workspace
from tests.refresh_support import Clock, refresher_for, write_review

DATA = Path(__file__).parent / "data"


@pytest.fixture
def snapshot():
    return Corpus.from_xml(*snapshot_files())


@pytest.fixture
def session():
    with requests.Session() as s:
        yield s


def efetches(server):
    return [r for r in server.requests if r.utility == "efetch"]


def test_pure_helpers():
    assert pmid_set_hash(["3", "1"]) == pmid_set_hash(["1", "3"])
    assert batch_pmids([str(i) for i in range(5)], 2)[-1] == ("4",)
    assert parse_date_limit("2024/02/03").isoformat() == "2024-02-03"


def test_first_refresh_stores_every_searched_record_and_archives_raw(tmp_path, snapshot, session):
    clock = Clock()
    workspace = Workspace.open(write_review(tmp_path / "r"))
    with EUtilsServer(snapshot, rate_limit=False) as server:
        refresher, client = refresher_for(workspace, server, session, clock)
        summary = refresher.run()
    assert summary.status == "succeeded"
    assert summary.mode == "full"
    assert summary.count > 5
    assert summary.fetched == summary.count == summary.new
    assert workspace.db.record_count() == summary.count
    assert summary.query_translation
    assert "Title/Abstract" in summary.query_translation
    assert summary.pmid_set_hash == pmid_set_hash(workspace.db.run_pmids(summary.id))
    # esearch (count) + esearch (history) + one efetch batch
    assert client.stats.requests == summary.requests <= 4
    raw = sorted((tmp_path / "r" / "review-data" / "raw").rglob("*.gz"))
    assert len(raw) == client.stats.requests
    bodies = b"".join(gzip.decompress(p.read_bytes()) for p in raw)
    assert b"<PubmedArticleSet>" in bodies
    sidecars = "".join(p.read_text() for p in (tmp_path / "r").rglob("*.json"))
    assert "SECRETKEY" not in sidecars
    assert "ci@example.org" not in sidecars
    workspace.close()


def test_second_refresh_is_incremental_and_reports_nothing_new(tmp_path, snapshot, session):
    clock = Clock()
    workspace = Workspace.open(write_review(tmp_path / "r"))
    with EUtilsServer(snapshot, rate_limit=False) as server:
        refresher, _ = refresher_for(workspace, server, session, clock)
        first = refresher.run()
        clock.now += timedelta(days=7)
        before = len(server.requests)
        refresher, client = refresher_for(workspace, server, session, clock)
        second = refresher.run()
        incremental = [r.params for r in server.requests[before:] if r.utility == "esearch"]
    assert first.new > 0
    assert (second.mode, second.status, second.new, second.updated) == (
        "incremental",
        "succeeded",
        0,
        0,
    )
    assert client.stats.requests <= 2  # a count and nothing to fetch
    assert incremental[0]["datetype"] == "mdat"
    assert incremental[0]["mindate"] == "2026/11/20"  # last success minus the 7-day overlap
    workspace.close()


def _revised(xml: bytes, pmid: str) -> bytes:
    """One article from ``xml`` with a new title and today's DateRevised."""
    start = xml.index(f'<PMID Version="1">{pmid}</PMID>'.encode())
    begin = xml.rindex(b"<PubmedArticle>", 0, start)
    end = xml.index(b"</PubmedArticle>", start) + len(b"</PubmedArticle>")
    article = xml[begin:end]
    title_start = article.index(b"<ArticleTitle>") + len(b"<ArticleTitle>")
    article = article[:title_start] + b"[Corrected] " + article[title_start:]
    revised = b"<DateRevised><Year>2026</Year><Month>12</Month><Day>02</Day></DateRevised>"
    if b"<DateRevised>" in article:
        s = article.index(b"<DateRevised>")
        e = article.index(b"</DateRevised>") + len(b"</DateRevised>")
        article = article[:s] + revised + article[e:]
    else:
        pos = article.index(b"</PMID>") + len(b"</PMID>")
        article = article[:pos] + revised + article[pos:]
    return article


def test_a_record_pubmed_revised_is_updated_and_the_change_noted(tmp_path, snapshot, session):
    clock = Clock()
    workspace = Workspace.open(write_review(tmp_path / "r"))
    with EUtilsServer(snapshot, rate_limit=False) as server:
        refresher, _ = refresher_for(workspace, server, session, clock)
        first = refresher.run()
        pmid = workspace.db.run_pmids(first.id)[0]
        xml = next(p.read_bytes() for p in snapshot_files() if pmid.encode() in p.read_bytes())
        snapshot.put(_revised(xml, pmid))
        clock.now += timedelta(days=7)
        refresher, _ = refresher_for(workspace, server, session, clock)
        second = refresher.run()
    assert (second.count, second.new, second.updated) == (1, 0, 1)
    stored = {s.record.pmid: s for s in workspace.db.iter_records()}
    assert stored[pmid].record.title.startswith("[Corrected] ")
    assert stored[pmid].versions == 2
    assert [c["kind"] for c in workspace.db.changes(pmid=pmid)] == ["new", "updated"]
    workspace.close()


def test_a_crash_mid_fetch_resumes_without_fetching_finished_batches(tmp_path, session):
    corpus = synthetic_corpus(8000, seed=7)
    clock = Clock()
    workspace = Workspace.open(write_review(tmp_path / "r", batch_size=50))
    with EUtilsServer(corpus, rate_limit=False) as server:
        refresher, _ = refresher_for(workspace, server, session, clock, max_tries=2)
        plan = refresher.begin()
        assert len(plan.batches) >= 3
        refresher.fetch(plan, plan.batches[0])
        refresher.fetch(plan, plan.batches[1])
        server.faults.inject("500", "500", utility="efetch")  # outlasts max_tries
        with pytest.raises(SourceUnavailable, match="efetch batch 2 of run"):
            refresher.fetch(plan, plan.batches[2])
        refresher.fail(plan, RuntimeError("worker killed"))
        assert workspace.db.cursor(plan.source_id) is None  # the cursor did not move

        before = len(server.requests)
        refresher, _ = refresher_for(workspace, server, session, clock)
        resumed = refresher.run()
        later = server.requests[before:]
    assert resumed.id == plan.run_id
    assert resumed.status == "succeeded"
    assert resumed.fetched == resumed.count == plan.count
    assert [r.utility for r in later].count("epost") == 1
    assert len([r for r in later if r.utility == "efetch"]) == len(plan.batches) - 2
    assert not [r for r in later if r.utility == "esearch"]
    assert workspace.db.record_count() == plan.count
    workspace.close()


def test_a_batch_that_stays_short_fails_loudly_and_keeps_the_cursor(tmp_path, snapshot, session):
    clock = Clock()
    workspace = Workspace.open(write_review(tmp_path / "r"))
    with EUtilsServer(snapshot, rate_limit=False) as server:
        refresher, _ = refresher_for(workspace, server, session, clock)
        server.faults.inject(*["short"] * 3, utility="efetch")
        with pytest.raises(SourceUnavailable, match="PMIDs missing"):
            refresher.run()
    last = workspace.db.last_run()
    assert last is not None
    assert last.status == "failed"
    assert "missing" in (last.error or "")
    assert workspace.db.record_count() == 0  # nothing half-stored
    assert workspace.db.cursor(last_source(workspace)) is None
    workspace.close()


def last_source(workspace):
    return workspace.db.ensure_source("pubmed", kind="pubmed")


def test_malformed_xml_is_retried_and_then_named(tmp_path, snapshot, session):
    clock = Clock()
    workspace = Workspace.open(write_review(tmp_path / "r"))
    with EUtilsServer(snapshot, rate_limit=False) as server:
        refresher, _ = refresher_for(workspace, server, session, clock, max_tries=3)
        server.faults.inject("truncate", utility="efetch")
        ok = refresher.run(full=True)
        assert ok.status == "succeeded"
        server.faults.inject("truncate", "truncate", "truncate", utility="efetch")
        with pytest.raises(SourceUnavailable, match=r"efetch batch 0 of run \d+"):
            refresher.run(full=True)
    assert workspace.db.last_run().status == "failed"
    workspace.close()


def test_an_unknown_phrase_is_reported_in_the_ledger_not_raised(tmp_path, snapshot, session):
    clock = Clock()
    workspace = Workspace.open(write_review(tmp_path / "r", query="qwzxv[tiab]"))
    with EUtilsServer(snapshot, rate_limit=False) as server:
        refresher, _ = refresher_for(workspace, server, session, clock)
        summary = refresher.run()
    assert (summary.status, summary.count) == ("empty", 0)
    assert "qwzxv" in (summary.error or "")
    workspace.close()


def test_a_record_without_a_title_is_skipped_and_counted(tmp_path, session):
    xml = (DATA / "pubmed" / "refresh_missing_title.xml").read_bytes()
    clock = Clock()
    workspace = Workspace.open(write_review(tmp_path / "r"))
    with EUtilsServer(Corpus.from_xml(xml), rate_limit=False) as server:
        refresher, _ = refresher_for(workspace, server, session, clock)
        summary = refresher.run()
    assert (summary.status, summary.count, summary.new, summary.skipped) == ("succeeded", 2, 1, 1)
    workspace.close()


def test_over_9999_hits_are_date_sliced_and_all_fetched(tmp_path, session):
    corpus = synthetic_corpus(12_000, seed=3)
    clock = Clock()
    workspace = Workspace.open(
        write_review(tmp_path / "r", query='"journal article"[pt]', batch_size=5000)
    )
    with EUtilsServer(corpus, rate_limit=False) as server:
        refresher, _ = refresher_for(workspace, server, session, clock)
        summary = refresher.run()
        searches = [r for r in server.requests if r.utility == "esearch"]
    assert summary.count > 9999
    assert summary.fetched == summary.count == workspace.db.record_count()
    assert len({r.params.get("mindate") for r in searches}) > 1
    assert json.loads(json.dumps(summary.to_dict()))["status"] == "succeeded"
    workspace.close()


@pytest.mark.postgres
def test_the_same_refresh_runs_on_postgresql(tmp_path, snapshot, session, postgres_url):
    clock = Clock()
    workspace = Workspace.open(write_review(tmp_path / "r"), database_url=postgres_url)
    with EUtilsServer(snapshot, rate_limit=False) as server:
        refresher, _ = refresher_for(workspace, server, session, clock)
        first = refresher.run()
        clock.now += timedelta(days=7)
        refresher, _ = refresher_for(workspace, server, session, clock)
        second = refresher.run()
    assert (first.status, first.new) == ("succeeded", first.count)
    assert (second.mode, second.new) == ("incremental", 0)
    assert workspace.db.record_count() == first.count
    assert not (tmp_path / "r" / "review-data" / "review.sqlite").exists()
    workspace.close()
