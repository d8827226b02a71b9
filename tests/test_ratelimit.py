"""Tests for reviewkit.ratelimit."""

from __future__ import annotations

import threading

import pytest

from reviewkit.errors import ConfigError
from reviewkit.ratelimit import IntervalLimiter, process_limiter


class FakeTime:
    """A clock that only moves when the limiter sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_the_first_request_goes_at_once_and_later_ones_are_spaced():
    time = FakeTime()
    limiter = IntervalLimiter(3, clock=time.clock, sleep=time.sleep)

    starts = []
    for _ in range(5):
        limiter.acquire()
        starts.append(time.now)

    assert time.sleeps == [pytest.approx(1.1 / 3)] * 4
    assert starts[0] == 100.0


@pytest.mark.parametrize("rate", [3, 10])
def test_no_one_second_window_holds_more_than_the_rate(rate):
    time = FakeTime()
    limiter = IntervalLimiter(rate, clock=time.clock, sleep=time.sleep)
    starts = []
    for _ in range(60):
        limiter.acquire()
        starts.append(time.now)
    for i, start in enumerate(starts):
        in_window = [s for s in starts[i:] if s - start <= 1.0]  # closed window: the strict case
        assert len(in_window) <= rate


def test_idle_time_is_not_banked_into_a_burst():
    time = FakeTime()
    limiter = IntervalLimiter(3, clock=time.clock, sleep=time.sleep)
    limiter.acquire()
    time.now += 60  # a long pause between requests
    limiter.acquire()
    limiter.acquire()
    assert time.sleeps == [pytest.approx(1.1 / 3)]


def test_the_safety_margin_is_configurable():
    assert IntervalLimiter(3).interval == pytest.approx(1.1 / 3)
    assert IntervalLimiter(10).interval == pytest.approx(0.11)
    assert IntervalLimiter(4, margin=0).interval == 0.25
    assert repr(IntervalLimiter(3)) == "IntervalLimiter(3/s, interval=0.367s)"


def test_threads_get_distinct_slots():
    # The clock stands still, so each caller's wait is exactly its slot's offset:
    # distinct offsets mean no two threads were given the same slot.
    waits: list[float] = []
    lock = threading.Lock()

    def record(seconds: float) -> None:
        with lock:
            waits.append(seconds)

    limiter = IntervalLimiter(10, clock=lambda: 0.0, sleep=record, margin=0)
    threads = [
        threading.Thread(target=lambda: [limiter.acquire() for _ in range(25)]) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    slots = sorted(round(w * 10) for w in waits)
    assert slots == list(range(1, 200))  # the very first caller did not wait at all


@pytest.mark.parametrize("rate", [0, -1.5])
def test_a_rate_that_is_not_positive_is_a_config_error(rate):
    with pytest.raises(ConfigError, match="rate_per_second"):
        IntervalLimiter(rate)


def test_one_limiter_per_process_and_rate():
    unkeyed = process_limiter(has_api_key=False)
    keyed = process_limiter(has_api_key=True)
    assert process_limiter(has_api_key=False) is unkeyed
    assert process_limiter(has_api_key=True) is keyed
    assert keyed is not unkeyed
    assert isinstance(unkeyed, IntervalLimiter)
    assert isinstance(keyed, IntervalLimiter)
    assert unkeyed.rate_per_second == 3
    assert keyed.rate_per_second == 10
