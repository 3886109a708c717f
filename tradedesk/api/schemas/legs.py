"""Input of the leg endpoints: plan, add, edit. Details are read with the classification contract's own block
schemas (DESIGN.md §3: repair, costs, warranty, prior_export ..., tradedesk/inputs/leg.py) into the domain's
LegDetails, and handed on in its stored form (plain JSON: amounts as strings)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from tradedesk.api.schemas.lists import PagedQuerySchema
from tradedesk.domain.leg_details import LegDetails
from tradedesk.domain.model import Movement, Transport
from tradedesk.inputs.base import InputSchema
from tradedesk.inputs.leg import CostsSchema, PriorExportSchema, RepairSchema, WarrantySchema, _country

_ID = validate.Length(min=1, max=36)


class _Strict(InputSchema):
    """Unknown fields refused; text checked (tradedesk.inputs.base)."""


class PlanDetailsSchema(_Strict):
    """Blocks applied to every planned leg (the repair block only to the return after repair)."""

    repair = fields.Nested(RepairSchema, allow_none=True)
    costs = fields.Nested(CostsSchema, allow_none=True)
    warranty = fields.Nested(WarrantySchema, allow_none=True)
    ata_carnet = fields.Boolean(allow_none=True)
    ata_carnet_expires = fields.Date(allow_none=True, metadata={"description": "the ATA carnet's expiry date"})
    as_of = fields.Date(allow_none=True, metadata={"description": "the day the decision is taken for (overdue checks)"})

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> dict[str, Any]:
        """The blocks given, in their stored form (domain/leg_details); a block given as null stays null (an
        edit removes it)."""
        stored = LegDetails(**{k: v for k, v in d.items() if v is not None}).to_json()
        return {k: stored.get(k) if v is not None else None for k, v in d.items()}


class LegDetailsSchema(PlanDetailsSchema):
    prior_export = fields.Nested(PriorExportSchema, allow_none=True)


class PlanLegsSchema(_Strict):
    ship_date = fields.Date(required=True)
    transport = fields.String(required=True, validate=validate.OneOf([str(t) for t in Transport]))
    customer_country = fields.String(
        load_default=None,
        allow_none=True,
        validate=_country,
        metadata={"description": "where the customer's goods are (default: its country)"},
    )
    hub_country = fields.String(
        load_default=None,
        allow_none=True,
        validate=_country,
        metadata={"description": "where the seller / repair hub is (default: its country)"},
    )
    broker_id = fields.String(load_default=None, allow_none=True, validate=_ID)
    details = fields.Nested(PlanDetailsSchema, load_default=dict)
    ship_dates = fields.Dict(
        keys=fields.Integer(strict=False, validate=validate.Range(min=1, max=20)),
        values=fields.Date(),
        load_default=dict,
        metadata={
            "description": 'ship dates chosen for some legs, by position ("2": the second '
            "leg); the others are proposed from ship_date (a repair returns after the "
            "hub's turnaround, 21 days)"
        },
    )


class LegCreateSchema(_Strict):
    movement = fields.String(required=True, validate=validate.OneOf([str(m) for m in Movement]))
    from_country = fields.String(required=True, validate=_country)
    to_country = fields.String(required=True, validate=_country)
    ship_date = fields.Date(required=True)
    transport = fields.String(required=True, validate=validate.OneOf([str(t) for t in Transport]))
    exporter_id = fields.String(required=True, validate=_ID)
    importer_id = fields.String(required=True, validate=_ID)
    ior_id = fields.String(load_default=None, allow_none=True, validate=_ID)
    eor_id = fields.String(load_default=None, allow_none=True, validate=_ID)
    broker_id = fields.String(load_default=None, allow_none=True, validate=_ID)
    relies_on_leg_id = fields.String(load_default=None, allow_none=True, validate=_ID)
    paired_leg_id = fields.String(load_default=None, allow_none=True, validate=_ID)
    details = fields.Nested(LegDetailsSchema, load_default=dict)


class LegPatchSchema(_Strict):
    """Only what may change after planning; everything given is applied, then the leg is reclassified."""

    ship_date = fields.Date()
    transport = fields.String(validate=validate.OneOf([str(t) for t in Transport]))
    shipped_on = fields.Date(allow_none=True)
    details = fields.Nested(LegDetailsSchema, metadata={"description": "block-level merge; null removes a block"})
    exporter_id = fields.String(validate=_ID)
    importer_id = fields.String(validate=_ID)
    ior_id = fields.String(allow_none=True, validate=_ID)
    eor_id = fields.String(allow_none=True, validate=_ID)
    broker_id = fields.String(allow_none=True, validate=_ID)

    @validates_schema
    def check(self, data: dict[str, Any], **_: Any) -> None:
        if not data:
            raise ValidationError("give at least one field to change")


class LegListQuerySchema(PagedQuerySchema, _Strict):
    """limit + cursor."""
