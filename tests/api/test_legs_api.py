"""Leg endpoints: plan, add, list, read (ETag), edit (If-Match), reclassify; who may do what."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.api.legs_http import REPAIR, ok, paperwork, plan, problem
from tradedesk.domain import leg_details


@pytest.fixture
def desk(context, broker_party):
    f.freeze(context)
    return f.cast(context, broker_party)


@pytest.fixture
def rma_id(context, desk):
    return f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)


@pytest.fixture
def planned(client, auth, rma_id):
    return plan(client, auth("logistics_coordinator"), rma_id, details=REPAIR)


# ------------------------------------------------------------------------------------------------- plan


def test_a_coordinator_plans_the_legs(client, auth, rma_id):
    r = client.post(
        f"/api/v1/rmas/{rma_id}/legs/plan",
        json={"ship_date": "2026-11-23", "transport": "courier", "details": REPAIR},
        headers=auth("logistics_coordinator"),
    )
    body = ok(r, 201)
    assert body["rma_id"] == rma_id
    assert [leg["movement"] for leg in body["items"]] == ["export_for_repair", "return_after_repair"]
    assert body["items"][0]["decision"]["export"]["regime"] == "outward_processing"


def test_a_compliance_officer_may_plan_too(client, auth, rma_id):
    assert len(plan(client, auth("compliance_officer"), rma_id, details=REPAIR)) == 2


def test_planning_a_repair_without_its_repair_cost_is_refused_as_the_cli_refuses_it(client, auth, rma_id, context):
    """Issue #10: it was declared at 0.00 through the API while `tradedesk classify` refused the same leg."""
    r = client.post(
        f"/api/v1/rmas/{rma_id}/legs/plan",
        json={"ship_date": "2026-11-23", "transport": "courier"},
        headers=auth("logistics_coordinator"),
    )
    assert problem(r)["errors"] == {"details.repair": [leg_details.REPAIR_REQUIRED]}
    r = client.post(
        f"/api/v1/rmas/{rma_id}/legs/plan",
        json={"ship_date": "2026-11-23", "transport": "courier", "details": {"repair": {"charged": True}}},
        headers=auth("logistics_coordinator"),
    )
    assert list(problem(r)["errors"]) == ["details.repair.cost"]


def test_each_planned_leg_has_its_own_date_the_return_after_the_hubs_turnaround(client, auth, rma_id):
    """Issue #10: every leg of a plan got the same ship date; a repair comes back after the repair, not the day it left."""
    export, back = plan(client, auth("logistics_coordinator"), rma_id, details=REPAIR)
    assert (export["ship_date"], back["ship_date"]) == ("2026-11-23", "2026-12-14")  # 21 days' turnaround


def test_a_legs_date_can_be_chosen_when_planning(client, auth, rma_id):
    export, back = plan(client, auth("logistics_coordinator"), rma_id, details=REPAIR, ship_dates={"2": "2027-01-15"})
    assert (export["ship_date"], back["ship_date"]) == ("2026-11-23", "2027-01-15")


def test_a_date_for_a_leg_the_scenario_does_not_plan_is_refused_by_name(client, auth, rma_id):
    r = client.post(
        f"/api/v1/rmas/{rma_id}/legs/plan",
        headers=auth("logistics_coordinator"),
        json={"ship_date": "2026-11-23", "transport": "courier", "details": REPAIR, "ship_dates": {"3": "2027-01-15"}},
    )
    assert list(problem(r)["errors"]) == ["ship_dates.3"]


def test_the_return_declares_the_export_date_of_the_export_leg(client, auth, rma_id):
    """The repair-cost statement printed the prior export date equal to the return's ship date."""
    export, back = plan(client, auth("logistics_coordinator"), rma_id, details=REPAIR)
    imported = next(d for d in paperwork(client, auth("logistics_coordinator"), back["id"]) if d["side"] == "import")
    assert imported["content"]["prior_export"]["date"] == export["ship_date"]
    assert imported["content"]["document"]["leg"]["ship_date"] == back["ship_date"]


def test_planning_without_a_token_is_401(client, rma_id):
    r = client.post(f"/api/v1/rmas/{rma_id}/legs/plan", json={"ship_date": "2026-11-23", "transport": "courier"})
    assert r.status_code == 401


def test_a_broker_cannot_see_an_rma_to_plan(client, auth, rma_id):
    r = client.post(
        f"/api/v1/rmas/{rma_id}/legs/plan",
        json={"ship_date": "2026-11-23", "transport": "courier"},
        headers=auth("broker"),
    )
    assert problem(r)["status"] == 404


def test_planning_an_unknown_rma_is_404(client, auth):
    r = client.post(
        "/api/v1/rmas/nope/legs/plan",
        json={"ship_date": "2026-11-23", "transport": "courier"},
        headers=auth("logistics_coordinator"),
    )
    assert problem(r)["status"] == 404


def test_planning_twice_is_409(client, auth, rma_id, planned):
    r = client.post(
        f"/api/v1/rmas/{rma_id}/legs/plan",
        json={"ship_date": "2026-11-23", "transport": "courier"},
        headers=auth("logistics_coordinator"),
    )
    assert problem(r)["status"] == 409


def test_plan_input_errors_name_their_field(client, auth, rma_id):
    body = {
        "ship_date": "2026-11-23",
        "transport": "teleport",
        "details": {"repair": {"cost": {"amount": 12.5, "currency": "GBP"}, "charged": True}},
    }
    errors = problem(client.post(f"/api/v1/rmas/{rma_id}/legs/plan", json=body, headers=auth("logistics_coordinator")))[
        "errors"
    ]
    assert set(errors) == {"transport", "details.repair.cost.amount"}


def test_unknown_plan_fields_are_refused(client, auth, rma_id):
    body = {"ship_date": "2026-11-23", "transport": "courier", "movement": "demo_dispatch"}
    errors = problem(client.post(f"/api/v1/rmas/{rma_id}/legs/plan", json=body, headers=auth("logistics_coordinator")))[
        "errors"
    ]
    assert list(errors) == ["movement"]


def test_a_country_that_is_not_iso_3166_is_a_422_naming_it(client, auth, rma_id):
    body = {"ship_date": "2026-11-23", "transport": "courier", "customer_country": "XX"}
    errors = problem(client.post(f"/api/v1/rmas/{rma_id}/legs/plan", json=body, headers=auth("logistics_coordinator")))[
        "errors"
    ]
    assert "XX" in errors["customer_country"][0]


def test_the_same_idempotency_key_replays_the_plan(client, auth, rma_id):
    headers = auth("logistics_coordinator", **{"Idempotency-Key": "plan-rma-1"})
    body = {"ship_date": "2026-11-23", "transport": "courier", "details": REPAIR}
    first = client.post(f"/api/v1/rmas/{rma_id}/legs/plan", json=body, headers=headers)
    again = client.post(f"/api/v1/rmas/{rma_id}/legs/plan", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()


# -------------------------------------------------------------------------------------------------- add


def test_a_leg_is_added_with_its_etag(client, auth, rma_id, planned, desk):
    body = {
        "movement": "return_for_refund",
        "from_country": "CH",
        "to_country": "GB",
        "ship_date": "2026-12-01",
        "transport": "courier",
        "exporter_id": desk.swiss_customer,
        "importer_id": desk.uk_seller,
    }
    r = client.post(f"/api/v1/rmas/{rma_id}/legs", json=body, headers=auth("logistics_coordinator"))
    leg = ok(r, 201)
    assert r.headers["ETag"] == f'"{leg["version"]}"'
    assert leg["position"] == 3
    assert leg["decision"]["import"]["jurisdiction"] == "GB"


def test_an_added_return_after_repair_needs_its_repair_cost_as_a_planned_one(client, auth, rma_id, planned, desk):
    """The same rule and message as planning and `tradedesk classify` (domain/leg_details): it was not checked here."""
    body = {
        "movement": "return_after_repair",
        "from_country": "CH",
        "to_country": "GB",
        "ship_date": "2026-12-01",
        "transport": "courier",
        "exporter_id": desk.swiss_repairer,
        "importer_id": desk.uk_customer,
    }
    r = client.post(f"/api/v1/rmas/{rma_id}/legs", json=body, headers=auth("logistics_coordinator"))
    assert problem(r)["errors"] == {"details.repair": [leg_details.REPAIR_REQUIRED]}


def test_a_carnet_expiry_without_a_carnet_is_refused_as_by_the_cli(client, auth, rma_id):
    r = client.post(
        f"/api/v1/rmas/{rma_id}/legs/plan",
        headers=auth("logistics_coordinator"),
        json={
            "ship_date": "2026-11-23",
            "transport": "courier",
            "details": {**REPAIR, "ata_carnet_expires": "2027-06-30"},
        },
    )
    assert problem(r)["errors"] == {"details.ata_carnet_expires": [leg_details.CARNET_DATE_WITHOUT_CARNET]}


def test_adding_a_leg_needs_its_parties(client, auth, rma_id):
    body = {
        "movement": "return_for_refund",
        "from_country": "CH",
        "to_country": "GB",
        "ship_date": "2026-12-01",
        "transport": "courier",
    }
    errors = problem(client.post(f"/api/v1/rmas/{rma_id}/legs", json=body, headers=auth("logistics_coordinator")))[
        "errors"
    ]
    assert set(errors) == {"exporter_id", "importer_id"}


# ------------------------------------------------------------------------------------------------- read


def test_the_legs_of_an_rma_are_listed_and_paged(client, auth, rma_id, planned):
    first = ok(client.get(f"/api/v1/rmas/{rma_id}/legs?limit=1", headers=auth("compliance_officer")))
    body = ok(
        client.get(
            f"/api/v1/rmas/{rma_id}/legs?limit=1&cursor={first['next_cursor']}", headers=auth("compliance_officer")
        )
    )
    assert ([leg["id"] for leg in first["items"] + body["items"]], body["next_cursor"]) == (
        [planned[0]["id"], planned[1]["id"]],
        None,
    )


def test_a_leg_is_read_with_its_etag(client, auth, planned):
    r = client.get(f"/api/v1/legs/{planned[0]['id']}", headers=auth("logistics_coordinator"))
    assert ok(r)["decision"] == planned[0]["decision"]
    assert r.headers["ETag"] == f'"{planned[0]["version"]}"'


def test_a_broker_sees_no_legs(client, auth, rma_id, planned):
    assert client.get(f"/api/v1/legs/{planned[0]['id']}", headers=auth("broker")).status_code == 404
    assert client.get(f"/api/v1/rmas/{rma_id}/legs", headers=auth("broker")).status_code == 404


def test_an_unknown_leg_is_404(client, auth):
    assert problem(client.get("/api/v1/legs/nope", headers=auth("admin")))["status"] == 404


# ------------------------------------------------------------------------------------------------- edit


def test_an_edit_without_if_match_is_428(client, auth, planned):
    r = client.patch(
        f"/api/v1/legs/{planned[0]['id']}", json={"transport": "air"}, headers=auth("logistics_coordinator")
    )
    assert problem(r)["status"] == 428


def test_an_edit_with_a_stale_etag_is_412_with_the_current_one(client, auth, planned):
    leg = planned[0]
    r = client.patch(
        f"/api/v1/legs/{leg['id']}",
        json={"transport": "air"},
        headers=auth("logistics_coordinator", **{"If-Match": f'"{leg["version"] - 1}"'}),
    )
    assert problem(r)["status"] == 412
    assert r.headers["ETag"] == f'"{leg["version"]}"'


def test_an_edit_is_reclassified_and_gets_a_new_etag(client, auth, planned):
    leg = planned[1]
    r = client.patch(
        f"/api/v1/legs/{leg['id']}",
        json={
            "details": {"repair": {"cost": {"amount": "0.00", "currency": "GBP"}, "charged": False}},
            "ship_date": "2026-12-15",
        },
        headers=auth("logistics_coordinator", **{"If-Match": f'"{leg["version"]}"'}),
    )
    body = ok(r)
    assert body["ship_date"] == "2026-12-15"
    assert body["details"]["repair"]["charged"] is False
    assert r.headers["ETag"] == f'"{body["version"]}"' != f'"{leg["version"]}"'


def test_if_match_star_accepts_any_version(client, auth, planned):
    r = client.patch(
        f"/api/v1/legs/{planned[0]['id']}",
        json={"shipped_on": "2026-11-24"},
        headers=auth("logistics_coordinator", **{"If-Match": "*"}),
    )
    assert ok(r)["shipped_on"] == "2026-11-24"


def test_fields_that_are_not_editable_are_refused(client, auth, planned):
    leg = planned[0]
    r = client.patch(
        f"/api/v1/legs/{leg['id']}",
        json={"movement": "demo_dispatch", "decision": {}},
        headers=auth("logistics_coordinator", **{"If-Match": f'"{leg["version"]}"'}),
    )
    assert set(problem(r)["errors"]) == {"movement", "decision"}


def test_an_empty_edit_is_refused(client, auth, planned):
    leg = planned[0]
    r = client.patch(
        f"/api/v1/legs/{leg['id']}",
        json={},
        headers=auth("logistics_coordinator", **{"If-Match": f'"{leg["version"]}"'}),
    )
    assert problem(r)["status"] == 422


def test_a_broker_cannot_edit_a_leg(client, auth, planned):
    leg = planned[0]
    r = client.patch(
        f"/api/v1/legs/{leg['id']}",
        json={"transport": "air"},
        headers=auth("broker", **{"If-Match": f'"{leg["version"]}"'}),
    )
    assert r.status_code == 404


def test_reclassify_needs_if_match(client, auth, planned):
    leg = planned[0]
    url = f"/api/v1/legs/{leg['id']}/reclassify"
    assert client.post(url, headers=auth("compliance_officer")).status_code == 428
    r = client.post(url, headers=auth("compliance_officer", **{"If-Match": f'"{leg["version"]}"'}))
    assert ok(r)["decision"]["export"] == leg["decision"]["export"]


@pytest.mark.parametrize(
    ("method", "route"),
    [
        ("post", "/api/v1/rmas/{rma}/legs"),
        ("post", "/api/v1/legs/{leg}/reclassify"),
        ("get", "/api/v1/rmas/{rma}/legs"),
    ],
)
def test_a_broker_gets_404_on_every_leg_route(client, auth, rma_id, planned, method, route):
    url = route.format(rma=rma_id, leg=planned[0]["id"])
    r = getattr(client, method)(url, json={}, headers=auth("broker", **{"If-Match": "*"}))
    assert r.status_code == 404


def test_every_leg_route_declares_its_permission(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or "/legs" not in rule.rule:
            continue
        view = app.view_functions[rule.endpoint].view_class
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert getattr(getattr(view, method.lower()), "required_permission", None), (rule.rule, method)


def test_every_leg_route_is_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {
        "/api/v1/rmas/{rma_id}/legs/plan",
        "/api/v1/rmas/{rma_id}/legs",
        "/api/v1/legs/{leg_id}",
        "/api/v1/legs/{leg_id}/reclassify",
    } <= set(paths)
    assert "requestBody" in paths["/api/v1/rmas/{rma_id}/legs/plan"]["post"]
