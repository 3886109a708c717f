"""A customer returns a lens in the browser (issue #12): the one-time link by email, the order's lines, a photo, the
approved RMA and what happens next."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import follow, shot
from tests.smtp_server import SmtpServer
from tradedesk.auth.actor import Actor
from tradedesk.config import SmtpSettings
from tradedesk.services import intake
from tradedesk.services.parties import PartyData, create_party

EMAIL = "lena@harbour-optics.example"
COORDINATOR = Actor(id="script-coordinator", name="Script", role="logistics_coordinator")


@pytest.fixture
def mailbox(live):
    ctx = live.app.extensions["tradedesk.context"]
    server = SmtpServer().start()
    saved = ctx.smtp, live.app.config["TRADEDESK_PUBLIC_URL"]
    ctx.smtp = SmtpSettings(host="127.0.0.1", port=server.port, starttls=False)
    live.app.config["TRADEDESK_PUBLIC_URL"] = live.url
    yield server.inbox
    ctx.smtp, live.app.config["TRADEDESK_PUBLIC_URL"] = saved
    server.stop()


@pytest.fixture
def order(live):
    ctx = live.app.extensions["tradedesk.context"]
    customer = create_party(ctx, COORDINATOR, PartyData("customer", "Harbour Optics Ltd", "GB", email=EMAIL)).body["id"]
    line = intake.OrderLineData(
        "Camera lens 24-70 mm",
        "900211",
        "JP",
        Decimal(1),
        Decimal("1290.00"),
        "GBP",
        sku="L2470",
        serial_numbers=("LZ-77",),
    )
    intake.register_order(
        ctx,
        COORDINATOR,
        "WEB-77001",
        customer,
        live.parties["swiss_repairer"],
        date.today() - timedelta(days=6),
        [line],
    )
    return "WEB-77001"


def photo_file(tmp_path) -> str:
    path = tmp_path / "lens.jpg"
    Image.new("RGB", (800, 600), "slateblue").save(path, "JPEG")
    return str(path)


def test_a_customer_requests_a_return_with_a_photo_and_sees_it_approved(browser, live, mailbox, order, tmp_path):
    page = browser.new_context(base_url=live.url, locale="en-GB", accept_downloads=True).new_page()
    page.goto("/returns")
    page.get_by_label("Order reference").fill(order)
    page.get_by_label("Email address").fill(EMAIL)
    follow(page, page.get_by_role("button", name="Send me a return link"))
    expect(page.get_by_text("Check your email", exact=False)).to_be_visible()
    [message] = mailbox.to(EMAIL)
    link = re.search(r"https?://\S+/returns/continue/\S+", message.get_payload(decode=True).decode()).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name=f"Return items of order {order}")).to_be_visible()
    page.get_by_label("How many Camera lens 24-70 mm you return").fill("1")
    page.get_by_label("Reason").select_option("defective")
    page.get_by_label("Condition of the goods").select_option("used")
    page.get_by_label("What you would like").select_option("repair")
    page.get_by_label("Describe the problem").fill("The autofocus motor grinds and stops at 50 mm.")
    page.get_by_label("Photos").set_input_files(photo_file(tmp_path))
    shot(page, "intake-choose")
    follow(page, page.get_by_role("button", name="Request the return"))
    expect(page.get_by_role("heading", name=re.compile(r"Your return RMA-\d{4}-\d{6}"))).to_be_visible()
    expect(page.get_by_text("Approved", exact=False).first).to_be_visible()
    expect(page.get_by_text("1 photo(s) received")).to_be_visible()
    shot(page, "intake-status")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your return label (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.context.close()
