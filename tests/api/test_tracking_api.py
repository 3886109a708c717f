"""Tracking (issue #12, point 3): a leg's tracking number recognised with its carrier, and the carrier's signed
tracking events moving the leg and, on delivery at the hub, the RMA."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from standardwebhooks.webhooks import Webhook

from tests import factories as f
from tests.api.legs_http import REPAIR, ok, plan, problem
from tradedesk.services import webhooks

UPS = "1Z999AA10123456784"
SECRET = webhooks.new_secret()


@pytest.fixture
def legs(client, auth, context, broker_party, app):
    f.freeze(context)
    app.config["TRADEDESK_TRACKING_WEBHOOK_SECRET"] = SECRET
    desk = f.cast(context, broker_party)
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    return plan(client, auth("logistics_coordinator"), rma_id, broker_id=desk.uk_broker, details=REPAIR)


def track(client, auth, leg_id: str, number: str, **extra):
    return client.post(
        f"/api/v1/legs/{leg_id}/tracking",
        json={"tracking_number": number, **extra},
        headers=auth("logistics_coordinator"),
    )


def carrier_event(client, number: str, status: str, secret: str = SECRET, when: datetime | None = None):
    body = json.dumps({"tracking_number": number, "status": status, "occurred_at": "2026-11-22T10:00:00+00:00"})
    msg_id, at = f"msg_{uuid.uuid4().hex}", when or datetime.now(UTC)
    headers = {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, at, body),
        "content-type": "application/json",
    }
    return client.post("/api/v1/tracking/events", data=body, headers=headers)


def rma_of(client, auth, leg: dict) -> dict:
    return ok(client.get(f"/api/v1/rmas/{leg['rma_id']}", headers=auth("logistics_coordinator")))


def test_a_tracking_number_is_recognised_with_its_carrier(client, auth, legs):
    recorded = ok(track(client, auth, legs[0]["id"], "1z 999 aa1 0123456784"), 201)
    assert (recorded["carrier"], recorded["tracking_number"]) == ("ups", UPS)
    assert UPS in recorded["tracking_url"]


def test_a_number_no_carrier_issues_is_refused(client, auth, legs):
    assert (
        "tracking_number" in problem(track(client, auth, legs[0]["id"], "1Z999AA10123456785"))["errors"]
    )  # check digit


def test_a_number_of_another_carrier_than_named_is_refused(client, auth, legs):
    assert "carrier" in problem(track(client, auth, legs[0]["id"], UPS, carrier="fedex"))["errors"]


def test_one_number_belongs_to_one_leg(client, auth, legs):
    ok(track(client, auth, legs[0]["id"], UPS), 201)
    assert track(client, auth, legs[1]["id"], UPS).status_code == 409


def test_the_carriers_events_move_the_leg_and_a_delivery_at_the_hub_receives_the_rma(client, auth, legs):
    ok(track(client, auth, legs[0]["id"], UPS), 201)
    assert ok(carrier_event(client, UPS, "picked_up"))["status"] == "in_transit"
    assert rma_of(client, auth, legs[0])["status"] == "in_transit"
    assert ok(carrier_event(client, UPS, "delivered"))["status"] == "delivered"
    assert rma_of(client, auth, legs[0])["status"] == "received"
    leg = ok(client.get(f"/api/v1/legs/{legs[0]['id']}", headers=auth("logistics_coordinator")))
    assert leg["tracking"]["delivered_at"].startswith("2026-11-22")


def test_a_late_in_transit_event_does_not_move_a_delivered_leg_back(client, auth, legs):
    ok(track(client, auth, legs[0]["id"], UPS), 201)
    ok(carrier_event(client, UPS, "delivered"))
    assert ok(carrier_event(client, UPS, "in_transit")) == {
        "leg_id": legs[0]["id"],
        "status": "delivered",
        "changed": False,
    }


def test_an_event_whose_signature_does_not_verify_is_refused_and_changes_nothing(client, auth, legs):
    ok(track(client, auth, legs[0]["id"], UPS), 201)
    assert carrier_event(client, UPS, "delivered", secret=webhooks.new_secret()).status_code == 401
    old = datetime(2026, 1, 1, tzinfo=UTC)
    assert carrier_event(client, UPS, "delivered", when=old).status_code == 401  # outside the replay window
    assert rma_of(client, auth, legs[0])["status"] == "approved"


def test_an_event_for_a_number_no_leg_has_is_404(client, legs):
    assert carrier_event(client, "1Z999AA10123456784", "delivered").status_code == 404
