"""ORM builders for tests of legs, declarations and filings: parties, RMAs, legs, extra tokens, a fixed clock.

Rows are written straight through the ORM (no audit events, no validation) so that a test states only what
it is about. The cast is realistic: a UK customer of a Swiss repair hub, a Swiss customer of a UK seller,
customs brokers in both countries, and an importer-of-record provider for the UK.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from tradedesk.auth.actor import Actor
from tradedesk.auth.permissions import Role
from tradedesk.auth.tokens import issue
from tradedesk.db.models import ApiToken, AuditEvent, Declaration, Leg, Party, Rma, RmaItem

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
SHIP = date(2026, 11, 23)
COORDINATOR = Actor(id="coordinator-1", name="Cora", role="logistics_coordinator")
OFFICER = Actor(id="officer-1", name="Olu", role="compliance_officer")
OTHER_OFFICER = Actor(id="officer-2", name="Ode", role="compliance_officer")
_numbers = itertools.count(900_001)

WATCH = {
    "description": "Wristwatch",
    "sku": "W-100",
    "hs_code": "910211",
    "origin_country": "CH",
    "quantity": Decimal(1),
    "unit_value": Decimal("2500.00"),
    "currency": "GBP",
    "serial_numbers": ["A1234"],
}
LAPTOP = {
    "description": "Laptop computer",
    "sku": "LAP-13",
    "hs_code": "847130",
    "origin_country": "CN",
    "quantity": Decimal(1),
    "unit_value": Decimal("1000.00"),
    "currency": "GBP",
    "serial_numbers": ["SN-0001"],
}


def freeze(context: Any, when: datetime = NOW) -> None:
    """Pin the use cases' clock: eligibility, decided_at and deadlines do not depend on the day tests run."""
    context.now = lambda: when


def party(context: Any, kind: str, name: str, country: str, **fields: Any) -> str:
    def work(session: Any) -> str:
        row = Party(
            kind=kind,
            name=name,
            country=country,
            established_in=fields.pop("established_in", [country]),
            identifiers=fields.pop("identifiers", {}),
            serves_countries=fields.pop("serves_countries", []),
            **fields,
        )
        session.add(row)
        session.flush()
        return row.id

    return str(context.run(work))


def rma(
    context: Any,
    scenario: str,
    customer_id: str,
    hub_id: str,
    items: list[dict[str, Any]] | None = None,
    status: str = "approved",
    **fields: Any,
) -> str:
    """An RMA row; the hub is stored by its kind (a repairer in repairer_id, a seller in seller_id)."""

    def work(session: Any) -> str:
        hub = session.get(Party, hub_id)
        row = Rma(
            number=f"RMA-2026-{next(_numbers):06d}",
            status=status,
            scenario=scenario,
            reason_code=fields.pop("reason_code", "defective"),
            customer_id=customer_id,
            seller_id=hub_id if hub.kind == "seller" else None,
            repairer_id=hub_id if hub.kind == "repairer" else None,
            order_reference=fields.pop("order_reference", "ORD-1001"),
            purchase_date=fields.pop("purchase_date", date(2026, 11, 1)),
            condition=fields.pop("condition", "used"),
            eligibility_decision="auto_approve",
            eligibility_rule="test",
            eligibility_reason="test fixture",
            created_by="factory",
            **fields,
        )
        for i, spec in enumerate(items or [WATCH]):
            row.items.append(RmaItem(position=i, **{**spec, "serial_numbers": list(spec.get("serial_numbers", []))}))
        session.add(row)
        session.flush()
        return row.id

    return str(context.run(work))


def leg(
    context: Any,
    rma_id: str,
    movement: str,
    from_country: str,
    to_country: str,
    exporter_id: str,
    importer_id: str,
    **fields: Any,
) -> str:
    """A leg row as stored, not yet classified (use services.legs to classify it)."""

    def work(session: Any) -> str:
        position = len(session.get(Rma, rma_id).legs) + 1
        row = Leg(
            rma_id=rma_id,
            position=position,
            movement=movement,
            from_country=from_country,
            to_country=to_country,
            ship_date=fields.pop("ship_date", SHIP),
            transport=fields.pop("transport", "courier"),
            exporter_id=exporter_id,
            importer_id=importer_id,
            details=fields.pop("details", {}),
            **fields,
        )
        session.add(row)
        session.flush()
        return row.id

    return str(context.run(work))


def token(context: Any, role: str, name: str, party_id: str | None = None) -> tuple[str, str]:
    """Another API token (e.g. a second compliance officer, another broker): (plain token, actor id)."""

    def work(session: Any) -> tuple[str, str]:
        row, plain = issue(session, name, Role(role), session.get(Party, party_id) if party_id else None)
        return plain, row.id

    return context.run(work)  # type: ignore[no-any-return]


def actor_id(context: Any, plain_token: str) -> str:
    from tradedesk.auth.tokens import hash_token

    return str(
        context.run(
            lambda s: s.scalar(select(ApiToken.id).where(ApiToken.token_hash == hash_token(plain_token))), write=False
        )
    )


def bearer(plain_token: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {plain_token}", **extra}


def row(context: Any, model: Any, row_id: str) -> Any:
    """A detached snapshot of one row (attributes loaded)."""
    return context.run(lambda s: s.get(model, row_id), write=False)


def declarations_of(context: Any, leg_id: str) -> list[Declaration]:
    return list(
        context.run(
            lambda s: list(
                s.scalars(
                    select(Declaration)
                    .where(Declaration.leg_id == leg_id)
                    .order_by(Declaration.side, Declaration.version_no)
                )
            ),
            write=False,
        )
    )


def audit_actions(context: Any) -> list[str]:
    return list(context.run(lambda s: list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq))), write=False))


@dataclass(frozen=True)
class Cast:
    uk_customer: str
    swiss_repairer: str
    swiss_customer: str
    uk_seller: str
    uk_broker: str
    swiss_broker: str


def cast(context: Any, uk_broker: str) -> Cast:
    """The parties of a typical desk; `uk_broker` is conftest's broker_party (the broker token's party)."""
    return Cast(
        uk_customer=party(context, "customer", "Example Ltd", "GB", identifiers={"EORI": "GB123456789000"}),
        swiss_repairer=party(
            context, "repairer", "Swiss Watch Repair AG", "CH", identifiers={"UID": "CHE-109.322.551"}
        ),
        swiss_customer=party(context, "customer", "Uhren Handel AG", "CH", identifiers={"UID": "CHE-116.281.710"}),
        uk_seller=party(context, "seller", "Gadget Retail Ltd", "GB", identifiers={"EORI": "GB555555555000"}),
        uk_broker=uk_broker,
        swiss_broker=party(context, "broker", "Zollagentur Basel AG", "CH", representation="direct"),
    )
