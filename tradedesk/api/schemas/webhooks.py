"""Schemas of the webhook subscription routes (unknown fields refused)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from tradedesk.api.schemas.lists import PagedQuerySchema, _page
from tradedesk.inputs.base import InputSchema
from tradedesk.services.events import EVENT_TYPES


class SubscriptionCreateSchema(InputSchema):
    url = fields.String(
        required=True,
        validate=validate.Length(min=8, max=2048),
        metadata={"description": "https:// (or http://) endpoint; internal addresses are refused"},
    )
    events = fields.List(
        fields.String(validate=validate.OneOf(EVENT_TYPES)),
        required=True,
        validate=validate.Length(min=1, max=len(EVENT_TYPES)),
        metadata={"description": f"event types: {', '.join(EVENT_TYPES)}"},
    )
    description = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=256))


class WebhookListQuerySchema(PagedQuerySchema):
    pass


class SubscriptionItemSchema(Schema):
    id = fields.String()
    url = fields.String()
    events = fields.List(fields.String())
    description = fields.String(allow_none=True)
    active = fields.Boolean()
    created_at = fields.DateTime()
    disabled_at = fields.DateTime(allow_none=True)


class DeliveryItemSchema(Schema):
    id = fields.String(metadata={"description": "the webhook-id header of the message"})
    subscription_id = fields.String()
    event_type = fields.String()
    status = fields.String(metadata={"description": "pending, delivered or failed"})
    attempts = fields.Integer()
    attempt_log = fields.List(fields.Dict(), metadata={"description": "at, status, error, duration_ms, response"})
    created_at = fields.DateTime()
    delivered_at = fields.DateTime(allow_none=True)
    payload = fields.Dict(metadata={"description": "the body sent: type, timestamp, data"})


SubscriptionPageSchema = _page("WebhookSubscriptionPage", SubscriptionItemSchema, "subscriptions, oldest first")
DeliveryPageSchema = _page("WebhookDeliveryPage", DeliveryItemSchema, "deliveries, newest first")
