"""Relief periods end on a real calendar day or say they cannot (never an OverflowError / ValueError crash)."""

from __future__ import annotations

from datetime import date

import pytest

from tradedesk.domain.periods import Period, PeriodOutOfRange, days_after


def test_a_period_ending_after_9999_raises_a_domain_error_naming_the_start():
    with pytest.raises(PeriodOutOfRange, match="9999-06-01"):
        Period(years=1).after(date(9999, 6, 1))


def test_a_period_ending_on_the_last_day_of_the_calendar_is_fine():
    assert Period(days=30).after(date(9999, 12, 1)) == date.max


def test_a_horizon_past_the_end_of_the_calendar_stops_there():
    assert days_after(date(9999, 12, 1), 3660) == date.max
    assert days_after(date(2026, 1, 1), 31) == date(2026, 2, 1)
