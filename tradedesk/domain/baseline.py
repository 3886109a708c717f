"""The world baseline: for every ISO 3166-1 country, what an answer needs when the country has no profile.

A country profile (`country_profiles/*.yaml`) always wins. For the side of a leg whose country has none, the
classifier states `not_covered` (a broker there must decide the regime) and still estimates the import side at
full value from the country's baseline row: its currency, standard VAT/GST rate and low-value thresholds, each
with its source and date. Rows are validated when loaded (a broken row fails loudly, naming the country and
column); only figures graded `S` (checked against a primary source) count as confirmed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pycountry

from tradedesk.domain.model import Money

COLUMNS = (
    "alpha2",
    "name",
    "currency",
    "customs_union",
    "customs_note",
    "vat_name",
    "vat_standard_rate",
    "vat_note",
    "duty_de_minimis",
    "tax_de_minimis",
    "de_minimis_notes",
    "source_vat",
    "source_de_minimis",
    "as_of_vat",
    "as_of_de_minimis",
    "confidence_vat",
    "confidence_de_minimis",
    "confidence_customs_union",
)
GRADES = frozenset({"S", "K", "?", ""})
_AMOUNT = re.compile(r"^(?P<currency>[A-Z]{3}) (?P<amount>\d+(?:\.\d+)?)(?: \((?P<qualifier>[^()]*)\))?$")
#: qualifiers that say the threshold measures the amount of duty or tax, not the goods' value
_TAX_AMOUNT_QUALIFIERS = frozenset({"duty amount", "tax amount", "VAT amount"})


class BaselineError(ValueError):
    """A baseline row is malformed; the message names the country and the column."""


@dataclass(frozen=True, slots=True)
class LowValueThreshold:
    """A de minimis threshold as the row states it. `condition` is a qualifier the engine does not evaluate
    (e.g. "courier from US/CA only"): such a threshold is reported, never applied."""

    amount: Money
    measure: str  # goods_value | tax_amount
    condition: str | None

    @property
    def none(self) -> bool:
        """'XXX 0': the country has no such threshold (everything is taxed)."""
        return self.amount.amount == 0


@dataclass(frozen=True, slots=True)
class BaselineRow:
    country: str
    name: str
    currencies: tuple[str, ...]
    customs_union: str | None
    customs_note: str
    tax_name: str | None
    vat_rate: Decimal | None
    vat_note: str
    duty_threshold: LowValueThreshold | None
    tax_threshold: LowValueThreshold | None
    threshold_note: str
    source_vat: str
    source_de_minimis: str
    as_of_vat: str
    as_of_de_minimis: str
    vat_confirmed: bool
    thresholds_confirmed: bool
    union_confirmed: bool

    @property
    def currency(self) -> str | None:
        return self.currencies[0] if self.currencies else None


def _fail(country: str, column: str, problem: str) -> BaselineError:
    return BaselineError(f"world baseline, country {country or '?'}, column {column}: {problem}")


def _threshold(country: str, column: str, raw: str) -> LowValueThreshold | None:
    if not raw:
        return None
    match = _AMOUNT.match(raw)
    if match is None:
        raise _fail(country, column, f"{raw!r} is not 'CUR amount' optionally followed by '(qualifier)'")
    currency, qualifier = match["currency"], match["qualifier"]
    if pycountry.currencies.get(alpha_3=currency) is None:
        raise _fail(country, column, f"{currency!r} is not an ISO 4217 currency")
    measure = "tax_amount" if qualifier in _TAX_AMOUNT_QUALIFIERS else "goods_value"
    condition = None if qualifier is None or qualifier in _TAX_AMOUNT_QUALIFIERS else qualifier
    return LowValueThreshold(Money(Decimal(match["amount"]), currency), measure, condition)


def _row(data: Mapping[str, str]) -> BaselineRow:
    country = data["alpha2"]
    if pycountry.countries.get(alpha_2=country) is None:
        raise _fail(country, "alpha2", "not an ISO 3166-1 alpha-2 code")
    currencies = tuple(c.strip() for c in data["currency"].split(",") if c.strip())
    for currency in currencies:
        if pycountry.currencies.get(alpha_3=currency) is None:
            raise _fail(country, "currency", f"{currency!r} is not an ISO 4217 currency")
    rate: Decimal | None = None
    if data["vat_standard_rate"]:
        try:
            rate = Decimal(data["vat_standard_rate"])
        except InvalidOperation as exc:
            raise _fail(country, "vat_standard_rate", f"{data['vat_standard_rate']!r} is not a number") from exc
        if not 0 <= rate < 100:
            raise _fail(country, "vat_standard_rate", f"{rate} is not a percentage")
    for column in ("confidence_vat", "confidence_de_minimis", "confidence_customs_union"):
        if data[column] not in GRADES:
            raise _fail(country, column, f"{data[column]!r} is not one of S, K, ?")
    tax_name = data["vat_name"] or None
    return BaselineRow(
        country=country,
        name=data["name"],
        currencies=currencies,
        customs_union=data["customs_union"] or None,
        customs_note=data["customs_note"],
        tax_name=None if tax_name == "none" else tax_name,
        vat_rate=rate,
        vat_note=data["vat_note"],
        duty_threshold=_threshold(country, "duty_de_minimis", data["duty_de_minimis"]),
        tax_threshold=_threshold(country, "tax_de_minimis", data["tax_de_minimis"]),
        threshold_note=data["de_minimis_notes"],
        source_vat=data["source_vat"],
        source_de_minimis=data["source_de_minimis"],
        as_of_vat=data["as_of_vat"],
        as_of_de_minimis=data["as_of_de_minimis"],
        vat_confirmed=data["confidence_vat"] == "S",
        thresholds_confirmed=data["confidence_de_minimis"] == "S",
        union_confirmed=data["confidence_customs_union"] == "S",
    )


def parse_baseline(raw: bytes) -> dict[str, BaselineRow]:
    """Parse and validate the baseline CSV: one row per ISO 3166-1 country, every column checked."""
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise BaselineError(f"world baseline: missing columns {', '.join(missing)}")
    rows: dict[str, BaselineRow] = {}
    for data in reader:
        row = _row(data)
        if row.country in rows:
            raise _fail(row.country, "alpha2", "appears twice")
        rows[row.country] = row
    return rows
