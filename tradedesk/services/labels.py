"""The return label of an RMA (issue #12, point 3): our printable label and, with a carrier, a bought one.

The label belongs to the RMA's inbound leg, the one whose importer is the RMA's hub, and is issued once the RMA is
approved (or already on its way). With a carrier adapter (carriers.CarrierLabels) the label is bought first and
its tracking number recorded on the leg as tracking.set_tracking would (recognised by the tracking-numbers
library), so the carrier's tracking events move that leg; our PDF then prints the tracking number too.

Three steps, so that no transaction is held open across the network or WeasyPrint: read what the label needs,
buy and render outside any transaction, then store the label, the leg's tracking number and the audit event in
one unit of work. Every issue is kept (a bought label is a purchase on record); the newest is the one served.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_CEILING, Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tradedesk.auth.actor import Actor
from tradedesk.carriers.labels import (
    Address,
    CarrierLabels,
    CustomsLine,
    LabelRequest,
    Parcel,
    PurchasedLabel,
    StreetAddress,
)
from tradedesk.db.label_models import ReturnLabel
from tradedesk.db.models import Leg, Party, Rma
from tradedesk.documents.pdf.return_label import LabelData, LabelParty, render_label_pdf
from tradedesk.domain.rma import RmaStatus
from tradedesk.services import audit_chain, tracking
from tradedesk.services.context import Context
from tradedesk.services.errors import Conflict, InvalidInput, NotFound
from tradedesk.services.rmas import hub_party_id, visible_rma

#: a label is issued once the return is approved, and again while the parcel is on its way (a lost label)
ISSUABLE = frozenset({RmaStatus.APPROVED, RmaStatus.IN_TRANSIT})
MEDIA_TYPE = "application/pdf"


@dataclass(frozen=True, slots=True)
class ShipmentDetails:
    """What a carrier needs beyond the RMA: the parcel and the street addresses (parties have none)."""

    parcel: Parcel
    ship_from: StreetAddress  # the customer's
    ship_to: StreetAddress  # the hub's


@dataclass(frozen=True, slots=True)
class _Item:
    description: str
    sku: str | None
    hs_code: str
    origin_country: str
    quantity: Decimal
    unit_value: Decimal
    currency: str
    eccn: str | None


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """The RMA, its inbound leg and both parties as read, detached from the session."""

    rma_id: str
    rma_number: str
    leg_id: str
    leg_position: int
    from_country: str
    to_country: str
    hub: tuple[str, str]  # name, country
    customer: tuple[str, str]
    items: tuple[_Item, ...]


@dataclass(frozen=True, slots=True)
class _Tracking:
    number: str
    code: str
    url: str | None
    recognised: bool


def _inbound_leg(rma: Rma) -> Leg:
    hub = hub_party_id(rma)
    inbound = [leg for leg in rma.legs if hub is not None and leg.importer_id == hub]
    if not inbound:
        raise Conflict(f"{rma.number} has no leg to its hub yet: plan the legs before issuing a return label")
    return inbound[0]


def _party(session: Session, party_id: str) -> tuple[str, str]:
    party = session.get(Party, party_id)
    if party is None:  # pragma: no cover - foreign keys keep the party
        raise NotFound(f"party {party_id} not found")
    return party.name, party.country


def _snapshot(ctx: Context, actor: Actor, rma_id: str) -> _Snapshot:
    with ctx.unit_of_work(write=False) as session:
        rma = visible_rma(session, actor, rma_id)
        if rma.status not in ISSUABLE:
            raise Conflict(
                f"{rma.number} is {rma.status}: a return label is issued once the RMA is approved "
                f"(statuses {', '.join(sorted(ISSUABLE))})"
            )
        leg = _inbound_leg(rma)
        items = tuple(
            _Item(i.description, i.sku, i.hs_code, i.origin_country, i.quantity, i.unit_value, i.currency, i.eccn)
            for i in rma.items
        )
        return _Snapshot(
            rma.id,
            rma.number,
            leg.id,
            leg.position,
            leg.from_country,
            leg.to_country,
            _party(session, leg.importer_id),
            _party(session, rma.customer_id),
            items,
        )


def _customs(snap: _Snapshot, parcel: Parcel) -> tuple[CustomsLine, ...]:
    """The customs lines of a parcel that crosses a border: the RMA's items, the parcel's weight shared out by
    quantity (items carry no weight of their own, and a carrier wants one per line)."""
    if snap.from_country == snap.to_country:
        return ()
    quantities = [max(1, int(i.quantity.to_integral_value(rounding=ROUND_CEILING))) for i in snap.items]
    total = sum(quantities) or 1
    return tuple(
        CustomsLine(
            description=i.description,
            hs_code=i.hs_code,
            origin_country=i.origin_country,
            quantity=q,
            value=i.unit_value * i.quantity,
            currency=i.currency,
            weight_g=max(1, -(-parcel.weight_g * q // total)),
            sku=i.sku,
            eccn=i.eccn,
        )
        for i, q in zip(snap.items, quantities, strict=True)
    )


def _label_request(snap: _Snapshot, details: ShipmentDetails, actor: Actor) -> LabelRequest:
    customer, hub = snap.customer, snap.hub
    return LabelRequest(
        reference=snap.rma_number,
        ship_from=Address(customer[0], customer[1], details.ship_from),
        ship_to=Address(hub[0], hub[1], details.ship_to),
        parcel=details.parcel,
        customs=_customs(snap, details.parcel),
        signer=actor.name or None,
    )


def _tracking_of(label: PurchasedLabel) -> _Tracking:
    """The bought label's tracking number as tracking.recognise reads it; a number the library does not know is
    still the carrier's own, so it is kept (with the adapter's carrier and no tracking URL) rather than lost."""
    try:
        number, code, url = tracking.recognise(label.tracking_number)
    except InvalidInput:
        number = "".join(label.tracking_number.split()).upper()
        return _Tracking(number, label.carrier.lower()[:32], None, False)
    return _Tracking(number, code, url, True)


def _street_lines(street: StreetAddress | None) -> tuple[str, ...]:
    if street is None:
        return ()
    place = " ".join(p for p in (street.postal_code, street.city) if p)
    return tuple(line for line in (street.street1, street.street2, place, street.state) if line)


def _label_data(
    snap: _Snapshot,
    details: ShipmentDetails | None,
    found: _Tracking | None,
    bought: PurchasedLabel | None,
    on: datetime,
) -> LabelData:
    return LabelData(
        rma_number=snap.rma_number,
        ship_to=LabelParty(snap.hub[0], snap.hub[1], _street_lines(details.ship_to if details else None)),
        ship_from=LabelParty(snap.customer[0], snap.customer[1], _street_lines(details.ship_from if details else None)),
        leg_position=snap.leg_position,
        from_country=snap.from_country,
        to_country=snap.to_country,
        issued_on=on.date(),
        item_count=len(snap.items),
        carrier=bought.carrier if bought else None,
        service=bought.service if bought else None,
        tracking_number=found.number if found else None,
    )


def _record_tracking(session: Session, leg: Leg, found: _Tracking) -> dict[str, Any]:
    """The leg's carrier and tracking number from the bought label (the number on one leg only, as ever)."""
    taken = session.scalar(select(Leg.id).where(Leg.tracking_number == found.number, Leg.id != leg.id))
    if taken is not None:
        raise Conflict(f"tracking number {found.number} is on another leg already")
    before = {"carrier": leg.carrier, "tracking_number": leg.tracking_number}
    leg.carrier, leg.tracking_number, leg.tracking_url = found.code, found.number, found.url
    return before


def _filename(rma_number: str, sequence: int) -> str:
    return f"{re.sub(r'[^A-Za-z0-9._-]', '_', rma_number)}-return-label-{sequence}.pdf"


def _view(row: ReturnLabel, rma_number: str, leg: Leg | None) -> dict[str, Any]:
    rate = None
    if row.rate_amount is not None:
        rate = {"amount": str(row.rate_amount), "currency": row.rate_currency}
    carrier_label = None
    if row.carrier is not None:
        carrier_label = {
            "carrier": row.carrier,
            "service": row.service,
            "label_url": row.carrier_label_url,
            "shipment_id": row.carrier_shipment_id,
            "rate": rate,
        }
    tracked = None
    if row.tracking_number is not None and leg is not None:
        tracked = {"carrier": leg.carrier, "tracking_number": row.tracking_number, "tracking_url": leg.tracking_url}
    return {
        "id": row.id,
        "rma_id": row.rma_id,
        "rma_number": rma_number,
        "leg_id": row.leg_id,
        "sequence": row.sequence,
        "filename": _filename(rma_number, row.sequence),
        "media_type": MEDIA_TYPE,
        "sha256": row.sha256,
        "size": row.size,
        "created_at": row.created_at.isoformat(),
        "tracking": tracked,
        "carrier_label": carrier_label,
    }


def _store(
    ctx: Context, actor: Actor, snap: _Snapshot, pdf: bytes, bought: PurchasedLabel | None, found: _Tracking | None
) -> dict[str, Any]:
    def work(session: Session) -> dict[str, Any]:
        # the RMA row locked (PostgreSQL) or the write gate held (SQLite): two issues cannot take one sequence
        rma = session.get(Rma, snap.rma_id, with_for_update=True)
        leg = session.get(Leg, snap.leg_id)
        if rma is None or leg is None or leg.rma_id != rma.id:
            raise NotFound(f"RMA {snap.rma_id} or its leg {snap.leg_id} no longer exists")
        before = _record_tracking(session, leg, found) if found is not None else None
        latest = session.scalar(select(func.max(ReturnLabel.sequence)).where(ReturnLabel.rma_id == rma.id))
        now = ctx.now()
        row = ReturnLabel(
            rma_id=rma.id,
            leg_id=leg.id,
            sequence=(latest or 0) + 1,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            content=pdf,
            carrier=bought.carrier[:32] if bought else None,
            service=bought.service[:64] if bought else None,
            tracking_number=found.number if found else None,
            carrier_label_url=bought.label_url if bought else None,
            carrier_shipment_id=bought.shipment_id if bought else None,
            carrier_label_pdf=bought.label_pdf if bought else None,
            rate_amount=bought.rate if bought else None,
            rate_currency=bought.currency if bought else None,
            created_by=actor.id,
            created_at=now,
        )
        session.add(row)
        session.flush()
        view = _view(row, rma.number, leg)
        after = {key: view[key] for key in ("id", "leg_id", "sequence", "sha256", "size", "tracking", "carrier_label")}
        if before is not None:
            after["leg_tracking_before"] = before
            after["tracking_recognised"] = bool(found and found.recognised)
        audit_chain.record(
            session, ctx.audit_key, actor, "rma:return-label", "rma", rma.id, None, after, now, rma_id=rma.id
        )
        return view

    return ctx.run(work)


NEEDS_DETAILS = "a carrier label needs the parcel (its weight) and the street addresses of both sides"


def issue_return_label(
    ctx: Context,
    actor: Actor,
    rma_id: str,
    carrier: CarrierLabels | None = None,
    details: ShipmentDetails | None = None,
) -> dict[str, Any]:
    """Issue the RMA's return label (buying the carrier's first when `carrier` is given) and store it.

    CarrierError (from the adapter) reaches the caller untouched: nothing is stored when the carrier refused.
    """
    snap = _snapshot(ctx, actor, rma_id)
    bought = found = None
    if carrier is not None:
        if details is None:
            raise InvalidInput({name: [NEEDS_DETAILS] for name in ("parcel", "ship_from", "ship_to")})
        bought = carrier.buy_return_label(_label_request(snap, details, actor))
        found = _tracking_of(bought)
    pdf = render_label_pdf(_label_data(snap, details, found, bought, ctx.now()))
    return _store(ctx, actor, snap, pdf, bought, found)


def get_return_label(ctx: Context, actor: Actor, rma_id: str) -> tuple[str, bytes]:
    """(filename, PDF bytes) of the RMA's newest return label; NotFound until one is issued."""
    with ctx.unit_of_work(write=False) as session:
        rma = visible_rma(session, actor, rma_id)
        row = session.scalar(
            select(ReturnLabel).where(ReturnLabel.rma_id == rma.id).order_by(ReturnLabel.sequence.desc()).limit(1)
        )
        if row is None:
            raise NotFound(f"{rma.number} has no return label yet")
        return _filename(rma.number, row.sequence), row.content


def has_label(ctx: Context, rma_id: str) -> bool:
    """Whether the RMA has a return label (what the RMA page offers to download)."""

    def work(session: Session) -> bool:
        return session.scalar(select(ReturnLabel.id).where(ReturnLabel.rma_id == rma_id).limit(1)) is not None

    return ctx.run(work, write=False)
