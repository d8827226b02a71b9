"""The state a handler works on: the served date follows ``today`` or the clock."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from reviewkit.loopback import Corpus
from reviewkit.loopback.backend import Backend
from reviewkit.loopback.history import History


def test_date_is_today_when_given() -> None:
    backend = Backend(corpus=Corpus(), history=History(), today=datetime.date(2020, 2, 29), cap=10)
    assert backend.date() == datetime.date(2020, 2, 29)


def test_date_is_the_real_date_by_default() -> None:
    before = datetime.date.today()
    backend = Backend(corpus=Corpus(), history=History(), today=None, cap=9999)
    assert before <= backend.date() <= datetime.date.today()


def test_a_backend_is_frozen() -> None:
    backend = Backend(corpus=Corpus(), history=History(), today=None, cap=9999)
    with pytest.raises(dataclasses.FrozenInstanceError):
        backend.cap = 5  # type: ignore[misc]
