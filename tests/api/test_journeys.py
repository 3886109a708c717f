"""Full journeys over HTTP, one per RMA scenario: open the RMA -> plan its legs (classified) -> request the
paperwork -> a compliance officer approves (acknowledging warnings) -> file to the broker of the declaration's
country -> the broker acknowledges with the customs reference -> the RMA moves on to closed and shows every
reference.

The cast: a UK customer of a Swiss repair hub (repair); a Swiss customer of a UK seller (the others). The
repository has no EU profile yet, so the brief's "DE customer / GB hub" is played by a Swiss customer.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests import factories as f
from tests.api.legs_http import REPAIR, acknowledge, approve, fetch, file, ok, paperwork, plan

pytestmark = pytest.mark.both_databases  # dialect-specific: see tests/conftest.py

WATCH = {
    "description": "Wristwatch",
    "sku": "W-100",
    "hs_code": "9102.11",
    "origin_country": "CH",
    "quantity": 1,
    "unit_value": "2500.00",
    "currency": "GBP",
    "serial_numbers": ["A1234"],
    "udi": None,
}
LAPTOP = {
    "description": "Laptop computer",
    "sku": "LAP-13",
    "hs_code": "8471.30",
    "origin_country": "CN",
    "quantity": 1,
    "unit_value": "1000.00",
    "currency": "GBP",
    "serial_numbers": ["SN-0001"],
    "udi": None,
}


@dataclass(frozen=True)
class Journey:
    scenario: str
    customer: str  # attribute of factories.Cast
    hub: str
    item: dict[str, Any]
    reason: str
    condition: str
    disposition: str
    movements: list[tuple[str, str, str]]
    #: (leg index, side) -> expected regime
    regimes: dict[tuple[int, str], str]
    plan: dict[str, Any] = field(default_factory=dict)
    #: legs whose import declaration proves its prior export with the earlier leg's export MRN
    proves_prior_export: tuple[int, ...] = ()


JOURNEYS = [
    Journey(
        "repair",
        "uk_customer",
        "swiss_repairer",
        WATCH,
        "defective",
        "used",
        "repair",
        [("export_for_repair", "GB", "CH"), ("return_after_repair", "CH", "GB")],
        {(0, "export"): "outward_processing", (1, "import"): "reimport_after_repair"},
        plan={"details": REPAIR},
        proves_prior_export=(1,),
    ),
    Journey(
        "advance_replacement",
        "swiss_customer",
        "uk_seller",
        LAPTOP,
        "defective",
        "used",
        "refurbish",
        [("advance_replacement", "GB", "CH"), ("defective_return", "CH", "GB")],
        {(0, "export"): "standard_export", (1, "import"): "standard_import"},
    ),
    Journey(
        "warranty_replacement",
        "swiss_customer",
        "uk_seller",
        LAPTOP,
        "defective",
        "used",
        "exchange",
        [("defective_return", "CH", "GB"), ("warranty_replacement", "GB", "CH")],
        {(0, "import"): "standard_import", (1, "export"): "standard_export"},
        plan={"details": {"warranty": {"covered": True}}},
    ),
    Journey(
        "demo",
        "swiss_customer",
        "uk_seller",
        LAPTOP,
        "demo_end",
        "used",
        "restock",
        [("demo_dispatch", "GB", "CH"), ("demo_return", "CH", "GB")],
        {(0, "export"): "temporary_export", (1, "import"): "returned_goods_relief"},
        proves_prior_export=(1,),
    ),
    Journey(
        "return_for_refund",
        "swiss_customer",
        "uk_seller",
        LAPTOP,
        "no_longer_needed",
        "new",
        "refund",
        [("return_for_refund", "CH", "GB")],
        {(0, "import"): "standard_import"},
    ),
]


@pytest.fixture
def desk(context, broker_party):
    f.freeze(context)
    return f.cast(context, broker_party)


@pytest.fixture
def brokers(context, auth, desk):
    """The broker token of each jurisdiction: conftest's UK broker, and one for the Swiss broker."""
    plain, _ = f.token(context, "broker", "Swiss broker", desk.swiss_broker)
    return {"GB": (desk.uk_broker, auth("broker")), "CH": (desk.swiss_broker, f.bearer(plain))}


def open_rma(client, auth, desk, journey):
    body = {
        "customer_id": getattr(desk, journey.customer),
        "hub_id": getattr(desk, journey.hub),
        "order_reference": f"ORD-{journey.scenario}",
        "purchase_date": "2026-11-10",
        "reason_code": journey.reason,
        "scenario": journey.scenario,
        "condition": journey.condition,
        "warranty_expires": "2028-11-10",
        "items": [journey.item],
    }
    rma = ok(
        client.post(
            "/api/v1/rmas",
            json=body,
            headers=auth("logistics_coordinator", **{"Idempotency-Key": f"open-{journey.scenario}"}),
        ),
        201,
    )
    if rma["status"] == "under_review":
        rma = move(client, auth("compliance_officer"), rma, "approved")
    assert rma["status"] == "approved"
    return rma


def move(client, headers, rma, target):
    return ok(
        client.post(
            f"/api/v1/rmas/{rma['id']}/transitions",
            json={"to": target},
            headers={**headers, "If-Match": f'"{rma["version"]}"'},
        )
    )


def current(client, headers, rma_id):
    return ok(client.get(f"/api/v1/rmas/{rma_id}", headers=headers))


def come_back_later(client, auth, leg):
    """The goods relying on an earlier leg travel weeks later: the coordinator moves the date (reclassified)."""
    changed = ok(
        client.patch(
            f"/api/v1/legs/{leg['id']}",
            json={"ship_date": "2026-12-15"},
            headers=auth("logistics_coordinator", **{"If-Match": f'"{leg["version"]}"'}),
        )
    )
    assert changed["ship_date"] == "2026-12-15"
    return changed


def clear_customs(client, auth, brokers, leg, counter):
    """Paperwork -> approval -> filing -> acknowledgement for every declaration of one leg; returns the MRNs."""
    references = {}
    for decl in paperwork(client, auth("logistics_coordinator"), leg["id"]):
        approved = approve(client, auth("compliance_officer"), decl)
        broker_id, broker_headers = brokers[decl["jurisdiction"]]
        filed = file(client, auth("compliance_officer"), approved, broker_id)
        reference = f"26{decl['jurisdiction']}{next(counter):014d}"
        accepted = acknowledge(client, broker_headers, fetch(client, broker_headers, filed["id"]), reference)
        assert accepted["status"] == "accepted"
        references[decl["side"]] = reference
    return references


def receive_and_inspect(client, auth, rma, item):
    coordinator = auth("logistics_coordinator")
    rma = move(client, coordinator, rma, "in_transit")
    rma = move(client, coordinator, rma, "received")
    inspection = {
        "serials_seen": item["serial_numbers"],
        "condition": "used",
        "packaging": "intact",
        "warranty_status": "in_warranty",
    }
    rma = ok(
        client.post(
            f"/api/v1/rmas/{rma['id']}/inspection",
            json=inspection,
            headers={**coordinator, "If-Match": f'"{rma["version"]}"'},
        )
    )
    return rma


@pytest.mark.parametrize("journey", JOURNEYS, ids=[j.scenario for j in JOURNEYS])
def test_a_full_journey(client, auth, context, desk, brokers, journey):
    counter = itertools.count(1)
    rma = open_rma(client, auth, desk, journey)

    legs = plan(client, auth("logistics_coordinator"), rma["id"], **journey.plan)
    assert [(leg["movement"], leg["from_country"], leg["to_country"]) for leg in legs] == journey.movements
    legs = [come_back_later(client, auth, leg) if leg["relies_on_leg_id"] else leg for leg in legs]
    for (index, side), regime in journey.regimes.items():
        assert legs[index]["decision"][side]["regime"] == regime, legs[index]["decision"]["trace"]

    references: list[str] = []
    export_mrn: dict[int, str] = {}
    for index, leg in enumerate(legs):
        if index in journey.proves_prior_export:
            reimport = next(
                d for d in paperwork(client, auth("logistics_coordinator"), leg["id"]) if d["side"] == "import"
            )
            assert reimport["content"]["prior_export"]["reference"] == export_mrn[index - 1]
        by_side = clear_customs(client, auth, brokers, leg, counter)
        export_mrn[index] = by_side.get("export", "")
        references.extend(by_side.values())
        assert (
            ok(client.get(f"/api/v1/legs/{leg['id']}", headers=auth("compliance_officer")))["customs_reference"]
            in by_side.values()
        )

    rma = receive_and_inspect(client, auth, current(client, auth("logistics_coordinator"), rma["id"]), journey.item)
    rma = ok(
        client.post(
            f"/api/v1/rmas/{rma['id']}/disposition",
            json={"disposition": journey.disposition},
            headers=auth("logistics_coordinator", **{"If-Match": f'"{rma["version"]}"'}),
        )
    )
    rma = move(client, auth("logistics_coordinator"), rma, "closed")

    final = current(client, auth("compliance_officer"), rma["id"])
    assert final["status"] == "closed"
    assert sorted(r["reference"] for r in final["customs_references"]) == sorted(references)
    assert {r["leg_id"] for r in final["customs_references"]} == {leg["id"] for leg in legs}
