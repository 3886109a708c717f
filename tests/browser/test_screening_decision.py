"""A compliance officer decides a restricted-party match in the browser (issue #14): the queue, the listed entry
beside the party, a reason, and the legs freed of RESTRICTED_PARTY_MATCH."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import follow, shot
from tradedesk.auth.actor import Actor
from tradedesk.services import legs, screening
from tradedesk.services.parties import PartyData, create_party
from tradedesk.services.rmas import RmaData, RmaItemData, create_rma

SDN = Path(__file__).resolve().parents[1] / "data" / "screening" / "ofac-sdn-legacy-csv"
COORDINATOR = Actor(id="script-coordinator", name="Script", role="logistics_coordinator")
ADMIN = Actor(id="script-admin", name="Script admin", role="admin")


def listed_customer_with_legs(live) -> str:
    """The SDN excerpt imported; a German customer named like a listed company, its repair RMA planned."""
    ctx = live.app.extensions["tradedesk.context"]
    screening.import_list(ctx, ADMIN, {p.name: p.read_bytes() for p in SDN.glob("*.csv")}, date(2019, 1, 15))
    customer = create_party(ctx, COORDINATOR, PartyData("customer", "Khan and Schirindel GmbH", "DE")).body["id"]
    today = date.today()
    rma = create_rma(
        ctx,
        COORDINATOR,
        RmaData(
            hub_id=live.parties["swiss_repairer"],
            customer_id=customer,
            order_reference="ORD-SCREEN",
            purchase_date=today - timedelta(days=5),
            reason_code="defective",
            scenario="repair",
            condition="used",
            warranty_expires=today + timedelta(days=400),
            items=(
                RmaItemData("Wristwatch", "910211", "CH", Decimal(1), Decimal("900.00"), "EUR", serial_numbers=("K1",)),
            ),
        ),
    ).body
    legs.plan_legs(
        ctx,
        COORDINATOR,
        rma["id"],
        legs.PlanRequest(
            today + timedelta(days=2),
            "courier",
            details={"repair": {"cost": {"amount": "100.00", "currency": "EUR"}, "charged": True}},
        ),
        legs.IdempotentRequest(None, "/script-screen", None),
    )
    return customer


def flags_of_party_legs(live, customer: str) -> set[str]:
    ctx = live.app.extensions["tradedesk.context"]
    decisions = ctx.run(lambda s: [leg.decision for leg in screening.legs_of_party(s, customer)])
    return {f["code"] for d in decisions for f in d["flags"]}


def test_an_officer_clears_a_false_positive_with_a_reason(person, live):
    customer = listed_customer_with_legs(live)
    assert "RESTRICTED_PARTY_MATCH" in flags_of_party_legs(live, customer)
    officer = person("compliance_officer")
    follow(officer, officer.get_by_role("link", name="Screening"))
    row = officer.get_by_role("row").filter(has_text="Khan and Schirindel GmbH")
    expect(row).to_contain_text("KHAN & SCHIRINDEL GMBH")
    shot(officer, "screening-queue")
    follow(officer, row.get_by_role("link", name="Khan and Schirindel GmbH"))
    expect(officer.get_by_role("heading", name="The listed entry")).to_be_visible()
    expect(officer.get_by_text("Schwalbacher Strasse 19", exact=False)).to_be_visible()
    officer.get_by_label("Decision").select_option("clear")
    officer.get_by_label("Reason").fill("Another firm: HRB 98765 at Amtsgericht Hamburg, founded 2021")
    shot(officer, "screening-decision")
    follow(officer, officer.get_by_role("button", name="Record the decision"))
    expect(officer.get_by_text("cleared as a false positive", exact=False)).to_be_visible()
    assert "RESTRICTED_PARTY_MATCH" not in flags_of_party_legs(live, customer)
    follow(officer, officer.get_by_role("link", name="Screening history"))
    expect(officer.get_by_role("row").filter(has_text="KHAN & SCHIRINDEL GMBH")).to_contain_text("Cleared")
