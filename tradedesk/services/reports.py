"""Desk reports: relief deadlines coming due, and analytics (RMAs, duty relief, cycle times).

Both read the decisions stored on the legs (Leg.decision, the contract JSON of DESIGN.md §3): what the
engine decided when the leg was classified is what the desk filed on, so that is what we report on;
nothing is re-classified here.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from tradedesk.auth.actor import Actor
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.db.models import Leg, Rma
from tradedesk.domain.model import Money
from tradedesk.domain.periods import days_after
from tradedesk.domain.rma import RmaStatus
from tradedesk.domain.valuation import rounded
from tradedesk.services.context import Context
from tradedesk.services.errors import NotFound
from tradedesk.services.paging import FIRST_PAGE, Key, PageRequest, after, decode_cursor, ordering, page_of

ZERO = Decimal(0)
HUNDRED = Decimal(100)
#: RMAs that never moved goods: their legs claim no relief and run no clock
INACTIVE = frozenset({RmaStatus.REJECTED.value, RmaStatus.CANCELLED.value})
DEFAULT_WITHIN_DAYS = 30


@dataclass(frozen=True, slots=True)
class ReliefClock:
    """A relief that ends when a later leg of the same RMA ships: the opening leg's side carries the deadline."""

    movement: str
    side: str
    closed_by: str
    kind: str


CLOCKS: Mapping[str, ReliefClock] = {
    c.movement: c
    for c in (
        ReliefClock("export_for_repair", "export", "return_after_repair", "outward_processing_reimport"),
        ReliefClock("demo_dispatch", "import", "demo_return", "temporary_admission_reexport"),
        ReliefClock("advance_replacement", "import", "defective_return", "advance_replacement_defective_return"),
    )
}

FULL_VALUE_METHOD = (
    "duty_at_full_value re-prices each leg's stored import decision at its full customs value (import.full_value): "
    "each item's share of the duty base (duty_detail base / sum of bases) x full value x the item's stored rate, "
    "rounded to the currency's minor unit; zero where the stored decision fell under a duty de minimis threshold "
    "(those thresholds measure the goods' value, so they hold at full value too). relief = duty_at_full_value - duty. "
    "Left out: legs of rejected or cancelled RMAs and import sides without a duty base (no formalities); legs "
    "whose duty could not be estimated (an item without a rate) are counted in not_estimated. Amounts stay in the "
    "import jurisdiction's currency as stored, one row per currency; nothing is converted."
)


def _require(actor: Actor, permission: Permission) -> None:
    """Reports cover every RMA: only roles holding the permission see them (the API refuses others with 403)."""
    if not allowed(actor.role, permission):
        raise NotFound(f"no reports for the role {actor.role}")


# --------------------------------------------------------------------------------------------------- deadlines


def relief_clock(movement: str, decision: Mapping[str, Any] | None) -> dict[str, Any]:
    """The leg's relief deadline and its side, stored on the leg when it is classified (Leg.relief_deadline):
    the report then selects legs by an indexed date instead of reading every decision."""
    clock = CLOCKS.get(movement)
    deadline = ((decision or {}).get(clock.side) or {}).get("deadline") if clock is not None else None
    if clock is None or not deadline or not deadline.get("date"):
        return {"relief_deadline": None, "relief_side": None}
    return {"relief_deadline": date.fromisoformat(deadline["date"]), "relief_side": clock.side}


def relief_closed(leg: type[Leg] | Any) -> ColumnElement[bool]:
    """The relief already ended: a closing leg shipped. The closing legs are the later legs of the clock's
    closing movement linked to this one (relies on it, or a dual shipment paired either way), else the RMA's
    unlinked legs of that movement."""
    other = aliased(Leg)
    closing = case({c.movement: c.closed_by for c in CLOCKS.values()}, value=leg.movement)
    candidate = and_(other.rma_id == leg.rma_id, other.movement == closing)
    linked = or_(other.relies_on_leg_id == leg.id, other.paired_leg_id == leg.id, other.id == leg.paired_leg_id)
    unlinked = and_(other.relies_on_leg_id.is_(None), other.paired_leg_id.is_(None))
    shipped = other.shipped_on.is_not(None)
    return or_(
        select(other.id).where(candidate, linked, shipped).exists(),
        and_(
            ~select(other.id).where(candidate, linked).exists(),
            select(other.id).where(candidate, unlinked, shipped).exists(),
        ),
    )


def _deadline_row(leg: Leg, rma_number: str, today: date) -> dict[str, Any]:
    clock = CLOCKS[leg.movement]
    side = (leg.decision or {}).get(clock.side) or {}
    deadline = side.get("deadline") or {}
    due = leg.relief_deadline
    assert due is not None  # selected by it
    days_left = (due - today).days
    return {
        "leg_id": leg.id,
        "rma_id": leg.rma_id,
        "rma_number": rma_number,
        "movement": leg.movement,
        "kind": clock.kind,
        "side": clock.side,
        "jurisdiction": side.get("jurisdiction"),
        "regime": side.get("regime"),
        "date": due.isoformat(),
        "days_left": days_left,
        "status": "overdue" if days_left < 0 else "due_soon",
        "event": deadline.get("event"),
        "source": deadline.get("source"),
        "shipped_on": None if leg.shipped_on is None else leg.shipped_on.isoformat(),
    }


def open_relief_due(today: date, within_days: int) -> tuple[ColumnElement[bool], ...]:
    """The legs (joined with their RMA) whose relief ends within `within_days` of `today`, or has ended, and whose
    closing leg has not shipped: the deadlines page and the deadline.approaching announcement read the same ones."""
    return (
        Leg.relief_deadline <= days_after(today, within_days),
        Leg.movement.in_(list(CLOCKS)),
        Rma.status.not_in(list(INACTIVE)),
        ~relief_closed(Leg),
    )


DEADLINES = "deadlines"
DEADLINE_KEYS = (Key(Leg.relief_deadline, "date"), Key(Rma.number, "str"), Key(Leg.id, "str"))


def deadlines(
    ctx: Context, actor: Actor, within_days: int = DEFAULT_WITHIN_DAYS, request: PageRequest = FIRST_PAGE
) -> dict[str, Any]:
    """One page of relief deadlines due within N days (or overdue) whose closing leg has not shipped, soonest
    first: one statement on the stored relief clock (Leg.relief_deadline)."""
    _require(actor, Permission.READ_REPORTS)
    start = decode_cursor(DEADLINES, request.cursor, DEADLINE_KEYS).values if request.cursor else None

    def work(session: Session) -> dict[str, Any]:
        today = ctx.now().date()
        stmt = select(Leg, Rma.number).join(Rma, Leg.rma_id == Rma.id).where(*open_relief_due(today, within_days))
        if start is not None:
            stmt = stmt.where(after(DEADLINE_KEYS, start))
        rows = session.execute(stmt.order_by(*ordering(DEADLINE_KEYS)).limit(request.limit + 1)).all()
        page = page_of(
            DEADLINES,
            rows,
            request.limit,
            key_of=lambda r: (r[0].relief_deadline, r[1], r[0].id),
            view=lambda r: _deadline_row(r[0], r[1], today),
        )
        return page.body(as_of=today.isoformat(), within_days=within_days)

    return ctx.run(work, write=False)


# --------------------------------------------------------------------------------------------------- analytics


def duty_at_full_value(import_side: Mapping[str, Any]) -> Decimal | None:
    """The duty the stored import decision would have cost at full value; None when a rate is not known."""
    full = Decimal(import_side["full_value"]["amount"])
    currency = import_side["full_value"]["currency"]
    if any(str(entry).startswith("duty") for entry in import_side.get("de_minimis") or ()):
        return rounded(Money(ZERO, currency)).amount
    detail = import_side.get("duty_detail") or []
    if not detail or any(d.get("rate") is None for d in detail):
        return None
    bases = [Decimal(d["base"]["amount"]) if d.get("base") else ZERO for d in detail]
    total_base = sum(bases, ZERO)
    shares = [b / total_base for b in bases] if total_base else [Decimal(1) / len(detail)] * len(detail)
    duty = sum((full * share * Decimal(d["rate"]) / HUNDRED for d, share in zip(detail, shares, strict=True)), ZERO)
    return rounded(Money(duty, currency)).amount


@dataclass(slots=True)
class _Relief:
    legs: int = 0
    not_estimated: int = 0
    duty: Decimal = ZERO
    full: Decimal = ZERO


def relief_by_currency(decisions: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Duty estimated vs duty at full value, summed per import currency (see FULL_VALUE_METHOD)."""
    tally: dict[str, _Relief] = defaultdict(_Relief)
    for decision in decisions:
        side = decision.get("import") or {}
        if not side.get("duty_base") or not side.get("full_value"):
            continue
        entry = tally[side["full_value"]["currency"]]
        full = duty_at_full_value(side)
        if full is None or side.get("duty") is None:
            entry.not_estimated += 1
            continue
        entry.legs += 1
        entry.duty += Decimal(side["duty"]["amount"])
        entry.full += full

    def text(amount: Decimal, currency: str) -> str:
        return str(rounded(Money(amount, currency)).amount)

    return [
        {
            "currency": c,
            "legs": t.legs,
            "not_estimated": t.not_estimated,
            "duty": text(t.duty, c),
            "duty_at_full_value": text(t.full, c),
            "relief": text(t.full - t.duty, c),
        }
        for c, t in sorted(tally.items())
    ]


def _cycle(days: list[float]) -> dict[str, Any]:
    return {
        "closed": len(days),
        "median_days": round(statistics.median(days), 2) if days else None,
        "mean_days": round(statistics.fmean(days), 2) if days else None,
    }


def _counts(rows: Iterable[Any], key: str) -> list[dict[str, Any]]:
    return [{key: value, "count": count} for value, count in sorted(rows, key=lambda r: (-r[1], str(r[0])))]


def analytics(ctx: Context, actor: Actor) -> dict[str, Any]:
    """RMAs by reason and disposition, duty relief against full-value entry per currency, cycle times."""
    _require(actor, Permission.READ_REPORTS)

    def work(session: Session) -> dict[str, Any]:
        by_reason = session.execute(select(Rma.reason_code, func.count()).group_by(Rma.reason_code)).all()
        by_disposition = session.execute(select(Rma.disposition, func.count()).group_by(Rma.disposition)).all()
        decisions = session.scalars(
            select(Leg.decision).join(Rma, Leg.rma_id == Rma.id).where(Rma.status.not_in(list(INACTIVE)))
        )
        durations: dict[str, list[float]] = defaultdict(list)
        for rma in session.scalars(select(Rma).where(Rma.closed_at.is_not(None))):
            if rma.closed_at is not None:
                durations[rma.scenario].append((rma.closed_at - rma.created_at).total_seconds() / 86400)
        everything = [d for days in durations.values() for d in days]
        return {
            "rmas": sum(count for _, count in by_reason),
            "by_reason_code": _counts(by_reason, "reason_code"),
            "by_disposition": _counts(by_disposition, "disposition"),
            "duty_relief": {"by_currency": relief_by_currency(d for d in decisions if d), "method": FULL_VALUE_METHOD},
            "cycle_time": {
                "all": _cycle(everything),
                "by_scenario": [{"scenario": s, **_cycle(days)} for s, days in sorted(durations.items())],
            },
        }

    return ctx.run(work, write=False)
