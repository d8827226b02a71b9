"""Tests for reviewkit.protocol.schedule: the cron line and time zone of the refresh."""

from __future__ import annotations

from reviewkit.protocol import parse_protocol
from tests.protocol.protocol_support import MINIMAL, _errors


def test_schedule_values_are_checked() -> None:
    text = MINIMAL + '\n[schedule]\ncron = "0 3 * * M%N"\ntimezone = "Mars/Olympus"\n'
    lines = _errors(text)
    assert any("[schedule] cron: cron day-of-week field 'M%N'" in line for line in lines)
    assert any(
        "[schedule] timezone: unknown IANA time zone 'Mars/Olympus'" in line for line in lines
    )


def test_a_cron_line_is_normalised_to_single_spaces() -> None:
    text = MINIMAL + '\n[schedule]\ncron = " 30  4 * * MON-FRI "\ntimezone = "Europe/Paris"\n'
    schedule = parse_protocol(text).schedule
    assert (schedule.cron, schedule.timezone) == ("30 4 * * MON-FRI", "Europe/Paris")
