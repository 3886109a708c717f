"""Minimal stored records (parties, RMAs, legs, declarations) for reports, audit and concurrency tests.

They write ORM rows directly, without the RMA/leg use cases, so that these tests state exactly the stored
facts they report on (a decision with a given deadline, a leg shipped on a given day ...).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from tradedesk.db.models import Declaration, Leg, Party, Rma
from tradedesk.services.queue import deadline_key, flag_counts
from tradedesk.services.reports import relief_clock

_numbers = itertools.count(1)


def party(session: Session, name: str = "Example Ltd", kind: str = "customer", country: str = "GB") -> Party:
    row = Party(kind=kind, name=f"{name} {next(_numbers)}", country=country, established_in=[country])
    session.add(row)
    session.flush()
    return row


def rma(
    session: Session,
    customer: Party,
    *,
    status: str = "approved",
    scenario: str = "repair",
    reason_code: str = "defective",
    disposition: str | None = None,
    created_at: datetime | None = None,
    closed_at: datetime | None = None,
) -> Rma:
    row = Rma(
        number=f"RMA-2026-{next(_numbers):06d}",
        status=status,
        scenario=scenario,
        reason_code=reason_code,
        customer_id=customer.id,
        order_reference="SO-1",
        purchase_date=date(2026, 1, 5),
        condition="used",
        eligibility_decision="auto_approve",
        eligibility_rule="test",
        eligibility_reason="test",
        disposition=disposition,
        created_by="test",
        created_at=created_at or datetime(2026, 3, 1, tzinfo=UTC),
        closed_at=closed_at,
    )
    session.add(row)
    session.flush()
    return row


def leg(
    session: Session,
    rma_row: Rma,
    movement: str,
    *,
    decision: dict[str, Any] | None = None,
    shipped_on: date | None = None,
    relies_on: Leg | None = None,
    paired_with: Leg | None = None,
    from_country: str = "GB",
    to_country: str = "CH",
) -> Leg:
    row = Leg(
        rma_id=rma_row.id,
        position=len(rma_row.legs),
        movement=movement,
        from_country=from_country,
        to_country=to_country,
        ship_date=date(2026, 3, 2),
        transport="courier",
        exporter_id=rma_row.customer_id,
        importer_id=rma_row.customer_id,
        decision=decision or {},
        shipped_on=shipped_on,
        relies_on_leg_id=None if relies_on is None else relies_on.id,
        paired_leg_id=None if paired_with is None else paired_with.id,
        **relief_clock(movement, decision),
    )
    rma_row.legs.append(row)
    session.flush()
    return row


def declaration(
    session: Session,
    leg_row: Leg,
    *,
    status: str = "in_review",
    side: str = "import",
    version_no: int = 1,
    deadline: date | None = None,
    severities: tuple[str, ...] = (),
    created_at: datetime | None = None,
    broker: Party | None = None,
    filed_at: datetime | None = None,
) -> Declaration:
    """A stored declaration; `severities` are its flags' (the queue's counts are derived as drafting does)."""
    flags = [{"code": f"FLAG_{i}", "severity": s, "message": "test"} for i, s in enumerate(severities)]
    row = Declaration(
        leg_id=leg_row.id,
        side=side,
        version_no=version_no,
        status=status,
        jurisdiction=leg_row.to_country,
        content={},
        content_hash="0" * 64,
        requested_by="coordinator",
        flags=flags,
        deadline=deadline,
        deadline_key=deadline_key(deadline),
        **flag_counts(flags),
        created_at=created_at or datetime(2026, 3, 1, tzinfo=UTC),
        broker_id=None if broker is None else broker.id,
        filed_at=filed_at,
    )
    session.add(row)
    session.flush()
    return row


def money(amount: str, currency: str) -> dict[str, str]:
    return {"amount": amount, "currency": currency}


def deadline(
    day: date, event: str = "re-import of the repaired goods", source: str = "OP authorisation"
) -> dict[str, str]:
    return {"date": day.isoformat(), "event": event, "source": source}


def export_side(
    jurisdiction: str = "GB", regime: str = "outward_processing", deadline_: dict[str, str] | None = None
) -> dict[str, Any]:
    return {"jurisdiction": jurisdiction, "regime": regime, "deadline": deadline_}


def import_side(
    jurisdiction: str = "GB",
    *,
    currency: str = "GBP",
    full: str = "1000.00",
    duty: str | None = "0.00",
    duty_base: str = "full_value",
    items: tuple[tuple[str, str | None], ...] = (("1000.00", "2"),),
    de_minimis: tuple[str, ...] = (),
    deadline_: dict[str, str] | None = None,
    regime: str = "standard_import",
) -> dict[str, Any]:
    """An import side in the contract's shape; `items` are (duty base, rate percent or None) per item."""
    return {
        "jurisdiction": jurisdiction,
        "regime": regime,
        "duty_base": duty_base,
        "full_value": money(full, currency),
        "customs_value": money(str(sum((Decimal(b) for b, _ in items), Decimal(0))), currency),
        "duty": None if duty is None else money(duty, currency),
        "duty_detail": [
            {"item": i, "hs_code": "847130", "base": money(base, currency), "rate": rate, "duty": None}
            for i, (base, rate) in enumerate(items)
        ],
        "de_minimis": list(de_minimis),
        "deadline": deadline_,
    }
