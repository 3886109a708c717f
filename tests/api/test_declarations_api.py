"""Declaration endpoints: paperwork, review queue, approve (four eyes, flags), request changes, amend, file."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.api.legs_http import REPAIR, approve, ok, paperwork, plan, problem, side, warnings_acknowledged


@pytest.fixture
def desk(context, broker_party):
    f.freeze(context)
    return f.cast(context, broker_party)


@pytest.fixture
def legs(client, auth, context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    return plan(client, auth("logistics_coordinator"), rma_id, broker_id=desk.uk_broker, details=REPAIR)


@pytest.fixture
def decls(client, auth, legs):
    """Export (GB, clean) and import (CH, with a warning) declarations of the export for repair."""
    return paperwork(client, auth("logistics_coordinator"), legs[0]["id"])


@pytest.fixture
def second_officer(context):
    plain, actor_id = f.token(context, "compliance_officer", "second officer")
    return f.bearer(plain), actor_id


def if_match(decl, **headers):
    return {**headers, "If-Match": f'"{decl["version"]}"'}


# -------------------------------------------------------------------------------------------- paperwork


def test_paperwork_is_drafted_then_returned_again(client, auth, legs):
    url = f"/api/v1/legs/{legs[0]['id']}/paperwork"
    first = client.post(url, headers=auth("logistics_coordinator"))
    again = client.post(url, headers=auth("logistics_coordinator"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert [d["id"] for d in again.get_json()["items"]] == [d["id"] for d in first.get_json()["items"]]
    assert {d["status"] for d in first.get_json()["items"]} == {"in_review"}


def test_a_broker_cannot_request_paperwork(client, auth, legs):
    assert client.post(f"/api/v1/legs/{legs[0]['id']}/paperwork", headers=auth("broker")).status_code == 404


def test_paperwork_for_an_unknown_leg_is_404(client, auth):
    assert problem(client.post("/api/v1/legs/nope/paperwork", headers=auth("logistics_coordinator")))["status"] == 404


# ------------------------------------------------------------------------------------------------- read


def test_the_queue_lists_declarations_in_review(client, auth, decls):
    body = ok(client.get("/api/v1/declarations?status=in_review", headers=auth("compliance_officer")))
    assert ({d["id"] for d in body["items"]}, body["next_cursor"], body["limit"]) == (
        {d["id"] for d in decls},
        None,
        50,
    )


def test_the_queue_filters_by_jurisdiction_and_severity(client, auth, decls):
    gb = ok(client.get("/api/v1/declarations?jurisdiction=GB", headers=auth("compliance_officer")))
    warned = ok(client.get("/api/v1/declarations?severity=warning", headers=auth("compliance_officer")))
    assert [d["side"] for d in gb["items"]] == ["export"]
    assert [d["side"] for d in warned["items"]] == ["import"]


def test_a_bad_filter_is_a_422_naming_it(client, auth):
    errors = problem(
        client.get("/api/v1/declarations?severity=fatal&deadline_before=soon", headers=auth("compliance_officer"))
    )["errors"]
    assert set(errors) == {"severity", "deadline_before"}


def test_a_broker_has_no_review_queue(client, auth):
    assert client.get("/api/v1/declarations", headers=auth("broker")).status_code == 403


def test_a_declaration_is_read_with_its_etag(client, auth, decls):
    r = client.get(f"/api/v1/declarations/{decls[0]['id']}", headers=auth("logistics_coordinator"))
    assert ok(r)["content_hash"] == decls[0]["content_hash"]
    assert r.headers["ETag"] == f'"{decls[0]["version"]}"'


def test_a_broker_cannot_read_a_declaration_on_the_desk(client, auth, decls):
    assert client.get(f"/api/v1/declarations/{decls[0]['id']}", headers=auth("broker")).status_code == 404


# ---------------------------------------------------------------------------------------------- approve


def test_an_officer_approves_a_coordinators_request(client, auth, decls):
    export = side(decls, "export")
    r = client.post(
        f"/api/v1/declarations/{export['id']}/approve",
        json={"comment": "checked"},
        headers=auth("compliance_officer", **if_match(export)),
    )
    body = ok(r)
    assert (body["status"], body["review_comment"]) == ("approved", "checked")
    assert r.headers["ETag"] == f'"{body["version"]}"'


def test_approval_without_if_match_is_428(client, auth, decls):
    r = client.post(f"/api/v1/declarations/{decls[0]['id']}/approve", json={}, headers=auth("compliance_officer"))
    assert problem(r)["status"] == 428


def test_approval_of_a_stale_version_is_412(client, auth, decls):
    stale = {**decls[0], "version": decls[0]["version"] + 5}
    r = client.post(
        f"/api/v1/declarations/{stale['id']}/approve", json={}, headers=auth("compliance_officer", **if_match(stale))
    )
    assert problem(r)["status"] == 412
    assert r.headers["ETag"] == f'"{decls[0]["version"]}"'


def test_a_coordinator_cannot_approve(client, auth, decls):
    r = client.post(
        f"/api/v1/declarations/{decls[0]['id']}/approve",
        json={},
        headers=auth("logistics_coordinator", **if_match(decls[0])),
    )
    assert problem(r)["status"] == 403


def test_the_officer_who_requested_cannot_approve_but_another_can(client, auth, legs, second_officer):
    headers, _ = second_officer
    export = side(paperwork(client, auth("compliance_officer"), legs[0]["id"]), "export")
    own = client.post(
        f"/api/v1/declarations/{export['id']}/approve", json={}, headers=auth("compliance_officer", **if_match(export))
    )
    assert problem(own)["status"] == 409
    assert "four-eyes" in problem(own)["detail"]
    other = client.post(
        f"/api/v1/declarations/{export['id']}/approve", json={}, headers={**headers, **if_match(export)}
    )
    assert ok(other)["status"] == "approved"


def test_the_reviewer_is_recorded(client, auth, decls, second_officer):
    headers, actor_id = second_officer
    export = side(decls, "export")
    body = approve(client, headers, export)
    assert body["reviewed_by"] == actor_id
    assert body["requested_by"] != actor_id


def test_a_warning_needs_a_reason_named_by_its_code(client, auth, decls):
    imp = side(decls, "import")
    codes = set(warnings_acknowledged(imp))
    r = client.post(
        f"/api/v1/declarations/{imp['id']}/approve",
        json={"acknowledgements": {}},
        headers=auth("compliance_officer", **if_match(imp)),
    )
    assert problem(r)["status"] == 422
    assert set(problem(r)["errors"]) == {f"acknowledgements.{code}" for code in codes}


def test_acknowledged_warnings_are_stored_with_who_when_why(client, auth, decls):
    imp = side(decls, "import")
    body = approve(client, auth("compliance_officer"), imp)
    assert {a["code"] for a in body["acknowledgements"]} == set(warnings_acknowledged(imp))
    assert all(a["reason"] and a["by"] and a["at"] for a in body["acknowledgements"])


@pytest.fixture
def blocked(client, auth, context, desk):
    """A Japanese company's watch returning to the UK without an importer of record: NO_LOCAL_IMPORTER (error)."""
    customer = f.party(context, "customer", "Nihon Trading KK", "JP")
    rma_id = f.rma(context, "repair", customer, desk.swiss_repairer)
    back = plan(client, auth("logistics_coordinator"), rma_id, customer_country="GB", details=REPAIR)[1]
    return side(paperwork(client, auth("logistics_coordinator"), back["id"]), "import")


def test_error_flags_block_approval_and_are_listed(client, auth, blocked):
    r = client.post(
        f"/api/v1/declarations/{blocked['id']}/approve",
        json={"acknowledgements": {"NO_LOCAL_IMPORTER": "we will sort it out"}},
        headers=auth("compliance_officer", **if_match(blocked)),
    )
    body = problem(r)
    assert body["status"] == 409
    assert body["flags"] == ["NO_LOCAL_IMPORTER", "PRIOR_EXPORT_REFERENCE_MISSING"]  # the export has no MRN yet


def test_unknown_fields_in_an_approval_are_refused(client, auth, decls):
    r = client.post(
        f"/api/v1/declarations/{decls[0]['id']}/approve",
        json={"status": "approved"},
        headers=auth("compliance_officer", **if_match(decls[0])),
    )
    assert list(problem(r)["errors"]) == ["status"]


# -------------------------------------------------------------------------------------- request changes


def test_changes_are_requested_with_a_comment(client, auth, decls):
    export = side(decls, "export")
    r = client.post(
        f"/api/v1/declarations/{export['id']}/request-changes",
        json={"comment": "use 2200 (warranty)"},
        headers=auth("compliance_officer", **if_match(export)),
    )
    assert ok(r)["status"] == "changes_requested"


def test_a_request_for_changes_needs_a_comment(client, auth, decls):
    export = side(decls, "export")
    r = client.post(
        f"/api/v1/declarations/{export['id']}/request-changes",
        json={"comment": "  "},
        headers=auth("compliance_officer", **if_match(export)),
    )
    assert list(problem(r)["errors"]) == ["comment"]


# ------------------------------------------------------------------------------------------------ amend


def test_an_approved_version_is_immutable_and_amend_makes_version_two(client, auth, decls):
    export = side(decls, "export")
    approved = approve(client, auth("compliance_officer"), export)
    r = client.post(
        f"/api/v1/declarations/{export['id']}/amend",
        json={"comment": "new invoice"},
        headers=auth("logistics_coordinator", **if_match(approved)),
    )
    v2 = ok(r, 201)
    assert r.headers["Location"] == f"/api/v1/declarations/{v2['id']}"
    assert (v2["version_no"], v2["status"]) == (2, "in_review")
    v1 = ok(client.get(f"/api/v1/declarations/{export['id']}", headers=auth("compliance_officer")))
    assert (v1["status"], v1["superseded_by_id"]) == ("superseded", v2["id"])
    unchanged = {k: approved[k] for k in ("content", "content_hash", "acknowledgements", "reviewed_by", "requested_by")}
    assert {k: v1[k] for k in unchanged} == unchanged


def test_a_filed_declaration_cannot_be_amended(client, auth, decls):
    export = side(decls, "export")
    approved = approve(client, auth("compliance_officer"), export)
    filed = ok(
        client.post(
            f"/api/v1/declarations/{export['id']}/file",
            json={},
            headers=auth("compliance_officer", **if_match(approved)),
        )
    )
    r = client.post(
        f"/api/v1/declarations/{export['id']}/amend", json={}, headers=auth("logistics_coordinator", **if_match(filed))
    )
    assert problem(r)["status"] == 409


def test_a_broker_cannot_amend(client, auth, decls):
    r = client.post(
        f"/api/v1/declarations/{decls[0]['id']}/amend", json={}, headers=auth("broker", **if_match(decls[0]))
    )
    assert r.status_code == 404


# ------------------------------------------------------------------------------------------------- file


def test_an_officer_files_to_the_legs_broker(client, auth, decls, desk):
    export = side(decls, "export")
    approved = approve(client, auth("compliance_officer"), export)
    body = ok(
        client.post(
            f"/api/v1/declarations/{export['id']}/file",
            json={},
            headers=auth("compliance_officer", **if_match(approved)),
        )
    )
    assert (body["status"], body["broker_id"]) == ("filed", desk.uk_broker)
    assert body["filed_at"]


def test_without_a_broker_the_import_goes_to_the_broker_of_its_country_not_the_legs(client, auth, decls, desk):
    """The legs were planned with the UK broker; the Swiss import is filed to the broker established in Switzerland."""
    imported = side(decls, "import")
    approved = approve(client, auth("compliance_officer"), imported)
    body = ok(
        client.post(
            f"/api/v1/declarations/{imported['id']}/file",
            json={},
            headers=auth("compliance_officer", **if_match(approved)),
        )
    )
    assert body["broker_id"] == desk.swiss_broker


def test_a_broker_may_list_the_countries_it_files_in(client, auth):
    r = client.post(
        "/api/v1/parties",
        headers=auth("logistics_coordinator"),
        json={
            "kind": "broker",
            "name": "Alpine & Channel Brokers Ltd",
            "country": "GB",
            "serves_countries": ["GB", "CH"],
        },
    )
    assert (r.status_code, r.get_json()["serves_countries"]) == (201, ["CH", "GB"])


def test_a_coordinator_cannot_file(client, auth, decls):
    export = side(decls, "export")
    approved = approve(client, auth("compliance_officer"), export)
    r = client.post(
        f"/api/v1/declarations/{export['id']}/file",
        json={},
        headers=auth("logistics_coordinator", **if_match(approved)),
    )
    assert problem(r)["status"] == 403


def test_filing_to_a_party_that_is_no_broker_is_422(client, auth, decls, desk):
    export = side(decls, "export")
    approved = approve(client, auth("compliance_officer"), export)
    r = client.post(
        f"/api/v1/declarations/{export['id']}/file",
        json={"broker_id": desk.uk_customer},
        headers=auth("compliance_officer", **if_match(approved)),
    )
    assert list(problem(r)["errors"]) == ["broker_id"]


def test_a_declaration_in_review_cannot_be_filed(client, auth, decls):
    r = client.post(
        f"/api/v1/declarations/{decls[0]['id']}/file", json={}, headers=auth("compliance_officer", **if_match(decls[0]))
    )
    assert problem(r)["status"] == 409


@pytest.mark.parametrize("action", ["approve", "request-changes"])
def test_a_coordinator_cannot_review(client, auth, decls, action):
    r = client.post(
        f"/api/v1/declarations/{decls[0]['id']}/{action}",
        json={"comment": "looks fine"},
        headers=auth("logistics_coordinator", **if_match(decls[0])),
    )
    assert problem(r)["status"] == 403


@pytest.mark.parametrize("action", ["approve", "request-changes", "amend", "file"])
def test_a_broker_gets_404_on_every_declaration_action(client, auth, decls, action):
    r = client.post(
        f"/api/v1/declarations/{decls[0]['id']}/{action}", json={}, headers=auth("broker", **if_match(decls[0]))
    )
    assert r.status_code == 404


def test_every_declaration_and_filing_route_declares_its_permission(app):
    for rule in app.url_map.iter_rules():
        if not ("/declarations" in rule.rule or "/filings" in rule.rule or "/paperwork" in rule.rule):
            continue
        view = app.view_functions[rule.endpoint].view_class
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert getattr(getattr(view, method.lower()), "required_permission", None), (rule.rule, method)


def test_every_declaration_route_is_in_the_openapi_document(client):
    paths = set(client.get("/api/openapi.json").get_json()["paths"])
    assert {
        "/api/v1/legs/{leg_id}/paperwork",
        "/api/v1/declarations",
        "/api/v1/declarations/{declaration_id}",
        "/api/v1/declarations/{declaration_id}/approve",
        "/api/v1/declarations/{declaration_id}/request-changes",
        "/api/v1/declarations/{declaration_id}/amend",
        "/api/v1/declarations/{declaration_id}/file",
    } <= paths
