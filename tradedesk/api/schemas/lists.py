"""Lists: the paging query parameters every list takes, and the response schema of each list (OpenAPI).

Every list answers {"items": [...], "next_cursor": "..."|null, "limit": n}: keyset pages, no total (a
count(*) per page costs as much as the page at a million rows). The item schemas describe exactly what
the services return; they document, they do not filter (the views return their JSON as built).
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from tradedesk.inputs.base import InputSchema
from tradedesk.services.paging import DEFAULT_LIMIT, MAX_CURSOR_LENGTH, MAX_LIMIT


class PagedQuerySchema(InputSchema):
    """limit + cursor; list query schemas inherit them (and refuse unknown parameters, e.g. the old `page`)."""

    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"rows per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})"},
    )
    cursor = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=MAX_CURSOR_LENGTH),
        metadata={"description": "the `next_cursor` of the previous page (opaque); omit it for the first page"},
    )


def _page(name: str, item: type[Schema], doc: str) -> type[Schema]:
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item), required=True, metadata={"description": doc}),
            "next_cursor": fields.String(
                required=True,
                allow_none=True,
                metadata={"description": "pass as `cursor` for the next page; null on the last"},
            ),
            "limit": fields.Integer(required=True),
        },
        name=name,
    )


class LegBriefSchema(Schema):
    position = fields.Integer()
    movement = fields.String()
    from_country = fields.String()
    to_country = fields.String()


class DeclarationSummarySchema(Schema):
    id = fields.String()
    url = fields.String(metadata={"description": "the full declaration (content, flags, acknowledgements)"})
    leg_id = fields.String()
    rma_id = fields.String()
    rma_number = fields.String()
    side = fields.String()
    version_no = fields.Integer()
    status = fields.String()
    jurisdiction = fields.String()
    regime = fields.String(allow_none=True)
    procedure_code = fields.String(allow_none=True)
    leg = fields.Nested(LegBriefSchema)
    error_count = fields.Integer()
    warning_count = fields.Integer()
    info_count = fields.Integer()
    flag_codes = fields.List(fields.String(), metadata={"description": "codes of the error and warning flags"})
    deadline = fields.Date(allow_none=True)
    requested_by = fields.String(allow_none=True)
    broker_id = fields.String(allow_none=True)
    filed_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    version = fields.Integer()


class FilingLegSchema(Schema):
    movement = fields.String()
    from_country = fields.String()
    to_country = fields.String()


class FilingItemSchema(Schema):
    id = fields.String()
    url = fields.String(metadata={"description": "fetch the filing (its content; the first fetch is recorded)"})
    rma_number = fields.String()
    side = fields.String()
    version_no = fields.Integer()
    jurisdiction = fields.String()
    status = fields.String()
    deadline = fields.Date(allow_none=True)
    filed_at = fields.DateTime(allow_none=True)
    fetched_at = fields.DateTime(allow_none=True)
    customs_reference = fields.String(allow_none=True)
    regime = fields.String(allow_none=True)
    procedure_code = fields.String(allow_none=True)
    leg = fields.Nested(FilingLegSchema)
    superseded_by_id = fields.String(
        allow_none=True,
        metadata={
            "description": "set when the desk replaced this filing by a new version (the leg changed after filing)"
        },
    )
    version = fields.Integer()


class DeadlineRowSchema(Schema):
    leg_id = fields.String()
    rma_id = fields.String()
    rma_number = fields.String()
    movement = fields.String()
    kind = fields.String()
    side = fields.String()
    jurisdiction = fields.String(allow_none=True)
    regime = fields.String(allow_none=True)
    date = fields.Date()
    days_left = fields.Integer(metadata={"description": "negative when overdue"})
    status = fields.String(metadata={"description": "overdue or due_soon"})
    event = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    shipped_on = fields.Date(allow_none=True)


class PartyRefSchema(Schema):
    id = fields.String()
    name = fields.String()
    kind = fields.String()
    country = fields.String()


class RmaSummarySchema(Schema):
    id = fields.String()
    number = fields.String()
    status = fields.String()
    scenario = fields.String()
    reason_code = fields.String()
    customer = fields.Nested(PartyRefSchema, allow_none=True)
    order_reference = fields.String()
    eligibility_decision = fields.String()
    created_at = fields.DateTime()
    version = fields.Integer()


class AuditActorSchema(Schema):
    id = fields.String(allow_none=True)
    name = fields.String()
    role = fields.String()


class AuditEventSchema(Schema):
    seq = fields.Integer()
    occurred_at = fields.DateTime()
    action = fields.String()
    actor = fields.Nested(AuditActorSchema)
    entity_type = fields.String()
    entity_id = fields.String()
    rma_id = fields.String(allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
    hash = fields.String()


class LegDeclarationRefSchema(Schema):
    id = fields.String()
    side = fields.String()
    version_no = fields.Integer()
    status = fields.String()
    jurisdiction = fields.String()


class LegTrackingSchema(Schema):
    carrier = fields.String(allow_none=True)
    number = fields.String()
    url = fields.String(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)


class LegItemSchema(Schema):
    id = fields.String()
    rma_id = fields.String()
    position = fields.Integer()
    movement = fields.String()
    from_country = fields.String()
    to_country = fields.String()
    ship_date = fields.Date()
    transport = fields.String()
    exporter_id = fields.String()
    importer_id = fields.String()
    ior_id = fields.String(allow_none=True)
    eor_id = fields.String(allow_none=True)
    broker_id = fields.String(allow_none=True)
    relies_on_leg_id = fields.String(allow_none=True)
    paired_leg_id = fields.String(allow_none=True)
    details = fields.Dict()
    decision = fields.Dict(
        metadata={
            "description": "the regime engine's stored decision (the response of the classification contract, docs/contract.md)"
        }
    )
    profile_versions = fields.List(fields.Raw())
    decided_at = fields.DateTime(allow_none=True)
    customs_reference = fields.String(allow_none=True)
    status = fields.String()
    shipped_on = fields.Date(allow_none=True)
    tracking = fields.Nested(
        LegTrackingSchema, allow_none=True, metadata={"description": "carrier and tracking number"}
    )
    declarations = fields.List(fields.Nested(LegDeclarationRefSchema))
    version = fields.Integer()


class PartyItemSchema(Schema):
    id = fields.String()
    kind = fields.String()
    name = fields.String()
    country = fields.String()
    established_in = fields.List(fields.String())
    identifiers = fields.Dict(keys=fields.String(), values=fields.String())
    serves_countries = fields.List(fields.String())
    representation = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    subdivision = fields.String(allow_none=True)
    created_at = fields.DateTime()


DeclarationPageSchema = _page("DeclarationPage", DeclarationSummarySchema, "the review queue, most urgent first")
FilingPageSchema = _page("FilingPage", FilingItemSchema, "the broker's filings, oldest filing first")
RmaPageSchema = _page("RmaPage", RmaSummarySchema, "RMAs, newest first")
AuditPageSchema = _page("AuditPage", AuditEventSchema, "audit events in chain order")
LegPageSchema = _page("LegPage", LegItemSchema, "the RMA's legs in order")
PartyPageSchema = _page("PartyPage", PartyItemSchema, "parties by name")


class DeadlinePageSchema(Schema):
    items = fields.List(
        fields.Nested(DeadlineRowSchema), required=True, metadata={"description": "relief deadlines, soonest first"}
    )
    next_cursor = fields.String(
        required=True, allow_none=True, metadata={"description": "pass as `cursor` for the next page; null on the last"}
    )
    limit = fields.Integer(required=True)
    as_of = fields.Date(required=True, metadata={"description": "today on the service clock"})
    within_days = fields.Integer(required=True)
