"""Outbound webhooks through the API (issue #12): Standard Webhooks signatures checked with the library's own
verifier at a local receiver, the secret shown once, the delivery log, a replay, and no delivery to an internal
address unless the operator allows it."""

from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook

from tests.api.factories_rma import add_party, freeze, rma_body
from tests.api.legs_http import ok, problem
from tests.webhook_receiver import Receiver
from tradedesk.services import webhooks


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def allowed(context):
    """The operator allows private addresses (the receiver listens on loopback)."""
    context.allow_private_webhooks = True
    return context


def subscribe(client, auth, url: str, events: list[str]) -> dict:
    return ok(client.post("/api/v1/webhooks", json={"url": url, "events": events}, headers=auth("admin")), 201)


def open_rma(client, auth, context) -> dict:
    freeze(context)
    hub = add_party(context, "repairer", "Swiss Watch Repair AG", "CH")
    customer = add_party(context, "customer", "Example Ltd", "GB", identifiers={"EORI": "GB123456789000"})
    return ok(client.post("/api/v1/rmas", json=rma_body(hub, customer), headers=auth("logistics_coordinator")), 201)


def test_an_event_reaches_the_subscriber_signed_as_the_library_verifies(client, auth, context, allowed, receiver):
    subscription = subscribe(client, auth, receiver.url, ["rma.created"])
    rma = open_rma(client, auth, context)
    [message] = receiver.received
    payload = Webhook(subscription["secret"]).verify(message.body, message.headers)
    assert payload["type"] == "rma.created" and payload["data"]["rma_id"] == rma["id"]
    assert message.headers["webhook-id"].startswith("msg_")


def test_a_wrong_secret_does_not_verify(client, auth, context, allowed, receiver):
    subscribe(client, auth, receiver.url, ["rma.created"])
    open_rma(client, auth, context)
    with pytest.raises(Exception, match="No matching signature"):
        Webhook(webhooks.new_secret()).verify(receiver.received[0].body, receiver.received[0].headers)


def test_only_the_event_types_asked_for_are_sent(client, auth, context, allowed, receiver):
    subscribe(client, auth, receiver.url, ["rma.closed"])
    open_rma(client, auth, context)
    assert receiver.received == []


def test_the_secret_is_shown_once(client, auth, allowed, receiver):
    created = subscribe(client, auth, receiver.url, ["rma.created"])
    shown = ok(client.get(f"/api/v1/webhooks/{created['id']}", headers=auth("admin")))
    assert created["secret"].startswith("whsec_") and "secret" not in shown
    assert all("secret" not in s for s in ok(client.get("/api/v1/webhooks", headers=auth("admin")))["items"])


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hooks",
        "http://169.254.169.254/latest/meta-data",
        "https://10.1.2.3/hooks",
        "http://[::1]/hooks",
        "http://192.168.0.10/hooks",
        "http://100.64.0.1/hooks",
    ],
    ids=["loopback", "metadata", "private-10", "ipv6-loopback", "private-192", "shared-cgnat"],
)
def test_an_internal_address_is_refused(client, auth, url):
    body = problem(client.post("/api/v1/webhooks", json={"url": url, "events": ["rma.created"]}, headers=auth("admin")))
    assert body["status"] == 422 and "internal address" in body["errors"]["url"][0]


def test_a_url_with_credentials_or_another_scheme_is_refused(client, auth):
    for url in ("https://user:pw@93.184.215.14/x", "ftp://93.184.215.14/x", "file:///etc/passwd"):
        r = client.post("/api/v1/webhooks", json={"url": url, "events": ["rma.created"]}, headers=auth("admin"))
        assert r.status_code == 422, url


def test_a_delivery_is_checked_again_when_it_is_sent(client, auth, context, allowed, receiver):
    subscription = subscribe(client, auth, receiver.url, ["rma.created"])
    context.allow_private_webhooks = False  # the operator withdrew the permission
    open_rma(client, auth, context)
    assert receiver.received == []
    [delivery] = ok(client.get(f"/api/v1/webhooks/{subscription['id']}/deliveries", headers=auth("admin")))["items"]
    assert "internal address" in delivery["attempt_log"][-1]["error"]


def test_the_delivery_log_keeps_each_attempt_and_a_failed_delivery_can_be_replayed(
    client, auth, context, allowed, receiver
):
    subscription = subscribe(client, auth, receiver.url, ["rma.created"])
    receiver.statuses = [500] * 20  # every attempt the queue makes fails
    open_rma(client, auth, context)
    deliveries = f"/api/v1/webhooks/{subscription['id']}/deliveries"
    [delivery] = ok(client.get(deliveries, headers=auth("admin")))["items"]
    webhooks.deliver(context, delivery["id"], last=True)  # the last attempt
    [failed] = ok(client.get(deliveries, headers=auth("admin")))["items"]
    assert failed["status"] == "failed" and failed["attempt_log"][-1]["status"] == 500
    receiver.statuses = []
    ok(client.post(f"{deliveries}/{failed['id']}/replay", headers=auth("admin")), 202)
    [replayed] = ok(client.get(deliveries, headers=auth("admin")))["items"]
    assert replayed["status"] == "delivered" and replayed["attempts"] == failed["attempts"] + 1
    assert receiver.received[-1].headers["webhook-id"] == failed["id"]


def test_a_disabled_subscription_gets_nothing(client, auth, context, allowed, receiver):
    subscription = subscribe(client, auth, receiver.url, ["rma.created"])
    ok(client.delete(f"/api/v1/webhooks/{subscription['id']}", headers=auth("admin")))
    open_rma(client, auth, context)
    assert receiver.received == []


def test_only_an_admin_manages_webhooks(client, auth):
    for role in ("compliance_officer", "logistics_coordinator", "broker"):
        assert client.get("/api/v1/webhooks", headers=auth(role)).status_code == 403
