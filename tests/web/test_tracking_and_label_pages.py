"""Tracking numbers and return labels on the RMA page (issue #12, point 3)."""

from __future__ import annotations

from tests import factories as f
from tests.web.helpers import REPAIR, page_text
from tradedesk.services import legs


def planned_rma(context, desk) -> tuple[str, dict]:
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    out = legs.plan_legs(
        context,
        f.COORDINATOR,
        rma_id,
        legs.PlanRequest(f.NOW.date(), "courier", details=REPAIR),
        legs.IdempotentRequest(None, "/t", None),
    ).body["items"]
    return rma_id, out[0]


def test_a_tracking_number_is_recorded_from_the_rma_page(web, context, desk):
    rma_id, leg = planned_rma(context, desk)
    page = f"/rmas/{rma_id}"
    r = web("logistics_coordinator").submit(
        f"/legs/{leg['id']}/tracking", {"tracking_number": "1Z999AA10123456784"}, page, follow_redirects=True
    )
    text = page_text(r)
    assert "UPS tracking number 1Z999AA10123456784" in text


def test_an_unknown_tracking_number_is_refused_on_the_page(web, context, desk):
    rma_id, leg = planned_rma(context, desk)
    r = web("logistics_coordinator").submit(
        f"/legs/{leg['id']}/tracking", {"tracking_number": "12345678"}, f"/rmas/{rma_id}"
    )
    assert r.status_code == 422 and "not a valid tracking number" in page_text(r)


def test_the_return_label_is_issued_and_downloaded_from_the_rma_page(web, context, desk):
    rma_id, _ = planned_rma(context, desk)
    coordinator = web("logistics_coordinator")
    r = coordinator.submit(f"/rmas/{rma_id}/return-label", {}, f"/rmas/{rma_id}", follow_redirects=True)
    assert "The return label is issued" in page_text(r)
    pdf = coordinator.get(f"/rmas/{rma_id}/return-label")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
