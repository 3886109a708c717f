"""/api/v1/parties: registering and finding customers, hubs, IOR/EOR providers and brokers."""

from __future__ import annotations

import pytest

from tests.api.factories_rma import add_party, audit_actions, count, freeze
from tradedesk.db.models import AuditEvent, Party

URL = "/api/v1/parties"


@pytest.fixture(autouse=True)
def _clock(context):
    freeze(context)


def seller(**overrides) -> dict:
    return {
        "kind": "seller",
        "name": "Hub GmbH",
        "country": "DE",
        "identifiers": {"EORI": "de123456789", "vat": "136695976"},
        **overrides,
    }


def post(client, auth, body, role="logistics_coordinator", **headers):
    return client.post(URL, json=body, headers=auth(role, **headers))


def test_a_coordinator_registers_a_party_with_normalised_identifiers(client, auth):
    r = post(client, auth, seller())
    assert r.status_code == 201
    party = r.get_json()
    assert r.headers["Location"] == f"{URL}/{party['id']}"
    assert party["identifiers"] == {"EORI": "DE123456789", "VAT": "DE136695976"}
    assert party["established_in"] == ["DE"]


def test_an_invalid_eori_is_a_422_naming_the_identifier(client, auth, context):
    r = post(client, auth, seller(identifiers={"EORI": "GB123"}))
    assert r.status_code == 422
    assert r.content_type == "application/problem+json"
    assert list(r.get_json()["errors"]) == ["identifiers.EORI"]
    assert count(context, Party) == 1  # only the broker of the fixtures


def test_an_ior_provider_records_the_countries_it_serves_and_its_representation(client, auth):
    r = post(
        client,
        auth,
        {
            "kind": "ior_provider",
            "name": "IOR Inc",
            "country": "US",
            "serves_countries": ["US", "CA"],
            "representation": "indirect",
            "email": "desk@ior.example",
        },
    )
    assert r.status_code == 201
    assert (r.get_json()["serves_countries"], r.get_json()["representation"]) == (["CA", "US"], "indirect")


def test_an_ior_provider_must_serve_some_country(client, auth):
    r = post(client, auth, {"kind": "ior_provider", "name": "IOR Inc", "country": "US"})
    assert list(r.get_json()["errors"]) == ["serves_countries"]


def test_only_providers_serve_countries(client, auth):
    r = post(client, auth, seller(serves_countries=["FR"]))
    assert list(r.get_json()["errors"]) == ["serves_countries"]


def test_unknown_fields_and_kinds_are_refused(client, auth):
    r = post(client, auth, seller(kind="smuggler", trusted=True))
    assert set(r.get_json()["errors"]) == {"kind", "trusted"}


def test_a_second_party_of_the_same_kind_and_name_is_refused(client, auth):
    post(client, auth, seller())
    r = post(client, auth, seller())
    assert r.status_code == 422
    assert list(r.get_json()["errors"]) == ["name"]


def test_a_retried_create_with_the_same_key_returns_the_same_party(client, auth, context):
    first = post(client, auth, seller(), **{"Idempotency-Key": "party-1"})
    again = post(client, auth, seller(), **{"Idempotency-Key": "party-1"})
    assert (again.status_code, again.get_json()["id"]) == (201, first.get_json()["id"])
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(context, Party) == 2


def test_registering_a_party_is_audited(client, auth, context):
    post(client, auth, seller())
    assert audit_actions(context) == ["party:create"]


def test_the_list_filters_by_kind_and_country_in_name_order(client, auth, context):
    add_party(context, "customer", "Zed Ltd", "GB")
    add_party(context, "customer", "Abe Ltd", "GB")
    add_party(context, "customer", "Emil GmbH", "DE")
    body = client.get(f"{URL}?kind=customer&country=GB&limit=1", headers=auth("compliance_officer")).get_json()
    assert (body["limit"], [p["name"] for p in body["items"]]) == (1, ["Abe Ltd"])
    rest = client.get(
        f"{URL}?kind=customer&country=GB&limit=1&cursor={body['next_cursor']}", headers=auth("compliance_officer")
    ).get_json()
    assert ([p["name"] for p in rest["items"]], rest["next_cursor"]) == (["Zed Ltd"], None)


def test_an_unknown_filter_is_a_422(client, auth):
    r = client.get(f"{URL}?colour=red", headers=auth("compliance_officer"))
    assert list(r.get_json()["errors"]) == ["colour"]


def test_one_party_by_id(client, auth, context):
    party_id = add_party(context, "repairer", "Fix AG", "CH", identifiers={"UID": "CHE-100.155.212"})
    r = client.get(f"{URL}/{party_id}", headers=auth("compliance_officer"))
    assert (r.status_code, r.get_json()["identifiers"]) == (200, {"UID": "CHE100155212"})


def test_an_unknown_party_is_a_404(client, auth):
    assert client.get(f"{URL}/nope", headers=auth("admin")).status_code == 404


def test_a_compliance_officer_reads_but_does_not_register_parties(client, auth, context):
    assert post(client, auth, seller(), role="compliance_officer").status_code == 403
    assert count(context, AuditEvent) == 0


def test_a_broker_may_not_list_parties_and_sees_none(client, auth, broker_party):
    assert client.get(URL, headers=auth("broker")).status_code == 403
    assert client.get(f"{URL}/{broker_party}", headers=auth("broker")).status_code == 404
    assert post(client, auth, seller(), role="broker").status_code == 403


def test_without_a_token_it_is_401(client):
    assert client.get(URL).status_code == 401
    assert client.post(URL, json=seller()).status_code == 401
