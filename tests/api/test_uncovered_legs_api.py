"""A leg with one side in a country without a profile: the covered side is drafted, reviewed and approved as usual,
the uncovered side gets no declaration, and the officer must acknowledge PROFILE_MISSING by name."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.api.legs_http import REPAIR, approve, ok, paperwork, plan, problem, warnings_acknowledged


@pytest.fixture
def legs(client, auth, context, broker_party):
    f.freeze(context)
    desk = f.cast(context, broker_party)
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    return plan(client, auth("logistics_coordinator"), rma_id, customer_country="BR", details=REPAIR)


@pytest.fixture
def drafted(client, auth, legs):
    return paperwork(client, auth("logistics_coordinator"), legs[0]["id"])


def test_the_uncovered_side_is_not_covered_and_the_covered_side_is_decided(legs):
    decision = legs[0]["decision"]
    assert (decision["export"]["jurisdiction"], decision["export"]["regime"]) == ("BR", "not_covered")
    assert decision["import"]["jurisdiction"] == "CH" and decision["import"]["regime"] != "not_covered"


def test_only_the_covered_side_gets_a_declaration(drafted):
    assert [(d["side"], d["jurisdiction"]) for d in drafted] == [("import", "CH")]


def test_the_covered_declaration_carries_profile_missing(drafted):
    assert "PROFILE_MISSING" in {x["code"] for x in drafted[0]["flags"]}


def test_approval_without_acknowledging_profile_missing_is_refused(client, auth, drafted):
    declaration = drafted[0]
    acknowledgements = {
        code: reason for code, reason in warnings_acknowledged(declaration).items() if code != "PROFILE_MISSING"
    }
    response = client.post(
        f"/api/v1/declarations/{declaration['id']}/approve",
        json={"acknowledgements": acknowledgements},
        headers=auth("compliance_officer", **{"If-Match": f'"{declaration["version"]}"'}),
    )
    assert problem(response)["status"] == 422
    assert set(problem(response)["errors"]) == {"acknowledgements.PROFILE_MISSING"}


def test_approval_with_every_warning_acknowledged_succeeds(client, auth, drafted):
    assert approve(client, auth("compliance_officer"), drafted[0])["status"] == "approved"


def test_the_review_queue_shows_the_covered_declaration(client, auth, drafted):
    queue = ok(client.get("/api/v1/declarations?status=in_review", headers=auth("compliance_officer")))
    assert drafted[0]["id"] in {d["id"] for d in queue["items"]}
