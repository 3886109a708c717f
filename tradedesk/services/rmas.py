"""RMA use cases: create (numbered, eligibility decided and stored), read, lifecycle, inspection, disposition.

Every use case is one transaction that writes its audit event with the change (DESIGN.md §5). The hub
(the seller or repairer that receives returns) is stored by its kind: a seller in `Rma.seller_id`, a
repairer in `Rma.repairer_id`, so each column always means what it says; `hub_party_id` reads it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, joinedload

from tradedesk.auth.actor import Actor
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.data.loader import eligibility_policy
from tradedesk.db.models import Inspection, Leg, Party, Rma, RmaCounter, RmaItem, new_id
from tradedesk.domain import fx, hs, serials
from tradedesk.domain.rma import (
    CONDITIONS,
    REASONS,
    Disposition,
    EligibilityFacts,
    RmaStatus,
    Scenario,
    check_transition,
    decide_eligibility,
)
from tradedesk.domain.udi import parse_udi
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.errors import Conflict, InvalidInput, NotFound, Stale
from tradedesk.services.idempotency import Outcome, run_idempotent
from tradedesk.services.paging import FIRST_PAGE, Key, Page, PageRequest, after, decode_cursor, ordering, page_of
from tradedesk.services.parties import PartyData, PartyKind, add_party

RMAS_PATH = "/api/v1/rmas"
HUB_KINDS = frozenset({PartyKind.SELLER, PartyKind.REPAIRER})
PACKAGING = ("intact", "damaged", "missing")
WARRANTY_STATUSES = ("in_warranty", "expired", "void")
#: reached only through their own use cases, which record what was found / decided
_DATA_TRANSITIONS: dict[str, str] = {RmaStatus.INSPECTED: "inspection", RmaStatus.DISPOSITIONED: "disposition"}
_DECISIONS = frozenset({RmaStatus.APPROVED, RmaStatus.REJECTED, RmaStatus.UNDER_REVIEW, RmaStatus.QUOTE_PENDING})


@dataclass(frozen=True, slots=True)
class RmaItemData:
    description: str
    hs_code: str
    origin_country: str
    quantity: Decimal
    unit_value: Decimal
    currency: str
    sku: str | None = None
    serial_numbers: tuple[str, ...] = ()
    udi: str | None = None
    eccn: str | None = None
    dual_use: str | None = None


@dataclass(frozen=True, slots=True)
class RmaData:
    hub_id: str
    order_reference: str
    purchase_date: date
    reason_code: str
    scenario: str
    condition: str
    items: tuple[RmaItemData, ...]
    customer_id: str | None = None
    customer: PartyData | None = None
    warranty_expires: date | None = None
    paid_service_contract: bool = False
    photo_provided: bool = False
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class InspectionData:
    serials_seen: tuple[str, ...]
    condition: str
    packaging: str
    warranty_status: str
    notes: str | None = None


class StaleVersion(Stale):
    """If-Match named another version than the current one; carries the current one for the ETag."""

    def __init__(self, current_version: int) -> None:
        super().__init__(f"the RMA changed since you read it (now version {current_version}); fetch it again")
        self.current_version = current_version


def transition_permission(target: str) -> Permission:
    """Decisions on a request (approve, reject, send to review) need DECIDE_RMA; moving goods on, UPDATE_RMA."""
    return Permission.DECIDE_RMA if target in _DECISIONS else Permission.UPDATE_RMA


def hub_party_id(rma: Rma) -> str | None:
    """The party that receives the returns (see the module docstring for where it is stored)."""
    return rma.repairer_id or rma.seller_id


# ------------------------------------------------------------------------------------------------------ views


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def serial_flags(expected: list[str], seen: list[str]) -> list[dict[str, Any]]:
    """SERIAL_MISMATCH when the serials found differ from those on the RMA (swap risk), compared as
    domain.serials does. With no serials on record there is nothing to compare against."""
    difference = serials.compare(expected, seen)
    if difference is None:
        return []
    return [
        {
            "code": "SERIAL_MISMATCH",
            "severity": "error",
            "message": f"the serial numbers found on inspection differ from the RMA ({difference.describe('the RMA')}): "
            "the returned goods may have been swapped; a compliance officer must resolve it with a "
            "reason before the disposition",
            "missing": list(difference.missing),
            "unexpected": list(difference.unexpected),
        }
    ]


def _expected_serials(rma: Rma) -> list[str]:
    return [s for item in rma.items for s in item.serial_numbers]


def _item_view(item: RmaItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "position": item.position,
        "description": item.description,
        "sku": item.sku,
        "hs_code": item.hs_code,
        "origin_country": item.origin_country,
        "quantity": str(item.quantity),
        "unit_value": str(item.unit_value),
        "currency": item.currency,
        "serial_numbers": list(item.serial_numbers),
        "udi": item.udi,
        "udi_parsed": dict(item.udi_parsed) if item.udi else None,
        "eccn": item.eccn,
        "dual_use": item.dual_use,
    }


def _inspection_view(inspection: Inspection, expected: list[str]) -> dict[str, Any]:
    return {
        "id": inspection.id,
        "serials_seen": list(inspection.serials_seen),
        "serial_match": inspection.serial_match,
        "condition": inspection.condition,
        "packaging": inspection.packaging,
        "warranty_status": inspection.warranty_status,
        "notes": inspection.notes,
        "inspected_by": inspection.inspected_by,
        "created_at": inspection.created_at.isoformat(),
        "flags": serial_flags(expected, list(inspection.serials_seen)),
        "resolution": None
        if inspection.resolution is None
        else {
            "reason": inspection.resolution,
            "by": inspection.resolved_by,
            "at": None if inspection.resolved_at is None else inspection.resolved_at.isoformat(),
        },
    }


def _leg_summary(leg: Leg) -> dict[str, Any]:
    decision = leg.decision or {}
    return {
        "id": leg.id,
        "position": leg.position,
        "movement": leg.movement,
        "from_country": leg.from_country,
        "to_country": leg.to_country,
        "regime": {side: (decision.get(side) or {}).get("regime") for side in ("export", "import")},
        "status": leg.status,
        "customs_reference": leg.customs_reference,
    }


def _party_ref(party: Party | None) -> dict[str, Any] | None:
    return None if party is None else {"id": party.id, "name": party.name, "kind": party.kind, "country": party.country}


def rma_summary(rma: Rma) -> dict[str, Any]:
    return {
        "id": rma.id,
        "number": rma.number,
        "status": rma.status,
        "scenario": rma.scenario,
        "reason_code": rma.reason_code,
        "customer": _party_ref(rma.customer),
        "order_reference": rma.order_reference,
        "eligibility_decision": rma.eligibility_decision,
        "created_at": rma.created_at.isoformat(),
        "version": rma.version,
    }


def _quote_view(rma: Rma) -> dict[str, Any] | None:
    if rma.quote_state is None or rma.quote_amount is None:
        return None
    return {
        "amount": {"amount": str(rma.quote_amount), "currency": rma.quote_currency},
        "state": rma.quote_state,
        "quoted_at": None if rma.quoted_at is None else rma.quoted_at.isoformat(),
    }


def rma_view(session: Session, rma: Rma, hub: Party | None = None) -> dict[str, Any]:
    """The whole RMA as the API shows it (ETag = `version`); `hub`: its hub party if the caller holds it already."""
    hub_id = hub_party_id(rma)
    if hub is None or hub.id != hub_id:
        hub = session.get(Party, hub_id) if hub_id else None
    expected = _expected_serials(rma)
    return {
        **rma_summary(rma),
        "hub": _party_ref(hub),
        "seller_id": rma.seller_id,
        "repairer_id": rma.repairer_id,
        "purchase_date": _iso(rma.purchase_date),
        "condition": rma.condition,
        "warranty_expires": _iso(rma.warranty_expires),
        "paid_service_contract": rma.paid_service_contract,
        "photo_provided": rma.photo_provided,
        "notes": rma.notes,
        "eligibility": {
            "decision": rma.eligibility_decision,
            "rule": rma.eligibility_rule,
            "reason": rma.eligibility_reason,
            "actions": list(rma.eligibility_actions),
        },
        "disposition": rma.disposition,
        "repair_quote": _quote_view(rma),
        "items": [_item_view(i) for i in rma.items],
        "inspections": [_inspection_view(i, expected) for i in rma.inspections],
        "legs": [_leg_summary(leg) for leg in rma.legs],
        "customs_references": list(rma.customs_references),
        "hold": None if rma.held_at is None else {"since": rma.held_at.isoformat(), "reason": rma.hold_reason},
        "created_by": rma.created_by,
        "updated_at": rma.updated_at.isoformat(),
        "closed_at": None if rma.closed_at is None else rma.closed_at.isoformat(),
    }


# ----------------------------------------------------------------------------------------------------- create


def _check_items(items: tuple[RmaItemData, ...]) -> tuple[list[RmaItem], dict[str, list[str]]]:
    rows: list[RmaItem] = []
    errors: dict[str, list[str]] = {}
    if not items:
        errors["items"] = ["an RMA returns at least one item"]
    for i, item in enumerate(items):
        code, parsed = item.hs_code, None
        try:
            code = hs.normalise(item.hs_code).code
        except hs.HSCodeError as exc:
            errors[f"items.{i}.hs_code"] = [str(exc)]
        if item.quantity <= 0:
            errors[f"items.{i}.quantity"] = ["must be greater than zero"]
        if item.udi is not None:
            try:
                parsed = parse_udi(item.udi)
            except ValueError as exc:
                errors[f"items.{i}.udi"] = [str(exc)]
        rows.append(
            RmaItem(
                position=i,
                description=item.description,
                sku=item.sku,
                hs_code=code,
                origin_country=item.origin_country,
                quantity=item.quantity,
                unit_value=item.unit_value,
                currency=item.currency,
                serial_numbers=[s.strip() for s in item.serial_numbers],
                udi=None if parsed is None else parsed.hri,
                udi_parsed={} if parsed is None else parsed.as_dict(),
                eccn=item.eccn,
                dual_use=item.dual_use,
            )
        )
    return rows, errors


def _check_request(data: RmaData, today: date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.reason_code not in REASONS:
        errors["reason_code"] = [f"one of: {', '.join(REASONS)}"]
    if data.scenario not in set(Scenario):
        errors["scenario"] = [f"one of: {', '.join(Scenario)}"]
    if data.condition not in CONDITIONS:
        errors["condition"] = [f"one of: {', '.join(CONDITIONS)}"]
    if (data.customer_id is None) == (data.customer is None):
        errors["customer_id"] = ["give either customer_id (a registered customer) or customer (a new one), not both"]
    if data.purchase_date > today:
        errors["purchase_date"] = ["is in the future"]
    if data.warranty_expires is not None and data.warranty_expires < data.purchase_date:
        errors["warranty_expires"] = ["is before the purchase date"]
    return errors


def _party_of(parties: dict[str, Party], party_id: str, kinds: frozenset[PartyKind], field: str) -> Party:
    party = parties.get(party_id)
    if party is None or party.kind not in kinds:
        raise InvalidInput({field: [f"no {' or '.join(sorted(kinds))} with id {party_id!r} in the parties register"]})
    return party


def _next_number(session: Session, year: int) -> str:
    """RMA-<year>-<6 digits>: the counter row is incremented in this transaction, so a number is taken
    once (concurrent creators wait for the row) and a rolled-back request leaves no gap-filler behind.
    One upsert: the year's first RMA inserts the row with last = 1, every later one increments it."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(RmaCounter)
        .values(year=year, last=1)
        .on_conflict_do_update(index_elements=["year"], set_={"last": RmaCounter.last + 1})
        .returning(RmaCounter.last)
    )
    last = session.execute(stmt).scalar_one()
    return f"RMA-{year}-{last:06d}"


def _create(session: Session, ctx: Context, actor: Actor, data: RmaData) -> tuple[Rma, Party]:
    """The new RMA (flushed, audited) and its hub party."""
    now = ctx.now()
    errors = _check_request(data, now.date())
    items, item_errors = _check_items(data.items)
    errors.update(item_errors)
    if errors:
        raise InvalidInput(errors)
    # the hub and a registered customer in one SELECT
    wanted = [data.hub_id] if data.customer_id is None else [data.hub_id, data.customer_id]
    parties = {p.id: p for p in session.scalars(select(Party).where(Party.id.in_(wanted)))}
    hub = _party_of(parties, data.hub_id, HUB_KINDS, "hub_id")
    if data.customer is not None:
        customer = add_party(session, ctx, actor, data.customer, prefix="customer.")
    else:
        assert data.customer_id is not None
        customer = _party_of(parties, data.customer_id, frozenset({PartyKind.CUSTOMER}), "customer_id")
    decision = decide_eligibility(
        EligibilityFacts(
            reason=data.reason_code,
            condition=data.condition,
            scenario=data.scenario,
            purchase_date=data.purchase_date,
            requested_on=now.date(),
            warranty_expires=data.warranty_expires,
            photo_provided=data.photo_provided,
        ),
        eligibility_policy(),
    )
    rma = Rma(
        id=new_id(),
        number=_next_number(session, now.year),
        status=str(decision.initial_status),
        scenario=data.scenario,
        reason_code=data.reason_code,
        customer=customer,  # the object, so that rma_view needs no SELECT for it
        seller_id=hub.id if hub.kind == PartyKind.SELLER else None,
        repairer_id=hub.id if hub.kind == PartyKind.REPAIRER else None,
        order_reference=data.order_reference,
        purchase_date=data.purchase_date,
        condition=data.condition,
        warranty_expires=data.warranty_expires,
        paid_service_contract=data.paid_service_contract,
        photo_provided=data.photo_provided,
        eligibility_decision=decision.decision,
        eligibility_rule=decision.rule_id,
        eligibility_reason=decision.reason,
        eligibility_actions=list(decision.actions),
        notes=data.notes,
        created_by=actor.id,
        created_at=now,
        updated_at=now,
        items=items,
        inspections=[],
        legs=[],  # none yet: known-empty collections spare rma_view a SELECT for each
    )
    session.add(rma)
    after = {
        "number": rma.number,
        "status": rma.status,
        "scenario": rma.scenario,
        "reason_code": rma.reason_code,
        "customer_id": customer.id,
        "hub_id": hub.id,
        "items": len(items),
        "eligibility": {
            "decision": decision.decision,
            "rule": decision.rule_id,
            "actions": list(decision.actions),
            "policy_version": decision.policy_version,
        },
    }
    audit_chain.record(session, ctx.audit_key, actor, "rma:create", "rma", rma.id, None, after, now, rma_id=rma.id)
    session.flush()  # one flush: the RMA, its items, the event and the audit head
    return rma, hub


def create_in_session(session: Session, ctx: Context, actor: Actor, data: RmaData) -> tuple[Rma, Party]:
    """Open an RMA in the caller's unit of work (the customer intake opens it with the link it uses up)."""
    return _create(session, ctx, actor, data)


def create_rma(
    ctx: Context, actor: Actor, data: RmaData, *, idempotency_key: str | None = None, request_body: Any = None
) -> Outcome:
    """Open an RMA: number it, decide eligibility by the policy, set the initial status from the decision."""

    def work(session: Session) -> tuple[int, Mapping[str, Any], dict[str, str]]:
        rma, hub = _create(session, ctx, actor, data)
        view = rma_view(session, rma, hub)
        return 201, view, {"Location": f"{RMAS_PATH}/{rma.id}", "ETag": f'"{rma.version}"'}

    return run_idempotent(ctx, actor, idempotency_key, "POST", RMAS_PATH, request_body, work)


# ------------------------------------------------------------------------------------------------------- read


def _may_read(actor: Actor) -> bool:
    return allowed(actor.role, Permission.READ_RMA)


def visible_rma(session: Session, actor: Actor, rma_id: str) -> Rma:
    """The RMA if the actor may see it; NotFound otherwise (brokers see no RMAs: 404, never 403)."""
    rma = session.get(Rma, rma_id) if _may_read(actor) else None
    if rma is None:
        raise NotFound(f"no RMA {rma_id}")
    return rma


def get_rma(ctx: Context, actor: Actor, rma_id: str) -> dict[str, Any]:
    return ctx.run(lambda session: rma_view(session, visible_rma(session, actor, rma_id)), write=False)


def get_rma_by_number(ctx: Context, actor: Actor, number: str) -> dict[str, Any]:
    def work(session: Session) -> dict[str, Any]:
        rma = session.scalar(select(Rma).where(Rma.number == number.strip().upper())) if _may_read(actor) else None
        if rma is None:
            raise NotFound(f"no RMA {number}")
        return rma_view(session, rma)

    return ctx.run(work, write=False)


@dataclass(frozen=True, slots=True)
class RmaFilters:
    status: str | None = None
    reason_code: str | None = None
    scenario: str | None = None
    q: str | None = None  # part of the RMA number or the order reference, any case


RMA_LIST = "rmas"
RMA_KEYS = (Key(Rma.created_at, "datetime", descending=True), Key(Rma.number, "str", descending=True))


def list_rmas(
    ctx: Context, actor: Actor, filters: RmaFilters, request: PageRequest = FIRST_PAGE
) -> Page[dict[str, Any]]:
    """One page of RMAs, newest first (keyset on created_at, number), customers joined in the same statement."""
    if not _may_read(actor):
        return Page([], None, request.limit)
    start = decode_cursor(RMA_LIST, request.cursor, RMA_KEYS).values if request.cursor else None
    query = select(Rma)
    for column, value in (
        (Rma.status, filters.status),
        (Rma.reason_code, filters.reason_code),
        (Rma.scenario, filters.scenario),
    ):
        if value is not None:
            query = query.where(column == value)
    if filters.q:
        needle = filters.q.strip().lower()
        query = query.where(
            or_(
                func.lower(Rma.number).contains(needle, autoescape=True),
                func.lower(Rma.order_reference).contains(needle, autoescape=True),
            )
        )
    if start is not None:
        query = query.where(after(RMA_KEYS, start))

    def work(session: Session) -> Page[dict[str, Any]]:
        rows = session.scalars(
            query.options(joinedload(Rma.customer)).order_by(*ordering(RMA_KEYS)).limit(request.limit + 1)
        ).all()
        return page_of(RMA_LIST, rows, request.limit, key_of=lambda r: (r.created_at, r.number), view=rma_summary)

    return ctx.run(work, write=False)


# -------------------------------------------------------------------------------------------------- lifecycle


def _for_change(session: Session, actor: Actor, rma_id: str, expected_version: int | None) -> Rma:
    """The visible RMA at the version the client read (None: `If-Match: *`, any version); StaleVersion otherwise."""
    rma = visible_rma(session, actor, rma_id)
    if expected_version is not None and rma.version != expected_version:
        raise StaleVersion(rma.version)
    return rma


def _move(rma: Rma, target: str, now: datetime) -> dict[str, Any]:
    """Apply a checked transition; returns the `before` of the audit event."""
    check_transition(rma.status, target)
    if target == RmaStatus.CLOSED and rma.disposition is None:
        raise Conflict("an RMA is closed only after its disposition is recorded")
    before = {"status": rma.status}
    rma.status = str(RmaStatus(target))
    rma.updated_at = now
    return before


def transition_rma(
    ctx: Context, actor: Actor, rma_id: str, target: str, expected_version: int | None, comment: str | None = None
) -> dict[str, Any]:
    """Move an RMA along its lifecycle (DESIGN.md §2); inspection and disposition have their own use cases."""

    def work(session: Session) -> dict[str, Any]:
        rma = _for_change(session, actor, rma_id, expected_version)
        if rma.status == RmaStatus.QUOTE_PENDING and target in (RmaStatus.APPROVED, RmaStatus.CANCELLED):
            raise Conflict(
                f"a paid repair goes on when the customer answers its quote: POST {RMAS_PATH}/{rma.id}/"
                f"quote/{'accept' if target == RmaStatus.APPROVED else 'decline'}"
            )
        if target in _DATA_TRANSITIONS:
            raise Conflict(
                f"an RMA becomes {target} by recording its {_DATA_TRANSITIONS[target]}: "
                f"POST {RMAS_PATH}/{rma.id}/{_DATA_TRANSITIONS[target]}"
            )
        move_in_session(session, ctx, actor, rma, target, comment)
        return rma_view(session, rma)

    return ctx.run(work)


def move_in_session(
    session: Session, ctx: Context, actor: Actor, rma: Rma, target: str, comment: str | None = None
) -> None:
    """A checked, audited lifecycle move in the caller's unit of work (also what a carrier's delivery causes)."""
    now = ctx.now()
    before = _move(rma, target, now)
    if target == RmaStatus.CLOSED:
        rma.closed_at = now
    session.flush()
    audit_chain.record(
        session,
        ctx.audit_key,
        actor,
        "rma:transition",
        "rma",
        rma.id,
        before,
        {"status": rma.status, "comment": comment},
        now,
        rma_id=rma.id,
    )


def quote_repair(
    ctx: Context, actor: Actor, rma_id: str, amount: Decimal, currency: str, expected_version: int | None
) -> dict[str, Any]:
    """Offer the paid repair of an out-of-warranty unit at `amount` (Decimal, ISO 4217 `currency`); a new
    quote replaces an offered one the customer has not answered yet."""
    errors: dict[str, list[str]] = {}
    if amount <= 0:
        errors["amount"] = ["a paid repair costs something: give the quoted amount"]
    if not fx.is_supported(currency):
        errors["currency"] = [f"{currency!r} has no rate in the offline ECB exchange-rate table"]
    if errors:
        raise InvalidInput(errors)

    def work(session: Session) -> dict[str, Any]:
        rma = _for_change(session, actor, rma_id, expected_version)
        if rma.status != RmaStatus.QUOTE_PENDING or rma.quote_state not in (None, "offered"):
            raise Conflict(
                f"{rma.number} is {rma.status}: a repair quote is offered while the RMA waits for one (quote_pending)"
            )
        now = ctx.now()
        before = {"quote": _quote_view(rma)}
        rma.quote_amount, rma.quote_currency, rma.quote_state, rma.quoted_at = amount, currency, "offered", now
        rma.updated_at = now
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "rma:quote",
            "rma",
            rma.id,
            before,
            {"quote": _quote_view(rma)},
            now,
            rma_id=rma.id,
        )
        return rma_view(session, rma)

    return ctx.run(work)


def answer_quote(
    ctx: Context, actor: Actor, rma_id: str, accepted: bool, expected_version: int | None, comment: str | None = None
) -> dict[str, Any]:
    """The customer's answer to the repair quote: accepted, the RMA is approved as a paid repair (its legs are
    planned next, the repair charged at the quote); declined, the RMA is cancelled."""

    def work(session: Session) -> dict[str, Any]:
        rma = _for_change(session, actor, rma_id, expected_version)
        if rma.status != RmaStatus.QUOTE_PENDING or rma.quote_state != "offered":
            raise Conflict(f"{rma.number} has no repair quote waiting for an answer")
        now = ctx.now()
        before = {**_move(rma, RmaStatus.APPROVED if accepted else RmaStatus.CANCELLED, now), "quote": _quote_view(rma)}
        rma.quote_state = "accepted" if accepted else "declined"
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "rma:quote-accept" if accepted else "rma:quote-decline",
            "rma",
            rma.id,
            before,
            {"status": rma.status, "quote": _quote_view(rma), "comment": comment},
            now,
            rma_id=rma.id,
        )
        return rma_view(session, rma)

    return ctx.run(work)


def inspect_rma(
    ctx: Context, actor: Actor, rma_id: str, data: InspectionData, expected_version: int | None
) -> dict[str, Any]:
    """Record what was found on a received RMA; a serial mismatch is flagged (error) and kept with it."""
    errors: dict[str, list[str]] = {}
    if data.condition not in CONDITIONS:
        errors["condition"] = [f"one of: {', '.join(CONDITIONS)}"]
    if data.packaging not in PACKAGING:
        errors["packaging"] = [f"one of: {', '.join(PACKAGING)}"]
    if data.warranty_status not in WARRANTY_STATUSES:
        errors["warranty_status"] = [f"one of: {', '.join(WARRANTY_STATUSES)}"]
    if errors:
        raise InvalidInput(errors)

    def work(session: Session) -> dict[str, Any]:
        rma = _for_change(session, actor, rma_id, expected_version)
        now = ctx.now()
        before = _move(rma, RmaStatus.INSPECTED, now)
        seen = [s.strip() for s in data.serials_seen]
        flags = serial_flags(_expected_serials(rma), seen)
        inspection = Inspection(
            rma_id=rma.id,
            serials_seen=seen,
            serial_match=not flags,
            condition=data.condition,
            packaging=data.packaging,
            warranty_status=data.warranty_status,
            notes=data.notes,
            inspected_by=actor.id,
            created_at=now,
        )
        rma.inspections.append(inspection)
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "rma:inspect",
            "rma",
            rma.id,
            before,
            {
                "status": rma.status,
                "inspection_id": inspection.id,
                "serials_seen": seen,
                "serial_match": inspection.serial_match,
                "condition": data.condition,
                "packaging": data.packaging,
                "warranty_status": data.warranty_status,
                "flags": flags,
            },
            now,
            rma_id=rma.id,
        )
        return rma_view(session, rma)

    return ctx.run(work)


def _unresolved_mismatch(rma: Rma) -> Inspection | None:
    """The latest inspection, when it found a serial mismatch nobody has resolved yet."""
    latest = rma.inspections[-1] if rma.inspections else None
    if latest is None or latest.serial_match or latest.resolution is not None:
        return None
    return latest


def resolve_serial_mismatch(
    ctx: Context, actor: Actor, rma_id: str, reason: str, expected_version: int | None
) -> dict[str, Any]:
    """A compliance officer's decision on a serial mismatch (e.g. the unit was re-labelled by the repairer),
    with its reason; it unblocks the disposition and is audited."""
    if not reason.strip():
        raise InvalidInput({"reason": ["say why the mismatch is acceptable (who checked what)"]})

    def work(session: Session) -> dict[str, Any]:
        rma = _for_change(session, actor, rma_id, expected_version)
        inspection = _unresolved_mismatch(rma)
        if inspection is None:
            raise Conflict(f"{rma.number} has no unresolved serial mismatch")
        now = ctx.now()
        inspection.resolution, inspection.resolved_by, inspection.resolved_at = reason.strip(), actor.id, now
        rma.updated_at = now
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "rma:resolve-serial-mismatch",
            "rma",
            rma.id,
            {"inspection_id": inspection.id, "resolution": None},
            {"inspection_id": inspection.id, "resolution": inspection.resolution},
            now,
            rma_id=rma.id,
        )
        return rma_view(session, rma)

    return ctx.run(work)


def set_disposition(
    ctx: Context, actor: Actor, rma_id: str, disposition: str, expected_version: int | None
) -> dict[str, Any]:
    """Decide what happens to the inspected goods (refund, repair, scrap ...)."""
    if disposition not in set(Disposition):
        raise InvalidInput({"disposition": [f"one of: {', '.join(Disposition)}"]})

    def work(session: Session) -> dict[str, Any]:
        rma = _for_change(session, actor, rma_id, expected_version)
        unresolved = _unresolved_mismatch(rma)
        if unresolved is not None:
            raise Conflict(
                f"the inspection of {rma.number} found serial numbers that differ from the RMA; a "
                "compliance officer must resolve the mismatch with a reason before the disposition"
            )
        now = ctx.now()
        before = {**_move(rma, RmaStatus.DISPOSITIONED, now), "disposition": rma.disposition}
        rma.disposition = disposition
        session.flush()
        audit_chain.record(
            session,
            ctx.audit_key,
            actor,
            "rma:disposition",
            "rma",
            rma.id,
            before,
            {"status": rma.status, "disposition": disposition},
            now,
            rma_id=rma.id,
        )
        return rma_view(session, rma)

    return ctx.run(work)
