"""/api/v1/intake: a shop's front end starts a customer's return (the same use cases as the /returns pages), and
/api/v1/orders: the ERP registers the orders customers return items of."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Response, current_app, jsonify, request
from flask.views import MethodView
from marshmallow import fields, validate

from tradedesk.api.http import ApiError, ctx, current_actor, requires
from tradedesk.api.openapi import Blueprint, problem
from tradedesk.api.responses import ok
from tradedesk.auth.permissions import Permission
from tradedesk.domain.rma import CONDITIONS
from tradedesk.inputs.base import InputSchema
from tradedesk.inputs.leg import DecimalString, HsCode, _country, _currency
from tradedesk.services import intake
from tradedesk.services.errors import InvalidInput
from tradedesk.uploads.store import store_from_settings

blp = Blueprint("intake", __name__, url_prefix="/api/v1", description="Customer intake and the orders it starts from")
TOKEN = {"in": "path", "name": "token", "required": True, "schema": {"type": "string"}}


class LinkRequestSchema(InputSchema):
    order_reference = fields.String(required=True, validate=validate.Length(min=1, max=64))
    email = fields.Email(required=True, validate=validate.Length(max=256))


class IntakeRequestSchema(InputSchema):
    lines = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=36)),
        values=DecimalString(),
        required=True,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "order line id -> quantity returned"},
    )
    reason_code = fields.String(required=True, validate=validate.OneOf(intake.CUSTOMER_REASONS))
    condition = fields.String(required=True, validate=validate.OneOf(CONDITIONS))
    wish = fields.String(required=True, validate=validate.OneOf(list(intake.WISHES)))
    description = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    photos = fields.List(
        fields.String(validate=validate.Length(max=6_000_000)),
        load_default=list,
        validate=validate.Length(max=intake.MAX_PHOTOS),
        metadata={"description": "base64 of each photo's file (the request stays within the body limit)"},
    )


class OrderLineSchema(InputSchema):
    description = fields.String(required=True, validate=validate.Length(min=1, max=512))
    sku = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    hs_code = HsCode(required=True, validate=validate.Length(min=1, max=20))
    origin_country = fields.String(required=True, validate=_country)
    quantity = DecimalString(required=True)
    unit_value = DecimalString(required=True)
    currency = fields.String(required=True, validate=_currency)
    serial_numbers = fields.List(fields.String(validate=validate.Length(min=1, max=128)), load_default=list)


class OrderSchema(InputSchema):
    reference = fields.String(required=True, validate=validate.Length(min=1, max=64))
    customer_id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    hub_id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    ordered_on = fields.Date(required=True)
    warranty_months = fields.Integer(load_default=24, validate=validate.Range(min=0, max=240))
    lines = fields.List(fields.Nested(OrderLineSchema), required=True, validate=validate.Length(min=1, max=500))


def _photos(encoded: list[str]) -> list[bytes]:
    out = []
    for i, text in enumerate(encoded):
        try:
            out.append(base64.b64decode(text, validate=True))
        except (binascii.Error, ValueError) as exc:
            raise InvalidInput({f"photos.{i}": ["is not base64"]}) from exc
    return out


@blp.route("/intake/links")
class Links(MethodView):
    @blp.arguments(LinkRequestSchema)
    @blp.doc(
        summary="Email the customer a one-time link to return items of an order (the same answer either way)",
        security=[],
        responses={"202": ok("accepted", "IntakeAccepted"), "422": problem(422), "429": problem(429)},
    )
    def post(self, data: dict[str, Any]) -> Response:
        try:
            intake.request_link(
                ctx(),
                data["order_reference"],
                data["email"],
                request.remote_addr or "unknown",
                str(current_app.config["TRADEDESK_PUBLIC_URL"]),
            )
        except intake.RateLimited as exc:
            raise ApiError(429, str(exc)) from exc
        response = jsonify(message="if the order and the email match, a return link is on its way")
        response.status_code = 202
        return response


@blp.route("/intake/<token>")
class IntakeOrder(MethodView):
    @blp.doc(
        summary="The order behind a one-time link, with the choices",
        security=[],
        parameters=[TOKEN],
        responses={"200": ok("the order", "IntakeOrder"), "404": problem(404)},
    )
    def get(self, token: str) -> Response:
        return jsonify(intake.open_link(ctx(), token))


@blp.route("/intake/<token>/requests")
class IntakeRequests(MethodView):
    @blp.arguments(IntakeRequestSchema)
    @blp.doc(
        summary="Request the return (the eligibility policy decides); uses up the link",
        security=[],
        responses={"201": ok("the return", "IntakeStatus"), "404": problem(404), "422": problem(422)},
    )
    def post(self, data: dict[str, Any], token: str) -> Response:
        choice = intake.IntakeRequest(
            lines=data["lines"],
            reason_code=data["reason_code"],
            condition=data["condition"],
            wish=data["wish"],
            description=data["description"],
            photos=_photos(data["photos"]),
        )
        response = jsonify(intake.submit(ctx(), token, choice, store_from_settings(current_app.config)))
        response.status_code = 201
        return response


@blp.route("/intake/<token>/status")
class IntakeStatus(MethodView):
    @blp.doc(
        summary="The return a used link opened",
        security=[],
        parameters=[TOKEN],
        responses={"200": ok("the return", "IntakeStatus"), "404": problem(404)},
    )
    def get(self, token: str) -> Response:
        return jsonify(intake.return_status(ctx(), token))


@blp.route("/orders")
class Orders(MethodView):
    @requires(Permission.MANAGE_ORDERS)
    @blp.arguments(OrderSchema)
    @blp.doc(
        summary="Register an order from the ERP",
        responses={"201": ok("registered", "OrderCreated"), "422": problem(422)},
    )
    def post(self, data: dict[str, Any]) -> Response:
        lines = [
            intake.OrderLineData(**{**line, "serial_numbers": tuple(line["serial_numbers"])}) for line in data["lines"]
        ]
        body = intake.register_order(
            ctx(),
            current_actor(),
            data["reference"],
            data["customer_id"],
            data["hub_id"],
            data["ordered_on"],
            lines,
            data["warranty_months"],
        )
        response = jsonify(body)
        response.status_code = 201
        return response
