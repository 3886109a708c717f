"""Relief periods and deadlines: calendar arithmetic in one place.

The calendar ends on 9999-12-31 (`date.max`): a period that would end later raises PeriodOutOfRange, which
callers turn into an error naming the input date, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta


class PeriodOutOfRange(ValueError):
    """A period starting on `start` would end after 9999-12-31."""

    def __init__(self, period: Period, start: date) -> None:
        super().__init__(
            f"{period} from {start.isoformat()} ends after {date.max.isoformat()}, the last day the calendar can hold"
        )
        self.period, self.start = period, start


@dataclass(frozen=True, slots=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0

    def after(self, start: date) -> date:
        """The last day of the period that starts on `start` (month ends are clamped, 31 Jan + 1 month = 28/29 Feb).

        Raises PeriodOutOfRange when that day would be after 9999-12-31.
        """
        try:
            return _after(self, start)
        except (OverflowError, ValueError) as exc:  # dateutil: "year 10000 is out of range"
            raise PeriodOutOfRange(self, start) from exc

    def __str__(self) -> str:
        return _text(self)


@lru_cache(maxsize=65536)
def _after(period: Period, start: date) -> date:
    return start + relativedelta(years=period.years, months=period.months, days=period.days)


@lru_cache(maxsize=256)
def _text(period: Period) -> str:
    parts = [(period.years, "year"), (period.months, "month"), (period.days, "day")]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n) or "0 days"


def days_after(start: date, days: int) -> date:
    """`start` + `days`, stopping at 9999-12-31: for horizons ("due within N days"), where the end of the calendar
    means "everything"."""
    try:
        return start + timedelta(days=days)
    except OverflowError:
        return date.max
