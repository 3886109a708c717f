"""Our own records -> the regime engine's input, and the engine's decision stored back on the leg.

A stored leg becomes a `domain.model.Leg`. Relief on a later leg (re-import after repair, demo return ...)
is proven from the earlier leg we moved ourselves (its ship date, export regime and MRN), never from what a
client types in; an external prior export (the original sale, made before the RMA) is accepted only for a
leg that relies on no leg of ours. Where a side needs an importer / exporter of record, a provider serving
that country is assigned from the parties register (else the decision keeps NO_LOCAL_IMPORTER/EXPORTER).
Shared by legs (classification on every change) and declarations (drafted from the current decision).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from tradedesk.auth.actor import Actor
from tradedesk.data.loader import engine_digest
from tradedesk.db.models import Declaration, Leg, Party, RmaItem
from tradedesk.domain import hs, model
from tradedesk.domain.contract import decision_dict
from tradedesk.domain.decision_key import decision_key
from tradedesk.domain.leg_details import LegDetails
from tradedesk.domain.regimes import DateOutOfRange, UnknownJurisdiction, classify
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.errors import InvalidInput, NotFound
from tradedesk.services.parties import find_record_provider
from tradedesk.services.reports import relief_clock

PROVIDER_KIND = {"import": "ior_provider", "export": "eor_provider"}
PARTY_OF_RECORD = {
    "import": ("ior_required", "ior_id", "importer_of_record"),
    "export": ("eor_required", "eor_id", "exporter_of_record"),
}


def party_row(session: Session, party_id: str | None) -> Party | None:
    if party_id is None:
        return None
    party = session.get(Party, party_id)
    if party is None:
        raise NotFound(f"party {party_id} not found")
    return party


def domain_party(row: Party | None) -> model.Party | None:
    if row is None:
        return None
    return model.Party(
        row.name,
        row.country,
        tuple(row.established_in or ()),
        tuple(sorted((str(k), str(v)) for k, v in (row.identifiers or {}).items())),
        subdivision=row.subdivision,
        screening=screening_hits(row),
    )


def screening_hits(row: Party) -> tuple[model.ScreeningHit, ...]:
    """The party's open and confirmed matches as its last screening left them (services.screening)."""
    return tuple(
        model.ScreeningHit(
            list_title=h["list_title"],
            list_published=None if h.get("list_published") is None else date.fromisoformat(h["list_published"]),
            entry_id=h["entry_id"],
            matched_name=h["matched_name"],
            score=Decimal(h["score"]),
            reasons=tuple(h.get("reasons") or ()),
            status=h["status"],
        )
        for h in (row.screening or {}).get("hits", [])
    )


def other_roles(leg: Leg) -> tuple[tuple[str, str | None], ...]:
    """(role, party id) of the parties screened beside the leg's own: the RMA's customer, its returns hub (seller or
    repairer), the leg's customs broker."""
    rma = leg.rma
    return (
        ("customer", rma.customer_id),
        ("returns hub", rma.seller_id),
        ("repairer", rma.repairer_id),
        ("customs broker", leg.broker_id),
    )


def other_parties(session: Session, leg: Leg) -> tuple[tuple[str, model.Party], ...]:
    found = ((role, domain_party(party_row(session, pid))) for role, pid in other_roles(leg) if pid is not None)
    return tuple((role, party) for role, party in found if party is not None)


def domain_item(row: RmaItem) -> model.Item:
    return model.Item(
        row.description,
        row.hs_code,
        row.origin_country,
        row.quantity,
        model.Money(row.unit_value, row.currency),
        tuple(row.serial_numbers or ()),
        row.udi,
        eccn=row.eccn,
        dual_use=row.dual_use,
    )


def common_hs_code(items: list[RmaItem]) -> str | None:
    """The one HS subheading all items share, else None (model.PriorExport holds one code; no false 'reclassified')."""
    if not items:
        return None
    first = items[0].hs_code
    return first if all(hs.same_classification(i.hs_code, first) for i in items) else None


#: session.info key: {id: leg} of the legs this unit of work classifies before it inserts them (plan_legs)
UNWRITTEN_LEGS = "tradedesk.unwritten_legs"


def linked_leg_row(session: Session, leg_id: str) -> Leg | None:
    """A leg another leg links to: one this unit of work is about to insert, else the stored one."""
    unwritten: dict[str, Leg] = session.info.get(UNWRITTEN_LEGS, {})
    return unwritten[leg_id] if leg_id in unwritten else session.get(Leg, leg_id)


def export_reference(session: Session, leg: Leg) -> str | None:
    """The MRN the broker acknowledged for the leg's export declaration (newest version), else the one recorded
    with a reason for an export declared outside TradeDesk, if any."""
    recorded = LegDetails.from_json(leg.details).export_reference or {}
    if leg.id in session.info.get(UNWRITTEN_LEGS, {}):
        return recorded.get("reference")  # not written yet, so it has no declarations
    acknowledged = session.scalar(
        select(Declaration.customs_reference)
        .where(Declaration.leg_id == leg.id, Declaration.side == "export", Declaration.customs_reference.is_not(None))
        .order_by(Declaration.version_no.desc())
        .limit(1)
    )
    return acknowledged or recorded.get("reference")


def prior_export_from_records(session: Session, earlier: Leg, details: LegDetails) -> model.PriorExport:
    """What the earlier leg proves: when it left, under which regime, with which MRN, by whom, which goods.

    An authorised re-import deadline is the one fact our records cannot hold, so it may come from details.
    """
    export_side = (earlier.decision or {}).get("export") or {}
    exporter = party_row(session, earlier.exporter_id)
    items = list(earlier.rma.items)
    return model.PriorExport(
        date=earlier.shipped_on or earlier.ship_date,
        regime=export_side.get("regime"),
        procedure_code=export_side.get("procedure_code"),
        reference=export_reference(session, earlier),
        exporter=exporter.name if exporter is not None else None,
        hs_code=common_hs_code(items),
        serial_numbers=tuple(s for i in items for s in (i.serial_numbers or ())),
        reimport_deadline=details.prior_export.reimport_deadline if details.prior_export is not None else None,
    )


def paired_from_records(session: Session, leg: Leg) -> model.PairedLeg | None:
    if leg.paired_leg_id is None:
        return None
    other = linked_leg_row(session, leg.paired_leg_id)
    if other is None:
        return None
    return model.PairedLeg(other.movement, other.shipped_on or other.ship_date, other.customs_reference)


def prior_export_of(session: Session, leg: Leg, details: LegDetails) -> model.PriorExport | None:
    if leg.relies_on_leg_id is not None:
        earlier = linked_leg_row(session, leg.relies_on_leg_id)
        if earlier is not None:
            return prior_export_from_records(session, earlier, details)
    return details.prior_export


def domain_leg(session: Session, leg: Leg) -> model.Leg:
    """The stored leg as the engine sees it: RMA items, parties, details, and relief proven from our records."""
    details = LegDetails.from_json(leg.details)
    return model.Leg(
        movement=model.Movement(leg.movement),
        from_country=leg.from_country,
        to_country=leg.to_country,
        ship_date=leg.ship_date,
        transport=model.Transport(leg.transport),
        items=tuple(domain_item(i) for i in leg.rma.items),
        exporter=domain_party(party_row(session, leg.exporter_id)),
        importer=domain_party(party_row(session, leg.importer_id)),
        repair=details.repair,
        costs=details.costs,
        warranty=details.warranty,
        prior_export=prior_export_of(session, leg, details),
        ata_carnet=details.ata_carnet,
        ata_carnet_expires=details.ata_carnet_expires,
        ior=domain_party(party_row(session, leg.ior_id)),
        eor=domain_party(party_row(session, leg.eor_id)),
        paired_leg=paired_from_records(session, leg),
        as_of=details.as_of,
        export_authorisations=details.export_authorisations,
        other_parties=other_parties(session, leg),
    )


# ------------------------------------------------------------------------------------- the stored decision


def decision_summary(decision: Mapping[str, Any] | None) -> dict[str, Any]:
    """Regimes and flag codes: what an auditor compares between two classifications."""
    decision = decision or {}
    return {
        "export": (decision.get("export") or {}).get("regime"),
        "import": (decision.get("import") or {}).get("regime"),
        "flags": sorted(f["code"] for f in decision.get("flags", [])),
    }


def decide(
    session: Session, ctx: Context, leg: Leg, engine_input: model.Leg | None = None
) -> tuple[model.Leg, model.LegDecision]:
    """The engine's answer for the leg as our records stand now (nothing stored)."""
    engine_input = engine_input or domain_leg(session, leg)
    try:
        return engine_input, classify(engine_input, ctx.profiles)
    except (UnknownJurisdiction, DateOutOfRange) as exc:
        raise InvalidInput({exc.field: [str(exc)]}) from exc


def key_of(ctx: Context, engine_input: model.Leg) -> str:
    """The key of the engine's input (domain.decision_key): same key, same decision."""
    return decision_key(engine_input, ctx.profiles.digest, engine_digest())


def _assign_parties_of_record(session: Session, leg: Leg, decision: Mapping[str, Any]) -> bool:
    """Assign a provider to each side that needs one and has none (True when one was assigned), and keep
    details.representation (who acts as importer / exporter of record, in which form) in step with the leg."""
    assigned = False
    details = LegDetails.from_json(leg.details)
    representation = dict(details.representation)
    for side, (needed, column, role) in PARTY_OF_RECORD.items():
        side_decision = decision.get(side) or {}
        party_id = getattr(leg, column)
        if party_id is None and side_decision.get(needed):
            country = leg.to_country if side == "import" else leg.from_country
            provider = find_record_provider(session, PROVIDER_KIND[side], country)
            if provider is not None:
                setattr(leg, column, provider.id)
                party_id, assigned = provider.id, True
        if party_id is None:
            representation.pop(side, None)
        elif (representation.get(side) or {}).get("party_id") != party_id:
            party = party_row(session, party_id)
            representation[side] = {
                "party_id": party_id,
                "role": role,
                "form": side_decision.get("representation") or (party.representation if party else None),
            }
    if representation != details.representation:
        leg.details = replace(details, representation=representation).to_json()
    return assigned


def classify_leg(
    session: Session,
    ctx: Context,
    actor: Actor,
    leg: Leg,
    flush: bool = True,
    decided: tuple[model.Leg, model.LegDecision] | None = None,
) -> tuple[model.Leg, model.LegDecision]:
    """Classify the stored leg, assign IOR/EOR where needed, store decision, its key and the profile versions;
    audit leg:classify.

    flush=False leaves writing the decision to the caller's next flush (plan_legs writes all its legs in one);
    `decided`: the engine's answer for the leg as it stands, when the caller has it already.
    """
    before = {**decision_summary(leg.decision), "ior_id": leg.ior_id, "eor_id": leg.eor_id}
    engine_input, decision = decided or decide(session, ctx, leg)
    stored = decision_dict(decision)
    if _assign_parties_of_record(session, leg, stored):
        session.flush()
        engine_input, decision = decide(session, ctx, leg)
        stored = decision_dict(decision)
    leg.decision = stored
    leg.decision_key = key_of(ctx, engine_input)
    for column, value in relief_clock(leg.movement, stored).items():
        setattr(leg, column, value)
    leg.profile_versions = stored["profiles"]
    leg.decided_at = ctx.now()
    if flush:
        session.flush()
    after = {
        **decision_summary(stored),
        "ior_id": leg.ior_id,
        "eor_id": leg.eor_id,
        "profile_versions": stored["profiles"],
    }
    audit_chain.record(
        session, ctx.audit_key, actor, "leg:classify", "leg", leg.id, before, after, ctx.now(), rma_id=leg.rma_id
    )
    return engine_input, decision


def current_decision(session: Session, ctx: Context, actor: Actor, leg: Leg) -> tuple[model.Leg, dict[str, Any], bool]:
    """The engine's input for the leg as our records stand now and the stored decision for it (the contract dict),
    and whether that decision changed. The engine runs only when the input's key is not the stored decision's
    (a profile update, the earlier leg's MRN arriving, a change to the engine): a new decision is stored and
    audited; the same decision only takes the new key, which is no change to the leg (its version stays)."""
    engine_input = domain_leg(session, leg)
    key = key_of(ctx, engine_input)
    if key == leg.decision_key and leg.decision:
        return engine_input, leg.decision, False
    engine_input, decision = decide(session, ctx, leg, engine_input)
    if decision_dict(decision) == leg.decision:
        _remember_key(session, leg, key)
        return engine_input, leg.decision, False
    engine_input, decision = classify_leg(session, ctx, actor, leg, decided=(engine_input, decision))
    return engine_input, leg.decision, True


def _remember_key(session: Session, leg: Leg, key: str) -> None:
    """Store the key of an input whose decision is the stored one, without a new version of the leg (the key is
    a cache of the engine's work, not a change a client could conflict with)."""
    session.execute(
        update(Leg).where(Leg.id == leg.id).values(decision_key=key).execution_options(synchronize_session=False)
    )
    set_committed_value(leg, "decision_key", key)
