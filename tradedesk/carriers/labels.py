"""What TradeDesk asks of a carrier-label service, whichever it is: buy a return label, get a tracking number.

The use case (services.labels) speaks only this interface, so another carrier or aggregator is one more adapter
and the tests replace the network with recorded answers. Measures are metric integers (grams, millimetres) and
money is Decimal + ISO 4217; an adapter converts to what its API wants.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StreetAddress:
    """The postal part of an address: parties carry only a name and a country, so the caller supplies this."""

    street1: str
    city: str
    postal_code: str
    street2: str | None = None
    state: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    country: str  # ISO 3166-1 alpha-2
    street: StreetAddress


@dataclass(frozen=True, slots=True)
class Parcel:
    """The box as weighed and measured; dimensions are all given or all left out."""

    weight_g: int
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None


@dataclass(frozen=True, slots=True)
class CustomsLine:
    """One line of the customs declaration a cross-border parcel travels with (totals of the line, not per unit)."""

    description: str
    hs_code: str
    origin_country: str
    quantity: int
    value: Decimal
    currency: str
    weight_g: int
    sku: str | None = None
    eccn: str | None = None


@dataclass(frozen=True, slots=True)
class LabelRequest:
    """A return: from the customer (ship_from) to the RMA's hub (ship_to), referenced by the RMA number."""

    reference: str
    ship_from: Address
    ship_to: Address
    parcel: Parcel
    #: empty unless the parcel crosses a border; `signer` certifies the lines (the person issuing the label)
    customs: tuple[CustomsLine, ...] = ()
    signer: str | None = None


@dataclass(frozen=True, slots=True)
class PurchasedLabel:
    """A label the carrier sold: its tracking number, the carrier's own label (bytes or URL) and the price."""

    carrier: str
    service: str
    tracking_number: str
    rate: Decimal
    currency: str
    label_pdf: bytes | None = None
    label_url: str | None = None
    shipment_id: str | None = None


class CarrierError(RuntimeError):
    """The carrier refused or failed (an HTTP error, no rate to buy, an unreadable answer); says what it said."""

    def __init__(self, carrier: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{carrier}: {message}")
        self.carrier, self.message, self.status = carrier, message, status


class CarrierConfigError(ValueError):
    """The settings name a carrier that cannot be used as configured (unknown, or without its API key)."""


class CarrierLabels(Protocol):
    """A carrier-label service; `name` is the settings' code of it (TRADEDESK_CARRIER)."""

    name: str

    def buy_return_label(self, request: LabelRequest) -> PurchasedLabel:
        """Buy the cheapest return label for `request`, or raise CarrierError with the carrier's message."""
        ...
