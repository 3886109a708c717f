"""Legs of an RMA: planned from its scenario, edited, and classified on creation and on every change.

The engine's decision, the profile versions it used and when it was taken are stored on the leg
(leg_records.classify_leg, which also assigns IOR/EOR), so a declaration is drafted from a decision we can
show later. A change to a leg reclassifies the legs that rely on it or are paired with it, and redrafts
their open declarations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypedDict, cast

import pycountry
from sqlalchemy import Table, func, insert, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from tradedesk.auth.actor import Actor
from tradedesk.db.models import Declaration, Leg, Party, Rma, new_id
from tradedesk.db.types import utcnow
from tradedesk.domain.leg_details import LegDetails
from tradedesk.domain.rma import plan_legs as scenario_plan
from tradedesk.services import audit_chain
from tradedesk.services.context import Context
from tradedesk.services.declarations import FINAL_RMA_STATES, check_version, refresh_declarations
from tradedesk.services.errors import Conflict, InvalidInput, NotFound
from tradedesk.services.idempotency import Outcome, run_idempotent
from tradedesk.services.leg_records import UNWRITTEN_LEGS, classify_leg
from tradedesk.services.paging import FIRST_PAGE, Key, Page, PageRequest, after, decode_cursor, ordering, page_of

PATCHABLE = ("ship_date", "transport", "shipped_on", "broker_id", "exporter_id", "importer_id", "ior_id", "eor_id")


@dataclass(frozen=True, slots=True)
class IdempotentRequest:
    """What a creating POST was sent with: the Idempotency-Key (or None), its path and its JSON body."""

    key: str | None
    path: str
    body: Any


@dataclass(frozen=True, slots=True)
class PlanRequest:
    ship_date: date
    transport: str
    customer_country: str | None = None
    hub_country: str | None = None
    broker_id: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    #: ship dates chosen for some legs, by position (1 = the first leg); the others are proposed
    ship_dates: Mapping[int, date] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NewLeg:
    movement: str
    from_country: str
    to_country: str
    ship_date: date
    transport: str
    exporter_id: str
    importer_id: str
    ior_id: str | None = None
    eor_id: str | None = None
    broker_id: str | None = None
    relies_on_leg_id: str | None = None
    paired_leg_id: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------------- views


class LegDeclarationRef(TypedDict):
    """One declaration version of a leg, as its view lists it (a link, not the content)."""

    id: str
    side: str
    version_no: int
    status: str
    jurisdiction: str


class LegTracking(TypedDict):
    carrier: str | None
    number: str
    url: str | None
    delivered_at: str | None


class LegView(TypedDict):
    """A leg as every edge shows it: its route, parties, details (stored form), the stored decision (the
    classification contract) and its declarations; `version` is its ETag."""

    id: str
    rma_id: str
    position: int
    movement: str
    from_country: str
    to_country: str
    ship_date: str | None
    transport: str
    exporter_id: str
    importer_id: str
    ior_id: str | None
    eor_id: str | None
    broker_id: str | None
    relies_on_leg_id: str | None
    paired_leg_id: str | None
    details: dict[str, Any]
    decision: dict[str, Any]
    profile_versions: list[Any]
    decided_at: str | None
    customs_reference: str | None
    status: str
    shipped_on: str | None
    tracking: LegTracking | None
    declarations: list[LegDeclarationRef]
    version: int


def _iso(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def leg_views(session: Session, legs: Sequence[Leg]) -> list[LegView]:
    """The views of `legs`, their declarations read in one SELECT (callers flush first: it reads the database)."""
    if not legs:
        return []
    declarations: dict[str, list[LegDeclarationRef]] = {leg.id: [] for leg in legs}
    rows = session.execute(
        select(
            Declaration.leg_id,
            Declaration.id,
            Declaration.side,
            Declaration.version_no,
            Declaration.status,
            Declaration.jurisdiction,
        )
        .where(Declaration.leg_id.in_(list(declarations)))
        .order_by(Declaration.leg_id, Declaration.side, Declaration.version_no)
    )
    for d in rows:
        declarations[d.leg_id].append(
            LegDeclarationRef(
                id=d.id, side=d.side, version_no=d.version_no, status=d.status, jurisdiction=d.jurisdiction
            )
        )
    return [_leg_view(leg, declarations[leg.id]) for leg in legs]


def new_leg_views(legs: Sequence[Leg]) -> list[LegView]:
    """The views of legs written in this transaction: they have no declarations yet (nothing to read)."""
    return [_leg_view(leg, []) for leg in legs]


def leg_view(session: Session, leg: Leg) -> LegView:
    return leg_views(session, [leg])[0]


def _leg_view(leg: Leg, declarations: list[LegDeclarationRef]) -> LegView:
    return {
        "id": leg.id,
        "rma_id": leg.rma_id,
        "position": leg.position,
        "movement": leg.movement,
        "from_country": leg.from_country,
        "to_country": leg.to_country,
        "ship_date": _iso(leg.ship_date),
        "transport": leg.transport,
        "exporter_id": leg.exporter_id,
        "importer_id": leg.importer_id,
        "ior_id": leg.ior_id,
        "eor_id": leg.eor_id,
        "broker_id": leg.broker_id,
        "relies_on_leg_id": leg.relies_on_leg_id,
        "paired_leg_id": leg.paired_leg_id,
        "details": leg.details,
        "decision": leg.decision,
        "profile_versions": leg.profile_versions,
        "decided_at": _iso(leg.decided_at),
        "customs_reference": leg.customs_reference,
        "status": leg.status,
        "shipped_on": _iso(leg.shipped_on),
        "tracking": None
        if leg.tracking_number is None
        else LegTracking(
            carrier=leg.carrier,
            number=leg.tracking_number,
            url=leg.tracking_url,
            delivered_at=_iso(leg.delivered_at),
        ),
        "declarations": declarations,
        "version": leg.version,
    }


# ---------------------------------------------------------------------------------------------- lookups


def load_leg(session: Session, leg_id: str) -> Leg:
    leg = session.get(Leg, leg_id)
    if leg is None:
        raise NotFound(f"leg {leg_id} not found")
    return leg


def load_rma(session: Session, rma_id: str, *, with_customer: bool = False) -> Rma:
    rma = session.get(Rma, rma_id, options=[joinedload(Rma.customer)] if with_customer else None)
    if rma is None:
        raise NotFound(f"RMA {rma_id} not found")
    return rma


def _open_rma(rma: Rma) -> None:
    if rma.status in FINAL_RMA_STATES:
        raise Conflict(f"RMA {rma.number} is {rma.status}: its legs can no longer be planned or changed")


def _party(session: Session, field_name: str, party_id: str | None, kind: str | None = None) -> Party | None:
    if party_id is None:
        return None
    party = session.get(Party, party_id)
    if party is None:
        raise InvalidInput({field_name: [f"no party {party_id}"]})
    if kind is not None and party.kind != kind:
        raise InvalidInput({field_name: [f"party {party.name} is a {party.kind}, not a {kind}"]})
    return party


# -------------------------------------------------------------------------------------------- classify


def reclassify_with_dependents(
    session: Session, ctx: Context, actor: Actor, leg: Leg, cause: str = "the leg changed and was reclassified"
) -> None:
    """Classify `leg`, then every leg relying on it or paired with it; supersede their declarations whose
    content changes (services.declarations.refresh_declarations)."""
    queue, seen = [leg], set()
    while queue:
        current = queue.pop(0)
        if current.id in seen:
            continue
        seen.add(current.id)
        classify_leg(session, ctx, actor, current)
        refresh_declarations(session, ctx, actor, current, cause)
        queue.extend(
            session.scalars(
                select(Leg)
                .where(or_(Leg.relies_on_leg_id == current.id, Leg.paired_leg_id == current.id))
                .order_by(Leg.position)
            )
        )


# ------------------------------------------------------------------------------------------- use cases


def _check_countries(ctx: Context, countries: Mapping[str, str]) -> None:
    """Both ends are ISO 3166-1 countries and differ; a country without a profile is fine (`not_covered` side)."""
    errors = {
        k: [f"{v!r} is not an ISO 3166-1 alpha-2 country code"]
        for k, v in countries.items()
        if pycountry.countries.get(alpha_2=v) is None
    }
    if errors:
        raise InvalidInput(errors)
    (first, a), (second, b) = countries.items()
    if a == b:
        raise InvalidInput({second: [f"must differ from {first} ({a}): a leg crosses a border"]})


def _audit_created(session: Session, ctx: Context, actor: Actor, leg: Leg) -> None:
    after = {
        "movement": leg.movement,
        "from_country": leg.from_country,
        "to_country": leg.to_country,
        "ship_date": leg.ship_date,
        "relies_on_leg_id": leg.relies_on_leg_id,
        "paired_leg_id": leg.paired_leg_id,
    }
    audit_chain.record(
        session, ctx.audit_key, actor, "leg:create", "leg", leg.id, None, after, ctx.now(), rma_id=leg.rma_id
    )


def _rma_to_plan(session: Session, rma_id: str) -> tuple[Rma, Party | None]:
    """The RMA with what planning reads (customer, items, legs) and its hub, in one SELECT."""
    hub = aliased(Party)
    row = (
        session.execute(
            select(Rma, hub)
            .outerjoin(hub, hub.id == func.coalesce(Rma.repairer_id, Rma.seller_id))
            .options(joinedload(Rma.customer), joinedload(Rma.items), joinedload(Rma.legs))
            .where(Rma.id == rma_id)
        )
        .unique()
        .first()
    )
    if row is None:
        raise NotFound(f"RMA {rma_id} not found")
    return row[0], row[1]


def _classify_and_insert(session: Session, ctx: Context, actor: Actor, rows: list[Leg]) -> None:
    """Classify new legs before they are written, then write them in one multi-row INSERT with their links and
    decisions (a leg may be paired with a later one: the foreign keys are checked at the end of the statement)
    and make them the session's persistent rows; the audit events go with the next flush."""
    session.info[UNWRITTEN_LEGS] = {row.id: row for row in rows}  # classification finds the linked legs here
    try:
        for row in rows:
            _audit_created(session, ctx, actor, row)
            classify_leg(session, ctx, actor, row, flush=False)
    finally:
        del session.info[UNWRITTEN_LEGS]
    table = cast(Table, Leg.__table__)
    columns = table.columns
    # RETURNING makes SQLAlchemy send the rows as one multi-row INSERT ("insertmanyvalues", compiled once and
    # cached) rather than a per-row executemany, whose rows would be checked one by one
    session.execute(
        insert(table).returning(table.c.id), [{c.key: getattr(row, c.key) for c in columns} for row in rows]
    )
    for row in rows:
        make_transient_to_detached(row)
        session.add(row)
    session.flush()


def _ship_dates(req: PlanRequest, plan: Sequence[Any]) -> list[date]:
    """Each leg's ship date: the one chosen for its position, else the plan's date plus the scenario's interval
    (a repair comes back after the hub's turnaround, not the day it left)."""
    unknown = sorted(p for p in req.ship_dates if not 1 <= p <= len(plan))
    if unknown:
        raise InvalidInput(
            {f"ship_dates.{p}": [f"this scenario plans {len(plan)} legs (positions 1 to {len(plan)})"] for p in unknown}
        )
    dates = []
    for position, step in enumerate(plan, start=1):
        try:
            dates.append(req.ship_dates.get(position) or req.ship_date + timedelta(days=step.days_after))
        except OverflowError as exc:
            raise InvalidInput({"ship_date": [f"leg {position} would ship after 9999-12-31"]}) from exc
    return dates


def plan_legs(ctx: Context, actor: Actor, rma_id: str, req: PlanRequest, idem: IdempotentRequest) -> Outcome:
    """Create the legs of the RMA's scenario (customer <-> hub), linked and classified."""

    def work(session: Session) -> tuple[int, Mapping[str, Any], dict[str, str]]:
        rma, hub = _rma_to_plan(session, rma_id)
        _open_rma(rma)
        if rma.legs:
            raise Conflict(f"RMA {rma.number} already has legs; add or edit legs instead of planning again")
        if hub is None:
            raise Conflict(f"RMA {rma.number} names no seller or repairer: the hub its goods move to and from")
        customer = rma.customer
        countries = {
            "customer_country": req.customer_country or customer.country,
            "hub_country": req.hub_country or hub.country,
        }
        _check_countries(ctx, countries)
        _party(session, "broker_id", req.broker_id, "broker")
        where = {"customer": countries["customer_country"], "hub": countries["hub_country"]}
        who = {"customer": customer.id, "hub": hub.id}
        plan = scenario_plan(rma.scenario)
        given = LegDetails.from_json(req.details)
        for step in plan:
            problems = given.problems(step.movement, relies_on_leg=step.relies_on is not None, prefix="details.")
            if problems:
                raise InvalidInput(problems)
        dates = _ship_dates(req, plan)
        ids = [new_id() for _ in plan]  # known before the INSERT, so that the legs are written linked
        rows = []
        for i, step in enumerate(plan):
            details = given.for_movement(step.movement).to_json()
            rows.append(
                Leg(
                    id=ids[i],
                    rma_id=rma.id,
                    position=i + 1,
                    movement=str(step.movement),
                    from_country=where[step.from_country],
                    to_country=where[step.to_country],
                    ship_date=dates[i],
                    transport=req.transport,
                    exporter_id=who[step.exporter],
                    importer_id=who[step.importer],
                    ior_id=None,
                    eor_id=None,
                    broker_id=req.broker_id,
                    relies_on_leg_id=None if step.relies_on is None else ids[step.relies_on],
                    paired_leg_id=None if step.paired_with is None else ids[step.paired_with],
                    details=details,
                    decision={},
                    profile_versions=[],
                    decided_at=None,
                    customs_reference=None,
                    status="planned",
                    shipped_on=None,
                    carrier=None,
                    tracking_number=None,
                    tracking_url=None,
                    delivered_at=None,
                    deadline_announced_for=None,
                    relief_deadline=None,
                    relief_side=None,
                    created_at=utcnow(),
                    version=1,
                )
            )
        for row in rows:  # leg.rma for classification, without a backref putting the legs into a flush
            set_committed_value(row, "rma", rma)
        _classify_and_insert(session, ctx, actor, rows)
        set_committed_value(rma, "legs", rows)  # the session's RMA knows its legs, as after a flush
        return 201, {"rma_id": rma.id, "items": new_leg_views(rows)}, {}

    return run_idempotent(ctx, actor, idem.key, "POST", idem.path, idem.body, work)


def _linked_leg(session: Session, field_name: str, leg_id: str | None, rma: Rma) -> Leg | None:
    if leg_id is None:
        return None
    other = session.get(Leg, leg_id)
    if other is None or other.rma_id != rma.id:
        raise InvalidInput({field_name: [f"no leg {leg_id} on RMA {rma.number}"]})
    return other


def add_leg(ctx: Context, actor: Actor, rma_id: str, new: NewLeg, idem: IdempotentRequest) -> Outcome:
    """Add one leg explicitly (a movement the scenario did not foresee), linked and classified."""

    def work(session: Session) -> tuple[int, Mapping[str, Any], dict[str, str]]:
        rma = load_rma(session, rma_id)
        _open_rma(rma)
        _check_countries(ctx, {"from_country": new.from_country, "to_country": new.to_country})
        for name in ("exporter_id", "importer_id", "ior_id", "eor_id"):
            _party(session, name, getattr(new, name))
        _party(session, "broker_id", new.broker_id, "broker")
        _linked_leg(session, "relies_on_leg_id", new.relies_on_leg_id, rma)
        paired = _linked_leg(session, "paired_leg_id", new.paired_leg_id, rma)
        details = LegDetails.from_json(new.details)
        problems = details.problems(new.movement, relies_on_leg=new.relies_on_leg_id is not None, prefix="details.")
        if problems:
            raise InvalidInput(problems)
        position = session.scalar(select(func.coalesce(func.max(Leg.position), 0)).where(Leg.rma_id == rma.id))
        leg = Leg(
            rma_id=rma.id,
            position=int(position or 0) + 1,
            movement=new.movement,
            from_country=new.from_country,
            to_country=new.to_country,
            ship_date=new.ship_date,
            transport=new.transport,
            exporter_id=new.exporter_id,
            importer_id=new.importer_id,
            ior_id=new.ior_id,
            eor_id=new.eor_id,
            broker_id=new.broker_id,
            relies_on_leg_id=new.relies_on_leg_id,
            paired_leg_id=new.paired_leg_id,
            details=details.to_json(),
        )
        session.add(leg)
        session.flush()
        _audit_created(session, ctx, actor, leg)
        if paired is not None and paired.paired_leg_id is None:
            paired.paired_leg_id = leg.id  # a dual shipment is paired both ways
        reclassify_with_dependents(session, ctx, actor, leg)
        session.flush()
        return 201, leg_view(session, leg), {"ETag": f'"{leg.version}"'}

    return run_idempotent(ctx, actor, idem.key, "POST", idem.path, idem.body, work)


LEG_LIST = "legs"
LEG_KEYS = (Key(Leg.position, "int"), Key(Leg.id, "str"))


def list_legs(ctx: Context, rma_id: str, request: PageRequest = FIRST_PAGE) -> Page[LegView]:
    """The legs of an RMA in order: the RMA check, the legs, their declarations (three statements)."""
    start = decode_cursor(LEG_LIST, request.cursor, LEG_KEYS).values if request.cursor else None

    def work(session: Session) -> Page[LegView]:
        load_rma(session, rma_id)
        query = select(Leg).where(Leg.rma_id == rma_id)
        if start is not None:
            query = query.where(after(LEG_KEYS, start))
        rows = session.scalars(query.order_by(*ordering(LEG_KEYS)).limit(request.limit + 1)).all()
        page = page_of(LEG_LIST, rows, request.limit, key_of=lambda leg: (leg.position, leg.id), view=lambda leg: leg)
        return Page(leg_views(session, page.items), page.next_cursor, page.limit)

    return ctx.run(work, write=False)


def get_leg(ctx: Context, leg_id: str) -> LegView:
    return ctx.run(lambda session: leg_view(session, load_leg(session, leg_id)), write=False)


def _merge_details(leg: Leg, changes: Mapping[str, Any]) -> LegDetails:
    """Block-level merge: a given block replaces the stored one, null removes it."""
    merged = dict(leg.details or {})
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return LegDetails.from_json(merged)


def _check_changed_parties(session: Session, changes: Mapping[str, Any]) -> None:
    """Every party an edit names exists (a broker is a broker); exporter and importer cannot be removed."""
    for name in ("exporter_id", "importer_id", "ior_id", "eor_id"):
        if name in changes:
            if changes[name] is None and name in ("exporter_id", "importer_id"):
                raise InvalidInput({name: ["a leg always has an exporter and an importer"]})
            _party(session, name, changes[name])
    if "broker_id" in changes:
        _party(session, "broker_id", changes["broker_id"], "broker")


def _apply_changes(
    leg: Leg, changes: Mapping[str, Any], details: LegDetails | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set what the edit changes; (before, after) of each changed field, for the audit trail."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name in PATCHABLE:
        if name in changes and getattr(leg, name) != changes[name]:
            before[name], after[name] = getattr(leg, name), changes[name]
            setattr(leg, name, changes[name])
    if details is not None and details != LegDetails.from_json(leg.details):
        before["details"], after["details"] = leg.details, details.to_json()
        leg.details = details.to_json()
    return before, after


def update_leg(
    ctx: Context, actor: Actor, leg_id: str, expected_version: int | None, changes: Mapping[str, Any]
) -> LegView:
    """Edit a leg (If-Match); it and the legs depending on it are reclassified, open declarations redrafted."""

    def work(session: Session) -> LegView:
        leg = load_leg(session, leg_id)
        check_version("leg", leg.version, expected_version)
        _open_rma(leg.rma)
        _check_changed_parties(session, changes)
        merged = _merge_details(leg, changes["details"] or {}) if "details" in changes else None
        if merged is not None:
            problems = merged.problems(leg.movement, relies_on_leg=leg.relies_on_leg_id is not None, prefix="details.")
            if problems:
                raise InvalidInput(problems)
        before, after = _apply_changes(leg, changes, merged)
        if after:
            session.flush()
            audit_chain.record(
                session, ctx.audit_key, actor, "leg:update", "leg", leg.id, before, after, ctx.now(), rma_id=leg.rma_id
            )
        reclassify_with_dependents(session, ctx, actor, leg)
        session.flush()
        return leg_view(session, leg)

    return ctx.run(work)


def reclassify_leg(ctx: Context, actor: Actor, leg_id: str, expected_version: int | None) -> LegView:
    """Decide again (e.g. after a profile update or an earlier leg's MRN arrived); open declarations follow."""

    def work(session: Session) -> LegView:
        leg = load_leg(session, leg_id)
        check_version("leg", leg.version, expected_version)
        _open_rma(leg.rma)
        reclassify_with_dependents(session, ctx, actor, leg)
        session.flush()
        return leg_view(session, leg)

    return ctx.run(work)
