"""No input gives a 500: text no database can store, out-of-range numbers and dates are 422 naming the field,
and a refused request leaves the database as it was (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from tests.api.factories_rma import add_party, count, freeze, item, rma_body
from tradedesk.db.models import Leg, Party, Rma

pytestmark = pytest.mark.both_databases  # dialect-specific: see tests/conftest.py

URL = "/api/v1/rmas"


@pytest.fixture
def hub(context):
    freeze(context)
    return add_party(context, "seller", "Hub GmbH", "DE")


@pytest.fixture
def customer(context):
    return add_party(context, "customer", "Example Ltd", "GB", identifiers={"EORI": "GB123456789000"})


def post_raw(client, headers, url, body):
    """json.dumps writes a lone surrogate as the escape "\\ud800", as a hostile client would send it."""
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def errors(response):
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json"
    return response.get_json()["errors"]


@pytest.mark.parametrize("text", ["\ud800", "broken \udfff tail", "a\x00b"], ids=["surrogate", "low-surrogate", "nul"])
def test_unstorable_text_in_a_json_string_is_refused_by_field_and_nothing_is_stored(
    client, auth, context, hub, customer, text
):
    body = rma_body(hub, customer, notes=text)
    assert set(errors(post_raw(client, auth("logistics_coordinator"), URL, body))) == {"notes"}
    assert count(context, Rma) == 0


def test_unstorable_text_deep_in_a_body_is_named_by_its_path(client, auth, context, hub, customer):
    body = rma_body(hub, customer, items=[item(), item(serial_numbers=["SN-1", "SN-\x00"])])
    assert set(errors(post_raw(client, auth("logistics_coordinator"), URL, body))) == {"items.1.serial_numbers.1"}
    assert count(context, Rma) == 0


def test_unstorable_text_in_a_mapping_key_is_refused(client, auth, context):
    body = {"kind": "customer", "name": "Keyed Ltd", "country": "GB", "identifiers": {"EORI\ud800": "x"}}
    headers = auth("logistics_coordinator")
    before = count(context, Party)
    problems = errors(post_raw(client, headers, "/api/v1/parties", body))
    assert list(problems) == ["identifiers.EORI\ufffd"]
    assert count(context, Party) == before


def test_nul_in_a_query_parameter_is_refused_by_name(client, auth):
    assert set(errors(client.get(f"{URL}?q=ab%00c", headers=auth("logistics_coordinator")))) == {"q"}


def test_nul_in_a_path_parameter_is_refused_by_name(client, auth):
    assert set(errors(client.get(f"{URL}/abc%00def", headers=auth("logistics_coordinator")))) == {"rma_id"}


@pytest.mark.parametrize(
    "query",
    [
        "limit=9223372036854775807",
        "limit=0",
        "limit=201",
        "limit=x",
        "cursor=not-a-cursor",
        "cursor=%ud800",
        "page=9223372036854775807",
    ],
)
def test_out_of_range_paging_is_refused_by_name(client, auth, query):
    name = query.split("=")[0]
    assert name in errors(client.get(f"{URL}?{query}", headers=auth("logistics_coordinator")))


def test_out_of_range_paging_of_a_query_schema_list_is_refused(client, auth):
    response = client.get("/api/v1/declarations?page=9223372036854775807", headers=auth("compliance_officer"))
    assert set(errors(response)) == {"page"}


@pytest.mark.parametrize(
    "value", ["1e999999", "NaN", "Infinity", "-Infinity", "1" + "0" * 40, "1e-999999", "0.0000001", 10**40]
)
def test_absurd_decimal_numbers_are_refused(client, auth, context, hub, customer, value):
    body = rma_body(hub, customer, items=[item(unit_value=value)])
    assert set(errors(post_raw(client, auth("logistics_coordinator"), URL, body))) == {"items.0.unit_value"}
    assert count(context, Rma) == 0


def test_a_ship_date_whose_relief_period_runs_past_9999_is_refused_and_no_leg_is_stored(
    client, auth, context, hub, customer
):
    rma = client.post(URL, json=rma_body(hub, customer), headers=auth("logistics_coordinator")).get_json()
    response = client.post(
        f"{URL}/{rma['id']}/legs/plan",
        json={
            "ship_date": "9999-12-31",
            "transport": "courier",
            "details": {"repair": {"cost": {"amount": "1.00", "currency": "GBP"}, "charged": True}},
        },
        headers=auth("logistics_coordinator"),
    )
    problems = errors(response)
    assert list(problems) == ["ship_date"]
    assert "9999-12-31" in problems["ship_date"][0]
    assert count(context, Leg) == 0


def test_a_web_form_field_holding_nul_is_refused_by_name(client):
    response = client.post("/login", data={"token": "td_\x00"})
    assert response.status_code == 422
    assert "token" in response.get_data(as_text=True)
