"""Schemas of the screening routes: the officer's decision, the match queue's query and its items (OpenAPI)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from tradedesk.api.schemas.lists import PagedQuerySchema, _page
from tradedesk.inputs.base import InputSchema

REASON = validate.Length(min=1, max=2000)


class MatchDecisionSchema(InputSchema):
    decision = fields.String(
        required=True,
        validate=validate.OneOf(["clear", "confirm"]),
        metadata={
            "description": "clear: a false positive (remembered until the list entry changes); confirm: the "
            "party is the listed one, and its open RMAs are held"
        },
    )
    reason = fields.String(required=True, validate=REASON)


class MatchQuerySchema(PagedQuerySchema):
    status = fields.String(
        load_default="open",
        validate=validate.OneOf(["open", "cleared", "confirmed", "lapsed"]),
        metadata={"description": "open (to decide, the default), cleared, confirmed or lapsed"},
    )


class ExportAuthorisationRecordSchema(InputSchema):
    regime = fields.String(required=True, validate=validate.OneOf(["US", "EU", "GB"]))
    code = fields.String(
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "the licence number, or the exception's or general authorisation's code (RPL, EU003)"},
    )
    kind = fields.String(load_default="licence", validate=validate.OneOf(["licence", "exception", "general"]))
    reason = fields.String(required=True, validate=REASON)


class ListRefSchema(Schema):
    id = fields.String()
    source = fields.String()
    title = fields.String()
    published = fields.Date(allow_none=True)
    sha256 = fields.String()


class MatchPartySchema(Schema):
    id = fields.String()
    name = fields.String()
    kind = fields.String()
    country = fields.String()


class MatchItemSchema(Schema):
    id = fields.String()
    status = fields.String()
    score = fields.String(metadata={"description": "0-100, a decimal string"})
    matched_name = fields.String()
    name_kind = fields.String()
    reasons = fields.List(fields.String())
    created_at = fields.DateTime()
    party = fields.Nested(MatchPartySchema)
    list = fields.Nested(ListRefSchema)
    entry_id = fields.String()
    entry = fields.Dict(metadata={"description": "the listed entry: names, countries, addresses, programs, remarks"})
    decided_by = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    decision_reason = fields.String(allow_none=True)


MatchPageSchema = _page("ScreeningMatchPage", MatchItemSchema, "potential matches, oldest first")
