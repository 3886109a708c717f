"""/api/v1/rmas/<rma_id>/return-label: issue an RMA's return label (buying the carrier's, when one is configured)
and download the newest one as PDF.

The carrier comes from the settings (TRADEDESK_CARRIER, TRADEDESK_EASYPOST_API_KEY) through
carriers.carrier_from_settings; without one the label is TradeDesk's own, with the RMA number to quote.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify
from flask.views import MethodView
from marshmallow import ValidationError, fields, validate, validates_schema

from tradedesk.api.http import ApiError, ctx, current_actor, requires, visible_only
from tradedesk.api.openapi import Blueprint, problem
from tradedesk.auth.permissions import Permission
from tradedesk.carriers import carrier_from_settings
from tradedesk.carriers.labels import CarrierConfigError, CarrierError, Parcel, StreetAddress
from tradedesk.inputs.base import InputSchema
from tradedesk.services import labels
from tradedesk.services.labels import ShipmentDetails

blp = Blueprint("labels", __name__, url_prefix="/api/v1", description="Return labels of RMAs (and carrier labels)")

BINARY = {"schema": {"type": "string", "format": "binary"}}
NULLABLE_OBJECT = {"type": ["object", "null"]}
ISSUED = {
    "description": "the label issued (its PDF at `url`)",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["id", "rma_id", "sha256", "url"],
                "properties": {
                    "id": {"type": "string"},
                    "rma_id": {"type": "string"},
                    "leg_id": {"type": "string"},
                    "sha256": {"type": "string"},
                    "size": {"type": "integer"},
                    "url": {"type": "string"},
                    "tracking": NULLABLE_OBJECT,
                    "carrier_label": NULLABLE_OBJECT,
                },
                "additionalProperties": True,
            }
        }
    },
}
SIDE = validate.Range(min=1, max=3000)


class ParcelSchema(InputSchema):
    weight_g = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=150_000))
    length_mm = fields.Integer(load_default=None, allow_none=True, strict=True, validate=SIDE)
    width_mm = fields.Integer(load_default=None, allow_none=True, strict=True, validate=SIDE)
    height_mm = fields.Integer(load_default=None, allow_none=True, strict=True, validate=SIDE)

    @validates_schema(skip_on_field_errors=True)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        given = [data.get(k) is not None for k in ("length_mm", "width_mm", "height_mm")]
        if any(given) and not all(given):
            raise ValidationError({"_schema": ["give length_mm, width_mm and height_mm together, or none of them"]})


class StreetSchema(InputSchema):
    street1 = fields.String(required=True, validate=validate.Length(min=1, max=128))
    street2 = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=128))
    city = fields.String(required=True, validate=validate.Length(min=1, max=64))
    postal_code = fields.String(required=True, validate=validate.Length(min=1, max=16))
    state = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=32))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=256))


class ReturnLabelRequestSchema(InputSchema):
    parcel = fields.Nested(ParcelSchema, load_default=None, allow_none=True)
    ship_from = fields.Nested(
        StreetSchema, load_default=None, allow_none=True, metadata={"description": "the customer's street address"}
    )
    ship_to = fields.Nested(
        StreetSchema, load_default=None, allow_none=True, metadata={"description": "the hub's street address"}
    )

    @validates_schema(skip_on_field_errors=True)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        missing = [k for k in ("parcel", "ship_from", "ship_to") if data.get(k) is None]
        if 0 < len(missing) < 3:
            raise ValidationError({k: ["give the parcel and both street addresses together"] for k in missing})


def _details(data: dict[str, Any]) -> ShipmentDetails | None:
    if data.get("parcel") is None:
        return None
    return ShipmentDetails(
        Parcel(**data["parcel"]), StreetAddress(**data["ship_from"]), StreetAddress(**data["ship_to"])
    )


@blp.route("/rmas/<rma_id>/return-label")
class RmaReturnLabel(MethodView):
    @visible_only(Permission.READ_RMA)
    @requires(Permission.UPDATE_RMA)
    @blp.arguments(ReturnLabelRequestSchema, required=False)
    @blp.doc(
        summary="Issue the RMA's return label for its inbound leg; with a carrier configured, buy its label too",
        description="The parcel and both street addresses are needed when a carrier is configured "
        "(TRADEDESK_CARRIER): the cheapest rate is bought and its tracking number recorded on the leg. "
        "Each call issues a new label; GET serves the newest.",
        responses={
            "201": ISSUED,
            "404": problem(404),
            "409": problem(409),
            "422": problem(422),
            "502": problem(502),
            "503": problem(503),
        },
    )
    def post(self, data: dict[str, Any], rma_id: str) -> Response:
        try:
            carrier = carrier_from_settings(current_app.config)
        except CarrierConfigError as exc:
            raise ApiError(503, "Service Unavailable", f"carrier labels are misconfigured: {exc}") from exc
        try:
            body = labels.issue_return_label(ctx(), current_actor(), rma_id, carrier, _details(data or {}))
        except CarrierError as exc:
            raise ApiError(502, "Bad Gateway", f"the carrier did not sell a label: {exc}") from exc
        response = jsonify({**body, "url": f"/api/v1/rmas/{rma_id}/return-label"})
        response.status_code = 201
        return response

    @visible_only(Permission.READ_RMA)
    @blp.doc(
        summary="Download the RMA's newest return label (PDF, 4 x 6 inch)",
        responses={"200": {"description": "the label", "content": {"application/pdf": BINARY}}, "404": problem(404)},
    )
    def get(self, rma_id: str) -> Response:
        filename, content = labels.get_return_label(ctx(), current_actor(), rma_id)
        response = Response(content, mimetype=labels.MEDIA_TYPE)
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response
