"""Outbound webhooks (issue #12) per the Standard Webhooks specification: subscriptions, deliveries, replay.

- A subscription names a URL and the event types it wants; its secret (`whsec_` + base64 of 32 random bytes) is
  shown once, when it is created. A URL that resolves to an internal address is refused (tradedesk.webhooks.transport)
  unless the operator allows private addresses.
- `fan_out` (a task, after the unit of work that announced the events committed) writes one delivery per event and
  subscription; `deliver` (a task per delivery, retried with exponential back-off) signs the JSON body with
  `standardwebhooks` (headers webhook-id, webhook-timestamp, webhook-signature) and POSTs it. Every attempt is kept
  in the delivery's log; after the last one it is `failed`, and a person can replay it (same webhook-id, so that a
  receiver that got it after all can tell).
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from standardwebhooks.webhooks import Webhook

from tradedesk.auth.actor import Actor
from tradedesk.db.models import WebhookDelivery, WebhookSubscription
from tradedesk.db.types import utcnow
from tradedesk.services import audit_chain
from tradedesk.services.context import Context, after_commit
from tradedesk.services.errors import Conflict, InvalidInput, NotFound
from tradedesk.services.events import EVENT_TYPES
from tradedesk.services.paging import FIRST_PAGE, Key, Page, PageRequest, after, decode_cursor, ordering, page_of
from tradedesk.webhooks import transport

DELIVER = "webhooks.deliver"
SUBSCRIPTIONS = "webhook-subscriptions"
DELIVERIES = "webhook-deliveries"
SUBSCRIPTION_KEYS = (Key(WebhookSubscription.created_at, "datetime"), Key(WebhookSubscription.id, "str"))
DELIVERY_KEYS = (
    Key(WebhookDelivery.created_at, "datetime", descending=True),
    Key(WebhookDelivery.id, "str", descending=True),
)
MAX_LOG = 50


class DeliveryFailed(Exception):
    """This attempt failed; the queue tries again after its back-off."""


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def subscription_view(s: WebhookSubscription) -> dict[str, Any]:
    return {
        "id": s.id,
        "url": s.url,
        "events": list(s.events),
        "description": s.description,
        "active": s.active,
        "created_at": s.created_at.isoformat(),
        "disabled_at": None if s.disabled_at is None else s.disabled_at.isoformat(),
    }


def delivery_view(d: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": d.id,
        "subscription_id": d.subscription_id,
        "event_type": d.event_type,
        "status": d.status,
        "attempts": d.attempts,
        "attempt_log": list(d.attempt_log),
        "created_at": d.created_at.isoformat(),
        "delivered_at": None if d.delivered_at is None else d.delivered_at.isoformat(),
        "payload": d.payload,
    }


def _check(ctx: Context, url: str, events: Sequence[str]) -> None:
    errors: dict[str, list[str]] = {}
    try:
        transport.check_url(url, ctx.allow_private_webhooks)
    except transport.RefusedUrl as exc:
        errors["url"] = [str(exc)]
    unknown = sorted(set(events) - set(EVENT_TYPES))
    if not events:
        errors["events"] = [f"name at least one of: {', '.join(EVENT_TYPES)}"]
    elif unknown:
        errors["events"] = [f"unknown event types {', '.join(unknown)}; known: {', '.join(EVENT_TYPES)}"]
    if errors:
        raise InvalidInput(errors)


def create_subscription(
    ctx: Context, actor: Actor, url: str, events: Sequence[str], description: str | None = None
) -> dict[str, Any]:
    """A new subscription; the answer carries its secret, which is never shown again."""
    _check(ctx, url, events)

    def work(session: Session) -> dict[str, Any]:
        row = WebhookSubscription(
            url=url,
            events=sorted(set(events)),
            description=description,
            secret=new_secret(),
            active=True,
            created_at=ctx.now(),
            created_by=actor.id,
        )
        session.add(row)
        session.flush()
        view = subscription_view(row)
        audit_chain.record(session, ctx.audit_key, actor, "webhook:create", "webhook", row.id, None, view, ctx.now())
        return {**view, "secret": row.secret}

    return ctx.run(work)


def list_subscriptions(ctx: Context, request: PageRequest = FIRST_PAGE) -> Page[dict[str, Any]]:
    def work(session: Session) -> Page[dict[str, Any]]:
        query = select(WebhookSubscription)
        if request.cursor is not None:
            position = decode_cursor(SUBSCRIPTIONS, request.cursor, SUBSCRIPTION_KEYS)
            query = query.where(after(SUBSCRIPTION_KEYS, position.values))
        rows = list(session.scalars(query.order_by(*ordering(SUBSCRIPTION_KEYS)).limit(request.limit + 1)))
        return page_of(SUBSCRIPTIONS, rows, request.limit, lambda s: (s.created_at, s.id), subscription_view)

    return ctx.run(work, write=False)


def _subscription(session: Session, subscription_id: str) -> WebhookSubscription:
    row = session.get(WebhookSubscription, subscription_id)
    if row is None:
        raise NotFound(f"webhook subscription {subscription_id} not found")
    return row


def get_subscription(ctx: Context, subscription_id: str) -> dict[str, Any]:
    return ctx.run(lambda s: subscription_view(_subscription(s, subscription_id)), write=False)


def disable_subscription(ctx: Context, actor: Actor, subscription_id: str) -> dict[str, Any]:
    """Stop sending to the subscription (its deliveries stay, for the log)."""

    def work(session: Session) -> dict[str, Any]:
        row = _subscription(session, subscription_id)
        if row.active:
            row.active, row.disabled_at = False, ctx.now()
            session.flush()
            audit_chain.record(
                session, ctx.audit_key, actor, "webhook:disable", "webhook", row.id, {"active": True},
                {"active": False}, ctx.now(),
            )  # fmt: skip
        return subscription_view(row)

    return ctx.run(work)


def list_deliveries(ctx: Context, subscription_id: str, request: PageRequest = FIRST_PAGE) -> Page[dict[str, Any]]:
    """The subscription's deliveries, newest first, each with its attempts."""

    def work(session: Session) -> Page[dict[str, Any]]:
        _subscription(session, subscription_id)
        query = select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id)
        if request.cursor is not None:
            position = decode_cursor(DELIVERIES, request.cursor, DELIVERY_KEYS)
            query = query.where(after(DELIVERY_KEYS, position.values))
        rows = list(session.scalars(query.order_by(*ordering(DELIVERY_KEYS)).limit(request.limit + 1)))
        return page_of(DELIVERIES, rows, request.limit, lambda d: (d.created_at, d.id), delivery_view)

    return ctx.run(work, write=False)


def replay(ctx: Context, actor: Actor, subscription_id: str, delivery_id: str) -> dict[str, Any]:
    """Send a delivery again (same webhook-id), e.g. after the receiver was fixed."""

    def work(session: Session) -> dict[str, Any]:
        row = session.get(WebhookDelivery, delivery_id)
        if row is None or row.subscription_id != subscription_id:
            raise NotFound(f"delivery {delivery_id} not found")
        if not _subscription(session, subscription_id).active:
            raise Conflict("the subscription is disabled")
        if row.status == "pending":
            raise Conflict("the delivery is still being attempted")
        before = row.status
        row.status = "pending"
        session.flush()
        audit_chain.record(
            session, ctx.audit_key, actor, "webhook:replay", "webhook_delivery", row.id, {"status": before},
            {"status": "pending"}, ctx.now(),
        )  # fmt: skip
        after_commit(session, DELIVER, {"delivery_id": row.id})
        return delivery_view(row)

    return ctx.run(work)


# ---------------------------------------------------------------------------------------------- the tasks


def fan_out(ctx: Context, events: Sequence[dict[str, Any]]) -> int:
    """One delivery per event and active subscription that wants it; each then sent by its own task."""

    def work(session: Session) -> int:
        subscriptions = list(session.scalars(select(WebhookSubscription).where(WebhookSubscription.active.is_(True))))
        count = 0
        for event in events:
            for sub in subscriptions:
                if event["type"] not in sub.events:
                    continue
                row = WebhookDelivery(
                    id=f"msg_{uuid.uuid4().hex}",
                    subscription_id=sub.id,
                    event_type=event["type"],
                    payload=event,
                    status="pending",
                    attempts=0,
                    attempt_log=[],
                    created_at=ctx.now(),
                )
                session.add(row)
                after_commit(session, DELIVER, {"delivery_id": row.id})
                count += 1
        return count

    return ctx.run(work)


def body_of(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def deliver(ctx: Context, delivery_id: str, last: bool) -> None:
    """One attempt; DeliveryFailed when it failed and another attempt will follow."""

    def load(session: Session) -> tuple[str, str, bool, dict[str, Any], str] | None:
        row = session.get(WebhookDelivery, delivery_id)
        if row is None or row.status != "pending":
            return None
        sub = _subscription(session, row.subscription_id)
        return sub.url, sub.secret, sub.active, dict(row.payload), row.id

    found = ctx.run(load, write=False)
    if found is None:
        return
    url, secret, active, payload, message_id = found
    now = utcnow()  # the moment it is sent (receivers check it against their clock), not the business clock
    if not active:
        _record(ctx, delivery_id, {"at": now.isoformat(), "error": "the subscription was disabled"}, "failed")
        return
    body = body_of(payload)
    headers = {
        "content-type": "application/json",
        "user-agent": "TradeDesk-Webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, now, body),
    }
    outcome = transport.post(url, body, headers, ctx.allow_private_webhooks)
    attempt = {
        "at": now.isoformat(),
        "status": outcome.status,
        "error": outcome.error,
        "duration_ms": outcome.duration_ms,
        "response": outcome.response[:200],
    }
    if outcome.ok:
        _record(ctx, delivery_id, attempt, "delivered")
        return
    _record(ctx, delivery_id, attempt, "failed" if last else "pending")
    if not last:
        raise DeliveryFailed(outcome.error or "failed")


def _record(ctx: Context, delivery_id: str, attempt: dict[str, Any], status: str) -> None:
    def work(session: Session) -> None:
        row = session.get(WebhookDelivery, delivery_id)
        if row is None:
            return
        row.attempts += 1
        row.attempt_log = [*row.attempt_log, attempt][-MAX_LOG:]
        row.status = status
        if status == "delivered":
            row.delivered_at = ctx.now()

    ctx.run(work)
