"""Customer intake (issue #12, point 1): a customer starts a return of their order themselves.

1. `request_link`: order reference + email. If they match an order of ours, a one-time link is emailed (valid 24 h,
   the token stored hashed); the answer is the same whether or not they match, so the form tells nobody which orders
   or addresses exist. Rate-limited per email and per client address (counted in the database, so every worker
   agrees).
2. `open_link`: the order's lines, for the customer to choose from.
3. `submit`: the lines and quantities, a reason, what happened, photos (checked and re-encoded, tradedesk.uploads).
   One unit of work opens the RMA under the eligibility policy and uses up the link; the link then shows the return's
   status for 30 days. What the policy decided acts: an approved return gets its label (services.labels, when that
   module is present), a rejected one tells the customer why (the rma.rejected email).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from tradedesk.auth.actor import Actor
from tradedesk.db.label_models import ReturnLabel
from tradedesk.db.models import (
    IntakeAttempt,
    IntakeLink,
    Party,
    Rma,
    RmaPhoto,
    SalesOrder,
    SalesOrderLine,
)
from tradedesk.domain.periods import Period, PeriodOutOfRange
from tradedesk.domain.rma import CONDITIONS, REASONS
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.errors import InvalidInput, NotFound
from tradedesk.services.notifications import queue_email
from tradedesk.services.rmas import RmaData, RmaItemData, create_in_session
from tradedesk.uploads.photos import PhotoRefused, clean_photo
from tradedesk.uploads.store import Store

log = logging.getLogger(__name__)

LINK_HOURS = 24
STATUS_DAYS = 30  # how long the used link shows the return's status
PER_EMAIL_PER_HOUR = 5
PER_ADDRESS_PER_HOUR = 20
MAX_PHOTOS = 6
#: what the customer asks for -> the RMA's scenario
WISHES = {"refund": "return_for_refund", "repair": "repair", "replacement": "warranty_replacement"}
CUSTOMER_REASONS = tuple(r for r in REASONS if r not in ("demo_end", "upgrade"))
INTAKE_ACTOR_ROLE = "customer"


class RateLimited(Exception):
    """Too many link requests for this email or client address; retry after the hour."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value.strip().lower()}".encode()).hexdigest()


# ------------------------------------------------------------------------------------------------ 1. the link


def request_link(ctx: Context, order_reference: str, email: str, client_address: str, public_url: str) -> None:
    """Email a one-time link if the order and the email match; the same outcome either way (no oracle)."""
    errors: dict[str, list[str]] = {}
    if not order_reference.strip():
        errors["order_reference"] = ["is required: it is on your order confirmation"]
    if "@" not in email or len(email) > 256:
        errors["email"] = ["give the email address the order was placed with"]
    if errors:
        raise InvalidInput(errors)

    def work(session: Session) -> None:
        now = ctx.now()
        keys = {_key("email", email): PER_EMAIL_PER_HOUR, _key("address", client_address): PER_ADDRESS_PER_HOUR}
        for key, limit in keys.items():
            recent = session.scalar(
                select(func.count()).where(IntakeAttempt.key_hash == key, IntakeAttempt.at > now - timedelta(hours=1))
            )
            if int(recent or 0) >= limit:
                raise RateLimited("too many requests for a return link; try again in an hour")
        session.add_all([IntakeAttempt(key_hash=key, at=now) for key in keys])
        order = session.scalar(
            select(SalesOrder)
            .options(joinedload(SalesOrder.customer))
            .where(SalesOrder.reference == order_reference.strip())
        )
        customer_email = (order.customer.email or "") if order is not None else ""
        if order is None or customer_email.strip().lower() != email.strip().lower():
            return
        token = secrets.token_urlsafe(32)
        session.add(
            IntakeLink(
                token_hash=_hash(token), order_id=order.id, created_at=now, expires_at=now + timedelta(hours=LINK_HOURS)
            )
        )
        _email_link(session, ctx, customer_email, order.reference, f"{public_url.rstrip('/')}/returns/continue/{token}")

    ctx.run(work)


def _email_link(session: Session, ctx: Context, to: str, reference: str, url: str) -> None:
    if ctx.smtp is None:
        log.warning("no SMTP server is configured: the return link for order %s was not sent (%s)", reference, url)
        return
    body = (
        f"To return items of your order {reference}, open this link within {LINK_HOURS} hours:\n\n{url}\n\n"
        "If you did not ask for it, ignore this message."
    )
    queue_email(session, ctx, "intake.link", to, f"Your return link for order {reference}", body)


# ------------------------------------------------------------------------------------------------ 2. the order


def _link(session: Session, ctx: Context, token: str, *, unused: bool) -> IntakeLink:
    link = session.get(IntakeLink, _hash(token)) if 20 <= len(token) <= 128 else None
    if link is None or link.expires_at <= ctx.now() or (unused and link.used_at is not None):
        raise NotFound("this return link is unknown, used or expired: ask for a new one")
    return link


def _order_view(order: SalesOrder) -> dict[str, Any]:
    return {
        "reference": order.reference,
        "ordered_on": order.ordered_on.isoformat(),
        "customer": order.customer.name,
        "lines": [
            {
                "id": line.id,
                "description": line.description,
                "sku": line.sku,
                "quantity": str(line.quantity),
                "unit_value": str(line.unit_value),
                "currency": line.currency,
            }
            for line in order.lines
        ],
        "reasons": list(CUSTOMER_REASONS),
        "conditions": list(CONDITIONS),
        "wishes": list(WISHES),
    }


def open_link(ctx: Context, token: str) -> dict[str, Any]:
    """The order behind an unused link, its lines and the choices the customer has."""

    def work(session: Session) -> dict[str, Any]:
        link = _link(session, ctx, token, unused=True)
        order = session.get(SalesOrder, link.order_id, options=[joinedload(SalesOrder.customer)])
        assert order is not None
        return {**_order_view(order), "expires_at": link.expires_at.isoformat()}

    return ctx.run(work, write=False)


# ------------------------------------------------------------------------------------------------ 3. the request


@dataclass(frozen=True, slots=True)
class IntakeRequest:
    lines: Mapping[str, Decimal]  # order line id -> quantity returned
    reason_code: str
    condition: str
    wish: str
    description: str
    photos: Sequence[bytes] = field(default_factory=tuple)


def _check(request: IntakeRequest, order: SalesOrder) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    by_id = {line.id: line for line in order.lines}
    chosen = {k: v for k, v in request.lines.items() if v > 0}
    if not chosen:
        errors["lines"] = ["choose at least one item and how many you return"]
    for line_id, quantity in chosen.items():
        line = by_id.get(line_id)
        if line is None:
            errors[f"lines.{line_id}"] = ["is not a line of this order"]
        elif quantity > line.quantity:
            errors[f"lines.{line_id}"] = [f"you ordered {line.quantity}: return at most that"]
    if request.reason_code not in CUSTOMER_REASONS:
        errors["reason_code"] = [f"one of: {', '.join(CUSTOMER_REASONS)}"]
    if request.condition not in CONDITIONS:
        errors["condition"] = [f"one of: {', '.join(CONDITIONS)}"]
    if request.wish not in WISHES:
        errors["wish"] = [f"one of: {', '.join(WISHES)}"]
    if not request.description.strip() or len(request.description) > 4000:
        errors["description"] = ["say what is wrong, in up to 4,000 characters"]
    if len(request.photos) > MAX_PHOTOS:
        errors["photos"] = [f"at most {MAX_PHOTOS} photos"]
    return errors


def _items(request: IntakeRequest, order: SalesOrder) -> tuple[RmaItemData, ...]:
    out = []
    for line in order.lines:
        quantity = request.lines.get(line.id, Decimal(0))
        if quantity > 0:
            serials = tuple(line.serial_numbers)[: int(quantity)] if line.serial_numbers else ()
            out.append(
                RmaItemData(
                    line.description,
                    line.hs_code,
                    line.origin_country,
                    quantity,
                    line.unit_value,
                    line.currency,
                    line.sku,
                    serials,
                )
            )
    return tuple(out)


def _store_photos(store: Store, photos: Sequence[bytes]) -> list[tuple[str, Any]]:
    """Each photo cleaned and stored under a key of ours; InvalidInput naming the photo that is refused."""
    cleaned = []
    errors: dict[str, list[str]] = {}
    for i, raw in enumerate(photos):
        try:
            cleaned.append(clean_photo(raw))
        except PhotoRefused as exc:
            errors[f"photos.{i}"] = [f"photo {i + 1} {exc}"]
    if errors:
        raise InvalidInput(errors)
    stored = []
    for photo in cleaned:
        key = f"photos/{uuid.uuid4().hex}.jpg"
        store.put(key, photo.content)
        stored.append((key, photo))
    return stored


def submit(ctx: Context, token: str, request: IntakeRequest, store: Store) -> dict[str, Any]:
    """Open the RMA the customer asked for (the eligibility policy decides) and use up the link."""
    order_errors: dict[str, list[str]] = {}

    def checked(session: Session) -> None:
        link = _link(session, ctx, token, unused=True)
        order = session.get(SalesOrder, link.order_id)
        assert order is not None
        order_errors.update(_check(request, order))

    ctx.run(checked, write=False)
    if order_errors:
        raise InvalidInput(order_errors)
    photos = _store_photos(store, request.photos)

    def work(session: Session) -> str:
        link = _link(session, ctx, token, unused=True)
        order = session.get(SalesOrder, link.order_id, options=[joinedload(SalesOrder.customer)])
        assert order is not None
        actor = Actor(id=f"customer:{order.customer_id}", name=order.customer.name, role=INTAKE_ACTOR_ROLE)
        rma, _ = create_in_session(session, ctx, actor, _rma_data(request, order, bool(photos)))
        for key, photo in photos:
            session.add(
                RmaPhoto(
                    rma_id=rma.id,
                    key=key,
                    media_type=photo.media_type,
                    sha256=photo.sha256,
                    size=len(photo.content),
                    width=photo.width,
                    height=photo.height,
                    created_at=ctx.now(),
                )
            )
        link.used_at, link.rma_id = ctx.now(), rma.id
        link.expires_at = ctx.now() + timedelta(days=STATUS_DAYS)
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "rma:intake",
            "rma",
            rma.id,
            None,
            {"order": order.reference, "photos": len(photos), "wish": request.wish},
            ctx.now(),
            rma_id=rma.id,
        )
        return rma.id

    rma_id = ctx.run(work)
    from tradedesk.services.policy_actions import act_on_decision

    act_on_decision(ctx, rma_id)  # the label, the legs: what the policy's decision calls for
    return return_status(ctx, token)


def _rma_data(request: IntakeRequest, order: SalesOrder, with_photos: bool) -> RmaData:
    months = order.warranty_months
    expires = Period(months=months).after(order.ordered_on) if months > 0 else None
    return RmaData(
        hub_id=order.hub_id,
        customer_id=order.customer_id,
        order_reference=order.reference,
        purchase_date=order.ordered_on,
        reason_code=request.reason_code,
        scenario=WISHES[request.wish],
        condition=request.condition,
        items=_items(request, order),
        warranty_expires=expires,
        photo_provided=with_photos,
        notes=request.description.strip(),
    )


NEXT_STEPS = {
    "approved": "Your return is approved. Print the return label, attach it to the parcel and hand it to the carrier.",
    "under_review": "A member of our team will look at your request and reply by email, usually within two working days.",
    "rejected": "We cannot accept this return; the reason is below and in the email we sent you.",
    "quote_pending": "The warranty has ended: we will send you a quote for a paid repair.",
}


def _status(session: Session, rma: Rma) -> dict[str, Any]:
    photos = session.scalar(select(func.count()).select_from(RmaPhoto).where(RmaPhoto.rma_id == rma.id))
    label = session.scalar(select(func.count()).select_from(ReturnLabel).where(ReturnLabel.rma_id == rma.id))
    return {
        "rma_id": rma.id,
        "number": rma.number,
        "status": rma.status,
        "decision_reason": rma.eligibility_reason,
        "next": NEXT_STEPS.get(rma.status, "We will keep you informed by email."),
        "photos": int(photos or 0),
        "items": [{"description": i.description, "quantity": str(i.quantity)} for i in rma.items],
        "has_label": bool(label),
    }


def return_label(ctx: Context, token: str) -> tuple[str, bytes]:
    """(filename, PDF) of the return label of the RMA a used link opened."""
    from tradedesk.services.labels import get_return_label
    from tradedesk.services.policy_actions import POLICY

    rma_id = return_status(ctx, token)["rma_id"]
    return get_return_label(ctx, POLICY, rma_id)


def return_status(ctx: Context, token: str) -> dict[str, Any]:
    """The return a used link opened, as its customer may see it."""

    def work(session: Session) -> dict[str, Any]:
        link = _link(session, ctx, token, unused=False)
        if link.rma_id is None:
            raise NotFound("this link has not been used to request a return yet")
        rma = session.get(Rma, link.rma_id)
        assert rma is not None
        return _status(session, rma)

    return ctx.run(work, write=False)


# ------------------------------------------------------------------------------------------------ orders (ERP)


@dataclass(frozen=True, slots=True)
class OrderLineData:
    description: str
    hs_code: str
    origin_country: str
    quantity: Decimal
    unit_value: Decimal
    currency: str
    sku: str | None = None
    serial_numbers: tuple[str, ...] = ()


def register_order(
    ctx: Context,
    actor: Actor,
    reference: str,
    customer_id: str,
    hub_id: str,
    ordered_on: date,
    lines: Sequence[OrderLineData],
    warranty_months: int = 24,
) -> dict[str, Any]:
    """An order from the ERP, so that its customer can return items of it."""

    def work(session: Session) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        customer, hub = session.get(Party, customer_id), session.get(Party, hub_id)
        if customer is None or customer.kind != "customer":
            errors["customer_id"] = ["no customer with this id in the parties register"]
        if hub is None or hub.kind not in ("seller", "repairer"):
            errors["hub_id"] = ["no seller or repairer with this id in the parties register"]
        try:
            Period(months=warranty_months).after(ordered_on)
        except PeriodOutOfRange as exc:
            errors["ordered_on"] = [str(exc)]
        if session.scalar(select(SalesOrder.id).where(SalesOrder.reference == reference)) is not None:
            errors["reference"] = [f"order {reference} is registered already"]
        if errors:
            raise InvalidInput(errors)
        order = SalesOrder(
            reference=reference,
            customer_id=customer_id,
            hub_id=hub_id,
            ordered_on=ordered_on,
            warranty_months=warranty_months,
            created_at=ctx.now(),
        )
        for i, line in enumerate(lines):
            order.lines.append(
                SalesOrderLine(
                    position=i,
                    description=line.description,
                    sku=line.sku,
                    hs_code=line.hs_code,
                    origin_country=line.origin_country,
                    quantity=line.quantity,
                    unit_value=line.unit_value,
                    currency=line.currency,
                    serial_numbers=list(line.serial_numbers),
                )
            )
        session.add(order)
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "order:create",
            "sales_order",
            order.id,
            None,
            {"reference": reference, "lines": len(lines)},
            ctx.now(),
        )
        return {"id": order.id, "reference": reference, "lines": len(lines)}

    return ctx.run(work)


def photos_of(ctx: Context, rma_id: str) -> list[dict[str, Any]]:
    def work(session: Session) -> list[dict[str, Any]]:
        rows = session.scalars(select(RmaPhoto).where(RmaPhoto.rma_id == rma_id).order_by(RmaPhoto.created_at))
        return [{"id": p.id, "key": p.key, "width": p.width, "height": p.height, "size": p.size} for p in rows]

    return ctx.run(work, write=False)


def photo_content(ctx: Context, rma_id: str, photo_id: str, store: Store) -> bytes:
    def work(session: Session) -> str:
        photo = session.get(RmaPhoto, photo_id)
        if photo is None or photo.rma_id != rma_id:
            raise NotFound(f"photo {photo_id} not found")
        return photo.key

    return store.get(ctx.run(work, write=False))
