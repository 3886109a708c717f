"""/api/v1/webhooks: other systems' subscriptions to TradeDesk's events, their delivery logs and replays (admin)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask.views import MethodView

from tradedesk.api.http import ctx, current_actor, list_response, page_request, requires
from tradedesk.api.openapi import Blueprint, problem
from tradedesk.api.responses import ok
from tradedesk.api.schemas.webhooks import (
    DeliveryPageSchema,
    SubscriptionCreateSchema,
    SubscriptionPageSchema,
    WebhookListQuerySchema,
)
from tradedesk.auth.permissions import Permission
from tradedesk.services import webhooks

blp = Blueprint(
    "webhooks",
    __name__,
    url_prefix="/api/v1",
    description="Outbound webhooks (Standard Webhooks signatures): subscriptions, delivery logs, replays",
)


def _page_doc(schema: Any) -> dict[str, Any]:
    return {"description": "{items, next_cursor, limit}", "content": {"application/json": {"schema": schema}}}


@blp.route("/webhooks")
class Subscriptions(MethodView):
    @requires(Permission.MANAGE_WEBHOOKS)
    @blp.arguments(WebhookListQuerySchema, location="query")
    @blp.doc(summary="Webhook subscriptions, oldest first", responses={"200": _page_doc(SubscriptionPageSchema)})
    def get(self, query: dict[str, Any]) -> Response:
        return list_response(webhooks.list_subscriptions(ctx(), page_request(query)))

    @requires(Permission.MANAGE_WEBHOOKS)
    @blp.arguments(SubscriptionCreateSchema)
    @blp.doc(
        summary="Subscribe an endpoint to event types; the answer holds its signing secret, shown this once",
        responses={"201": ok("the subscription and its secret", "WebhookSubscriptionCreated"), "422": problem(422)},
    )
    def post(self, data: dict[str, Any]) -> Response:
        body = webhooks.create_subscription(ctx(), current_actor(), data["url"], data["events"], data["description"])
        response = jsonify(body)
        response.status_code = 201
        return response


@blp.route("/webhooks/<subscription_id>")
class SubscriptionById(MethodView):
    @requires(Permission.MANAGE_WEBHOOKS)
    @blp.doc(
        summary="One subscription",
        responses={"200": ok("the subscription", "WebhookSubscription"), "404": problem(404)},
    )
    def get(self, subscription_id: str) -> Response:
        return jsonify(webhooks.get_subscription(ctx(), subscription_id))

    @requires(Permission.MANAGE_WEBHOOKS)
    @blp.doc(
        summary="Disable the subscription (its delivery log stays)",
        responses={"200": ok("the disabled subscription", "WebhookSubscription"), "404": problem(404)},
    )
    def delete(self, subscription_id: str) -> Response:
        return jsonify(webhooks.disable_subscription(ctx(), current_actor(), subscription_id))


@blp.route("/webhooks/<subscription_id>/deliveries")
class Deliveries(MethodView):
    @requires(Permission.MANAGE_WEBHOOKS)
    @blp.arguments(WebhookListQuerySchema, location="query")
    @blp.doc(
        summary="The subscription's deliveries, newest first, with every attempt",
        responses={"200": _page_doc(DeliveryPageSchema), "404": problem(404)},
    )
    def get(self, query: dict[str, Any], subscription_id: str) -> Response:
        return list_response(webhooks.list_deliveries(ctx(), subscription_id, page_request(query)))


@blp.route("/webhooks/<subscription_id>/deliveries/<delivery_id>/replay")
class Replay(MethodView):
    @requires(Permission.MANAGE_WEBHOOKS)
    @blp.doc(
        summary="Send a delivery again (the same webhook-id)",
        responses={"202": ok("queued", "WebhookDelivery"), "404": problem(404), "409": problem(409)},
    )
    def post(self, subscription_id: str, delivery_id: str) -> Response:
        response = jsonify(webhooks.replay(ctx(), current_actor(), subscription_id, delivery_id))
        response.status_code = 202
        return response
