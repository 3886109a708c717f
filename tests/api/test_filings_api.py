"""Filing endpoints (the broker's side): a broker sees only what was filed to it; the MRN flows back."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.api.legs_http import REPAIR, acknowledge, approve, fetch, file, ok, paperwork, plan, problem, side

MRN = "26GB12345678901234"


@pytest.fixture
def desk(context, broker_party):
    f.freeze(context)
    return f.cast(context, broker_party)


@pytest.fixture
def rma_id(context, desk):
    return f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)


@pytest.fixture
def legs(client, auth, rma_id, desk):
    return plan(client, auth("logistics_coordinator"), rma_id, broker_id=desk.uk_broker, details=REPAIR)


@pytest.fixture
def approved(client, auth, legs):
    """The export declaration of the export for repair, approved, not yet filed."""
    export = side(paperwork(client, auth("logistics_coordinator"), legs[0]["id"]), "export")
    return approve(client, auth("compliance_officer"), export)


@pytest.fixture
def filed(client, auth, approved):
    return file(client, auth("compliance_officer"), approved)


@pytest.fixture
def other_broker(context):
    party_id = f.party(context, "broker", "Other Customs Services Ltd", "GB")
    plain, _ = f.token(context, "broker", "other broker", party_id)
    return f.bearer(plain)


def if_match(row, **headers):
    return {**headers, "If-Match": f'"{row["version"]}"'}


# ---------------------------------------------------------------------------------------------- inbox


def test_the_inbox_lists_what_was_filed_to_the_broker(client, auth, filed):
    body = ok(client.get("/api/v1/filings", headers=auth("broker")))
    assert ([x["id"] for x in body["items"]], body["next_cursor"]) == ([filed["id"]], None)
    assert (body["items"][0]["regime"], body["items"][0]["url"]) == (
        "outward_processing",
        f"/api/v1/filings/{filed['id']}",
    )
    assert "content" not in body["items"][0]


def test_the_inbox_hides_the_desks_review_notes(client, auth, filed):
    item = ok(client.get("/api/v1/filings", headers=auth("broker")))["items"][0]
    assert not {"acknowledgements", "review_comment", "requested_by", "reviewed_by"} & set(item)


def test_an_approved_but_unfiled_declaration_is_not_in_the_inbox(client, auth, approved):
    assert ok(client.get("/api/v1/filings", headers=auth("broker")))["items"] == []
    assert client.get(f"/api/v1/filings/{approved['id']}", headers=auth("broker")).status_code == 404


def test_another_broker_sees_nothing_and_gets_404(client, other_broker, filed):
    assert ok(client.get("/api/v1/filings", headers=other_broker))["items"] == []
    assert problem(client.get(f"/api/v1/filings/{filed['id']}", headers=other_broker))["status"] == 404
    r = client.post(
        f"/api/v1/filings/{filed['id']}/acknowledge",
        json={"customs_reference": MRN},
        headers={**other_broker, **if_match(filed)},
    )
    assert r.status_code == 404


@pytest.mark.parametrize("role", ["logistics_coordinator", "compliance_officer"])
def test_the_desk_cannot_use_the_broker_inbox(client, auth, filed, role):
    assert problem(client.get("/api/v1/filings", headers=auth(role)))["status"] == 403
    assert client.get(f"/api/v1/filings/{filed['id']}", headers=auth(role)).status_code == 404


def test_the_inbox_without_a_token_is_401(client):
    assert client.get("/api/v1/filings").status_code == 401


# ---------------------------------------------------------------------------------------------- fetch


def test_the_first_fetch_is_recorded_once(client, auth, context, filed):
    first = fetch(client, auth("broker"), filed["id"])
    again = fetch(client, auth("broker"), filed["id"])
    assert first["fetched_at"] == again["fetched_at"] == f.NOW.isoformat()
    assert f.audit_actions(context).count("filing:fetch") == 1


def test_a_filing_is_read_with_its_etag(client, auth, filed):
    r = client.get(f"/api/v1/filings/{filed['id']}", headers=auth("broker"))
    assert r.headers["ETag"] == f'"{r.get_json()["version"]}"'


# ---------------------------------------------------------------------------------------- acknowledge


def test_acknowledging_accepts_the_filing(client, auth, filed):
    body = acknowledge(client, auth("broker"), fetch(client, auth("broker"), filed["id"]), MRN)
    assert (body["status"], body["customs_reference"]) == ("accepted", MRN)


def test_the_mrn_flows_onto_the_leg_and_the_rma(client, auth, context, filed, legs, rma_id):
    acknowledge(client, auth("broker"), fetch(client, auth("broker"), filed["id"]), MRN)
    leg = ok(client.get(f"/api/v1/legs/{legs[0]['id']}", headers=auth("logistics_coordinator")))
    rma = ok(client.get(f"/api/v1/rmas/{rma_id}", headers=auth("logistics_coordinator")))
    assert leg["customs_reference"] == MRN
    assert [(r["reference"], r["side"], r["leg_id"]) for r in rma["customs_references"]] == [
        (MRN, "export", legs[0]["id"])
    ]


def test_acknowledging_is_audited(client, auth, context, filed, rma_id):
    acknowledge(client, auth("broker"), fetch(client, auth("broker"), filed["id"]), MRN)
    assert "filing:acknowledge" in f.audit_actions(context)


def test_acknowledging_needs_if_match(client, auth, filed):
    r = client.post(
        f"/api/v1/filings/{filed['id']}/acknowledge", json={"customs_reference": MRN}, headers=auth("broker")
    )
    assert problem(r)["status"] == 428


@pytest.mark.parametrize("reference", ["", "26gb123", "26GB 123", "X" * 36, "26GB<script>"])
def test_a_malformed_reference_is_422(client, auth, filed, reference):
    current = fetch(client, auth("broker"), filed["id"])
    r = client.post(
        f"/api/v1/filings/{filed['id']}/acknowledge",
        json={"customs_reference": reference},
        headers=auth("broker", **if_match(current)),
    )
    assert list(problem(r)["errors"]) == ["customs_reference"]


def test_an_accepted_filing_cannot_be_acknowledged_again(client, auth, filed):
    accepted = acknowledge(client, auth("broker"), fetch(client, auth("broker"), filed["id"]), MRN)
    r = client.post(
        f"/api/v1/filings/{filed['id']}/acknowledge",
        json={"customs_reference": "26GB00000000000000"},
        headers=auth("broker", **if_match(accepted)),
    )
    assert problem(r)["status"] == 409


def test_a_coordinator_cannot_acknowledge(client, auth, filed):
    r = client.post(
        f"/api/v1/filings/{filed['id']}/acknowledge",
        json={"customs_reference": MRN},
        headers=auth("logistics_coordinator", **if_match(filed)),
    )
    assert r.status_code == 404


# --------------------------------------------------------------------------------------------- reject


def test_a_broker_rejects_with_a_message_and_the_desk_amends(client, auth, filed):
    current = fetch(client, auth("broker"), filed["id"])
    r = client.post(
        f"/api/v1/filings/{filed['id']}/reject",
        json={"message": "commercial invoice missing"},
        headers=auth("broker", **if_match(current)),
    )
    rejected = ok(r)
    assert (rejected["status"], rejected["broker_message"]) == ("rejected_by_broker", "commercial invoice missing")
    on_desk = ok(client.get(f"/api/v1/declarations/{filed['id']}", headers=auth("logistics_coordinator")))
    v2 = ok(
        client.post(
            f"/api/v1/declarations/{filed['id']}/amend",
            json={"comment": "invoice attached"},
            headers=auth("logistics_coordinator", **if_match(on_desk)),
        ),
        201,
    )
    assert (v2["version_no"], v2["status"]) == (2, "in_review")


@pytest.mark.parametrize("role", ["logistics_coordinator", "compliance_officer"])
def test_the_desk_cannot_reject_for_the_broker(client, auth, filed, role):
    r = client.post(
        f"/api/v1/filings/{filed['id']}/reject", json={"message": "no"}, headers=auth(role, **if_match(filed))
    )
    assert r.status_code == 404


def test_a_rejection_needs_a_message(client, auth, filed):
    r = client.post(f"/api/v1/filings/{filed['id']}/reject", json={}, headers=auth("broker", **if_match(filed)))
    assert list(problem(r)["errors"]) == ["message"]


def test_a_stale_rejection_is_412(client, auth, filed):
    fetch(client, auth("broker"), filed["id"])  # the first fetch changes the version
    r = client.post(
        f"/api/v1/filings/{filed['id']}/reject", json={"message": "no"}, headers=auth("broker", **if_match(filed))
    )
    assert problem(r)["status"] == 412
