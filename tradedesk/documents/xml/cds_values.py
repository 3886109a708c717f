"""Values for the UK CDS declaration: the code tables of cds_codes.yaml and the formats CDS wants.

Kept apart from the builder so that each rule (how an LRN, a DUCR, a commodity code or an amount is written)
is one small function that can be read and tested on its own.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tradedesk.domain import fx

CODES_PATH = Path(__file__).with_name("cds_codes.yaml")
REQUIRED_TABLES = (
    "metadata",
    "declaration",
    "representation",
    "transport",
    "insurance_addition",
    "packaging",
    "transaction_nature",
    "valuation",
    "authorisations",
    "supervising_office",
    "documents",
    "previous_documents",
    "statements",
    "guarantee",
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_NOT_DUCR = re.compile(r"[^A-Z0-9()\-]")
_CENT = Decimal("0.01")
_MICRO = Decimal("0.000001")


@cache
def codes() -> dict[str, Any]:
    """The code tables, loaded once; a missing table fails loudly, naming the file."""
    data: dict[str, Any] = yaml.safe_load(CODES_PATH.read_text(encoding="utf-8"))
    missing = [key for key in REQUIRED_TABLES if key not in data]
    if missing:
        raise ValueError(f"{CODES_PATH.name}: missing tables {', '.join(missing)}")
    return data


def text(value: str | None, max_length: int) -> str | None:
    """One line of plain text within the XSD's length: CDS text types refuse line breaks and blank values."""
    if value is None:
        return None
    cleaned = _SPACE.sub(" ", _CONTROL.sub(" ", value)).strip()
    return cleaned[:max_length].rstrip() or None


def lrn(declaration_id: str, max_length: int) -> str:
    """DE 2/5 LRN from our declaration id: its letters and digits, cut to the CDS length (a UUID keeps 88 bits)."""
    cleaned = _NOT_ALNUM.sub("", declaration_id.upper())
    if not cleaned:
        raise ValueError(f"declaration id {declaration_id!r} has no letters or digits for an LRN")
    return cleaned[:max_length]


def ducr(ship_date: date, eori: str, rma_number: str) -> str:
    """DE 2/1 DUCR: last digit of the year, the trader's EORI, '-', our reference (the RMA number); at most 35."""
    reference = _NOT_DUCR.sub("", rma_number.upper())
    return f"{ship_date.year % 10}{eori}-{reference}"[:35]


def commodity_codes(hs_code: str) -> tuple[str, str]:
    """(DE 6/14 8-digit commodity code, DE 6/15 2-digit additional code) from our 6, 8 or 10-digit code.

    A 6-digit HS subheading is padded with "00", the tariff line of a subheading that the UK tariff does not
    subdivide; a 10-digit code gives its last two digits to DE 6/15, otherwise "00" (no further subdivision).
    """
    digits = "".join(ch for ch in hs_code if ch.isdigit())
    if len(digits) not in (6, 8, 10):
        raise ValueError(f"commodity code {hs_code!r} is not 6, 8 or 10 digits")
    return digits[:8].ljust(8, "0"), digits[8:10] or "00"


def amount(value: str | Decimal) -> str:
    """An amount with two decimals (the XSD allows at most three)."""
    return format(Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP), "f")


def quantity(value: str | Decimal) -> str:
    """A quantity with at most six decimals (the XSD's limit), without trailing zeros or exponent ("2", "1.5")."""
    number = Decimal(value).quantize(_MICRO, rounding=ROUND_HALF_UP)
    return format(number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize(), "f")


def document_id(eori: str, authorisation_type: str) -> str:
    """DE 2/3 identifier of an authorisation by declaration: country, type, EORI number (TT_IM083a: GBTEA5532...)."""
    return f"{eori[:2]}{authorisation_type}{eori[2:]}"


class Rates:
    """Rates into the declaring currency: the payload's own conversions first, the offline ECB table otherwise."""

    def __init__(self, payload: dict[str, Any], currency: str) -> None:
        self.currency = currency
        self.on = date.fromisoformat(payload["document"]["leg"]["ship_date"])
        self._known = {c["from"]: Decimal(c["rate"]) for c in payload.get("conversions", []) if c["to"] == currency}

    def convert(self, value: str | Decimal, currency: str) -> Decimal:
        if currency == self.currency:
            return Decimal(value)
        rate = self._known.get(currency)
        if rate is None:
            rate = fx.rate(currency, self.currency, self.on).rate
            self._known[currency] = rate
        return Decimal(value) * rate


def apportion(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split `total` in proportion to `weights`, in cents, the rounding remainder on the last share."""
    if not weights:
        return []
    whole = sum(weights)
    if whole == 0:
        weights, whole = [Decimal(1)] * len(weights), Decimal(len(weights))
    shares = [(total * w / whole).quantize(_CENT, rounding=ROUND_HALF_UP) for w in weights[:-1]]
    return [*shares, total.quantize(_CENT, rounding=ROUND_HALF_UP) - sum(shares, Decimal(0))]
