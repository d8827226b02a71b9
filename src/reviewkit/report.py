"""Human-readable summaries of refresh runs. Pure: values in, text out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["refresh_markdown", "run_line"]


def refresh_markdown(run: Mapping[str, Any]) -> str:
    """A Markdown table of one refresh, for the Prefect artifact.

    >>> print(refresh_markdown({"id": 1, "count": 3, "new": 3}).splitlines()[0])
    ### PubMed refresh, run 1
    """
    rows = [
        ("Status", run.get("status")),
        ("Mode", run.get("mode")),
        ("Query", f"`{run.get('query')}`" if run.get("query") else None),
        (
            "NCBI's translation",
            f"`{run.get('query_translation')}`" if run.get("query_translation") else None,
        ),
        ("Window", _window(run)),
        ("Count", run.get("count")),
        ("Fetched", run.get("fetched")),
        ("New", run.get("new")),
        ("Updated", run.get("updated")),
        ("Deleted", run.get("deleted")),
        ("Skipped", run.get("skipped")),
        ("Requests", run.get("requests")),
        ("429s received", run.get("rate_limited")),
        ("Duration (s)", run.get("duration_s")),
        ("Offline snapshot", run.get("offline")),
        ("Error", run.get("error")),
    ]
    lines = [f"### PubMed refresh, run {run.get('id')}", "", "| | |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows if value is not None]
    return "\n".join(lines) + "\n"


def _window(run: Mapping[str, Any]) -> str | None:
    start, end = run.get("window_start"), run.get("window_end")
    if start is None and end is None:
        return None
    return f"{run.get('datetype') or ''} {start or '…'} to {end or '…'}".strip()


def run_line(run: Mapping[str, Any]) -> str:
    """One line for the terminal.

    >>> run_line({"id": 2, "status": "succeeded", "mode": "incremental", "count": 0,
    ...           "fetched": 0, "new": 0, "updated": 0})
    'run 2 succeeded (incremental): Count 0, fetched 0, new 0, updated 0'
    """
    text = (
        f"run {run.get('id')} {run.get('status')} ({run.get('mode')}): "
        f"Count {run.get('count')}, fetched {run.get('fetched')}, "
        f"new {run.get('new')}, updated {run.get('updated')}"
    )
    if run.get("error"):
        text += f" — {run['error']}"
    return text
