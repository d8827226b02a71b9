"""``reviewkit status``, and ``run``/``refresh``/``serve`` with stand-ins for the flows.

The real flows run in ``tests/flows``; here fake ``flows.*`` modules check what the
commands pass to them and print from them, without starting Prefect.
"""

import sys
from types import SimpleNamespace

import pytest

from reviewkit.cli import main

PREFECT_CONSOLE = "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"


def test_status_shows_counts_and_the_last_run(filled_review, capsys):
    assert main(["status", "--review", str(filled_review)]) == 0
    out = capsys.readouterr().out
    assert "records 15" in out or "records 1" in out
    assert "succeeded (full)" in out


def test_status_of_a_review_that_never_ran_says_what_to_do(empty_review, capsys):
    assert main(["status", "--review", str(empty_review)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "no refresh has run yet: try `reviewkit run`"


def _run(**changes):
    run = {"id": 3, "status": "succeeded", "mode": "incremental", "count": 2, "fetched": 2,
           "new": 1, "updated": 1, "requests": 4, "rate_limited": 1, "duration_s": 0.5,
           "query_translation": "x" * 150}  # fmt: skip
    return {**run, **changes}


@pytest.fixture
def fake_flows(monkeypatch):
    """Stand-ins for ``flows.review`` and ``flows.refresh``; the calls land in a list."""
    calls = []
    stages = {
        "refresh": _run(),
        "imports": [
            {"file": "a.ris", "source": "embase", "already_imported": False},
            {"file": "b.ris", "source": "scopus", "already_imported": True},
        ],
        "deduplicate": {"line": "8 records → 7 studies"},
        "screening": {"line": "7 queued"},
        "demo-screening": "filled 2 sheets",
        "prisma": {"line": "7 screened"},
        "demo": "filled 1 workbook",
        "evidence": {"line": "3 tables"},
    }

    def review(**kwargs):
        calls.append(("review", kwargs))
        return stages

    def refresh(**kwargs):
        calls.append(("refresh", kwargs))
        return _run(status="failed", error="NCBI said no")

    monkeypatch.setitem(sys.modules, "flows.review", SimpleNamespace(review=review))
    monkeypatch.setitem(sys.modules, "flows.refresh", SimpleNamespace(refresh=refresh))
    # Record the variable so the command's setdefault is undone after the test.
    monkeypatch.setenv(PREFECT_CONSOLE, "unset")
    monkeypatch.delenv(PREFECT_CONSOLE)
    return calls


def test_run_prints_the_mode_then_one_line_per_stage(empty_review, fake_flows, capsys):
    import os

    assert main(["run", "--offline", "--full", "--review", str(empty_review)]) == 0
    ((name, kwargs),) = fake_flows
    assert name == "review"
    assert kwargs == {"review_dir": empty_review, "offline": True, "full": True,
                      "show_progress": False}  # fmt: skip
    assert os.environ[PREFECT_CONSOLE] == "CRITICAL"  # Prefect's console handler is quiet
    assert capsys.readouterr().out.splitlines() == [
        "reviewkit: OFFLINE — using the bundled PubMed snapshot on a loopback E-utilities "
        "server (set NCBI_EMAIL or pass --live to query PubMed)",
        "run 3 succeeded (incremental): Count 2, fetched 2, new 1, updated 1",
        f"requests 4, 429s 1, 0.5 s; NCBI's translation: {'x' * 99}…",
        "imports: a.ris (embase) imported",
        "imports: b.ris (scopus) already imported",
        "deduplicate: 8 records → 7 studies",
        "screening: 7 queued",
        "demo: filled 2 sheets",
        "prisma: 7 screened",
        "demo: filled 1 workbook",
        "evidence: 3 tables",
    ]


def test_refresh_goes_live_when_ncbi_email_is_set_and_a_failed_run_exits_1(
    empty_review, fake_flows, monkeypatch, capsys
):
    monkeypatch.setenv("NCBI_EMAIL", "ann@example.org")
    monkeypatch.setenv("REVIEWKIT_EUTILS_URL", "http://127.0.0.1:9/")
    assert main(["refresh", "--no-progress", "--review", str(empty_review)]) == 1
    ((name, kwargs),) = fake_flows
    assert (name, kwargs["offline"], kwargs["full"]) == ("refresh", False, False)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "reviewkit: LIVE — querying http://127.0.0.1:9/ as ann@example.org"
    assert out[1] == (
        "run 3 failed (incremental): Count 2, fetched 2, new 1, updated 1 — NCBI said no"
    )
    assert len(out) == 3  # a refresh alone has no other stages
    # --offline wins over the environment.
    assert main(["refresh", "--offline", "--review", str(empty_review)]) == 1
    assert fake_flows[-1][1]["offline"] is True


def test_run_without_a_review_fails_before_any_flow_starts(tmp_path, fake_flows, capsys):
    assert main(["run", "--review", str(tmp_path)]) == 3
    assert fake_flows == []
    assert capsys.readouterr().out == ""


def test_serve_hands_the_review_and_offline_to_the_serve_flow(empty_review, monkeypatch):
    argvs = []
    monkeypatch.setitem(sys.modules, "flows.serve", SimpleNamespace(main=argvs.append))
    monkeypatch.setenv(PREFECT_CONSOLE, "unset")
    monkeypatch.delenv(PREFECT_CONSOLE)
    assert main(["serve", "--review", str(empty_review)]) == 0
    assert main(["serve", "--offline", "--review", str(empty_review)]) == 0
    assert argvs == [["--review", str(empty_review)], ["--review", str(empty_review), "--offline"]]
