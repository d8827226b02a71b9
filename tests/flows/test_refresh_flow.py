import pytest

import flows.refresh as refresh_module
from flows.ratelimit import PrefectRateLimiter
from reviewkit.cli import main
from reviewkit.loopback import EUtilsServer, synthetic_corpus
from reviewkit.refresh import Refresher
from reviewkit.workspace import Workspace
from tests.refresh_support import write_review


def test_a_crashed_flow_resumes_on_the_next_live_run_without_refetching(
    tmp_path, monkeypatch, capsys
):
    review_dir = write_review(tmp_path / "r", batch_size=50)
    original = Refresher.fetch
    crash = {"armed": True}

    def crashing_fetch(self, plan, batch):
        if batch.number == 2 and crash["armed"]:
            crash["armed"] = False
            raise RuntimeError("worker killed mid-fetch")
        return original(self, plan, batch)

    monkeypatch.setattr(Refresher, "fetch", crashing_fetch)
    with EUtilsServer(synthetic_corpus(8000, seed=7), rate_limit=True) as server:
        monkeypatch.setenv("REVIEWKIT_EUTILS_URL", server.url)
        monkeypatch.setenv("NCBI_EMAIL", "ci@example.org")
        with pytest.raises(RuntimeError, match="worker killed"):
            refresh_module.refresh(review_dir=review_dir, offline=False)
        failed = Workspace.open(review_dir).db.last_run()
        assert failed.status == "failed"
        assert failed.batches_done == 2

        before = len(server.requests)
        assert main(["refresh", "--review", str(review_dir)]) == 0  # live: NCBI_EMAIL is set
        later = server.requests[before:]
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("reviewkit: LIVE — querying http://127.0.0.1:")
    assert out[1].startswith(f"run {failed.id} succeeded (full)")  # the same ledger row, resumed
    assert [r.utility for r in later].count("esearch") == 0
    assert [r.utility for r in later].count("epost") == 1
    assert [r.utility for r in later].count("efetch") == failed.batches - 2
    assert all(r.status != 429 for r in server.requests)
    assert all(r.params.get("email") == "ci@example.org" for r in server.requests)


def test_the_prefect_rate_limiter_refuses_a_limit_that_does_not_exist():
    with pytest.raises(Exception, match="must be created before acquiring slots"):
        PrefectRateLimiter("reviewkit-test-missing-limit").acquire()
