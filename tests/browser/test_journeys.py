"""The three people's journeys in a real browser: a coordinator opens a repair RMA and requests its
paperwork -> a compliance officer finds it in the review queue, acknowledges a warning, approves and files
it -> the customs broker downloads the XML and acknowledges with the MRN -> the RMA page shows the reference.
Each page is photographed into test-artifacts/screenshots/."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import follow, shot

MRN = "26CH00012345678901"


def open_repair_rma(
    page,
    today: date,
    *,
    purchased_days_ago: int = 12,
    warranty_days_left: int = 700,
    order: str = "ORD-7781",
    description: str = "Wristwatch, automatic",
    unit_value: str = "2500.00",
    serial: str = "A1234",
    show_validation: bool = True,
) -> str:
    """The coordinator's new-RMA form for a watch sent to the Swiss repairer; with `show_validation`, first sent
    with a mistake to see the message naming the field. Returns the RMA number."""
    page.get_by_role("link", name="New RMA").first.click()
    page.get_by_label("Customer", exact=True).select_option(label="Example Ltd (GB)")
    page.get_by_label("Returns hub (seller or repairer)").select_option(label="Swiss Watch Repair AG (repairer, CH)")
    page.get_by_label("Order reference").fill(order)
    page.get_by_label("Purchase date").fill((today - timedelta(days=purchased_days_ago)).isoformat())
    page.get_by_label("Warranty expires").fill((today + timedelta(days=warranty_days_left)).isoformat())
    page.get_by_label("Reason").select_option("defective")
    page.get_by_label("Scenario").select_option("repair")
    page.get_by_label("Condition").select_option("used")
    page.get_by_label("Description").fill(description)
    page.get_by_label("Country of origin").fill("CH")
    page.get_by_label("Unit value").fill(unit_value)
    page.get_by_label("Currency").fill("GBP")
    page.get_by_label("Serial numbers").fill(serial)
    if show_validation:
        page.get_by_label("HS code").fill("9999.99")
        page.get_by_role("button", name="Open the RMA").click()
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("Item 1: HS code")
        shot(page, "02-new-rma-validation")
    page.get_by_label("HS code").fill("9102.11")
    page.get_by_role("button", name="Open the RMA").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"RMA-\d{4}-\d{6}"))
    heading = page.get_by_role("heading", level=1).inner_text()
    number = re.search(r"RMA-\d{4}-\d{6}", heading)
    assert number, heading
    return number.group(0)


def test_a_repair_goes_from_request_to_customs_reference(person, live):
    today = date.today()

    # --- the logistics coordinator: open the RMA, plan its legs, request the paperwork
    coordinator = person("logistics_coordinator")
    shot(coordinator, "01-rmas-coordinator")
    number = open_repair_rma(coordinator, today)
    rma_url = coordinator.url
    coordinator.get_by_label("Ship date").fill((today + timedelta(days=3)).isoformat())
    coordinator.get_by_label("Repair cost").fill("400.00")
    coordinator.get_by_label("Currency").fill("GBP")
    coordinator.get_by_label("The repair is charged to the customer").check()
    coordinator.get_by_role("button", name="Plan and classify the legs").click()
    route = coordinator.locator("#legs")
    expect(route).to_contain_text("Outward processing")
    expect(route).to_contain_text("Re-import after repair")
    coordinator.get_by_role("button", name="Request paperwork for leg 1").click()
    expect(coordinator.get_by_role("status").first).to_contain_text("Paperwork requested")
    shot(coordinator, "03-rma-legs-planned")

    # --- the compliance officer: the queue, the declaration, acknowledge the warning, approve, file
    officer = person("compliance_officer")
    assert officer.url.endswith("/queue")
    expect(officer.locator("table")).to_contain_text(number)
    shot(officer, "04-review-queue")
    officer.get_by_role("link", name=re.compile(r"Import declaration \(CH\)")).first.click()
    expect(officer.get_by_role("heading", name="Flags")).to_be_visible()
    expect(officer.locator("ul.flags")).to_contain_text("PROFILE_PARTIAL")
    shot(officer, "05-declaration-review")
    officer.get_by_label("Why is the warning PROFILE_PARTIAL acceptable?").fill(
        "Swiss import at full value checked against the BAZG tariff; no relief claimed."
    )
    officer.get_by_role("button", name=re.compile("Approve version 1")).click()
    expect(officer.get_by_role("status").first).to_contain_text("Approved")
    officer.get_by_label("Customs broker", exact=True).select_option(label="Zollagentur Basel AG (CH)")
    officer.get_by_role("button", name=re.compile("File version 1")).click()
    expect(officer.get_by_role("status").first).to_contain_text("Filed")
    shot(officer, "06-declaration-filed")

    # --- the customs broker: the inbox, the files, acknowledge with the MRN
    broker = person("broker")
    assert broker.url.endswith("/inbox")
    shot(broker, "07-broker-inbox")
    follow(broker, broker.get_by_role("link", name=re.compile(r"Import declaration \(CH\)")).first)
    filing_url = broker.url
    broker.get_by_role("button", name="Prepare the files for download").click()
    broker.wait_for_url(re.compile(r"/jobs/"))
    shot(broker, "08-documents-progress")
    broker.wait_for_url(re.compile(re.escape(filing_url) + r"\?job=[\w-]+#documents$"), timeout=60_000)
    with broker.expect_download() as xml:
        broker.get_by_role("link", name=re.compile(r"Download .*\.tradedesk\.xml")).click()
    assert xml.value.suggested_filename.endswith(".tradedesk.xml")
    assert b"urn:tradedesk:declaration:1.0" in Path(xml.value.path()).read_bytes()
    shot(broker, "09-filing-documents")
    broker.get_by_label("Customs reference (MRN)").fill(MRN)
    broker.get_by_role("button", name="Acknowledge").click()
    expect(broker.get_by_role("status").first).to_contain_text(MRN)
    shot(broker, "10-filing-acknowledged")

    # --- back on the RMA page: the reference is there
    coordinator.goto(rma_url)
    expect(coordinator.get_by_role("heading", name="Customs references").locator("..")).to_contain_text(MRN)
    expect(coordinator.locator("#leg-1")).to_contain_text(MRN)
    shot(coordinator, "11-rma-with-customs-reference")
    live_officer_pages(officer)


def live_officer_pages(officer):
    """The officer's other pages, photographed after the journey has put data in them."""
    officer.get_by_role("link", name="Deadlines").click()
    officer.get_by_label("Due within").select_option("730")
    officer.get_by_role("button", name="Show").click()
    expect(officer.locator("table")).to_contain_text("re-import of the repaired goods")
    shot(officer, "12-deadlines")
    officer.get_by_role("link", name="Analytics").click()
    expect(officer.locator("svg[role=img]").first).to_be_visible()
    shot(officer, "13-analytics")
