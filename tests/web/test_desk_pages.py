"""The compliance desk's pages: the review queue in order of urgency, a declaration with its decision,
trace, provisions, flags and XML, and the review actions with their messages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from tests import factories as f
from tests.web.helpers import approved, filed, page_text, requested
from tradedesk.db.models import Declaration


@pytest.fixture
def world(context, desk):
    rma_id, legs, declarations = requested(context, desk)
    return {"rma": rma_id, "legs": legs, **declarations}


def url(declaration):
    return f"/review/{declaration['id']}"


def version(context, declaration_id):
    return str(f.row(context, Declaration, declaration_id).version)


# ------------------------------------------------------------------------------------------------ queue


def test_the_queue_lists_declarations_waiting_for_review(web, world):
    text = web("compliance_officer").text("/queue")
    assert "Declarations with status “in review”, most urgent first" in text
    assert "Export declaration (GB), version 1" in text and "Import declaration (CH), version 1" in text


def test_the_queue_puts_a_deadline_before_none(web, world):
    body = web("compliance_officer").get("/queue").get_data(as_text=True)
    assert body.index(url(world["export"])) < body.index(url(world["import"]))


def test_the_queue_puts_an_overdue_declaration_with_errors_first(web, world, context):
    past = f.NOW.date() - timedelta(days=1)
    context.run(
        lambda s: s.execute(
            update(Declaration)
            .where(Declaration.id == world["import"]["id"])
            .values(
                deadline=past,
                deadline_key=past,
                error_count=1,
                error_rank=-1,
                flags=[{"code": "SERIAL_MISMATCH", "severity": "error", "message": "swap risk", "side": None}],
            )
        )
    )
    body = web("compliance_officer").get("/queue").get_data(as_text=True)
    assert body.index(url(world["import"])) < body.index(url(world["export"]))
    assert "overdue by 1 day" in page_text(web("compliance_officer").get("/queue"))


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("country=CH", "import", "export"),
        ("severity=warning", "import", "export"),
        ("due=7", None, "export"),
        ("status=approved", None, "import"),
    ],
)
def test_the_queue_filters(web, world, query, shown, hidden):
    body = web("compliance_officer").get(f"/queue?{query}").get_data(as_text=True)
    if shown:
        assert url(world[shown]) in body
    assert url(world[hidden]) not in body


def test_unknown_filter_values_fall_back_to_the_defaults(web, world):
    assert web("compliance_officer").get("/queue?status=nonsense&country=XX&due=-3&page=zz").status_code == 200


# ------------------------------------------------------------------------------------------ declaration


def test_the_declaration_page_shows_the_decision_with_its_provisions_and_trace(web, world):
    text = web("compliance_officer").text(url(world["export"]))
    assert "Export declaration, United Kingdom (GB) — version 1" in text
    assert "Outward processing" in text and "2100 / 000" in text
    assert "Customs (Special Procedures and Outward Processing) (EU Exit) Regulations 2018" in text
    assert "Rule trace" in text and "rule 'op-repair'" in text


def test_the_declaration_page_shows_the_flags(web, world):
    text = web("compliance_officer").text(url(world["import"]))
    assert "Warning PROFILE_PARTIAL (import side)" in text


def test_the_xml_is_shown_pretty_printed_and_escaped(web, world):
    body = web("compliance_officer").get(url(world["export"])).get_data(as_text=True)
    assert "&lt;Declaration xmlns=&#34;urn:tradedesk:declaration:1.0&#34;" in body
    assert "\n  &lt;Meta&gt;\n    &lt;DeclarationId&gt;" in body


def test_an_error_flag_blocks_approval_on_the_page(web, world, context):
    context.run(
        lambda s: s.execute(
            update(Declaration)
            .where(Declaration.id == world["export"]["id"])
            .values(
                flags=[
                    {"code": "NEW_ARTICLE_AFTER_REPAIR", "severity": "error", "message": "parts replaced", "side": None}
                ]
            )
        )
    )
    response = web("compliance_officer").get(url(world["export"]))
    assert "Approval is blocked by 1 error flag (NEW_ARTICLE_AFTER_REPAIR)" in page_text(response)
    assert 'type="submit" disabled aria-disabled="true">Approve version 1' in response.get_data(as_text=True)


def test_approving_without_acknowledging_a_warning_names_the_missing_acknowledgement(web, world, context):
    officer = web("compliance_officer")
    response = officer.submit(
        url(world["import"]) + "/approve",
        {"version": version(context, world["import"]["id"])},
        page=url(world["import"]),
    )
    assert response.status_code == 422
    assert "Acknowledgement of PROFILE_PARTIAL: this warning needs an acknowledgement with a reason" in page_text(
        response
    )


def test_approving_with_the_acknowledgement_approves_and_says_so(web, world, context):
    officer = web("compliance_officer")
    response = officer.submit(
        url(world["import"]) + "/approve",
        {
            "version": version(context, world["import"]["id"]),
            "acknowledgements.PROFILE_PARTIAL": "Checked against the Swiss tariff.",
        },
        page=url(world["import"]),
        follow_redirects=True,
    )
    text = page_text(response)
    assert "Approved. It can now be filed" in text
    assert "PROFILE_PARTIAL : “Checked against the Swiss tariff.”" in text
    assert f.row(context, Declaration, world["import"]["id"]).status == "approved"


def test_the_officer_who_requested_the_paperwork_cannot_approve_it(web, world, context, tokens):
    from tradedesk.services import declarations

    officer_id = f.actor_id(context, tokens["compliance_officer"])
    context.run(
        lambda s: s.execute(
            update(Declaration).where(Declaration.id == world["export"]["id"]).values(requested_by=officer_id)
        )
    )
    officer = web("compliance_officer")
    assert "Four eyes" in officer.text(url(world["export"]))
    response = officer.submit(
        url(world["export"]) + "/approve",
        {"version": version(context, world["export"]["id"])},
        page=url(world["export"]),
        follow_redirects=True,
    )
    assert "Not done: four-eyes rule" in page_text(response)
    assert declarations.get_declaration(context, world["export"]["id"])["status"] == "in_review"


def test_a_stale_form_is_refused_with_the_current_version_shown(web, world, context):
    officer = web("compliance_officer")
    response = officer.submit(
        url(world["export"]) + "/approve", {"version": "999"}, page=url(world["export"]), follow_redirects=True
    )
    assert "Someone changed this record after you opened it" in page_text(response)


def test_a_form_without_the_version_is_a_bad_request(web, world):
    officer = web("compliance_officer")
    assert officer.submit(url(world["export"]) + "/approve", {}, page=url(world["export"])).status_code == 400


def test_requesting_changes_needs_a_comment(web, world, context):
    officer = web("compliance_officer")
    response = officer.submit(
        url(world["export"]) + "/request-changes",
        {"version": version(context, world["export"]["id"]), "request_comment": "  "},
        page=url(world["export"]),
    )
    assert response.status_code == 422
    assert "What has to change: is required" in page_text(response)


def test_requesting_changes_sends_it_back_with_the_comment(web, world, context):
    officer = web("compliance_officer")
    response = officer.submit(
        url(world["export"]) + "/request-changes",
        {"version": version(context, world["export"]["id"]), "request_comment": "Add the OP authorisation number."},
        page=url(world["export"]),
        follow_redirects=True,
    )
    assert "Review comment: “Add the OP authorisation number.”" in page_text(response)


def test_filing_an_approved_declaration_to_a_broker(web, world, context, desk):
    approved(context, world["export"])
    officer = web("compliance_officer")
    assert "File to a customs broker" in officer.text(url(world["export"]))
    response = officer.submit(
        url(world["export"]) + "/file",
        {"version": version(context, world["export"]["id"]), "broker_id": desk.swiss_broker},
        page=url(world["export"]),
        follow_redirects=True,
    )
    text = page_text(response)
    assert "Filed. The broker now sees it in their inbox." in text and "Zollagentur Basel AG (CH)" in text


def _proposed_broker(body: str) -> str:
    select = re.search(r'<select id="[^"]*" name="broker_id".*?</select>', body, flags=re.S)
    assert select, "no broker choice on the page"
    chosen = re.search(r'<option value="([^"]+)" selected>', select.group(0))
    return chosen.group(1) if chosen else ""


def test_the_file_form_proposes_the_broker_of_the_declarations_country_not_the_legs(web, world, context, desk):
    """The legs were planned with the UK broker; the Swiss import goes to the broker established in Switzerland."""
    approved(context, world["import"])
    body = web("compliance_officer").get(url(world["import"])).get_data(as_text=True)
    assert _proposed_broker(body) == desk.swiss_broker


def test_the_file_form_keeps_the_legs_broker_where_it_serves_the_country(web, world, context, desk):
    approved(context, world["export"])
    body = web("compliance_officer").get(url(world["export"])).get_data(as_text=True)
    assert _proposed_broker(body) == desk.uk_broker


def test_a_broker_listing_the_countries_it_serves_is_proposed_there(web, world, context, desk):
    """A GB broker that also files in Switzerland (serves_countries) is preferred to the one merely established there."""
    both = f.party(context, "broker", "Alpine & Channel Brokers Ltd", "GB", serves_countries=["GB", "CH"])
    approved(context, world["import"])
    body = web("compliance_officer").get(url(world["import"])).get_data(as_text=True)
    assert _proposed_broker(body) == both


def test_filing_what_is_not_approved_is_refused_with_the_reason(web, world, context, desk):
    officer = web("compliance_officer")
    response = officer.submit(
        url(world["export"]) + "/file",
        {"version": version(context, world["export"]["id"]), "broker_id": desk.uk_broker},
        page=url(world["export"]),
        follow_redirects=True,
    )
    assert "Not done: cannot file a declaration that is in_review" in page_text(response)


def test_amending_drafts_a_new_version_and_opens_it(web, world, context):
    coordinator = web("logistics_coordinator")
    response = coordinator.submit(
        url(world["export"]) + "/amend",
        {"version": version(context, world["export"]["id"]), "amend_comment": "new ship date"},
        page=url(world["export"]),
        follow_redirects=True,
    )
    assert "Export declaration, United Kingdom (GB) — version 2" in page_text(response)


def test_a_coordinator_sees_a_declaration_without_the_review_forms(web, world):
    body = web("logistics_coordinator").get(url(world["import"])).get_data(as_text=True)
    assert "/approve" not in body and "/request-changes" not in body


# -------------------------------------------------------------------------------------------- documents


def test_the_xml_of_a_declaration_downloads_as_a_file(web, world, context):
    response = web("compliance_officer").get(url(world["export"]) + "/documents/tradedesk-xml")
    assert response.mimetype == "application/xml"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="RMA-')
    assert b"urn:tradedesk:declaration:1.0" in response.data


def test_a_pdf_preview_is_served_as_html_that_runs_no_script(web, world):
    response = web("compliance_officer").get(url(world["export"]) + "/preview/proforma_invoice")
    assert response.mimetype == "text/html" and b"Pro-forma invoice" in response.data
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_a_preview_of_a_paper_not_in_the_pack_is_404(web, world):
    assert web("compliance_officer").get(url(world["export"]) + "/preview/commercial_invoice").status_code == 404


def test_preparing_the_files_runs_in_the_background_and_lists_them(web, world, context):
    officer = web("compliance_officer")
    filed_view = filed(context, world["export"], world["legs"][0]["broker_id"])
    response = officer.submit(url(filed_view) + "/documents", {}, page=url(filed_view))
    job_page = response.headers["Location"]
    assert job_page.startswith("/jobs/")
    status = _finished(officer, job_page + "/status")
    assert (status["state"], status["done"], status["total"]) == ("done", 1, 1)
    text = officer.text(url(filed_view))
    assert "TradeDesk XML" in text and "Proforma invoice" in text and "Download" in text


def _finished(client, status_url):
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = client.get(status_url).get_json()
        if status["state"] != "running":
            return status
        time.sleep(0.1)
    raise AssertionError("the job did not finish in 60 s")


def test_a_job_is_visible_only_to_who_started_it(web, world, context):
    officer = web("compliance_officer")
    job_page = officer.submit(url(world["export"]) + "/documents", {}, page=url(world["export"])).headers["Location"]
    assert officer.get(job_page).status_code == 200
    assert web("logistics_coordinator").get(job_page).status_code == 404
    _finished(officer, job_page + "/status")


# -------------------------------------------------------------------------------------------- deadlines


def test_the_deadlines_page_lists_relief_deadlines_in_the_window(web, world):
    officer = web("compliance_officer")
    assert "No relief deadline is due within 30 days" in officer.text("/deadlines")
    text = officer.text("/deadlines?within=730")
    assert "re-import of the repaired goods" in text and "Outward processing (GB, export side)" in text


def test_a_malformed_deadline_window_shows_the_default_window(web, world):
    assert "No relief deadline is due within 30 days" in web("compliance_officer").text("/deadlines?within=nonsense")
