"""Tracking: a leg's carrier and tracking number, and the carriers' tracking events (a signed webhook endpoint)."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, request
from flask.views import MethodView
from marshmallow import fields, validate
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tradedesk.api.http import ApiError, ctx, current_actor, requires, visible_only
from tradedesk.api.openapi import Blueprint, problem
from tradedesk.api.responses import ok
from tradedesk.auth.permissions import Permission
from tradedesk.inputs.base import InputSchema
from tradedesk.services import tracking

MAX_EVENT_BYTES = 64 * 1024

blp = Blueprint("tracking", __name__, url_prefix="/api/v1", description="Carrier tracking of the legs")


class TrackingNumberSchema(InputSchema):
    tracking_number = fields.String(required=True, validate=validate.Length(min=6, max=64))
    carrier = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=2, max=32),
        metadata={"description": "optional: the carrier code it must belong to (ups, fedex, usps, dhl, s10 ...)"},
    )


class TrackingEventSchema(InputSchema):
    tracking_number = fields.String(required=True, validate=validate.Length(min=6, max=64))
    status = fields.String(required=True, validate=validate.OneOf(list(tracking.STATUSES)))
    occurred_at = fields.AwareDateTime(required=True)
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=256))


@blp.route("/legs/<leg_id>/tracking")
class LegTracking(MethodView):
    @visible_only(Permission.READ_RMA)
    @requires(Permission.EDIT_LEG)
    @blp.arguments(TrackingNumberSchema)
    @blp.doc(
        summary="Record the leg's tracking number; the carrier is recognised from it (check digit included)",
        responses={
            "201": ok("recorded", "LegTrackingNumber"),
            "404": problem(404),
            "409": problem(409),
            "422": problem(422),
        },
    )
    def post(self, data: dict[str, Any], leg_id: str) -> Response:
        body = tracking.set_tracking(ctx(), current_actor(), leg_id, data["tracking_number"], data["carrier"])
        response = jsonify(body)
        response.status_code = 201
        return response


def _verified_body() -> dict[str, Any]:
    """The event's JSON once its Standard Webhooks signature checks out with TRADEDESK_TRACKING_WEBHOOK_SECRET."""
    secret = current_app.config.get("TRADEDESK_TRACKING_WEBHOOK_SECRET")
    if not secret:
        raise ApiError(401, "tracking events are not enabled here: no TRADEDESK_TRACKING_WEBHOOK_SECRET is set")
    raw = request.get_data(cache=True)
    if len(raw) > MAX_EVENT_BYTES:
        raise ApiError(413, f"a tracking event is at most {MAX_EVENT_BYTES} bytes")
    try:
        payload = Webhook(str(secret)).verify(raw, dict(request.headers))
    except (WebhookVerificationError, ValueError) as exc:
        raise ApiError(401, f"the webhook signature does not verify: {exc}") from exc
    if not isinstance(payload, dict):
        raise ApiError(422, "the body must be a JSON object")
    return payload


@blp.route("/tracking/events")
class TrackingEvents(MethodView):
    @blp.doc(
        summary="A carrier's tracking event, signed per the Standard Webhooks specification",
        description="Headers webhook-id, webhook-timestamp and webhook-signature, signed with the secret the "
        "operator set (TRADEDESK_TRACKING_WEBHOOK_SECRET). `delivered` at the RMA's hub marks the RMA received.",
        security=[],
        requestBody={"required": True, "content": {"application/json": {"schema": TrackingEventSchema}}},
        responses={
            "200": ok("applied", "TrackingEventResult"),
            "401": problem(401),
            "404": problem(404),
            "422": problem(422),
        },
    )
    def post(self) -> Response:
        data = TrackingEventSchema().load(_verified_body())
        return jsonify(
            tracking.record_event(ctx(), data["tracking_number"], data["status"], data["occurred_at"], data["location"])
        )
