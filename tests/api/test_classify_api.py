"""POST /api/v1/classify: the classification contract over HTTP (DESIGN.md §3); nothing is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import decide, item, leg

EXAMPLE = json.loads((Path(__file__).parents[2] / "examples" / "return_after_repair_ch_gb.json").read_text())


@pytest.fixture
def client(client, auth):
    """Every request of this module carries a coordinator's token (classification needs any valid token)."""
    client.environ_base["HTTP_AUTHORIZATION"] = auth("logistics_coordinator")["Authorization"]
    return client


def problem(response) -> dict:
    assert response.content_type == "application/problem+json"
    return response.get_json(force=True)


def test_one_leg_gets_one_decision(client):
    r = client.post("/api/v1/classify", json=EXAMPLE)
    assert r.status_code == 200
    body = r.get_json()
    assert body["import"]["procedure_code"] == "6121"
    assert body["import"]["customs_value"] == {"amount": "455.00", "currency": "GBP"}


def test_the_http_answer_equals_the_cli_and_service_answer(client):
    assert client.post("/api/v1/classify", json=EXAMPLE).get_json() == decide(EXAMPLE)


def test_a_list_gets_a_list_in_the_same_order(client):
    legs = [EXAMPLE, leg("demo_dispatch", "GB", "US"), leg("warranty_replacement", "DE", "FR")]
    r = client.post("/api/v1/classify", json=legs)
    assert r.status_code == 200
    answers = r.get_json()
    assert [a["export"]["regime"] for a in answers] == ["re_export", "temporary_export", "no_formalities"]


def test_a_bad_hs_code_is_a_422_naming_the_field(client):
    bad = {**EXAMPLE, "items": [{**EXAMPLE["items"][0], "hs_code": "999999"}]}
    body = problem(client.post("/api/v1/classify", json=bad))
    assert body["status"] == 422
    assert list(body["errors"]) == ["items.0.hs_code"]
    assert "999999" in body["errors"]["items.0.hs_code"][0]


def test_an_unknown_movement_is_named(client):
    body = problem(client.post("/api/v1/classify", json={**EXAMPLE, "movement": "teleport"}))
    assert "teleport" in body["errors"]["movement"][0]


def test_a_country_without_profile_gets_a_not_covered_side(client, auth):
    response = client.post("/api/v1/classify", json={**EXAMPLE, "from_country": "BR"}, headers=auth("broker"))
    assert response.status_code == 200
    body = response.get_json()
    assert (body["export"]["regime"], body["import"]["jurisdiction"]) == ("not_covered", "GB")
    assert "PROFILE_MISSING" in {f["code"] for f in body["flags"]}


def test_a_code_that_is_no_country_is_named(client):
    body = problem(client.post("/api/v1/classify", json={**EXAMPLE, "to_country": "XX"}))
    assert "'XX' is not an ISO 3166-1 alpha-2 country code" in body["errors"]["to_country"][0]


def test_errors_in_a_list_are_prefixed_with_the_leg_index(client):
    bad = {**EXAMPLE, "ship_date": "2026-13-01"}
    body = problem(client.post("/api/v1/classify", json=[EXAMPLE, bad]))
    assert list(body["errors"]) == ["1.ship_date"]


def test_unknown_fields_are_refused(client):
    body = problem(client.post("/api/v1/classify", json={**EXAMPLE, "colour": "red"}))
    assert "colour" in body["errors"]


def test_float_amounts_are_refused_because_they_lose_cents(client):
    bad = {**EXAMPLE, "items": [{**EXAMPLE["items"][0], "unit_value": 2500.1}]}
    body = problem(client.post("/api/v1/classify", json=bad))
    assert "not a JSON float" in body["errors"]["items.0.unit_value"][0]


def test_body_that_is_not_json_is_a_400(client):
    r = client.post("/api/v1/classify", data="{not json", content_type="application/json")
    assert r.status_code == 400 and problem(r)["title"] == "Bad Request"


def test_body_that_is_not_declared_json_is_a_415(client):
    r = client.post("/api/v1/classify", data=json.dumps(EXAMPLE), content_type="text/plain")
    assert r.status_code == 415


def test_too_many_legs_in_one_request_is_a_422(client):
    body = problem(client.post("/api/v1/classify", json=[EXAMPLE] * 51))
    assert "at most 50 legs" in body["errors"]["_schema"][0]


@pytest.mark.parametrize(
    "payload",
    [
        None,
        1,
        "leg",
        [],
        [1],
        {"items": "x"},
        {"movement": None},
        [[{}]],
        True,
        {"items": [{"hs_code": 1}]},
        {"exporter": []},
        {"ship_date": 20261120},
    ],
)
def test_any_json_gets_a_clear_4xx_never_a_crash(client, payload):
    r = client.post("/api/v1/classify", data=json.dumps(payload), content_type="application/json")
    assert r.status_code in (400, 422)
    assert problem(r)["status"] == r.status_code


def test_deeply_nested_json_is_refused_cleanly(client):
    r = client.post("/api/v1/classify", data="[" * 5000 + "]" * 5000, content_type="application/json")
    assert r.status_code in (400, 422)


def test_the_openapi_document_describes_classify(client):
    spec = client.get("/api/openapi.json").get_json()
    assert "/api/v1/classify" in spec["paths"]
    assert "Leg" in spec["components"]["schemas"]


def test_classify_over_http_stores_nothing_and_is_repeatable(client):
    payload = leg("warranty_replacement", "US", "GB", items=[item(currency="GBP")])
    first = client.post("/api/v1/classify", json=payload).get_json()
    assert client.post("/api/v1/classify", json=payload).get_json() == first


def test_classify_without_a_token_is_401(app):
    r = app.test_client().post("/api/v1/classify", json=EXAMPLE)
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")


def test_classify_with_an_unknown_token_is_401(app):
    r = app.test_client().post("/api/v1/classify", json=EXAMPLE, headers={"Authorization": "Bearer td_nope"})
    assert r.status_code == 401


@pytest.mark.parametrize("role", ["compliance_officer", "logistics_coordinator", "broker", "admin"])
def test_every_role_may_classify(app, auth, role):
    assert app.test_client().post("/api/v1/classify", json=EXAMPLE, headers=auth(role)).status_code == 200


def test_the_api_has_a_readable_docs_page_listing_every_operation(app):
    page = app.test_client().get("/api/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    spec = app.test_client().get("/api/openapi.json").get_json()
    for path in spec["paths"]:
        assert path.encode() in page.data


def test_a_serial_count_that_differs_from_the_quantity_is_a_warning_over_http(client):
    body = leg("warranty_replacement", "US", "CH", items=[item(quantity=3, serial_numbers=["SN-1"])])
    answer = client.post("/api/v1/classify", json=body).get_json()
    assert [f["severity"] for f in answer["flags"] if f["code"] == "SERIAL_COUNT_MISMATCH"] == ["warning"]


def test_every_bad_field_is_reported_in_one_answer(client):
    """Issue #10: a bad HS code was reported only once the unit value had been fixed."""
    body = leg("warranty_replacement", "US", "CH", items=[item(hs_code="999999", unit_value="abc")])
    errors = problem(client.post("/api/v1/classify", json=body))["errors"]
    assert {"items.0.hs_code", "items.0.unit_value"} <= set(errors)
