"""Shared builders for tests that run refreshes against the loopback server."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests

from reviewkit.eutils import EUtilsClient, EUtilsConfig
from reviewkit.loopback import EUtilsServer
from reviewkit.refresh import Refresher
from reviewkit.workspace import RawRecorder, Workspace

QUERY = 'microneedling[tiab] AND (alopecia[tiab] OR "hair loss"[tiab])'


class NoLimit:
    def acquire(self) -> None:
        pass


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 27, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now


def write_review(
    root: Path, *, query: str = QUERY, batch_size: int = 500, mindate: str = "1990"
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    query_toml = query.replace("\\", "\\\\").replace('"', '\\"')
    (root / "review.toml").write_text(
        f"""
[review]
id = "test-review"
title = "Test review"
question = "Does it work?"

[pico]
population = "people"
intervention = "microneedling"
comparator = "none"
outcomes = ["hair count"]
study_designs = ["randomised controlled trial"]

[search.pubmed]
query = "{query_toml}"
mindate = "{mindate}"
batch_size = {batch_size}
overlap_days = 7
""",
        encoding="utf-8",
    )
    return root


def refresher_for(
    workspace: Workspace,
    server: EUtilsServer,
    session: requests.Session,
    clock: Clock,
    *,
    max_tries: int = 3,
) -> tuple[Refresher, EUtilsClient]:
    recorder = RawRecorder(workspace.archive, workspace.db)
    config = EUtilsConfig(
        base_url=server.url, email="ci@example.org", api_key="SECRETKEY", max_tries=max_tries
    )
    client = EUtilsClient(
        session, config, limiter=NoLimit(), on_exchange=recorder, sleep=lambda s: None
    )
    return workspace.refresher(client, recorder=recorder, clock=clock), client


def refresh_from_snapshot(root: Path) -> Path:
    """Run one full offline refresh of the review at ``root`` against the bundled snapshot."""
    from reviewkit.loopback import Corpus
    from reviewkit.snapshot import snapshot_files

    workspace = Workspace.open(root)
    with (
        EUtilsServer(Corpus.from_xml(*snapshot_files()), rate_limit=False) as server,
        requests.Session() as session,
    ):
        refresher, _ = refresher_for(workspace, server, session, Clock())
        refresher.run()
    workspace.close()
    return root
