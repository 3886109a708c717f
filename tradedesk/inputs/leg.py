"""Input schema of one leg (DESIGN.md §3 request), shared by `POST /api/v1/classify` and `tradedesk classify`.

Every problem is reported against its field path (`items.0.hs_code`) so that a coordinator can fix it;
a leg that passes this schema always gets a decision from `regimes.classify`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from tradedesk.data.loader import load_profiles
from tradedesk.domain import fx, hs, plausibility
from tradedesk.domain.leg_details import LegDetails
from tradedesk.domain.model import (
    Costs,
    ExportAuthorisation,
    Item,
    Leg,
    Money,
    Movement,
    PairedLeg,
    Party,
    PriorExport,
    Repair,
    Transport,
    Warranty,
)
from tradedesk.domain.profiles import ProfileSet
from tradedesk.domain.trade_controls import CONTROL_ENTRY
from tradedesk.inputs.base import InputSchema

MAX_ITEMS = 500
#: no customs value or quantity needs more; 1E-999999 is accepted by Decimal and by nothing downstream
MAX_DECIMAL_PLACES = 6


class DecimalString(fields.Field[Decimal]):
    """A decimal given as a JSON string (or an integer); floats are refused because they lose cents."""

    default_error_messages = {  # noqa: RUF012 - marshmallow's own convention
        "invalid": 'must be a string holding a decimal number, e.g. "12.50"',
        "float": 'must be a string holding a decimal number, not a JSON float ("12.50", not 12.5)',
        "negative": "must not be negative",
        "too_large": "is too large (at most 15 digits before the decimal point)",
        "too_precise": "has too many decimal places (at most 6)",
    }

    #: what the OpenAPI document promises (a subset of what is accepted: "1e3" and " 12.5 " are also read)
    JSON_SCHEMA: Mapping[str, Any] = {
        "type": ["string", "integer"],
        "pattern": r"^[0-9]{1,15}(\.[0-9]{1,6})?$",
        "minimum": 0,
        "maximum": 10**15 - 1,
        "examples": ["12.50"],
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs["metadata"] = {**self.JSON_SCHEMA, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> Decimal:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, float):
            raise self.make_error("float")
        if not isinstance(value, (str, int)):
            raise self.make_error("invalid")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise self.make_error("invalid") from exc
        if not number.is_finite():
            raise self.make_error("invalid")
        if number < 0:
            raise self.make_error("negative")
        if number.adjusted() > 14:
            raise self.make_error("too_large")
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_DECIMAL_PLACES:
            raise self.make_error("too_precise")
        return number


class HsCode(fields.String):
    """An HS code, normalised to its HS 2022 subheading as it is read, so that a wrong code is reported together
    with the other fields' problems (a schema-level check would only run once every field is valid)."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any) -> str:
        raw = super()._deserialize(value, attr, data, **kwargs)
        try:
            return hs.normalise(raw).code
        except hs.HSCodeError as exc:
            raise ValidationError(str(exc)) from exc


def _country(value: str) -> None:
    if not isinstance(value, str) or len(value) != 2 or pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")


def _currency(value: str) -> None:
    if not isinstance(value, str) or len(value) != 3 or pycountry.currencies.get(alpha_3=value) is None:
        raise ValidationError(f"{value!r} is not an ISO 4217 currency code")
    if not fx.is_supported(value):
        raise ValidationError(
            f"{value!r} has no rate in the offline ECB exchange-rate table; use one of "
            f"{', '.join(sorted(fx.supported_currencies()))}"
        )


def _eccn(value: str) -> None:
    if value != "EAR99" and not CONTROL_ENTRY.fullmatch(value):
        raise ValidationError("must be an ECCN of the Commerce Control List (e.g. 5A002, 3A001.a) or EAR99")


def _dual_use(value: str) -> None:
    if value != "not_listed" and not CONTROL_ENTRY.fullmatch(value):
        raise ValidationError("must be an entry of the dual-use list (e.g. 5A002.a) or not_listed")


class _Strict(InputSchema):
    """Unknown fields refused; text checked (tradedesk.inputs.base)."""


class MoneySchema(_Strict):
    amount = DecimalString(required=True)
    currency = fields.String(required=True, validate=_currency)

    @post_load
    def make(self, data: dict[str, Any], **_: Any) -> Money:
        return Money(data["amount"], data["currency"])


class ItemSchema(_Strict):
    description = fields.String(required=True, validate=validate.Length(min=1, max=512))
    hs_code = HsCode(required=True, validate=validate.Length(min=1, max=20))
    origin_country = fields.String(required=True, validate=_country)
    quantity = DecimalString(required=True)
    unit_value = DecimalString(required=True)
    currency = fields.String(required=True, validate=_currency)
    serial_numbers = fields.List(
        fields.String(validate=validate.Length(min=1, max=128)), load_default=list, validate=validate.Length(max=10_000)
    )
    udi = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=512))
    duty_rate = DecimalString(load_default=None, allow_none=True)
    eccn = fields.String(
        load_default=None,
        allow_none=True,
        validate=_eccn,
        metadata={"description": "US Export Control Classification Number (15 CFR Part 774) or EAR99"},
    )
    dual_use = fields.String(
        load_default=None,
        allow_none=True,
        validate=_dual_use,
        metadata={"description": "EU / UK dual-use entry (Regulation (EU) 2021/821 Annex I) or not_listed"},
    )

    @validates_schema(skip_on_field_errors=False)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        errors: dict[str, list[str]] = {}
        if "quantity" in data and data["quantity"] == 0:
            errors["quantity"] = ["must be greater than zero"]
        for key, messages in plausibility.input_errors(data.get("quantity"), data.get("unit_value")).items():
            errors.setdefault(key, messages)
        if data.get("duty_rate") is not None and data["duty_rate"] > 1000:
            errors["duty_rate"] = ["is a percentage and must be at most 1000"]
        if errors:
            raise ValidationError(errors)

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> Item:
        return Item(
            description=d["description"],
            hs_code=d["hs_code"],
            origin_country=d["origin_country"],
            quantity=d["quantity"],
            unit_value=Money(d["unit_value"], d["currency"]),
            serial_numbers=tuple(d["serial_numbers"]),
            udi=d["udi"],
            duty_rate=d["duty_rate"],
            eccn=d["eccn"],
            dual_use=d["dual_use"],
        )


class RepairSchema(_Strict):
    cost = fields.Nested(MoneySchema, required=True, allow_none=True)
    charged = fields.Boolean(required=True)
    upgrade_value = fields.Nested(MoneySchema, load_default=None, allow_none=True)
    essential_parts_replaced = fields.Boolean(load_default=False)

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> Repair:
        return Repair(d["cost"], d["charged"], d["upgrade_value"], d["essential_parts_replaced"])


class CostsSchema(_Strict):
    freight = fields.Nested(MoneySchema, load_default=None, allow_none=True)
    insurance = fields.Nested(MoneySchema, load_default=None, allow_none=True)
    outbound_freight = fields.Nested(MoneySchema, load_default=None, allow_none=True)

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> Costs:
        return Costs(d["freight"], d["insurance"], d["outbound_freight"])


class WarrantySchema(_Strict):
    covered = fields.Boolean(required=True)
    paid_service_contract = fields.Boolean(load_default=False)
    expires = fields.Date(load_default=None, allow_none=True)

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> Warranty:
        return Warranty(d["covered"], d["paid_service_contract"], d["expires"])


class PartySchema(_Strict):
    name = fields.String(required=True, validate=validate.Length(min=1, max=256))
    country = fields.String(required=True, validate=_country)
    established_in = fields.List(fields.String(validate=_country), load_default=list)
    identifiers = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=32)),
        values=fields.String(validate=validate.Length(max=64)),
        load_default=dict,
    )
    subdivision = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "ISO 3166-2 region of the address (e.g. UA-43): some embargoes cover regions"},
    )

    @validates_schema(skip_on_field_errors=False)
    def check(self, data: dict[str, Any], **_: Any) -> None:
        problem = subdivision_problem(data.get("subdivision"), data.get("country"))
        if problem:
            raise ValidationError({"subdivision": [problem]})

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> Party:
        return Party(
            d["name"],
            d["country"],
            tuple(d["established_in"]),
            tuple(sorted(d["identifiers"].items())),
            subdivision=d["subdivision"],
        )


def subdivision_problem(code: str | None, country: str | None) -> str | None:
    """Why `code` is not an ISO 3166-2 region of `country`, or None when it is (or is not given)."""
    if code is None:
        return None
    found = pycountry.subdivisions.get(code=code) if isinstance(code, str) else None  # type: ignore[no-untyped-call]
    if found is None:
        return f"{code!r} is not an ISO 3166-2 subdivision code"
    if country and found.country_code != country:
        return f"{code} is a region of {found.country_code}, not of {country}"
    return None


class ExportAuthorisationSchema(_Strict):
    regime = fields.String(required=True, validate=validate.OneOf(["US", "EU", "GB"]))
    code = fields.String(required=True, validate=validate.Length(min=1, max=64))
    kind = fields.String(load_default="licence", validate=validate.OneOf(["licence", "exception", "general"]))

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> ExportAuthorisation:
        return ExportAuthorisation(d["regime"], d["code"].strip(), d["kind"])


PRIOR_REGIMES = (
    "standard_export",
    "temporary_export",
    "outward_processing",
    "re_export",
    "temporary_admission",
    "advance_replacement_import",
    "standard_import",
    "inward_processing",
)


class PriorExportSchema(_Strict):
    """An earlier export the leg relies on (for a leg of ours: one made outside our records, e.g. the sale)."""

    date = fields.Date(required=True)
    regime = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(PRIOR_REGIMES))
    procedure_code = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=16))
    reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    exporter = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=256))
    hs_code = HsCode(load_default=None, allow_none=True)
    serial_numbers = fields.List(fields.String(validate=validate.Length(min=1, max=128)), load_default=list)
    reimport_deadline = fields.Date(load_default=None, allow_none=True)

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> PriorExport:
        return PriorExport(
            d["date"],
            d["regime"],
            d["procedure_code"],
            d["reference"],
            d["exporter"],
            d["hs_code"],
            tuple(d["serial_numbers"]),
            d["reimport_deadline"],
        )


class PairedLegSchema(_Strict):
    movement = fields.String(required=True, validate=validate.OneOf([str(m) for m in Movement]))
    ship_date = fields.Date(load_default=None, allow_none=True)
    reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> PairedLeg:
        return PairedLeg(d["movement"], d["ship_date"], d["reference"])


class LegSchema(_Strict):
    movement = fields.String(
        required=True,
        validate=validate.OneOf([str(m) for m in Movement], error="unknown movement {input!r}; one of: {choices}"),
    )
    from_country = fields.String(required=True, validate=_country)
    to_country = fields.String(required=True, validate=_country)
    ship_date = fields.Date(required=True)
    transport = fields.String(
        required=True,
        validate=validate.OneOf([str(t) for t in Transport], error="unknown transport {input!r}; one of: {choices}"),
    )
    items = fields.List(fields.Nested(ItemSchema), required=True, validate=validate.Length(min=1, max=MAX_ITEMS))
    repair = fields.Nested(RepairSchema, load_default=None, allow_none=True)
    costs = fields.Nested(CostsSchema, load_default=None, allow_none=True)
    warranty = fields.Nested(WarrantySchema, load_default=None, allow_none=True)
    exporter = fields.Nested(PartySchema, required=True)
    importer = fields.Nested(PartySchema, required=True)
    prior_export = fields.Nested(PriorExportSchema, load_default=None, allow_none=True)
    ata_carnet = fields.Boolean(load_default=False)
    ata_carnet_expires = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "the carnet's expiry date (box G); without it the carnet counts as valid for at most one year "
            "from its first use (Istanbul Convention Annex A Art. 5: at most one year from issue)"
        },
    )
    ior = fields.Nested(PartySchema, load_default=None, allow_none=True)
    eor = fields.Nested(PartySchema, load_default=None, allow_none=True)
    paired_leg = fields.Nested(PairedLegSchema, load_default=None, allow_none=True)
    as_of = fields.Date(load_default=None, allow_none=True)
    export_authorisations = fields.List(
        fields.Nested(ExportAuthorisationSchema), load_default=list, validate=validate.Length(max=20)
    )

    def __init__(self, profiles: ProfileSet | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._profiles = profiles

    @property
    def profiles(self) -> ProfileSet:
        if self._profiles is None:
            self._profiles = load_profiles()
        return self._profiles

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def check(self, data: dict[str, Any], original: Any, **_: Any) -> None:
        """Rules across fields, reported together with the fields' own problems (all errors at once)."""
        errors: dict[str, list[str]] = {}
        given = original if isinstance(original, Mapping) else {}
        if data.get("from_country") and data.get("from_country") == data.get("to_country"):
            errors["to_country"] = ["must differ from from_country: a leg crosses a border"]
        details = LegDetails(
            repair=data.get("repair"),
            ata_carnet=bool(data.get("ata_carnet")),
            ata_carnet_expires=data.get("ata_carnet_expires"),
        )
        problems = details.problems(data.get("movement") or "")
        if given.get("repair") is not None and data.get("repair") is None:
            problems = {k: v for k, v in problems.items() if not k.startswith("repair")}  # its own errors say why
        errors.update(problems)
        if errors:
            raise ValidationError(errors)

    @post_load
    def make(self, d: dict[str, Any], **_: Any) -> Leg:
        return Leg(
            movement=Movement(d["movement"]),
            from_country=d["from_country"],
            to_country=d["to_country"],
            ship_date=d["ship_date"],
            transport=Transport(d["transport"]),
            items=tuple(d["items"]),
            exporter=d["exporter"],
            importer=d["importer"],
            repair=d["repair"],
            costs=d["costs"] or Costs(),
            warranty=d["warranty"],
            prior_export=d["prior_export"],
            ata_carnet=d["ata_carnet"],
            ata_carnet_expires=d["ata_carnet_expires"],
            ior=d["ior"],
            eor=d["eor"],
            paired_leg=d["paired_leg"],
            as_of=d["as_of"],
            export_authorisations=tuple(d["export_authorisations"]),
        )


def flatten_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages -> {"items.0.hs_code": ["..."]}."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix and key != "_schema" else (prefix or str(key))
            if key == "_schema":
                path = prefix or "_schema"
            for k, v in flatten_errors(value, path).items():
                out.setdefault(k, []).extend(v)
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        out[prefix or "_schema"] = list(messages)
    elif isinstance(messages, list):
        for i, value in enumerate(messages):
            for k, v in flatten_errors(value, f"{prefix}.{i}" if prefix else str(i)).items():
                out.setdefault(k, []).extend(v)
    else:
        out[prefix or "_schema"] = [str(messages)]
    return out


class LegInputError(ValueError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def load_legs(payload: Any, profiles: ProfileSet) -> tuple[list[Leg], bool]:
    """One leg object or a list of them -> (legs, was_list). Raises LegInputError with field paths."""
    schema = LegSchema(profiles)
    if isinstance(payload, list):
        if not payload:
            raise LegInputError({"_schema": ["an empty list: give one leg object or a list of them"]})
        errors: dict[str, list[str]] = {}
        legs = []
        for i, element in enumerate(payload):
            try:
                legs.append(load_list_element(schema, i, element))
            except LegInputError as exc:
                errors.update(exc.errors)
        if errors:
            raise LegInputError(errors)
        return legs, True
    return [_load_one(schema, payload)], False


def load_list_element(schema: LegSchema, index: int, element: Any) -> Leg:
    """Element `index` of a list of legs; its errors are keyed by its position ("3.items.0.hs_code", "3")."""
    try:
        return _load_one(schema, element)
    except LegInputError as exc:
        raise LegInputError(
            {f"{index}.{k}" if k != "_schema" else str(index): v for k, v in exc.errors.items()}
        ) from exc


def _load_one(schema: LegSchema, element: Any) -> Leg:
    if not isinstance(element, dict):
        raise LegInputError({"_schema": [f"a leg must be a JSON object, not {type(element).__name__}"]})
    try:
        leg: Leg = schema.load(element)
    except ValidationError as exc:
        raise LegInputError(flatten_errors(exc.messages)) from exc
    return leg


__all__ = ["LegInputError", "LegSchema", "date", "flatten_errors", "load_legs", "load_list_element"]
