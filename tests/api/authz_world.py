"""A small desk for the authorization matrix and the OpenAPI fuzzing, built through the use cases.

One token per role (two brokers: A and B) and an approved return GB -> NL whose leg is classified, its
export declaration filed to broker A and its import declaration filed to broker B.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from tradedesk.auth.actor import Actor
from tradedesk.auth.permissions import Role
from tradedesk.auth.tokens import issue
from tradedesk.db.models import Party
from tradedesk.services import declarations, documents, legs, rmas, screening, webhooks
from tradedesk.services.context import Context
from tradedesk.services.parties import PartyData, create_party
from tradedesk.services.rmas import RmaData, RmaItemData

CO, LC, BROKER, OTHER_BROKER, ADMIN = "compliance_officer", "logistics_coordinator", "broker", "other_broker", "admin"
ROLES = (CO, LC, BROKER, OTHER_BROKER, ADMIN)
DATA = Path(__file__).parent.parent / "data" / "screening"


@dataclass(frozen=True)
class World:
    ids: dict[str, str]  # path parameter name -> the id of a real object (the declaration is filed to broker A)
    tokens: dict[str, str]  # role -> plain API token


def _party(ctx: Context, actor: Actor, kind: str, name: str, country: str, ids: dict[str, str]) -> str:
    return str(create_party(ctx, actor, PartyData(kind, name, country, identifiers=ids)).body["id"])


def build_world(ctx: Context) -> World:
    coordinator = Actor(id="world-coordinator", name="Cora", role=LC)
    officer = Actor(id="world-officer", name="Olu", role=CO)
    customer = _party(ctx, coordinator, "customer", "Harbour Optics Ltd", "GB", {"EORI": "GB412735614000"})
    hub = _party(ctx, coordinator, "seller", "Lowlands Returns Hub B.V.", "NL", {"EORI": "NL853160210"})
    broker_a = _party(ctx, coordinator, "broker", "Thames Customs Brokers Ltd", "GB", {})
    broker_b = _party(ctx, coordinator, "broker", "Rotterdam Douane Services B.V.", "NL", {})

    def issue_tokens(session: Any) -> dict[str, str]:
        bound = {BROKER: session.get(Party, broker_a), OTHER_BROKER: session.get(Party, broker_b)}
        return {
            role: issue(session, f"world {role}", Role(BROKER if role in bound else role), bound.get(role))[1]
            for role in ROLES
        }

    tokens = ctx.run(issue_tokens)
    today = ctx.now().date()
    item = RmaItemData(
        "Camera lens 24-70 mm", "9002.11", "JP", Decimal(1), Decimal("1290.00"), "EUR", serial_numbers=("LZ2470-1",)
    )
    rma = rmas.create_rma(
        ctx,
        coordinator,
        RmaData(
            hub_id=hub,
            customer_id=customer,
            order_reference="LH-1",
            purchase_date=today - timedelta(days=5),
            reason_code="defective",
            scenario="return_for_refund",
            condition="used",
            items=(item,),
            warranty_expires=today + timedelta(days=700),
        ),
    ).body
    planned = legs.plan_legs(
        ctx,
        coordinator,
        rma["id"],
        legs.PlanRequest(today + timedelta(days=3), "courier"),
        legs.IdempotentRequest(None, "/plan", None),
    ).body["items"][0]
    filed = {}
    for decl in declarations.request_paperwork(ctx, coordinator, planned["id"])[1]:
        warnings = {f["code"]: "checked" for f in decl["flags"] if f["severity"] == "warning"}
        declarations.approve(ctx, officer, decl["id"], None, warnings, None)
        broker = broker_a if decl["side"] == "export" else broker_b
        filed[decl["side"]] = declarations.file_declaration(ctx, officer, decl["id"], None, broker)
    target = filed["export"]["id"]
    kind = documents.render_documents(ctx, officer, target)[0].kind
    match = _screening_match(ctx, coordinator)
    subscription, delivery = _webhook(ctx)
    return World(
        ids={
            "party_id": customer,
            "rma_id": rma["id"],
            "number": rma["number"],
            "leg_id": planned["id"],
            "declaration_id": target,
            "kind": kind,
            "match_id": match,
            "subscription_id": subscription,
            "delivery_id": delivery,
            "token": "an-unknown-one-time-link-token-0123456789",
            "import_id": "no-such-import",
            "dataset": "rmas",
        },
        tokens=tokens,
    )


def _webhook(ctx: Context) -> tuple[str, str]:
    """A subscription (a literal public address: no DNS needed) and one pending delivery to it."""
    admin = Actor(id="world-admin", name="Ada", role=ADMIN)
    subscription = webhooks.create_subscription(ctx, admin, "https://93.184.215.14/hooks", ["rma.created"])["id"]
    webhooks.fan_out(ctx, [{"type": "rma.created", "timestamp": "2026-12-01T00:00:00+00:00", "data": {}}])
    delivery = webhooks.list_deliveries(ctx, subscription).items[0]["id"]
    return subscription, delivery


def _screening_match(ctx: Context, actor: Actor) -> str:
    """An open restricted-party match: the OFAC SDN excerpt imported, and a party named like a listed bank."""
    folder = DATA / "ofac-sdn-legacy-csv"
    screening.import_list(ctx, actor, {p.name: p.read_bytes() for p in folder.glob("*.csv")}, date(2019, 1, 15))
    _party(ctx, actor, "customer", "Banco Nacional de Cuba", "CU", {})
    screening.rescreen_all(ctx, "request")
    return str(screening.match_queue(ctx).items[0]["id"])
