"""The customer's return pages (issue #12 intake): a one-time link by email, the order's lines, photos checked and
re-encoded, the RMA opened under the eligibility policy, its status; no oracle, rate limits, one use per link."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image
from sqlalchemy import select

from tests import factories as f
from tests.smtp_server import SmtpServer
from tests.web.helpers import Web, page_text
from tradedesk.auth.actor import Actor
from tradedesk.config import SmtpSettings
from tradedesk.db.models import Leg, Rma, RmaPhoto
from tradedesk.services import intake
from tradedesk.uploads.store import FileStore

EMAIL = "anna@example-optics.example"
LINK = re.compile(r"http://shop\.example/returns/continue/(\S+)")
COORDINATOR = Actor("t-coordinator", "Cora", "logistics_coordinator")


@pytest.fixture
def smtp(context, app):
    server = SmtpServer().start()
    context.smtp = SmtpSettings(host="127.0.0.1", port=server.port, starttls=False)
    app.config["TRADEDESK_PUBLIC_URL"] = "http://shop.example"
    yield server.inbox
    server.stop()


@pytest.fixture
def order(context, desk):
    customer = f.party(context, "customer", "Anna Optics GmbH", "GB", email=EMAIL)
    line = intake.OrderLineData("Camera lens 24-70 mm", "900211", "JP", Decimal(2), Decimal("1290.00"), "GBP",
                                sku="L2470", serial_numbers=("LZ-1", "LZ-2"))  # fmt: skip
    return intake.register_order(context, COORDINATOR, "WEB-10045", customer, desk.swiss_repairer,
                                 date(2026, 11, 10), [line])  # fmt: skip


def customer(app) -> Web:
    return Web(app.test_client())


def ask_link(app, reference="WEB-10045", email=EMAIL):
    web = customer(app)
    return web, web.submit("/returns", {"order_reference": reference, "email": email}, "/returns")


def link_from(inbox) -> str:
    [message] = inbox.to(EMAIL)
    return LINK.search(message.get_payload(decode=True).decode()).group(1)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (640, 480), "orange")
    exif = Image.Exif()
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPSInfo: where the photo was taken
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def request_return(app, token, photos=(("lens.jpg", None),), **fields):
    web = customer(app)
    page = f"/returns/continue/{token}"
    body = web.client.get(page).get_data(as_text=True)
    line_id = re.search(r'name="qty-([^"]+)"', body).group(1)
    files = [(io.BytesIO(content if content is not None else jpeg_with_gps()), name) for name, content in photos]
    data = {"reason_code": "defective", "condition": "used", "wish": "replacement",
            "description": "The autofocus motor grinds and stops.", f"qty-{line_id}": "1", **fields}  # fmt: skip
    return web.submit(page, {**data, "photos": files}, page, content_type="multipart/form-data")


def test_a_matching_order_and_email_get_a_one_time_link_by_email(app, smtp, order):
    _, response = ask_link(app)
    assert "Check your email" in page_text(response)
    assert link_from(smtp)


def test_a_wrong_email_gets_the_same_answer_and_no_email(app, smtp, order):
    _, response = ask_link(app, email="someone@else.example")
    assert response.status_code == 200 and "Check your email" in page_text(response)
    assert smtp.messages == []


def test_requests_for_one_email_are_rate_limited(app, smtp, order):
    for _ in range(intake.PER_EMAIL_PER_HOUR):
        assert ask_link(app, email="x@else.example")[1].status_code == 200
    assert ask_link(app, email="x@else.example")[1].status_code == 429


def test_the_customer_chooses_lines_and_uploads_a_photo_and_gets_the_rma(app, context, smtp, order):
    ask_link(app)
    token = link_from(smtp)
    response = request_return(app, token)
    assert response.status_code == 302
    status = page_text(customer(app).client.get(f"/returns/status/{token}"))
    assert re.search(r"Your return RMA-\d{4}-\d{6}", status) and "1 photo(s) received" in status

    def stored(session):
        rma = session.scalars(select(Rma)).one()
        return rma.scenario, rma.photo_provided, rma.items[0].quantity

    assert context.run(stored, write=False) == ("warranty_replacement", True, Decimal(1))


def test_the_stored_photo_is_re_encoded_without_its_metadata(app, context, smtp, order, tmp_path):
    ask_link(app)
    request_return(app, link_from(smtp))
    photo = context.run(lambda s: s.scalars(select(RmaPhoto)).one(), write=False)
    stored = FileStore(app.config["TRADEDESK_INSTANCE_DIR"] + "/uploads").get(photo.key)
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and not image.getexif()


def test_a_file_that_is_no_image_is_refused_naming_it(app, context, smtp, order):
    ask_link(app)
    response = request_return(app, link_from(smtp), photos=(("lens.jpg", b"%PDF-1.7 not a photo"),))
    assert response.status_code == 422 and "photo 1" in page_text(response)
    assert context.run(lambda s: s.scalars(select(Rma)).all(), write=False) == []


def test_a_decompression_bomb_is_refused(app, smtp, order):
    bomb = io.BytesIO()
    Image.new("1", (12000, 12000)).save(bomb, "PNG")
    ask_link(app)
    response = request_return(app, link_from(smtp), photos=(("big.png", bomb.getvalue()),))
    assert response.status_code == 422 and "photo 1" in page_text(response)


def test_more_than_was_ordered_is_refused(app, smtp, order):
    ask_link(app)
    token = link_from(smtp)
    body = customer(app).client.get(f"/returns/continue/{token}").get_data(as_text=True)
    line_id = re.search(r'name="qty-([^"]+)"', body).group(1)
    response = request_return(app, token, **{f"qty-{line_id}": "3"})
    assert response.status_code == 422 and "you ordered 2" in page_text(response)


def test_a_link_works_once(app, smtp, order):
    ask_link(app)
    token = link_from(smtp)
    request_return(app, token)
    assert customer(app).client.get(f"/returns/continue/{token}").status_code == 404


def test_the_desk_sees_the_customers_photos_on_the_rma(app, context, smtp, order, web):
    ask_link(app)
    request_return(app, link_from(smtp))
    rma_id, photo_id = context.run(lambda s: (lambda p: (p.rma_id, p.id))(s.scalars(select(RmaPhoto)).one()))
    coordinator = web("logistics_coordinator")
    assert f"/rmas/{rma_id}/photos/{photo_id}" in coordinator.client.get(f"/rmas/{rma_id}").get_data(as_text=True)
    image = coordinator.client.get(f"/rmas/{rma_id}/photos/{photo_id}")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert web("broker").client.get(f"/rmas/{rma_id}/photos/{photo_id}").status_code == 404


def test_an_approved_return_gets_its_legs_and_label_as_the_policy_says(app, context, smtp, order):
    ask_link(app)
    token = link_from(smtp)
    request_return(app, token)
    status = customer(app).client.get(f"/returns/status/{token}").get_data(as_text=True)
    assert "Download your return label" in status
    label = customer(app).client.get(f"/returns/status/{token}/label")
    assert label.status_code == 200 and label.mimetype == "application/pdf" and label.data.startswith(b"%PDF")
    movements = context.run(lambda s: sorted(leg.movement for leg in s.scalars(select(Leg))), write=False)
    assert movements == ["defective_return", "warranty_replacement"]  # the replacement too (policy: replacement)


def test_acting_on_the_decision_twice_changes_nothing(app, context, smtp, order):
    from tradedesk.services.policy_actions import act_on_decision

    ask_link(app)
    request_return(app, link_from(smtp))
    rma_id = context.run(lambda s: s.scalars(select(Rma.id)).one(), write=False)
    assert act_on_decision(context, rma_id) == []
