"""The export's customs reference before the re-import (issue #10 point 4), through the API.

A return relying on an export of ours cannot be approved until that export has its MRN
(PRIOR_EXPORT_REFERENCE_MISSING, error): from the broker's acknowledgement, or recorded with a reason when it was
declared outside TradeDesk. When the reference arrives, the return's declarations are redrafted with it; a leg
changed after filing gets an amendment and its broker sees the filing superseded.
"""

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
def legs(client, auth, context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    return plan(client, auth("logistics_coordinator"), rma_id, broker_id=desk.uk_broker, details=REPAIR)


def codes(declaration):
    return {x["code"] for x in declaration["flags"]}


def reimport(client, auth, legs):
    return side(paperwork(client, auth("logistics_coordinator"), legs[1]["id"]), "import")


def export_filed(client, auth, legs):
    export = side(paperwork(client, auth("logistics_coordinator"), legs[0]["id"]), "export")
    return file(client, auth("compliance_officer"), approve(client, auth("compliance_officer"), export))


def test_a_reimport_before_its_export_has_an_mrn_carries_an_error_and_cannot_be_approved(client, auth, legs):
    imported = reimport(client, auth, legs)
    flag = next(x for x in imported["flags"] if x["code"] == "PRIOR_EXPORT_REFERENCE_MISSING")
    assert flag["severity"] == "error"
    r = client.post(
        f"/api/v1/declarations/{imported['id']}/approve",
        json={"acknowledgements": {}},
        headers=auth("compliance_officer", **{"If-Match": f'"{imported["version"]}"'}),
    )
    body = problem(r)
    assert body["status"] == 409 and "PRIOR_EXPORT_REFERENCE_MISSING" in body["flags"]


def test_the_brokers_mrn_redrafts_the_reimport_with_it(client, auth, legs):
    before = reimport(client, auth, legs)
    filing = fetch(client, auth("broker"), export_filed(client, auth, legs)["id"])
    acknowledge(client, auth("broker"), filing, MRN)
    current = side(paperwork(client, auth("logistics_coordinator"), legs[1]["id"]), "import")
    assert current["id"] != before["id"] and current["version_no"] == before["version_no"] + 1
    assert "PRIOR_EXPORT_REFERENCE_MISSING" not in codes(current)
    assert current["content"]["prior_export"]["reference"] == MRN
    old = ok(client.get(f"/api/v1/declarations/{before['id']}", headers=auth("compliance_officer")))
    assert (old["status"], old["superseded_by_id"]) == ("superseded", current["id"])


def test_an_export_declared_elsewhere_gets_its_mrn_recorded_with_a_reason(client, auth, legs):
    reimport(client, auth, legs)
    r = client.post(
        f"/api/v1/legs/{legs[0]['id']}/export-reference",
        headers=auth("logistics_coordinator"),
        json={"customs_reference": MRN, "reason": "declared by the repairer's forwarder; MRN on the EAD"},
    )
    assert ok(r, 201)["export_reference"]["reference"] == MRN
    current = side(paperwork(client, auth("logistics_coordinator"), legs[1]["id"]), "import")
    assert "PRIOR_EXPORT_REFERENCE_MISSING" not in codes(current)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"customs_reference": MRN, "reason": "  "}, "reason"),
        ({"customs_reference": "not an mrn!", "reason": "x"}, "customs_reference"),
    ],
    ids=["no-reason", "bad-mrn"],
)
def test_a_recorded_mrn_needs_a_reason_and_a_valid_reference(client, auth, legs, body, field):
    r = client.post(f"/api/v1/legs/{legs[0]['id']}/export-reference", headers=auth("logistics_coordinator"), json=body)
    assert field in problem(r)["errors"]


def test_an_mrn_already_acknowledged_is_not_overwritten(client, auth, legs):
    filing = fetch(client, auth("broker"), export_filed(client, auth, legs)["id"])
    acknowledge(client, auth("broker"), filing, MRN)
    r = client.post(
        f"/api/v1/legs/{legs[0]['id']}/export-reference",
        headers=auth("logistics_coordinator"),
        json={"customs_reference": "26GB00000000000009", "reason": "typo"},
    )
    assert problem(r)["status"] == 409


def test_a_leg_changed_after_filing_is_amended_and_its_broker_sees_the_filing_superseded(client, auth, legs):
    filed = export_filed(client, auth, legs)
    leg = ok(client.get(f"/api/v1/legs/{legs[0]['id']}", headers=auth("logistics_coordinator")))
    ok(
        client.patch(
            f"/api/v1/legs/{leg['id']}",
            json={"ship_date": "2026-11-30"},
            headers=auth("logistics_coordinator", **{"If-Match": f'"{leg["version"]}"'}),
        )
    )
    inbox = ok(client.get("/api/v1/filings", headers=auth("broker")))["items"]
    shown = next(item for item in inbox if item["id"] == filed["id"])
    assert shown["status"] == "superseded" and shown["superseded_by_id"]
    amendment = ok(client.get(f"/api/v1/declarations/{shown['superseded_by_id']}", headers=auth("compliance_officer")))
    assert (amendment["status"], amendment["content"]["document"]["leg"]["ship_date"]) == ("in_review", "2026-11-30")
