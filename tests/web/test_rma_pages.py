"""The coordinator's pages: the new-RMA form (every input labelled, messages that name the field), the RMA
page with its route of legs, planning, requesting the paperwork, status changes and the audit history."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests import factories as f
from tests.web.helpers import MRN, page_text, planned, requested
from tradedesk.db.models import Rma, RmaItem
from tradedesk.services import filings


@pytest.fixture
def form(desk):
    """A complete new-RMA form for the UK customer's watch, sent to the Swiss repairer."""
    return {
        "customer_id": desk.uk_customer,
        "hub_id": desk.swiss_repairer,
        "order_reference": "ORD-5501",
        "purchase_date": "2026-11-10",
        "warranty_expires": "2028-11-10",
        "reason_code": "defective",
        "scenario": "repair",
        "condition": "used",
        "item_rows": "1",
        "idempotency_key": "k-1",
        "items.0.description": "Wristwatch",
        "items.0.hs_code": "9102.11",
        "items.0.origin_country": "ch",
        "items.0.quantity": "1",
        "items.0.unit_value": "2500.00",
        "items.0.currency": "gbp",
        "items.0.serial_numbers": "A1234, A1235",
    }


def rma_count(context):
    return len(context.run(lambda s: list(s.scalars(select(Rma.id))), write=False))


def test_every_input_of_the_new_rma_form_has_a_label(web, desk):
    body = web("logistics_coordinator").get("/rmas/new").get_data(as_text=True)
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', body)
    assert len(ids) > 20
    for input_id in ids:
        assert f'<label for="{input_id}"' in body, input_id


def test_opening_an_rma_from_the_form(web, context, form):
    response = web("logistics_coordinator").submit("/rmas/new", form, page="/rmas/new", follow_redirects=True)
    text = page_text(response)
    assert re.search(r"RMA-2026-\d{6} was opened; eligibility: auto approve", text)
    assert "A1234, A1235" in text and "910211" in text


def test_blank_required_inputs_are_named_in_the_messages(web, form):
    form.update({"order_reference": "", "items.0.hs_code": "", "purchase_date": ""})
    response = web("logistics_coordinator").submit("/rmas/new", form, page="/rmas/new")
    assert response.status_code == 422
    text = page_text(response)
    for message in ("Order reference: is required", "Purchase date: is required", "Item 1: HS code: is required"):
        assert message in text


def test_an_invalid_value_is_reported_next_to_its_input(web, form):
    form["items.0.hs_code"] = "9999.99"
    response = web("logistics_coordinator").submit("/rmas/new", form, page="/rmas/new")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<a href="#f-items-0-hs_code">Item 1: HS code: unknown HS code' in body
    assert 'id="f-items-0-hs_code-error"' in body and 'aria-invalid="true"' in body
    assert 'value="9999.99"' in body  # what was typed is kept


def test_every_bad_input_is_reported_at_once_in_plain_words(web, form):
    """Issue #10: a bad HS code and a bad unit value were reported one batch at a time, in API jargon."""
    form.update({"items.0.hs_code": "9999.99", "items.0.unit_value": "twelve"})
    response = web("logistics_coordinator").submit("/rmas/new", form, page="/rmas/new")
    text = page_text(response)
    assert response.status_code == 422
    assert "Item 1: HS code: unknown HS code" in text
    assert "Item 1: unit value: enter a number, e.g. 12.50" in text
    assert "JSON" not in text and "a string holding" not in text


def test_input_attributes_reach_the_browser_unescaped(web):
    """maxlength / autocomplete were written as autocomplete=&#34;off&#34;, so the browser ignored them."""
    body = web("logistics_coordinator").get("/rmas/new").get_data(as_text=True)
    assert 'maxlength="2"' in body and 'autocomplete="off"' in body
    assert "&#34;" not in body


def test_the_services_own_checks_are_named_too(web, form):
    form["purchase_date"] = "2027-01-01"
    response = web("logistics_coordinator").submit("/rmas/new", form, page="/rmas/new")
    assert "Purchase date: is in the future" in page_text(response)


def test_a_new_customer_needs_a_name_and_a_country(web, form):
    form.update({"customer_id": "new"})
    response = web("logistics_coordinator").submit("/rmas/new", form, page="/rmas/new")
    text = page_text(response)
    assert "New customer name: is required for a new customer" in text
    assert "New customer country: is required for a new customer" in text


def test_a_new_customer_is_registered_with_the_rma(web, form):
    form.update(
        {
            "customer_id": "new",
            "customer.name": "Fresh Customer Ltd",
            "customer.country": "gb",
            "customer.identifiers.EORI": "GB123456789000",
        }
    )
    response = web("logistics_coordinator").submit("/rmas/new", form, page="/rmas/new", follow_redirects=True)
    assert "Repair for Fresh Customer Ltd (GB)" in page_text(response)


def test_sending_the_form_twice_opens_one_rma(web, context, form):
    coordinator = web("logistics_coordinator")
    first = coordinator.submit("/rmas/new", form, page="/rmas/new")
    second = coordinator.submit("/rmas/new", form, page="/rmas/new")
    assert first.headers["Location"] == second.headers["Location"]
    assert rma_count(context) == 1


def test_adding_an_item_row_keeps_what_was_typed(web, context, form):
    response = web("logistics_coordinator").submit("/rmas/new", {**form, "action": "add_item"}, page="/rmas/new")
    body = response.get_data(as_text=True)
    assert 'id="f-items-1-description"' in body and 'value="Wristwatch"' in body
    assert rma_count(context) == 0


def test_an_officer_cannot_open_an_rma(web, form):
    assert web("compliance_officer").submit("/rmas/new", form, page="/queue").status_code == 403


# ---------------------------------------------------------------------------------------------- RMA page


def test_planning_the_legs_draws_the_route_with_regimes_and_deadlines(web, context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    coordinator = web("logistics_coordinator")
    page = f"/rmas/{rma_id}"
    response = coordinator.submit(
        page + "/plan",
        {
            "ship_date": "2026-11-23",
            "transport": "courier",
            "broker_id": desk.uk_broker,
            "idempotency_key": "p-1",
            "details.repair.cost.amount": "400.00",
            "details.repair.cost.currency": "GBP",
            "details.repair.charged": "on",
        },
        page=page,
        follow_redirects=True,
    )
    text = page_text(response)
    assert "The legs were planned and classified" in text
    assert "Leg 1: Export for repair" in text and "Export (GB): Outward processing 2100" in text
    assert "Import (GB): Re-import after repair 6121" in text
    assert "Deadline 23 Nov 2027 : re-import of the repaired goods" in text


def test_planning_a_repair_needs_the_repair_cost(web, context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    page = f"/rmas/{rma_id}"
    response = web("logistics_coordinator").submit(
        page + "/plan", {"ship_date": "2026-11-23", "transport": "courier"}, page=page
    )
    assert response.status_code == 422
    assert "Repair cost: required for return_after_repair, also when no charge is made" in page_text(
        response
    )  # as the API and CLI say


def test_requesting_the_paperwork_of_a_leg(web, context, desk):
    rma_id, legs = planned(context, desk)
    page = f"/rmas/{rma_id}"
    response = web("logistics_coordinator").submit(
        f"/route/{legs[0]['id']}/request-paperwork", {}, page=page, follow_redirects=True
    )
    text = page_text(response)
    assert "Paperwork requested" in text
    assert "Export declaration (GB), version 1 In review" in text


def test_the_rma_page_shows_items_serials_and_the_audit_history(web, context, desk):
    rma_id, _, _ = requested(context, desk)
    text = web("compliance_officer").text(f"/rmas/{rma_id}")
    assert "Wristwatch" in text and "A1234" in text
    assert "declaration:request" in text and "leg:classify" in text


def test_the_rma_page_shows_the_customs_reference_acknowledged_by_the_broker(web, context, desk):
    from tests.web.helpers import filed

    rma_id, _, declarations = requested(context, desk)
    filing = filed(context, declarations["export"], desk.uk_broker)
    broker = f.Actor(id="b", name="Broker", role="broker", party_id=desk.uk_broker)
    filings.acknowledge(context, broker, filing["id"], None, MRN)
    text = web("logistics_coordinator").text(f"/rmas/{rma_id}")
    assert f"{MRN} — export side, United Kingdom (GB), export for repair" in text


def test_changing_the_status_of_an_rma(web, context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    page = f"/rmas/{rma_id}"
    response = web("logistics_coordinator").submit(
        page + "/status",
        {"to": "in_transit", "version": str(f.row(context, Rma, rma_id).version)},
        page=page,
        follow_redirects=True,
    )
    assert "The RMA is now in transit." in page_text(response)


def test_a_status_the_role_may_not_set_is_refused(web, context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer, status="under_review")
    page = f"/rmas/{rma_id}"
    response = web("compliance_officer").submit(page + "/status", {"to": "in_transit", "version": "1"}, page=page)
    assert response.status_code == 403


def test_the_rma_list_finds_by_number(web, context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    number = f.row(context, Rma, rma_id).number
    assert number in web("compliance_officer").text(f"/rmas?q={number[-6:]}")
    assert "No RMA matches." in web("compliance_officer").text("/rmas?q=nothing-like-it")


def test_an_out_of_warranty_repair_is_quoted_and_accepted_on_the_page(web, context, desk):
    """Issue #10: a defective unit out of warranty was a dead end (rejected); it is offered a paid repair."""
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer, status="quote_pending")
    page = f"/rmas/{rma_id}"
    coordinator = web("logistics_coordinator")
    assert "Offer the paid repair" in coordinator.text(page)
    bad = coordinator.submit(
        f"{page}/quote", {"quote_amount": "lots", "quote_currency": "GBP", "version": "page"}, page=page
    )
    assert bad.status_code == 422 and "Repair price: enter a number, e.g. 12.50" in page_text(bad)
    quoted = coordinator.submit(
        f"{page}/quote",
        {"quote_amount": "145.00", "quote_currency": "gbp", "version": "page"},
        page=page,
        follow_redirects=True,
    )
    assert "The repair quote of 145.00 GBP is offered" in page_text(quoted)
    accepted = coordinator.submit(f"{page}/quote/accept", {"version": "page"}, page=page, follow_redirects=True)
    assert "the RMA is approved as a paid repair" in page_text(accepted)
    assert "Answer accepted" in page_text(accepted)
    body = accepted.get_data(as_text=True)
    assert 'name="details.repair.cost.amount" value="145.00"' in body  # the legs are planned at the quoted price


def test_planning_on_the_page_proposes_the_return_date_or_takes_the_one_given(web, context, desk):
    """Issue #10: every leg of a plan got the same ship date."""
    proposed = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    chosen = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    coordinator = web("logistics_coordinator")
    base = {
        "ship_date": "2026-11-23",
        "transport": "courier",
        "details.repair.cost.amount": "400.00",
        "details.repair.cost.currency": "GBP",
        "details.repair.charged": "on",
        "idempotency_key": "k",
    }
    for rma_id, extra in ((proposed, {}), (chosen, {"ship_dates.2": "2027-01-10"})):
        page = f"/rmas/{rma_id}"
        coordinator.submit(f"{page}/plan", {**base, **extra, "idempotency_key": rma_id}, page=page)
    assert "ships 14 Dec 2026" in coordinator.text(f"/rmas/{proposed}")
    assert "ships 10 Jan 2027" in coordinator.text(f"/rmas/{chosen}")


def test_an_items_export_classifications_are_kept_from_the_form(web, context, form):
    form.update({"items.0.eccn": "EAR99", "items.0.dual_use": "not_listed"})
    assert web("logistics_coordinator").submit("/rmas/new", form, page="/rmas/new").status_code == 302
    item = context.run(lambda s: s.scalars(select(RmaItem)).one(), write=False)
    assert (item.eccn, item.dual_use) == ("EAR99", "not_listed")


def test_a_malformed_eccn_is_refused_next_to_its_input(web, form):
    form["items.0.eccn"] = "5X99"
    response = web("logistics_coordinator").submit("/rmas/new", form, page="/rmas/new")
    assert response.status_code == 422 and "must be an ECCN" in page_text(response)
