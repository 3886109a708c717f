"""Webhook deliveries on the real queue (issue #12): a receiver's errors are retried with back-off until it answers,
and after the last attempt the delivery is failed; on the embedded storage and on Redis."""

from __future__ import annotations

import time

import pytest

from tests.tasks.conftest import WAIT_SECONDS, consuming
from tests.webhook_receiver import Receiver
from tradedesk.auth.actor import Actor
from tradedesk.services import webhooks
from tradedesk.tasks.queue import build_queue

ADMIN = Actor("tasks-admin", "Ada", "admin")
EVENT = {"type": "rma.created", "timestamp": "2026-12-01T00:00:00+00:00", "data": {"rma_id": "r-1"}}


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def queue(queue_url, context, tmp_path):
    settings = {
        "TRADEDESK_QUEUE_URL": queue_url,
        "TRADEDESK_INSTANCE_DIR": str(tmp_path / "instance"),
        "TRADEDESK_WEBHOOK_ATTEMPTS": 3,
        "TRADEDESK_WEBHOOK_RETRY_DELAY": 0.1,
    }
    built = build_queue(settings, lambda: context)
    context.dispatch, context.allow_private_webhooks = built.dispatch, True
    return built


def settled(context, subscription_id: str) -> dict:
    """The subscription's one delivery once it is no longer pending."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        items = webhooks.list_deliveries(context, subscription_id).items
        if items and items[0]["status"] != "pending":
            return items[0]
        time.sleep(0.05)
    raise AssertionError("the delivery did not settle")


def test_a_receiver_error_is_retried_until_it_answers(queue, context, receiver):
    subscription = webhooks.create_subscription(context, ADMIN, receiver.url, ["rma.created"])
    receiver.statuses = [500, 503]
    with consuming(queue):
        webhooks.fan_out(context, [EVENT])
        delivery = settled(context, subscription["id"])
    assert delivery["status"] == "delivered"
    assert [a["status"] for a in delivery["attempt_log"]] == [500, 503, 204]
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1  # the same message each time


def test_after_the_last_attempt_the_delivery_is_failed(queue, context, receiver):
    subscription = webhooks.create_subscription(context, ADMIN, receiver.url, ["rma.created"])
    receiver.statuses = [500] * 10
    with consuming(queue):
        webhooks.fan_out(context, [EVENT])
        delivery = settled(context, subscription["id"])
    assert (delivery["status"], delivery["attempts"]) == ("failed", 3)
