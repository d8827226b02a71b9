"""Human-readable summaries of refresh runs and review flows. Pure: values in, text out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["refresh_markdown", "review_lines", "run_line"]


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


# The stages after the refresh, in pipeline order: (key, label, summary has a "line").
_STAGE_LINES = (
    ("deduplicate", "deduplicate", True),
    ("screening", "screening", True),
    ("demo-screening", "demo", False),
    ("prisma", "prisma", True),
    ("demo", "demo", False),
    ("evidence", "evidence", True),
)


def review_lines(stages: Mapping[str, Any]) -> list[str]:
    """The terminal summary of a review flow: the refresh, then one line per stage that ran.

    ``stages`` maps each stage to its summary, as the review flow returns them; a
    refresh on its own is ``{"refresh": run}``.

    >>> run = {"id": 1, "status": "succeeded", "mode": "full", "count": 2, "fetched": 2,
    ...        "new": 2, "updated": 0, "requests": 3, "rate_limited": 0, "duration_s": 1.5}
    >>> print(*review_lines({"refresh": run, "prisma": {"line": "2 records"}}), sep="\\n")
    run 1 succeeded (full): Count 2, fetched 2, new 2, updated 0
    requests 3, 429s 0, 1.5 s; NCBI's translation: none
    prisma: 2 records
    """
    run = stages["refresh"]
    lines = [
        run_line(run),
        f"requests {run['requests']}, 429s {run['rate_limited']}, "
        f"{run['duration_s']} s; NCBI's translation: {_brief(run.get('query_translation'))}",
    ]
    for done in stages.get("imports", ()):
        state = "already imported" if done["already_imported"] else "imported"
        lines.append(f"imports: {done['file']} ({done['source']}) {state}")
    for key, label, has_line in _STAGE_LINES:
        if key in stages:
            lines.append(f"{label}: {stages[key]['line'] if has_line else stages[key]}")
    return lines


def _brief(text: str | None, limit: int = 100) -> str:
    """``text`` cut to ``limit`` characters.

    The whole translation is in the ledger (``status --json``); a line is enough here.

    >>> _brief("x" * 120, limit=10)
    'xxxxxxxxx…'
    >>> _brief(None)
    'none'
    """
    if not text or len(text) <= limit:
        return text or "none"
    return text[: limit - 1] + "…"
