"""The filing payload: everything the XML and PDF renderers need for one side of one leg, as plain JSON.

It is built once, from the leg and the regime engine's decision, when a declaration version is drafted, and
stored as the declaration's content: approved versions never change, so their documents never change.
The stateless CLI (`tradedesk documents LEG.json`) builds the same payload on the fly.

Shape (all money {"amount": "123.45", "currency": "GBP"}, dates ISO 8601):
  {"payload_version": "1",
   "document": {"rma_number", "declaration_id", "version", "issued_on", "side", "jurisdiction",
                "leg": {"id", "position", "movement", "from_country", "to_country", "ship_date", "transport",
                        "ata_carnet", "paired_leg": {...}|null, "customs_reference"}},
   "parties": {"exporter": party, "importer": party, "declarant": party, "representative": party|null,
               "representation": "direct"|"indirect"|null, "broker": party|null},
   "items": [{"position", "description", "hs_code", "origin_country", "quantity", "unit_value": money,
              "value": money, "serial_numbers", "udi"}],
   "repair": {"cost", "charged", "upgrade_value", "essential_parts_replaced"}|null,
   "costs": {"freight", "insurance", "outbound_freight"},
   "warranty": {...}|null, "prior_export": {...}|null,
   "decision": the side's contract dict (regime, procedure_code, additional_procedure_codes, legal_basis,
               documents, deadline, guarantee_required, duty_base, customs_value, duty, vat, duty_detail ...),
   "other_side": the other side's contract dict or null,
   "flags": [flags of this side or of the leg], "acknowledgements": {"CODE": {"reason", "by", "at"}},
   "trace": [...], "profiles": [...], "conversions": [...],
   "locale": "en_GB", "currency": "GBP"}
where party = {"name", "country", "established_in", "identifiers": {scheme: value}, "address": str|null}.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tradedesk.domain.contract import money
from tradedesk.domain.model import Leg, Party, Side
from tradedesk.domain.profiles import ProfileSet

PAYLOAD_VERSION = "1"


@dataclass(frozen=True, slots=True)
class FilingMeta:
    rma_number: str
    declaration_id: str
    version: int
    issued_on: date
    leg_id: str = "leg-1"
    leg_position: int = 1
    broker: Party | None = None
    representative: Party | None = None
    acknowledgements: dict[str, dict[str, str]] = field(default_factory=dict)
    customs_reference: str | None = None


def party_dict(p: Party | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "name": p.name,
        "country": p.country,
        "established_in": list(p.established_in),
        "identifiers": dict(p.identifiers),
        "address": None,
    }


def build_payload(
    leg: Leg, contract: Mapping[str, Any], side: Side, meta: FilingMeta, profiles: ProfileSet
) -> dict[str, Any]:
    """One side of one leg as the documents need it (see the module docstring for the shape), from the leg and
    its decision as stored (the contract dict, domain.contract.decision_dict): nothing is decided again here."""
    mine = contract[str(side)]
    if mine is None:
        raise ValueError(f"the {side} side of this leg needs no declaration")
    other = contract["import" if side is Side.EXPORT else "export"]
    country = leg.to_country if side is Side.IMPORT else leg.from_country
    profile = profiles.for_country(country)
    assert profile is not None
    member = profile.members[country]
    own = leg.importer if side is Side.IMPORT else leg.exporter
    representative = meta.representative or (leg.ior if side is Side.IMPORT else leg.eor)
    declarant = representative if representative is not None else own
    repair = leg.repair
    costs = leg.costs
    prior = leg.prior_export
    return {
        "payload_version": PAYLOAD_VERSION,
        "document": {
            "rma_number": meta.rma_number,
            "declaration_id": meta.declaration_id,
            "version": meta.version,
            "issued_on": meta.issued_on.isoformat(),
            "side": str(side),
            "jurisdiction": mine["jurisdiction"],
            "leg": {
                "id": meta.leg_id,
                "position": meta.leg_position,
                "movement": str(leg.movement),
                "from_country": leg.from_country,
                "to_country": leg.to_country,
                "ship_date": leg.ship_date.isoformat(),
                "transport": str(leg.transport),
                "ata_carnet": leg.ata_carnet,
                "paired_leg": None
                if leg.paired_leg is None
                else {
                    "movement": leg.paired_leg.movement,
                    "reference": leg.paired_leg.reference,
                    "ship_date": None if leg.paired_leg.ship_date is None else leg.paired_leg.ship_date.isoformat(),
                },
                "customs_reference": meta.customs_reference,
            },
        },
        "parties": {
            "exporter": party_dict(leg.exporter),
            "importer": party_dict(leg.importer),
            "declarant": party_dict(declarant),
            "representative": party_dict(representative),
            "representation": mine.get("representation") if representative is not None else None,
            "broker": party_dict(meta.broker),
        },
        "items": [
            {
                "position": i + 1,
                "description": it.description,
                "hs_code": it.hs_code,
                "origin_country": it.origin_country,
                "quantity": str(it.quantity),
                "unit_value": money(it.unit_value),
                "value": money(it.value),
                "serial_numbers": list(it.serial_numbers),
                "udi": it.udi,
            }
            for i, it in enumerate(leg.items)
        ],
        "repair": None
        if repair is None
        else {
            "cost": money(repair.cost),
            "charged": repair.charged,
            "upgrade_value": money(repair.upgrade_value),
            "essential_parts_replaced": repair.essential_parts_replaced,
        },
        "costs": {
            "freight": money(costs.freight),
            "insurance": money(costs.insurance),
            "outbound_freight": money(costs.outbound_freight),
        },
        "warranty": None
        if leg.warranty is None
        else {
            "covered": leg.warranty.covered,
            "paid_service_contract": leg.warranty.paid_service_contract,
            "expires": None if leg.warranty.expires is None else leg.warranty.expires.isoformat(),
        },
        "prior_export": None
        if prior is None
        else {
            "date": prior.date.isoformat(),
            "regime": prior.regime,
            "procedure_code": prior.procedure_code,
            "reference": prior.reference,
            "exporter": prior.exporter,
            "hs_code": prior.hs_code,
            "serial_numbers": list(prior.serial_numbers),
            "reimport_deadline": None if prior.reimport_deadline is None else prior.reimport_deadline.isoformat(),
        },
        "decision": mine,
        "other_side": other,
        "flags": [f for f in contract["flags"] if f["side"] in (str(side), None)],
        "acknowledgements": meta.acknowledgements,
        "trace": contract["trace"],
        "profiles": contract["profiles"],
        "conversions": contract["conversions"],
        "locale": member.locale,
        "currency": member.currency,
    }
