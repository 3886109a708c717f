"""Input schemas of the RMA actions: one per action, unknown fields rejected (mass assignment, API3)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from tradedesk.api.schemas.lists import PagedQuerySchema
from tradedesk.api.schemas.party import CustomerSchema
from tradedesk.domain.rma import CONDITIONS, REASONS, Disposition, RmaStatus, Scenario
from tradedesk.domain.udi import parse_udi
from tradedesk.inputs.base import InputSchema
from tradedesk.inputs.leg import DecimalString, ItemSchema
from tradedesk.services.rmas import PACKAGING, WARRANTY_STATUSES, InspectionData, RmaData, RmaItemData

MAX_ITEMS = 500
_ID = validate.Length(min=1, max=36)


def _one_of(values: Any) -> validate.OneOf:
    return validate.OneOf([str(v) for v in values])


class _Strict(InputSchema):
    """Unknown fields refused; text checked (tradedesk.inputs.base)."""


class RmaItemSchema(ItemSchema):
    """A returned item: the leg item's fields (HS code normalised, ISO codes) plus SKU and a parsed GS1 UDI."""

    class Meta(ItemSchema.Meta):
        exclude = ("duty_rate",)

    sku = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))

    @validates_schema
    def check_udi(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("udi") is not None:
            try:
                parse_udi(data["udi"])
            except ValueError as exc:
                raise ValidationError({"udi": [str(exc)]}) from exc

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> RmaItemData:
        return RmaItemData(
            d["description"],
            d["hs_code"],
            d["origin_country"],
            d["quantity"],
            d["unit_value"],
            d["currency"],
            d["sku"],
            tuple(d["serial_numbers"]),
            d["udi"],
            d["eccn"],
            d["dual_use"],
        )


class RmaCreateSchema(_Strict):
    """POST /api/v1/rmas: give either `customer_id` or a new `customer`."""

    customer_id = fields.String(load_default=None, allow_none=True, validate=_ID)
    customer = fields.Nested(CustomerSchema, load_default=None, allow_none=True)
    hub_id = fields.String(
        required=True, validate=_ID, metadata={"description": "the seller or repairer party that receives the returns"}
    )
    order_reference = fields.String(required=True, validate=validate.Length(min=1, max=64))
    purchase_date = fields.Date(required=True)
    reason_code = fields.String(required=True, validate=_one_of(REASONS))
    scenario = fields.String(required=True, validate=_one_of(Scenario))
    condition = fields.String(required=True, validate=_one_of(CONDITIONS))
    warranty_expires = fields.Date(load_default=None, allow_none=True)
    paid_service_contract = fields.Boolean(load_default=False)
    photo_provided = fields.Boolean(load_default=False)
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=4000))
    items = fields.List(fields.Nested(RmaItemSchema), required=True, validate=validate.Length(min=1, max=MAX_ITEMS))

    @validates_schema
    def check_customer(self, data: dict[str, Any], **_: Any) -> None:
        if (data.get("customer_id") is None) == (data.get("customer") is None):
            raise ValidationError(
                {"customer_id": ["give either customer_id (a registered customer) or customer (a new one), not both"]}
            )

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> RmaData:
        return RmaData(
            hub_id=d["hub_id"],
            order_reference=d["order_reference"],
            purchase_date=d["purchase_date"],
            reason_code=d["reason_code"],
            scenario=d["scenario"],
            condition=d["condition"],
            items=tuple(d["items"]),
            customer_id=d["customer_id"],
            customer=d["customer"],
            warranty_expires=d["warranty_expires"],
            paid_service_contract=d["paid_service_contract"],
            photo_provided=d["photo_provided"],
            notes=d["notes"],
        )


class RmaQuerySchema(PagedQuerySchema, _Strict):
    """GET /api/v1/rmas filters and paging."""

    status = fields.String(validate=_one_of(RmaStatus))
    reason_code = fields.String(validate=_one_of(REASONS))
    scenario = fields.String(validate=_one_of(Scenario))
    q = fields.String(
        validate=validate.Length(min=1, max=64), metadata={"description": "part of the RMA number or order reference"}
    )


class TransitionSchema(_Strict):
    to = fields.String(required=True, validate=_one_of(RmaStatus))
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class InspectionSchema(_Strict):
    serials_seen = fields.List(
        fields.String(validate=validate.Length(min=1, max=128)), load_default=list, validate=validate.Length(max=10_000)
    )
    condition = fields.String(required=True, validate=_one_of(CONDITIONS))
    packaging = fields.String(required=True, validate=_one_of(PACKAGING))
    warranty_status = fields.String(required=True, validate=_one_of(WARRANTY_STATUSES))
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=4000))

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> InspectionData:
        return InspectionData(
            tuple(d["serials_seen"]), d["condition"], d["packaging"], d["warranty_status"], d["notes"]
        )


class ResolutionSchema(_Strict):
    reason = fields.String(
        required=True,
        validate=validate.Length(min=1, max=4000),
        metadata={"description": "why the serials found are acceptable (who checked what)"},
    )


class QuoteSchema(_Strict):
    amount = DecimalString(required=True, metadata={"description": "the quoted price of the repair"})
    currency = fields.String(
        required=True, validate=validate.Length(equal=3), metadata={"description": "ISO 4217 code of the quote"}
    )


class QuoteAnswerSchema(_Strict):
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class DispositionSchema(_Strict):
    disposition = fields.String(required=True, validate=_one_of(Disposition))
