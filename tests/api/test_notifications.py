"""Email notifications (issue #12): the customer hears about their return and the desk about what needs it, through
a real SMTP server on loopback; no SMTP server configured, no email and nothing recorded."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.api.factories_rma import add_party, freeze, rma_body
from tests.api.legs_http import ok
from tests.smtp_server import SmtpServer
from tradedesk.config import SmtpSettings
from tradedesk.db.models import Notification

DESK = "desk@tradedesk.example"
CUSTOMER = "returns@example-ltd.example"


@pytest.fixture
def smtp(context):
    server = SmtpServer().start()
    context.smtp = SmtpSettings(host="127.0.0.1", port=server.port, starttls=False, staff=(DESK,))
    yield server.inbox
    server.stop()


def open_rma(client, auth, context, reason_code: str = "defective") -> dict:
    freeze(context)
    hub = add_party(context, "repairer", "Swiss Watch Repair AG", "CH")
    customer = add_party(context, "customer", "Example Ltd", "GB", email=CUSTOMER)
    body = rma_body(hub, customer, reason_code=reason_code)
    return ok(client.post("/api/v1/rmas", json=body, headers=auth("logistics_coordinator")), 201)


def test_the_customer_is_told_their_return_is_registered_and_approved(client, auth, context, smtp):
    rma = open_rma(client, auth, context)
    subjects = sorted(m["Subject"] for m in smtp.to(CUSTOMER))
    assert subjects == [f"Your return {rma['number']} is approved", f"Your return {rma['number']} is registered"]
    assert rma["number"] in smtp.to(CUSTOMER)[0].get_payload()


def test_the_desk_hears_of_a_new_return(client, auth, context, smtp):
    rma = open_rma(client, auth, context)
    [message] = smtp.to(DESK)
    assert message["Subject"] == "TradeDesk: rma.created" and rma["id"] in message.get_payload()


def test_every_message_is_recorded_as_sent(client, auth, context, smtp):
    open_rma(client, auth, context)
    rows = context.run(lambda s: list(s.scalars(select(Notification))), write=False)
    assert len(rows) == 3 and {r.status for r in rows} == {"sent"} and all(r.sent_at for r in rows)


def test_without_an_smtp_server_no_email_is_planned(client, auth, context):
    open_rma(client, auth, context)
    assert context.run(lambda s: list(s.scalars(select(Notification))), write=False) == []


def test_an_unreachable_server_is_recorded_as_failed_after_the_last_attempt(client, auth, context):
    context.smtp = SmtpSettings(host="127.0.0.1", port=9, starttls=False, staff=(DESK,))  # nothing listens there
    open_rma(client, auth, context)
    from tradedesk.services import notifications

    for row in context.run(lambda s: list(s.scalars(select(Notification))), write=False):
        notifications.send(context, row.id, last=True)
    rows = context.run(lambda s: list(s.scalars(select(Notification))), write=False)
    assert {r.status for r in rows} == {"failed"} and all("Connection" in (r.error or "") for r in rows)


def test_a_rejected_customer_is_told_why(client, auth, context, smtp):
    rma = open_rma(client, auth, context, reason_code="no_longer_needed")  # no rule approves it: under review
    assert rma["status"] == "under_review"
    r = client.post(
        f"/api/v1/rmas/{rma['id']}/transitions",
        json={"to": "rejected", "comment": "the item was bought more than 30 days ago"},
        headers=auth("compliance_officer", **{"If-Match": f'"{rma["version"]}"'}),
    )
    assert r.status_code == 200, r.get_json()
    [message] = [m for m in smtp.to(CUSTOMER) if "cannot be accepted" in m["Subject"]]
    assert "bought more than 30 days ago" in message.get_payload(decode=True).decode()
