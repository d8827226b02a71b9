import json
import threading
from datetime import UTC, datetime

import pytest
from prefect.client.orchestration import get_client

from flows.refresh import refresh
from flows.review import review
from reviewkit.cli import main
from reviewkit.errors import RefreshInProgress
from reviewkit.workspace import Workspace


def test_the_review_flow_runs_offline_end_to_end_and_then_finds_nothing_new(review_dir, capsys):
    first = review(review_dir=review_dir, offline=True)["refresh"]
    assert (first["status"], first["mode"]) == ("succeeded", "full")
    assert first["count"] == first["fetched"] == first["new"] >= 14
    assert first["rate_limited"] == 0

    assert main(["run", "--offline", "--review", str(review_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("reviewkit: OFFLINE")
    assert "incremental): Count 0, fetched 0, new 0, updated 0" in out[1]

    assert main(["status", "--json", "--review", str(review_dir)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["records"] == first["count"]
    assert status["last_run"]["new"] == 0
    assert status["last_run"]["status"] == "succeeded"
    assert {"count", "fetched", "new", "updated", "status"} <= status["last_run"].keys()


def test_the_refresh_flow_publishes_a_markdown_artifact(review_dir):
    result = refresh(review_dir=review_dir, offline=True)
    assert result["status"] == "succeeded"

    async def read():
        async with get_client() as client:
            from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["pubmed-refresh"]))
            )

    import asyncio

    artifacts = asyncio.run(read())
    assert any(f"| Count | {result['count']} |" in a.data for a in artifacts)


def test_a_second_refresh_at_the_same_time_refuses_clearly(review_dir):
    workspace = Workspace.open(review_dir)
    holding = threading.Event()
    release = threading.Event()

    def hold():
        with workspace.db.refresh_lock("pubmed", holder="elsewhere:1", now=datetime.now(UTC)):
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        holding.wait(10)
        with pytest.raises(RefreshInProgress, match="already running"):
            refresh(review_dir=review_dir, offline=True)
    finally:
        release.set()
        thread.join()
        workspace.close()
    assert Workspace.open(review_dir).db.last_run() is None


def test_the_whole_review_runs_on_postgresql_through_a_url(
    review_dir, postgres_url, monkeypatch, capsys
):
    monkeypatch.setenv("REVIEWKIT_DATABASE_URL", postgres_url)
    assert main(["run", "--offline", "--review", str(review_dir)]) == 0
    out = capsys.readouterr().out
    assert "deduplicate: 23 records (pubmed 15, embase 8) → 16 studies" in out
    assert "8 studies included" in out
    assert "evidence: 8 characteristics rows" in out
    # Nothing was written to the default SQLite file: the URL was used throughout.
    assert not (review_dir / "review-data" / "review.sqlite").exists()
    workspace = Workspace.open(review_dir, database_url=postgres_url)
    try:
        assert workspace.db.url.startswith("postgresql")
        assert workspace.db.record_count() == 15
    finally:
        workspace.close()
