"""Email to the people an event matters to (issue #12, point 4): the customer about their return, the desk about
what needs it. Sent through the SMTP server the settings name (TRADEDESK_SMTP_*), one task per message, retried with
back-off; every message is recorded (notification table) with its outcome.

Who hears what:
- the RMA's customer (their party's email): rma.created, rma.approved, rma.rejected, rma.closed;
- the desk (TRADEDESK_NOTIFY_STAFF, comma-separated addresses): rma.created, declaration.approved,
  filing.acknowledged, screening.match_confirmed, deadline.approaching.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from sqlalchemy.orm import Session

from tradedesk.db.models import Notification, Party, Rma, new_id
from tradedesk.db.types import utcnow
from tradedesk.services.context import Context, after_commit

SEND = "notifications.send"
TIMEOUT_SECONDS = 20

CUSTOMER_EVENTS = frozenset({"rma.created", "rma.approved", "rma.rejected", "rma.closed"})
STAFF_EVENTS = frozenset(
    {"rma.created", "declaration.approved", "filing.acknowledged", "screening.match_confirmed", "deadline.approaching"}
)

#: what the customer reads, by event: subject and body (format fields: number, reason, status)
CUSTOMER_TEXT = {
    "rma.created": (
        "Your return {number} is registered",
        "We have registered your return {number}. We will tell you what happens next.",
    ),
    "rma.approved": (
        "Your return {number} is approved",
        "Your return {number} is approved. The return instructions and label follow.",
    ),
    "rma.rejected": (
        "Your return {number} cannot be accepted",
        "We cannot accept your return {number}: {reason}",
    ),
    "rma.closed": ("Your return {number} is closed", "Your return {number} is complete and closed."),
}


class SendFailed(Exception):
    """The SMTP server did not take the message; the queue tries again after its back-off."""


def notification_view(n: Notification) -> dict[str, Any]:
    return {
        "id": n.id,
        "event_type": n.event_type,
        "to": n.recipient,
        "subject": n.subject,
        "status": n.status,
        "attempts": n.attempts,
        "error": n.error,
        "created_at": n.created_at.isoformat(),
        "sent_at": None if n.sent_at is None else n.sent_at.isoformat(),
    }


def _customer_message(session: Session, event: Mapping[str, Any]) -> tuple[str, str, str] | None:
    data = event.get("data") or {}
    rma = session.get(Rma, data.get("rma_id")) if data.get("rma_id") else None
    if rma is None or event["type"] not in CUSTOMER_TEXT:
        return None
    customer = session.get(Party, rma.customer_id)
    if customer is None or not customer.email:
        return None
    subject, body = CUSTOMER_TEXT[event["type"]]
    # a person's reason (the comment of their decision) before the policy's
    reason = str(data.get("comment") or rma.eligibility_reason)
    fields = {"number": rma.number, "reason": reason, "status": rma.status}
    return customer.email, subject.format(**fields), body.format(**fields)


def _staff_message(event: Mapping[str, Any]) -> tuple[str, str]:
    data = {k: v for k, v in (event.get("data") or {}).items() if v is not None}
    lines = [f"{k}: {v}" for k, v in sorted(data.items())]
    return f"TradeDesk: {event['type']}", "\n".join([f"{event['type']} at {event.get('timestamp')}", "", *lines])


def queue_email(session: Session, ctx: Context, event_type: str, recipient: str, subject: str, body: str) -> None:
    """Record one message and have it sent once this unit of work commits."""
    row = Notification(
        id=new_id(),
        event_type=event_type,
        recipient=recipient,
        subject=subject,
        body=body,
        status="pending",
        attempts=0,
        created_at=ctx.now(),
    )
    session.add(row)
    after_commit(session, SEND, {"notification_id": row.id})


def plan_messages(ctx: Context, events: Sequence[Mapping[str, Any]]) -> int:
    """Record the messages the events call for and queue each for sending; the number queued."""
    smtp = ctx.smtp
    if smtp is None:
        return 0

    def work(session: Session) -> int:
        count = 0
        for event in events:
            wanted: list[tuple[str, str, str]] = []
            if event["type"] in CUSTOMER_EVENTS:
                found = _customer_message(session, event)
                if found is not None:
                    wanted.append(found)
            if event["type"] in STAFF_EVENTS:
                subject, body = _staff_message(event)
                wanted += [(address, subject, body) for address in smtp.staff]
            for recipient, subject, body in wanted:
                queue_email(session, ctx, event["type"], recipient, subject, body)
                count += 1
        return count

    return ctx.run(work)


def send(ctx: Context, notification_id: str, last: bool) -> None:
    """One attempt to hand the message to the SMTP server; SendFailed when another attempt will follow."""
    smtp = ctx.smtp

    def load(session: Session) -> tuple[str, str, str] | None:
        row = session.get(Notification, notification_id)
        return None if row is None or row.status != "pending" else (row.recipient, row.subject, row.body)

    found = ctx.run(load, write=False)
    if found is None or smtp is None:
        return
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = smtp.sender, found[0], found[1]
    message["Message-ID"] = make_msgid(idstring=notification_id)
    message.set_content(found[2])
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_SECONDS) as server:
            if smtp.starttls:
                server.starttls(context=ssl.create_default_context())
            if smtp.username:
                server.login(smtp.username, smtp.password or "")
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        _record(ctx, notification_id, "failed" if last else "pending", f"{type(exc).__name__}: {exc}")
        if not last:
            raise SendFailed(str(exc)) from exc
        return
    _record(ctx, notification_id, "sent", None)


def _record(ctx: Context, notification_id: str, status: str, error: str | None) -> None:
    def work(session: Session) -> None:
        row = session.get(Notification, notification_id)
        if row is None:
            return
        row.attempts += 1
        row.status, row.error = status, None if error is None else error[:500]
        if status == "sent":
            row.sent_at = utcnow()

    ctx.run(work)
