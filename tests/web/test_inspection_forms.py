"""The coordinator's inspection and disposition forms on the RMA page: shown only in the status they apply
to and to roles holding rma:update (as the API), CSRF and stale-version refusals that change nothing,
field-named messages, the SERIAL_MISMATCH flag, and a received RMA taken through to closed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests import factories as f
from tests.web.helpers import page_text
from tradedesk.db.models import AuditEvent, Inspection, Rma
from tradedesk.services import rmas
from tradedesk.web.actions import STALE

FOUND = {
    "serials_seen": "A1234",
    "condition": "used",
    "packaging": "intact",
    "warranty_status": "in_warranty",
    "notes": "Scratched bezel.",
}


@pytest.fixture
def received(context, desk):
    """A repair RMA of the watch (serial A1234 on record) whose goods have arrived."""
    return f.rma(
        context,
        "repair",
        desk.uk_customer,
        desk.swiss_repairer,
        status="received",
        warranty_expires=f.NOW.date().replace(year=2028),
    )


@pytest.fixture
def inspected(context, received):
    rmas.inspect_rma(
        context, f.COORDINATOR, received, rmas.InspectionData(("A1234",), "used", "intact", "in_warranty"), None
    )
    return received


def state(context, rma_id):
    """What a refused form must leave as it was: the RMA's status, version and disposition, its inspections
    and its audit events."""

    def work(session):
        rma = session.get(Rma, rma_id)
        inspections = [
            (i.serials_seen, i.serial_match)
            for i in session.scalars(select(Inspection).where(Inspection.rma_id == rma_id))
        ]
        events = list(session.scalars(select(AuditEvent.action).where(AuditEvent.rma_id == rma_id)))
        return {
            "status": rma.status,
            "version": rma.version,
            "disposition": rma.disposition,
            "inspections": inspections,
            "events": events,
        }

    return context.run(work, write=False)


def shown_version(body, action):
    """The version carried by the form posting to `action` on a page (what the browser sends back)."""
    match = re.search(rf'action="{re.escape(action)}".*?name="version" value="(\d+)"', body, flags=re.S)
    assert match, f"no form for {action}"
    return match.group(1)


def form_for(body, action):
    match = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', body, flags=re.S)
    return None if match is None else match.group(0)


# ------------------------------------------------------------------------------------ who sees which form


@pytest.mark.parametrize(
    ("status", "inspection", "disposition"),
    [
        ("approved", False, False),
        ("in_transit", False, False),
        ("received", True, False),
        ("inspected", False, True),
        ("dispositioned", False, False),
        ("closed", False, False),
    ],
)
def test_each_form_is_shown_only_in_the_status_it_applies_to(web, context, desk, status, inspection, disposition):
    rma_id = f.rma(
        context,
        "repair",
        desk.uk_customer,
        desk.swiss_repairer,
        status=status,
        disposition="repair" if status in ("dispositioned", "closed") else None,
    )
    body = web("logistics_coordinator").get(f"/rmas/{rma_id}").get_data(as_text=True)
    assert (form_for(body, f"/rmas/{rma_id}/inspection") is not None) is inspection
    assert (form_for(body, f"/rmas/{rma_id}/disposition") is not None) is disposition


@pytest.mark.parametrize("role", ["logistics_coordinator", "admin"])
def test_roles_that_may_update_rmas_see_the_inspection_form(web, received, role):
    body = web(role).get(f"/rmas/{received}").get_data(as_text=True)
    assert form_for(body, f"/rmas/{received}/inspection") is not None


def test_the_inspection_form_is_labelled_and_grouped(web, received):
    body = web("logistics_coordinator").get(f"/rmas/{received}").get_data(as_text=True)
    form = form_for(body, f"/rmas/{received}/inspection")
    assert "<fieldset>" in form and "<legend>Record inspection</legend>" in form
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', form)
    assert set(ids) == {"f-serials_seen", "f-condition", "f-packaging", "f-warranty_status", "f-notes"}
    for input_id in ids:
        assert f'<label for="{input_id}"' in form, input_id
    options = re.findall(r'<option value="([^"]*)"', form)
    assert {"new", "open_box", "used", "damaged", "intact", "missing", "in_warranty", "expired", "void"} <= set(options)
    assert '<button class="button" type="submit">Record inspection</button>' in form


def test_the_disposition_form_offers_every_disposition(web, inspected):
    body = web("logistics_coordinator").get(f"/rmas/{inspected}").get_data(as_text=True)
    form = form_for(body, f"/rmas/{inspected}/disposition")
    assert "<legend>Set disposition</legend>" in form and '<label for="f-disposition"' in form
    assert re.findall(r'<option value="([^"]*)"', form) == [
        "",
        "refund",
        "exchange",
        "repair",
        "refurbish",
        "scrap",
        "recycle",
        "restock",
    ]


def test_an_officer_without_rma_update_sees_no_form_and_is_refused(web, context, inspected):
    officer = web("compliance_officer")
    page = f"/rmas/{inspected}"
    body = officer.get(page).get_data(as_text=True)
    assert form_for(body, f"{page}/inspection") is None and form_for(body, f"{page}/disposition") is None
    before = state(context, inspected)
    assert (
        officer.submit(
            f"{page}/disposition", {"disposition": "scrap", "version": str(before["version"])}, page=page
        ).status_code
        == 403
    )
    assert state(context, inspected) == before


def test_an_officer_sees_no_inspection_form_and_may_not_post_one(web, context, received):
    officer = web("compliance_officer")
    page = f"/rmas/{received}"
    assert form_for(officer.get(page).get_data(as_text=True), f"{page}/inspection") is None
    before = state(context, received)
    response = officer.submit(f"{page}/inspection", {**FOUND, "version": "1"}, page=page)
    assert response.status_code == 403
    assert "Not allowed" in page_text(response)
    assert state(context, received) == before


def test_a_broker_sees_neither_the_rma_nor_its_forms(web, context, inspected):
    broker = web("broker")
    before = state(context, inspected)
    assert broker.get(f"/rmas/{inspected}").status_code == 404
    for action, data in (("inspection", FOUND), ("disposition", {"disposition": "scrap"})):
        response = broker.submit(f"/rmas/{inspected}/{action}", {**data, "version": "2"}, page="/inbox")
        assert response.status_code == 404
    assert state(context, inspected) == before


@pytest.mark.parametrize("action", ["inspection", "disposition"])
def test_an_unknown_rma_is_404_like_the_other_rma_routes(web, action):
    response = web("logistics_coordinator").submit(
        f"/rmas/no-such-rma/{action}", {**FOUND, "disposition": "scrap", "version": "1"}, page="/rmas"
    )
    assert response.status_code == 404


# ------------------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_a_form_without_the_sessions_csrf_token_is_refused(web, context, received, token):
    before = state(context, received)
    data = {**FOUND, "version": "1", **({"csrf_token": token} if token else {})}
    response = web("logistics_coordinator").client.post(f"/rmas/{received}/inspection", data=data)
    assert response.status_code == 403
    assert "This form was not accepted" in page_text(response)
    assert state(context, received) == before


def test_a_form_without_its_version_is_refused(web, context, received):
    before = state(context, received)
    page = f"/rmas/{received}"
    assert web("logistics_coordinator").submit(f"{page}/inspection", FOUND, page=page).status_code == 400
    assert state(context, received) == before


def test_an_inspection_on_a_stale_version_shows_the_stale_message_and_changes_nothing(web, context, received):
    coordinator = web("logistics_coordinator")
    page = f"/rmas/{received}"
    seen = shown_version(coordinator.get(page).get_data(as_text=True), f"{page}/inspection")
    # a colleague records the inspection while this form is open
    rmas.inspect_rma(context, f.COORDINATOR, received, rmas.InspectionData(("A1234",), "new", "intact", "void"), None)
    before = state(context, received)
    response = coordinator.submit(
        f"{page}/inspection", {**FOUND, "serials_seen": "X9999", "version": seen}, page=page, follow_redirects=True
    )
    assert response.status_code == 200
    assert STALE in page_text(response)
    assert state(context, received) == before
    assert before["inspections"] == [(["A1234"], True)]


def test_a_disposition_on_a_stale_version_shows_the_stale_message_and_changes_nothing(web, context, inspected):
    coordinator = web("logistics_coordinator")
    page = f"/rmas/{inspected}"
    seen = shown_version(coordinator.get(page).get_data(as_text=True), f"{page}/disposition")
    rmas.set_disposition(context, f.COORDINATOR, inspected, "refund", None)
    before = state(context, inspected)
    response = coordinator.submit(
        f"{page}/disposition", {"disposition": "scrap", "version": seen}, page=page, follow_redirects=True
    )
    assert STALE in page_text(response)
    assert state(context, inspected) == before
    assert before["disposition"] == "refund"


def test_blank_inspection_inputs_are_named_and_what_was_typed_is_kept(web, context, received):
    page = f"/rmas/{received}"
    before = state(context, received)
    response = web("logistics_coordinator").submit(
        f"{page}/inspection", {"serials_seen": "A1234", "condition": "", "packaging": "", "version": "page"}, page=page
    )
    assert response.status_code == 422
    text = page_text(response)
    for message in ("Condition: is required", "Packaging: is required", "Warranty status: is required"):
        assert message in text
    body = response.get_data(as_text=True)
    assert '<a href="#f-condition">Condition: is required' in body
    assert 'id="f-packaging-error"' in body and 'aria-invalid="true"' in body
    assert ">A1234</textarea>" in body
    assert state(context, received) == before


def test_an_unknown_inspection_value_is_named(web, context, received):
    page = f"/rmas/{received}"
    response = web("logistics_coordinator").submit(
        f"{page}/inspection", {**FOUND, "packaging": "shredded", "version": "page"}, page=page
    )
    assert response.status_code == 422
    assert "Packaging: Must be one of: intact, damaged, missing." in page_text(response)


def test_an_overlong_serial_is_named_on_the_serials_input(web, context, received):
    page = f"/rmas/{received}"
    response = web("logistics_coordinator").submit(
        f"{page}/inspection", {**FOUND, "serials_seen": "A1234\n" + "X" * 129, "version": "page"}, page=page
    )
    assert response.status_code == 422
    assert "Serial numbers seen: serial 2: Length must be between 1 and 128." in page_text(response)
    assert 'id="f-serials_seen-error"' in response.get_data(as_text=True)


def test_the_form_shown_again_keeps_the_version_it_was_first_shown_with(web, context, received):
    """A person correcting a refused form has not seen a colleague's change made meanwhile: still stale."""
    coordinator = web("logistics_coordinator")
    page = f"/rmas/{received}"
    seen = shown_version(coordinator.get(page).get_data(as_text=True), f"{page}/inspection")

    def touch(session):  # a colleague changes the RMA, which stays received
        session.get(Rma, received).notes = "customer called"

    context.run(touch)
    refused = coordinator.submit(f"{page}/inspection", {**FOUND, "condition": "", "version": seen}, page=page)
    assert refused.status_code == 422
    assert shown_version(refused.get_data(as_text=True), f"{page}/inspection") == seen
    before = state(context, received)
    response = coordinator.submit(f"{page}/inspection", {**FOUND, "version": seen}, page=page, follow_redirects=True)
    assert STALE in page_text(response)
    assert state(context, received) == before


def test_a_blank_or_unknown_disposition_is_named(web, context, inspected):
    page = f"/rmas/{inspected}"
    coordinator = web("logistics_coordinator")
    before = state(context, inspected)
    blank = coordinator.submit(f"{page}/disposition", {"disposition": "", "version": "page"}, page=page)
    assert blank.status_code == 422 and "Disposition: is required" in page_text(blank)
    unknown = coordinator.submit(f"{page}/disposition", {"disposition": "sell", "version": "page"}, page=page)
    assert unknown.status_code == 422 and "Disposition: Must be one of: refund" in page_text(unknown)
    assert state(context, inspected) == before


# -------------------------------------------------------------------------------------------- outcomes


def test_other_serials_show_a_serial_mismatch_error_naming_them(web, context, received):
    page = f"/rmas/{received}"
    response = web("logistics_coordinator").submit(
        f"{page}/inspection", {**FOUND, "serials_seen": "X9999", "version": "page"}, page=page, follow_redirects=True
    )
    text = page_text(response)
    assert "The inspection was recorded (the serial numbers DO NOT match)" in text
    assert "SERIAL_MISMATCH: the serial numbers found on inspection differ from the RMA" in text  # flashed
    assert "Serial check SERIAL_MISMATCH the serial numbers DO NOT match the RMA" in text
    assert (
        "Error SERIAL_MISMATCH The serial numbers found on inspection differ from the RMA "
        "(not found: A1234; not on the RMA: X9999)" in text
    )
    assert "On the RMA, not found A1234 Found, not on the RMA X9999" in text
    body = response.get_data(as_text=True)
    assert '<li class="error">SERIAL_MISMATCH: the serial numbers' in body  # flashed as an error
    assert '<span class="badge error">SERIAL_MISMATCH</span>' in body
    assert state(context, received)["inspections"] == [(["X9999"], False)]
    disposition = form_for(body, f"{page}/disposition")
    assert "The inspection flagged SERIAL_MISMATCH" in page_text_of(disposition)


def test_serials_typed_on_lines_and_with_commas_match_without_case(web, context, received):
    page = f"/rmas/{received}"
    response = web("logistics_coordinator").submit(
        f"{page}/inspection",
        {**FOUND, "serials_seen": " a1234 ,\n", "version": "page"},
        page=page,
        follow_redirects=True,
    )
    text = page_text(response)
    assert "The inspection was recorded (the serial numbers match the RMA)" in text
    assert "Serial check Match the serial numbers match the RMA" in text and "SERIAL_MISMATCH" not in text
    assert state(context, received)["inspections"] == [(["a1234"], True)]


def test_a_received_rma_is_inspected_dispositioned_and_closed_from_its_page(web, context, received):
    coordinator = web("logistics_coordinator")
    page = f"/rmas/{received}"

    inspected = coordinator.submit(f"{page}/inspection", {**FOUND, "version": "page"}, page=page)
    assert inspected.status_code == 302 and inspected.headers["Location"] == f"{page}#inspection"
    text = coordinator.text(page)
    assert "The inspection was recorded (the serial numbers match the RMA); the RMA is now inspected." in text
    assert "Inspection and disposition Inspected 20 Nov 2026, 09:30" in text and "Notes Scratched bezel." in text
    assert "Condition Used Packaging Intact Warranty status In warranty" in text

    response = coordinator.submit(
        f"{page}/disposition", {"disposition": "repair", "version": "page"}, page=page, follow_redirects=True
    )
    text = page_text(response)
    assert "The disposition is repair; the RMA is now dispositioned." in text
    assert "Disposition Repair" in text
    body = response.get_data(as_text=True)
    assert form_for(body, f"{page}/disposition") is None
    assert '<option value="closed">Closed</option>' in form_for(body, f"{page}/status")

    response = coordinator.submit(
        f"{page}/status", {"to": "closed", "version": "page"}, page=page, follow_redirects=True
    )
    assert "The RMA is now closed." in page_text(response)
    after = state(context, received)
    assert (after["status"], after["disposition"], after["version"]) == ("closed", "repair", 4)
    assert after["events"][-3:] == ["rma:inspect", "rma:disposition", "rma:transition"]
    assert f.row(context, Rma, received).closed_at is not None


def page_text_of(fragment):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment or "")).strip()


# ----------------------------------------------------------------------------- serial mismatch resolution


@pytest.fixture
def mismatched(context, received):
    rmas.inspect_rma(
        context, f.COORDINATOR, received, rmas.InspectionData(("Z9999",), "used", "intact", "in_warranty"), None
    )
    return received


def test_a_serial_mismatch_blocks_the_disposition_on_the_page(web, context, mismatched):
    coordinator = web("logistics_coordinator")
    page = f"/rmas/{mismatched}"
    assert "a compliance officer must resolve it" in coordinator.text(page)
    assert form_for(coordinator.get(page).get_data(as_text=True), f"{page}/inspection/resolve") is None
    before = state(context, mismatched)
    response = coordinator.submit(
        f"{page}/disposition", {"disposition": "restock", "version": "page"}, page=page, follow_redirects=True
    )
    assert "must resolve the mismatch with a reason" in page_text(response)
    assert state(context, mismatched) == before


def test_an_officer_resolves_the_mismatch_with_a_reason_then_the_disposition_goes_through(web, context, mismatched):
    page = f"/rmas/{mismatched}"
    officer = web("compliance_officer")
    blank = officer.submit(f"{page}/inspection/resolve", {"reason": " ", "version": "page"}, page=page)
    assert blank.status_code == 422
    done = officer.submit(
        f"{page}/inspection/resolve",
        {"reason": "Repairer replaced the case back; old plate photographed.", "version": "page"},
        page=page,
        follow_redirects=True,
    )
    assert "The serial mismatch is resolved" in page_text(done)
    assert "“Repairer replaced the case back; old plate photographed.”" in page_text(done)
    coordinator = web("logistics_coordinator")
    response = coordinator.submit(
        f"{page}/disposition", {"disposition": "restock", "version": "page"}, page=page, follow_redirects=True
    )
    assert state(context, mismatched)["status"] == "dispositioned", page_text(response)
