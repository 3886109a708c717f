"""The customs broker's pages: the inbox of filings addressed to it, a filing with its files, and the answer:
acknowledged with the customs reference (which flows back to the RMA) or rejected with a message."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.web.helpers import MRN, filed, page_text, requested
from tradedesk.db.models import Declaration


@pytest.fixture
def filing(context, desk):
    rma_id, _, declarations = requested(context, desk)
    return {**filed(context, declarations["export"], desk.uk_broker), "rma": rma_id}


def page(filing):
    return f"/inbox/{filing['id']}"


def test_the_inbox_lists_what_was_filed_to_this_broker(web, filing):
    text = web("broker").text("/inbox")
    assert "Export declaration (GB), version 1" in text and "Outward processing 2100" in text and "new" in text


def test_the_inbox_filters_by_status(web, filing):
    assert "Nothing here with this status" in web("broker").text("/inbox?status=accepted")


def test_the_filing_page_shows_what_to_declare_and_the_xml(web, filing):
    response = web("broker").get(page(filing))
    text = page_text(response)
    assert "What to declare" in text and "Outward processing" in text and "Wristwatch" in text
    assert "&lt;Declaration xmlns=" in response.get_data(as_text=True)


def test_the_broker_does_not_see_the_desks_review_notes(web, filing):
    text = web("broker").text(page(filing))
    assert "Acknowledged" not in text and "Review comment" not in text


def test_opening_a_filing_records_the_first_fetch(web, filing, context):
    web("broker").get(page(filing))
    assert f.row(context, Declaration, filing["id"]).fetched_at is not None
    assert "filing:fetch" in f.audit_actions(context)


def test_the_broker_downloads_the_xml(web, filing):
    response = web("broker").get(page(filing) + "/documents/tradedesk-xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_acknowledging_with_the_mrn_accepts_the_filing(web, filing, context):
    broker = web("broker")
    response = broker.submit(
        page(filing) + "/acknowledge",
        {"version": "page", "customs_reference": MRN.lower()},
        page=page(filing),
        follow_redirects=True,
    )
    text = page_text(response)
    assert f"Acknowledged with {MRN}; the desk sees it on the RMA." in text
    assert f.row(context, Declaration, filing["id"]).status == "accepted"


def test_the_acknowledged_reference_shows_on_the_rma_page(web, filing, context):
    web("broker").submit(
        page(filing) + "/acknowledge", {"version": "page", "customs_reference": MRN}, page=page(filing)
    )
    assert MRN in web("logistics_coordinator").text(f"/rmas/{filing['rma']}")


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("", "Customs reference (MRN): is required"),
        ("26GB<1>", "Customs reference (MRN): 1 to 35 characters of A-Z, 0-9"),
    ],
)
def test_a_missing_or_malformed_reference_is_named(web, filing, context, reference, message):
    response = web("broker").submit(
        page(filing) + "/acknowledge", {"version": "page", "customs_reference": reference}, page=page(filing)
    )
    assert response.status_code == 422
    assert message in page_text(response)


def test_rejecting_needs_a_message(web, filing, context):
    response = web("broker").submit(page(filing) + "/reject", {"version": "page", "message": ""}, page=page(filing))
    assert response.status_code == 422 and "Message: is required" in page_text(response)


def test_rejecting_with_a_message_sends_it_back_to_the_desk(web, filing, context):
    broker = web("broker")
    broker.submit(
        page(filing) + "/reject", {"version": "page", "message": "EORI of the exporter is wrong"}, page=page(filing)
    )
    assert "The broker rejected it: “EORI of the exporter is wrong”" in web("compliance_officer").text(
        f"/review/{filing['id']}"
    )
