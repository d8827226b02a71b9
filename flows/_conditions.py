"""Retry rules shared by the flows' tasks."""

from typing import Any

from prefect import Task
from prefect.client.schemas.objects import State, TaskRun

from reviewkit.errors import SourceUnavailable


def only_transient(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    """Retry timeouts, 429s and 5xx; fail at once on a rejected query or a bug."""
    try:
        state.result()
    except SourceUnavailable:
        return True
    except Exception:
        return False
    return False
