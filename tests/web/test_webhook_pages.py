"""The administrator's webhook pages (issue #12, point 4): subscribe (the secret shown once), the delivery log,
a replay; refused URLs named; nobody else sees them."""

from __future__ import annotations

from tests.web.helpers import page_text
from tests.webhook_receiver import Receiver
from tradedesk.auth.actor import Actor
from tradedesk.services import webhooks

ADMIN = Actor("t-admin", "Ada", "admin")
EVENT = {"type": "rma.created", "timestamp": "2026-12-01T00:00:00+00:00", "data": {"rma_id": "r-1"}}


def test_an_admin_subscribes_and_sees_the_secret_once(web, desk):
    admin = web("admin")
    r = admin.submit(
        "/webhooks", {"url": "https://93.184.215.14/hooks", "events": ["rma.created", "leg.delivered"]}, "/webhooks"
    )
    text = page_text(r)
    assert r.status_code == 201 and "shown this once" in text and "whsec_" in text
    assert "whsec_" not in admin.text("/webhooks")


def test_an_internal_url_is_refused_naming_it(web, desk):
    r = web("admin").submit("/webhooks", {"url": "http://127.0.0.1:9000/x", "events": ["rma.created"]}, "/webhooks")
    assert r.status_code == 422 and "internal address" in page_text(r)


def test_the_delivery_log_and_a_replay(web, context, desk):
    receiver = Receiver(statuses=[500, 500]).start()
    context.allow_private_webhooks = True  # the receiver listens on loopback
    sub = webhooks.create_subscription(context, ADMIN, receiver.url, ["rma.created"])
    context.dispatch = None  # the test sends the attempts itself
    webhooks.fan_out(context, [EVENT])
    [delivery] = webhooks.list_deliveries(context, sub["id"]).items
    webhooks.deliver(context, delivery["id"], last=True)  # the last attempt: the receiver answers 500
    page = f"/webhooks/{sub['id']}"
    assert "Failed" in web("admin").text(page)
    r = web("admin").submit(f"{page}/deliveries/{delivery['id']}/replay", {}, page, follow_redirects=True)
    assert "sent again" in page_text(r)
    receiver.stop()


def test_only_an_admin_has_the_webhook_pages(web, desk):
    assert web("logistics_coordinator").get("/webhooks").status_code == 403
