"""A leg's details as one value with its rules: the blocks of the contract's request that are not the route, the
goods or the parties (DESIGN.md §3: repair, costs, warranty, a prior export outside our records, the ATA carnet,
the day the decision is taken for), and what our records add to them (the export reference recorded with a reason,
who acts as importer / exporter of record).

It is the one home of these rules: the input schemas (API, CLI, pages) only translate what a user typed into it,
the use cases ask it what a leg lacks, and the records store what `to_json` gives and read it back with
`from_json`, so the same gap gets the same message everywhere. (A return after repair planned through the API
without its repair cost was once declared at 0.00 while the CLI refused the same leg.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from tradedesk.domain.model import Costs, ExportAuthorisation, Money, Movement, PriorExport, Repair, Warranty

REPAIR_REQUIRED = "required for return_after_repair: the repair cost (or its value when free) is the duty base"
REPAIR_COST_REQUIRED = "required for return_after_repair, also when no charge is made (give its value)"
CARNET_DATE_WITHOUT_CARNET = "given without an ATA carnet: set ata_carnet to true, or leave the date out"
PRIOR_EXPORT_FROM_RECORDS = "this leg relies on an earlier leg: its prior export comes from our own records"


@dataclass(frozen=True, slots=True)
class LegDetails:
    repair: Repair | None = None
    costs: Costs = field(default_factory=Costs)
    warranty: Warranty | None = None
    #: an export made outside our records (e.g. the original sale), for a leg relying on no leg of ours
    prior_export: PriorExport | None = None
    ata_carnet: bool = False
    #: the carnet's expiry (its box G)
    ata_carnet_expires: date | None = None
    #: the day the decision is taken for (overdue checks); never "today" implicitly
    as_of: date | None = None
    #: the export's MRN recorded with a reason when it was declared outside TradeDesk: {reference, reason, by, at}
    export_reference: Mapping[str, Any] | None = None
    #: who acts as importer / exporter of record, by side: {party_id, role, form}
    representation: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: the licences, licence exceptions and general authorisations the leg leaves under (export controls)
    export_authorisations: tuple[ExportAuthorisation, ...] = ()
    #: who recorded each authorisation and why: {code: {reason, by, at}}
    authorisation_records: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    # ----------------------------------------------------------------------------------------- rules

    def problems(
        self, movement: Movement | str, *, relies_on_leg: bool = False, prefix: str = ""
    ) -> dict[str, list[str]]:
        """Field path -> messages for what a leg of `movement` needs and these details lack or may not hold;
        `prefix` places the paths (e.g. "details.")."""
        errors: dict[str, list[str]] = {}
        if str(movement) == Movement.RETURN_AFTER_REPAIR:
            if self.repair is None:
                errors[f"{prefix}repair"] = [REPAIR_REQUIRED]
            elif self.repair.cost is None:
                errors[f"{prefix}repair.cost"] = [REPAIR_COST_REQUIRED]
        if self.ata_carnet_expires is not None and not self.ata_carnet:
            errors[f"{prefix}ata_carnet_expires"] = [CARNET_DATE_WITHOUT_CARNET]
        if relies_on_leg and self.prior_export is not None:
            errors[f"{prefix}prior_export"] = [PRIOR_EXPORT_FROM_RECORDS]
        return errors

    def for_movement(self, movement: Movement | str) -> LegDetails:
        """The details one leg of a plan keeps: the repair block belongs to the repaired goods' return only
        (DESIGN.md §2), the other blocks to every leg."""
        return self if str(movement) == Movement.RETURN_AFTER_REPAIR else replace(self, repair=None)

    # ---------------------------------------------------------------------------- the stored form

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> LegDetails:
        """The details as stored on a leg (plain JSON: amounts as strings, dates as ISO strings)."""
        data = data or {}
        return cls(
            repair=_repair(data.get("repair")),
            costs=_costs(data.get("costs")),
            warranty=_warranty(data.get("warranty")),
            prior_export=_prior_export(data.get("prior_export")),
            ata_carnet=bool(data.get("ata_carnet") or False),
            ata_carnet_expires=_date(data.get("ata_carnet_expires")),
            as_of=_date(data.get("as_of")),
            export_reference=data.get("export_reference"),
            representation=dict(data.get("representation") or {}),
            export_authorisations=tuple(
                ExportAuthorisation(a["regime"], a["code"], a.get("kind", "licence"))
                for a in data.get("export_authorisations") or ()
            ),
            authorisation_records=dict(data.get("authorisation_records") or {}),
        )

    def to_json(self) -> dict[str, Any]:
        """The stored form: only the blocks that are given, so that from_json(to_json()) is the same value."""
        out: dict[str, Any] = {}
        if self.repair is not None:
            out["repair"] = {
                "cost": _money_json(self.repair.cost),
                "charged": self.repair.charged,
                "upgrade_value": _money_json(self.repair.upgrade_value),
                "essential_parts_replaced": self.repair.essential_parts_replaced,
            }
        if self.costs != Costs():
            out["costs"] = {
                "freight": _money_json(self.costs.freight),
                "insurance": _money_json(self.costs.insurance),
                "outbound_freight": _money_json(self.costs.outbound_freight),
            }
        if self.warranty is not None:
            out["warranty"] = {
                "covered": self.warranty.covered,
                "paid_service_contract": self.warranty.paid_service_contract,
                "expires": _date_json(self.warranty.expires),
            }
        if self.prior_export is not None:
            p = self.prior_export
            out["prior_export"] = {
                "date": p.date.isoformat(),
                "regime": p.regime,
                "procedure_code": p.procedure_code,
                "reference": p.reference,
                "exporter": p.exporter,
                "hs_code": p.hs_code,
                "serial_numbers": list(p.serial_numbers),
                "reimport_deadline": _date_json(p.reimport_deadline),
            }
        if self.ata_carnet:
            out["ata_carnet"] = True
        for name in ("ata_carnet_expires", "as_of"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value.isoformat()
        if self.export_reference is not None:
            out["export_reference"] = dict(self.export_reference)
        if self.representation:
            out["representation"] = {side: dict(who) for side, who in self.representation.items()}
        if self.export_authorisations:
            out["export_authorisations"] = [
                {"regime": a.regime, "code": a.code, "kind": a.kind} for a in self.export_authorisations
            ]
        if self.authorisation_records:
            out["authorisation_records"] = {code: dict(r) for code, r in self.authorisation_records.items()}
        return out


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _date_json(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _money(data: Mapping[str, Any] | None) -> Money | None:
    return None if data is None else Money(Decimal(str(data["amount"])), str(data["currency"]))


def _money_json(money: Money | None) -> dict[str, str] | None:
    return None if money is None else {"amount": str(money.amount), "currency": money.currency}


def _repair(data: Mapping[str, Any] | None) -> Repair | None:
    if data is None:
        return None
    return Repair(
        _money(data.get("cost")),
        bool(data.get("charged", False)),
        _money(data.get("upgrade_value")),
        bool(data.get("essential_parts_replaced", False)),
    )


def _costs(data: Mapping[str, Any] | None) -> Costs:
    data = data or {}
    return Costs(_money(data.get("freight")), _money(data.get("insurance")), _money(data.get("outbound_freight")))


def _warranty(data: Mapping[str, Any] | None) -> Warranty | None:
    if data is None:
        return None
    return Warranty(bool(data["covered"]), bool(data.get("paid_service_contract", False)), _date(data.get("expires")))


def _prior_export(data: Mapping[str, Any] | None) -> PriorExport | None:
    if data is None:
        return None
    when = _date(data["date"])
    if when is None:
        raise ValueError("prior_export.date is required")
    return PriorExport(
        when,
        data.get("regime"),
        data.get("procedure_code"),
        data.get("reference"),
        data.get("exporter"),
        data.get("hs_code"),
        tuple(data.get("serial_numbers") or ()),
        _date(data.get("reimport_deadline")),
    )
