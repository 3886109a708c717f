"""What the browser must refuse: another broker's filing (404) and a form without its CSRF token (403);
and what people without a mouse or a wide screen need: the skip link, and pages that fit a tablet."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import shot
from tradedesk.auth.actor import Actor
from tradedesk.services import declarations, legs
from tradedesk.services.rmas import RmaData, RmaItemData, create_rma

COORDINATOR = Actor(id="script-coordinator", name="Script", role="logistics_coordinator")
OFFICER = Actor(id="script-officer", name="Script officer", role="compliance_officer")


def filed_to_swiss_broker(live) -> tuple[str, str]:
    """An RMA whose CH import declaration was filed to the Swiss broker, built through the services."""
    from decimal import Decimal

    ctx = live.app.extensions["tradedesk.context"]
    today = date.today()
    rma = create_rma(
        ctx,
        COORDINATOR,
        RmaData(
            hub_id=live.parties["swiss_repairer"],
            customer_id=live.parties["uk_customer"],
            order_reference="ORD-GUARD",
            purchase_date=today - timedelta(days=5),
            reason_code="defective",
            scenario="repair",
            condition="used",
            warranty_expires=today + timedelta(days=400),
            items=(
                RmaItemData("Wristwatch", "910211", "CH", Decimal(1), Decimal("900.00"), "GBP", serial_numbers=("G1",)),
            ),
        ),
    ).body
    planned = legs.plan_legs(
        ctx,
        COORDINATOR,
        rma["id"],
        legs.PlanRequest(
            ship_date=today + timedelta(days=2),
            transport="courier",
            details={"repair": {"cost": {"amount": "100.00", "currency": "GBP"}, "charged": True}},
        ),
        legs.IdempotentRequest(None, "/script", None),
    ).body["items"]
    _, drafted = declarations.request_paperwork(ctx, COORDINATOR, planned[0]["id"])
    imp = next(d for d in drafted if d["side"] == "import")
    acks = {f["code"]: "checked" for f in imp["flags"] if f["severity"] == "warning"}
    declarations.approve(ctx, OFFICER, imp["id"], None, acks, None)
    declarations.file_declaration(ctx, OFFICER, imp["id"], None, live.parties["swiss_broker"])
    return rma["id"], imp["id"]


def test_a_broker_cannot_open_another_brokers_filing(person, live):
    _, filing_id = filed_to_swiss_broker(live)
    other = person("uk_broker")
    response = other.goto(f"/inbox/{filing_id}")
    assert response.status == 404
    expect(other.get_by_role("heading", name="Not found")).to_be_visible()
    shot(other, "15-other-broker-404")
    own = person("broker")
    assert own.goto(f"/inbox/{filing_id}").status == 200


def test_a_form_sent_without_its_csrf_token_is_refused(person, live):
    _, filing_id = filed_to_swiss_broker(live)
    broker = person("broker")
    broker.goto(f"/inbox/{filing_id}")
    form = broker.locator("form[action$='/acknowledge']")
    form.locator("input[name=csrf_token]").evaluate("input => input.remove()")
    broker.get_by_label("Customs reference (MRN)").fill("26CH00000000000001")
    with broker.expect_response(lambda r: r.url.endswith("/acknowledge")) as answer:
        broker.get_by_role("button", name="Acknowledge").click()
    assert answer.value.status == 403
    expect(broker.get_by_role("heading", name="This form was not accepted")).to_be_visible()
    shot(broker, "16-csrf-refused")
    broker.goto(f"/inbox/{filing_id}")
    expect(broker.locator("h1")).to_contain_text("Filed")


def test_the_skip_link_is_the_first_stop_of_the_keyboard(person):
    page = person("compliance_officer")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_the_rma_page_fits_a_tablet(person, live):
    rma_id, _ = filed_to_swiss_broker(live)
    page = person("logistics_coordinator", width=768, height=1024)
    page.goto(f"/rmas/{rma_id}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    shot(page, "14-rma-tablet")


def test_the_sign_in_page(browser, live):
    context = browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.goto("/rmas")
        assert "/login" in page.url
        page.get_by_label("API token").fill("td_not-a-real-token")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("API token: is unknown or revoked")
        shot(page, "00-sign-in")
    finally:
        context.close()
