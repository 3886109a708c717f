"""Customer intake through the API (issue #12): the shop's front end asks for the link, reads the order, requests the
return with photos (base64) and follows its status; the ERP registers orders."""

from __future__ import annotations

import base64
import io
import re
from datetime import date

import pytest
from PIL import Image

from tests import factories as f
from tests.api.legs_http import ok, problem
from tests.smtp_server import SmtpServer
from tradedesk.config import SmtpSettings

EMAIL = "anna@example-optics.example"


@pytest.fixture
def smtp(context, app):
    server = SmtpServer().start()
    context.smtp = SmtpSettings(host="127.0.0.1", port=server.port, starttls=False)
    app.config["TRADEDESK_PUBLIC_URL"] = "https://shop.example"
    yield server.inbox
    server.stop()


@pytest.fixture
def order(client, auth, context, broker_party):
    f.freeze(context)
    desk = f.cast(context, broker_party)
    customer = f.party(context, "customer", "Anna Optics GmbH", "GB", email=EMAIL)
    body = {
        "reference": "WEB-20001",
        "customer_id": customer,
        "hub_id": desk.swiss_repairer,
        "ordered_on": "2026-11-10",
        "lines": [
            {
                "description": "Camera lens",
                "hs_code": "9002.11",
                "origin_country": "JP",
                "quantity": "1",
                "unit_value": "1290.00",
                "currency": "GBP",
            }
        ],
    }
    return ok(client.post("/api/v1/orders", json=body, headers=auth("logistics_coordinator")), 201)


def token_from(smtp) -> str:
    [message] = smtp.to(EMAIL)
    return re.search(r"/returns/continue/(\S+)", message.get_payload(decode=True).decode()).group(1)


def photo() -> str:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), "teal").save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


def test_a_return_requested_through_the_api(client, smtp, order):
    r = client.post("/api/v1/intake/links", json={"order_reference": "WEB-20001", "email": EMAIL})
    assert r.status_code == 202
    token = token_from(smtp)
    opened = ok(client.get(f"/api/v1/intake/{token}"))
    [line] = opened["lines"]
    body = {
        "lines": {line["id"]: "1"},
        "reason_code": "defective",
        "condition": "used",
        "wish": "repair",
        "description": "Autofocus fails.",
        "photos": [photo()],
    }
    created = ok(client.post(f"/api/v1/intake/{token}/requests", json=body), 201)
    assert created["number"].startswith("RMA-") and created["photos"] == 1
    assert created["status"] == "approved" and created["has_label"]  # the policy's prepaid_label acted
    assert ok(client.get(f"/api/v1/intake/{token}/status"))["rma_id"] == created["rma_id"]


def test_an_unknown_order_is_answered_the_same(client, smtp, order):
    r = client.post("/api/v1/intake/links", json={"order_reference": "NOPE-1", "email": EMAIL})
    assert r.status_code == 202 and smtp.messages == []


def test_an_order_needs_a_registered_customer_and_hub(client, auth):
    body = {
        "reference": "X-1",
        "customer_id": "nobody",
        "hub_id": "nothing",
        "ordered_on": date(2026, 1, 1).isoformat(),
        "lines": [
            {
                "description": "x",
                "hs_code": "9002.11",
                "origin_country": "JP",
                "quantity": "1",
                "unit_value": "1",
                "currency": "GBP",
            }
        ],
    }
    errors = problem(client.post("/api/v1/orders", json=body, headers=auth("logistics_coordinator")))["errors"]
    assert {"customer_id", "hub_id"} <= set(errors)
