"""A paid repair in a real browser: a watch out of warranty is quoted and accepted, its legs get their own dates,
and its re-import is approved only once the export's MRN has come back from the broker."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.conftest import follow, shot
from tests.browser.test_journeys import open_repair_rma

EXPORT_MRN = "26GB00098765432101"


def test_a_paid_repair_is_quoted_dated_and_its_reimport_waits_for_the_exports_mrn(person, live):
    today = date.today()
    coordinator = person("logistics_coordinator")
    number = open_repair_rma(
        coordinator,
        today,
        purchased_days_ago=900,
        warranty_days_left=-170,
        order="ORD-2019-551",
        description="Wristwatch, chronograph",
        unit_value="3200.00",
        serial="C7788",
        show_validation=False,
    )
    rma_url = coordinator.url
    quote = coordinator.locator("#quote")
    quote.get_by_label("Repair price").fill("145.00")
    quote.get_by_label("Currency").fill("GBP")
    quote.get_by_role("button", name="Offer the paid repair").click()
    coordinator.locator("#quote").get_by_role("button", name="Customer accepts").click()
    expect(coordinator.get_by_role("status").first).to_contain_text("approved as a paid repair")
    legs = coordinator.locator("#legs")
    legs.get_by_label("Ship date", exact=True).fill((today + timedelta(days=2)).isoformat())
    assert legs.get_by_label("Repair cost").input_value() == "145.00"
    legs.get_by_role("button", name="Plan and classify the legs").click()
    out_day, back_day = today + timedelta(days=2), today + timedelta(days=23)
    expect(coordinator.locator("#legs")).to_contain_text(f"ships {out_day:%d %b %Y}")
    expect(coordinator.locator("#legs")).to_contain_text(f"ships {back_day:%d %b %Y}")
    follow(coordinator, coordinator.get_by_role("button", name="Request paperwork for leg 1"))
    follow(coordinator, coordinator.get_by_role("button", name="Request paperwork for leg 2"))
    shot(coordinator, "20-paid-repair-planned")

    officer = person("compliance_officer")
    row = officer.locator("tr", has_text=number)
    follow(officer, row.get_by_role("link", name=re.compile(r"Import declaration \(GB\)")).first)
    expect(officer.locator("ul.flags")).to_contain_text("PRIOR_EXPORT_REFERENCE_MISSING")
    expect(officer.get_by_role("button", name=re.compile("Approve version"))).to_be_disabled()
    shot(officer, "21-reimport-waits-for-the-export-mrn")
    officer.goto("/queue")
    follow(
        officer,
        officer.locator("tr", has_text=number).get_by_role("link", name=re.compile(r"Export declaration \(GB\)")).first,
    )
    for box in officer.get_by_label(re.compile(r"Why is the warning .* acceptable\?")).all():
        box.fill("checked against the outward-processing authorisation")
    follow(officer, officer.get_by_role("button", name=re.compile("Approve version")))
    follow(officer, officer.get_by_role("button", name=re.compile("File version")))
    expect(officer.get_by_role("status").first).to_contain_text("Filed")

    broker = person("uk_broker")
    follow(
        broker, broker.locator("tr", has_text=number).get_by_role("link", name=re.compile(r"Export declaration \(GB\)"))
    )
    broker.get_by_label("Customs reference (MRN)").fill(EXPORT_MRN)
    broker.get_by_role("button", name="Acknowledge").click()
    expect(broker.get_by_role("status").first).to_contain_text(EXPORT_MRN)

    officer.goto("/queue")
    follow(
        officer,
        officer.locator("tr", has_text=number).get_by_role("link", name=re.compile(r"Import declaration \(GB\)")).first,
    )
    expect(officer.locator("main")).not_to_contain_text("PRIOR_EXPORT_REFERENCE_MISSING")
    for box in officer.get_by_label(re.compile(r"Why is the warning .* acceptable\?")).all():
        box.fill("repair cost and freight checked against the repairer's invoice")
    officer.get_by_role("button", name=re.compile("Approve version")).click()
    expect(officer.get_by_role("status").first).to_contain_text("Approved")
    shot(officer, "22-reimport-approved-after-the-mrn")
    coordinator.goto(rma_url)
    expect(coordinator.locator("#leg-1")).to_contain_text(EXPORT_MRN)
