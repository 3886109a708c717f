"""GS1 UDI strings (medical devices): the device identifier (GTIN) and the production identifiers we track.

A UDI arrives either in human-readable form, "(01)09506000134352(17)261231(10)LOT1(21)SN42", or as the
scanned element string with GS (ASCII 29) separating variable-length fields, optionally preceded by a
symbology identifier such as "]d2". biip does the GS1 parsing; we require a valid GTIN (AI 01) because a
UDI without its device identifier identifies nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from biip import ParseError
from biip.gs1_messages import GS1Message

__all__ = ["Udi", "parse_udi"]

_SYMBOLOGY_PREFIX_LENGTH = 3  # "]d2", "]C1", "]Q3" ...


@dataclass(frozen=True, slots=True)
class Udi:
    gtin: str
    serial: str | None
    lot: str | None
    expiry: date | None
    hri: str  # the normalised human-readable form

    def as_dict(self) -> dict[str, Any]:
        return {
            "gtin": self.gtin,
            "serial": self.serial,
            "lot": self.lot,
            "expiry": None if self.expiry is None else self.expiry.isoformat(),
            "hri": self.hri,
        }


def _message(text: str) -> GS1Message:
    if text.startswith("("):
        return GS1Message.parse_hri(text)
    if text.startswith("]"):
        text = text[_SYMBOLOGY_PREFIX_LENGTH:]
    return GS1Message.parse(text)


def parse_udi(value: str) -> Udi:
    """The UDI's GTIN, serial (AI 21), lot (AI 10) and expiry (AI 17); ValueError naming what is wrong."""
    text = value.strip()
    if not text:
        raise ValueError("the UDI is empty")
    try:
        message = _message(text)
    except ParseError as exc:
        raise ValueError(f"not a GS1 UDI: {exc}") from exc
    fields = {es.ai.ai: es for es in message.element_strings}
    gtin_field = fields.get("01")
    if gtin_field is None:
        raise ValueError("the UDI has no device identifier: a GTIN in AI (01) is required")
    if gtin_field.gtin_error or gtin_field.gtin is None:
        raise ValueError(f"the UDI's GTIN is invalid: {gtin_field.gtin_error}")
    expiry = fields.get("17")
    return Udi(
        gtin=gtin_field.value,
        serial=fields["21"].value if "21" in fields else None,
        lot=fields["10"].value if "10" in fields else None,
        expiry=None if expiry is None else expiry.date,
        hri=message.as_hri(),
    )
