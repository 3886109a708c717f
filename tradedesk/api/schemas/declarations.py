"""Input of the declaration (desk) and filing (broker) endpoints: one schema per action, unknown fields rejected."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates

from tradedesk.api.schemas.lists import PagedQuerySchema
from tradedesk.domain.model import Severity
from tradedesk.domain.workflow import DeclarationStatus
from tradedesk.inputs.base import InputSchema
from tradedesk.services.filings import CUSTOMS_REFERENCE, CUSTOMS_REFERENCE_MESSAGE

_TEXT = validate.Length(min=1, max=2000)


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("must not be blank")


class _Strict(InputSchema):
    """Unknown fields refused; text checked (tradedesk.inputs.base)."""


class DeclarationListQuerySchema(PagedQuerySchema, _Strict):
    status = fields.String(validate=validate.OneOf([str(s) for s in DeclarationStatus]))
    jurisdiction = fields.String(validate=validate.Length(equal=2))
    severity = fields.String(
        validate=validate.OneOf([str(s) for s in Severity]),
        metadata={"description": "declarations with at least one flag of this severity"},
    )
    deadline_before = fields.Date(metadata={"description": "deadline strictly before this day"})
    leg_id = fields.String(validate=validate.Length(min=1, max=36))
    rma_id = fields.String(validate=validate.Length(min=1, max=36))


class DeclarationApproveSchema(_Strict):
    acknowledgements = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=64)),
        values=fields.String(validate=_TEXT),
        load_default=dict,
        metadata={"description": "warning flag code -> the reason it is acceptable"},
    )
    comment = fields.String(load_default=None, allow_none=True, validate=_TEXT)


class DeclarationRequestChangesSchema(_Strict):
    comment = fields.String(required=True, validate=[_TEXT, _not_blank])


class DeclarationAmendSchema(_Strict):
    comment = fields.String(
        load_default=None, allow_none=True, validate=_TEXT, metadata={"description": "why the declaration is amended"}
    )


class DeclarationFileSchema(_Strict):
    broker_id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=36),
        metadata={"description": "a broker party; default: the leg's broker"},
    )


class FilingListQuerySchema(PagedQuerySchema, _Strict):
    status = fields.String(validate=validate.OneOf(["filed", "accepted", "rejected_by_broker"]))


class FilingAcknowledgeSchema(_Strict):
    customs_reference = fields.String(
        required=True, metadata={"description": "MRN / entry number: 1-35 characters of A-Z, 0-9, '-' and '/'"}
    )

    @validates("customs_reference")
    def check(self, value: str, **_: Any) -> None:
        if not CUSTOMS_REFERENCE.fullmatch(value):
            raise ValidationError(CUSTOMS_REFERENCE_MESSAGE)


class ExportReferenceSchema(FilingAcknowledgeSchema):
    reason = fields.String(
        required=True,
        validate=[_TEXT, _not_blank],
        metadata={
            "description": "where the export was declared and where its proof is (it was not filed through TradeDesk)"
        },
    )


class FilingRejectSchema(_Strict):
    message = fields.String(required=True, validate=[_TEXT, _not_blank])
