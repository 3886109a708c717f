"""Input schemas of the parties register (unknown fields rejected; identifiers validated per scheme)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from tradedesk.api.schemas.lists import PagedQuerySchema
from tradedesk.domain.identifiers import MAX_SCHEME_LENGTH, MAX_VALUE_LENGTH, IdentifierErrors, normalise_identifiers
from tradedesk.inputs.base import InputSchema
from tradedesk.inputs.leg import _country, subdivision_problem
from tradedesk.services.parties import REPRESENTATIONS, PartyData, PartyKind


class _Strict(InputSchema):
    """Unknown fields refused; text checked (tradedesk.inputs.base)."""


def _identifiers_field() -> fields.Dict:
    return fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=MAX_SCHEME_LENGTH)),
        values=fields.String(validate=validate.Length(min=1, max=MAX_VALUE_LENGTH)),
        load_default=dict,
        validate=validate.Length(max=20),
        metadata={
            "description": 'scheme -> number, e.g. {"EORI": "GB123456789000"}; EORI, VAT, EIN, '
            "BN, ABN, UEN, UID, IEC, RFC, USCC, CBP_IMPORTER_NUMBER are validated, "
            "other schemes are kept as text"
        },
    )


def _countries_field() -> fields.List[str]:
    return fields.List(fields.String(validate=_country), load_default=list, validate=validate.Length(max=300))


class _PartyBase(_Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=256))
    country = fields.String(required=True, validate=_country)
    established_in = _countries_field()
    identifiers = _identifiers_field()
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=256))
    subdivision = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=4, max=6),
        metadata={"description": "ISO 3166-2 region of the address (e.g. UA-43): some embargoes cover regions"},
    )

    @validates_schema
    def check_subdivision(self, data: dict[str, Any], **_: Any) -> None:
        problem = subdivision_problem(data.get("subdivision"), data.get("country"))
        if problem:
            raise ValidationError({"subdivision": [problem]})

    @validates_schema
    def check_identifiers(self, data: dict[str, Any], **_: Any) -> None:
        if "country" not in data or not data.get("identifiers"):
            return
        try:
            data["identifiers"] = normalise_identifiers(data["identifiers"], data["country"])
        except IdentifierErrors as exc:
            raise ValidationError({"identifiers": {k: [v] for k, v in exc.errors.items()}}) from exc


class PartyCreateSchema(_PartyBase):
    """POST /api/v1/parties."""

    kind = fields.String(required=True, validate=validate.OneOf([str(k) for k in PartyKind]))
    serves_countries = _countries_field()
    representation = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(REPRESENTATIONS))

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> PartyData:
        return PartyData(
            d["kind"],
            d["name"],
            d["country"],
            tuple(d["established_in"]),
            d["identifiers"],
            tuple(d["serves_countries"]),
            d["representation"],
            d["email"],
            d["subdivision"],
        )


class CustomerSchema(_PartyBase):
    """A new customer given inline with an RMA."""

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> PartyData:
        return PartyData(
            str(PartyKind.CUSTOMER),
            d["name"],
            d["country"],
            tuple(d["established_in"]),
            d["identifiers"],
            email=d["email"],
            subdivision=d["subdivision"],
        )


class PartyQuerySchema(PagedQuerySchema, _Strict):
    """GET /api/v1/parties filters and paging."""

    kind = fields.String(validate=validate.OneOf([str(k) for k in PartyKind]))
    country = fields.String(validate=_country)
