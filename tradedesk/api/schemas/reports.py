"""Query schemas of the reports (deadlines) and of the audit trail: unknown parameters are refused."""

from __future__ import annotations

from marshmallow import fields, validate

from tradedesk.api.schemas.lists import PagedQuerySchema
from tradedesk.inputs.base import InputSchema
from tradedesk.services.reports import DEFAULT_WITHIN_DAYS

_ID = validate.Length(min=1, max=36)
MAX_WITHIN_DAYS = 3660


class _Paged(PagedQuerySchema):
    """limit + cursor, unknown parameters refused."""


class DeadlinesQuerySchema(_Paged):
    within_days = fields.Integer(
        load_default=DEFAULT_WITHIN_DAYS,
        validate=validate.Range(min=0, max=MAX_WITHIN_DAYS),
        metadata={"description": "deadlines up to this many days ahead (overdue ones always)"},
    )


class AnalyticsQuerySchema(InputSchema):
    """No parameters: any is refused."""


class AuditQuerySchema(_Paged):
    entity_type = fields.String(
        validate=validate.Length(min=1, max=32), metadata={"description": "rma, leg, declaration, party, api_token ..."}
    )
    entity_id = fields.String(validate=_ID)
    rma_id = fields.String(
        validate=_ID, metadata={"description": "every event about this RMA and its legs/declarations"}
    )
    action = fields.String(validate=validate.Length(min=1, max=64), metadata={"description": "e.g. rma:transition"})
