"""A leg's carrier and tracking number, and the carrier's tracking events that move it (issue #12, point 3).

Tracking numbers are recognised with the `tracking-numbers` library (its carrier definitions and check digits: UPS,
FedEx, USPS, DHL, UPU S10 postal items ...), never a list of patterns of our own. A tracking event (from a carrier
or an aggregator, posted to the signed endpoint) moves the leg to in_transit or delivered; a delivery at the RMA's
hub marks the RMA received. Each step is audited, and `leg:delivered` is announced as the leg.delivered event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import tracking_numbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from tradedesk.auth.actor import SYSTEM, Actor
from tradedesk.db.models import Leg, Rma
from tradedesk.domain.rma import RmaStatus
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.errors import Conflict, InvalidInput, NotFound
from tradedesk.services.rmas import move_in_session

#: what a carrier's status means for the leg
STATUSES = {
    "label_created": None,
    "picked_up": "in_transit",
    "in_transit": "in_transit",
    "out_for_delivery": "in_transit",
    "exception": None,
    "delivered": "delivered",
}
ORDER = {"planned": 0, "in_transit": 1, "delivered": 2}


def recognise(number: str, carrier: str | None = None) -> tuple[str, str, str | None]:
    """(normalised number, carrier code, tracking URL), or InvalidInput naming tracking_number / carrier."""
    normalised = "".join(number.split()).upper()
    found = tracking_numbers.get_tracking_number(normalised) if 6 <= len(normalised) <= 64 else None
    if found is None or found.validation_errors:
        raise InvalidInput(
            {
                "tracking_number": [
                    "is not a valid tracking number of a carrier we recognise (UPS, FedEx, USPS, DHL, "
                    "UPU S10 postal items and others; check digit included)"
                ]
            }
        )
    code = str(found.courier.code)
    if carrier is not None and carrier.lower() != code:
        raise InvalidInput(
            {"carrier": [f"the tracking number is a {found.courier.name} number ({code}), not {carrier}"]}
        )
    return normalised, code, found.tracking_url


def set_tracking(ctx: Context, actor: Actor, leg_id: str, number: str, carrier: str | None = None) -> dict[str, Any]:
    """Record the leg's tracking number (the carrier recognised from it)."""
    normalised, code, url = recognise(number, carrier)

    def work(session: Session) -> dict[str, Any]:
        leg = session.get(Leg, leg_id)
        if leg is None:
            raise NotFound(f"leg {leg_id} not found")
        taken = session.scalar(select(Leg.id).where(Leg.tracking_number == normalised, Leg.id != leg.id))
        if taken is not None:
            raise Conflict(f"tracking number {normalised} is on another leg already")
        before = {"carrier": leg.carrier, "tracking_number": leg.tracking_number}
        leg.carrier, leg.tracking_number, leg.tracking_url = code, normalised, url
        session.flush()
        after = {"carrier": code, "tracking_number": normalised}
        audit_chain.record(
            session, ctx.audit_key, actor, "leg:tracking", "leg", leg.id, before, after, ctx.now(), rma_id=leg.rma_id
        )
        return {"leg_id": leg.id, "carrier": code, "tracking_number": normalised, "tracking_url": url}

    return ctx.run(work)


def _hub_of(rma: Rma) -> str | None:
    return rma.repairer_id or rma.seller_id


def record_event(ctx: Context, number: str, status: str, occurred_at: datetime, location: str | None) -> dict[str, Any]:
    """A carrier's tracking event: the leg moves forward (never back); a delivery at the hub marks the RMA received."""
    if status not in STATUSES:
        raise InvalidInput({"status": [f"one of: {', '.join(STATUSES)}"]})
    normalised = "".join(number.split()).upper()

    def work(session: Session) -> dict[str, Any]:
        leg = session.scalar(select(Leg).where(Leg.tracking_number == normalised))
        if leg is None:
            raise NotFound(f"no leg has tracking number {normalised}")
        target = STATUSES[status]
        moved = target is not None and ORDER[target] > ORDER.get(leg.status, 0)
        if moved:
            _advance(session, ctx, leg, str(target), occurred_at, location)
        return {"leg_id": leg.id, "status": leg.status, "changed": moved}

    return ctx.run(work)


def _advance(session: Session, ctx: Context, leg: Leg, target: str, occurred_at: datetime, where: str | None) -> None:
    before = {"status": leg.status}
    leg.status = target
    if leg.shipped_on is None:
        leg.shipped_on = occurred_at.date()
    if target == "delivered":
        leg.delivered_at = occurred_at
    session.flush()
    action = "leg:delivered" if target == "delivered" else "leg:in-transit"
    after = {"status": target, "at": occurred_at.isoformat(), "location": where, "tracking_number": leg.tracking_number}
    audit_chain.record(
        session, ctx.audit_key, SYSTEM, action, "leg", leg.id, before, after, ctx.now(), rma_id=leg.rma_id
    )
    rma = leg.rma
    at_hub = target == "delivered" and leg.importer_id == _hub_of(rma)
    if rma.status == RmaStatus.APPROVED and (target == "in_transit" or at_hub):
        move_in_session(session, ctx, SYSTEM, rma, RmaStatus.IN_TRANSIT, f"leg {leg.position} picked up by the carrier")
    if at_hub and rma.status == RmaStatus.IN_TRANSIT:
        move_in_session(session, ctx, SYSTEM, rma, RmaStatus.RECEIVED, f"leg {leg.position} delivered at the hub")
