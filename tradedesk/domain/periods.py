"""Relief periods and deadlines: calendar arithmetic in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True, slots=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0

    def after(self, start: date) -> date:
        """The last day of the period that starts on `start` (month ends are clamped, 31 Jan + 1 month = 28/29 Feb)."""
        return _after(self, start)

    def __str__(self) -> str:
        return _text(self)


@lru_cache(maxsize=65536)
def _after(period: Period, start: date) -> date:
    return start + relativedelta(years=period.years, months=period.months, days=period.days)


@lru_cache(maxsize=256)
def _text(period: Period) -> str:
    parts = [(period.years, "year"), (period.months, "month"), (period.days, "day")]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n) or "0 days"
