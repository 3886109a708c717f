"""Builders for parties and RMA requests in tests, and a fixed clock (2026-11-20) so that numbers and
eligibility (days since purchase, warranty) do not depend on the day the tests run."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from tradedesk.auth.actor import Actor
from tradedesk.db.models import AuditEvent
from tradedesk.services.parties import PartyData, create_party

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
COORDINATOR = Actor(id="coordinator-1", name="Cora", role="logistics_coordinator")
OFFICER = Actor(id="officer-1", name="Olu", role="compliance_officer")
BROKER = Actor(id="broker-1", name="Bram", role="broker", party_id="broker-party")


def days_ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


def freeze(context: Any, when: datetime = NOW) -> None:
    context.now = lambda: when


def add_party(context: Any, kind: str, name: str, country: str, **fields: Any) -> str:
    """Register a party through the service (as a coordinator); returns its id."""
    outcome = create_party(context, COORDINATOR, PartyData(kind, name, country, **fields))
    return str(outcome.body["id"])


def item(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "description": "Laptop computer",
        "sku": "LAP-13",
        "hs_code": "8471.30",
        "origin_country": "CN",
        "quantity": 1,
        "unit_value": "1000.00",
        "currency": "EUR",
        "serial_numbers": ["SN-0001"],
        "udi": None,
    }
    base.update(overrides)
    return base


def rma_body(hub_id: str, customer_id: str | None = None, /, **overrides: Any) -> dict[str, Any]:
    """A valid POST /api/v1/rmas body: defective laptop bought 10 days ago, repair scenario."""
    base: dict[str, Any] = {
        "hub_id": hub_id,
        "order_reference": "ORD-1001",
        "purchase_date": days_ago(10),
        "reason_code": "defective",
        "scenario": "repair",
        "condition": "used",
        "warranty_expires": (TODAY + timedelta(days=700)).isoformat(),
        "paid_service_contract": False,
        "photo_provided": False,
        "notes": None,
        "items": [item()],
    }
    if customer_id is not None:
        base["customer_id"] = customer_id
    else:
        base["customer"] = {"name": "Example Ltd", "country": "GB", "identifiers": {"EORI": "GB123456789000"}}
    base.update(copy.deepcopy(overrides))
    return base


def count(context: Any, model: Any) -> int:
    return int(context.run(lambda s: s.scalar(select(func.count()).select_from(model)), write=False))


def audit_actions(context: Any) -> list[str]:
    return list(context.run(lambda s: list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq))), write=False))
