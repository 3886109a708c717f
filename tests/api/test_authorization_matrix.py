"""Who may do what, route by route: every /api/v1 route x method x role against one explicit table.

The routes come from the app's URL map, so a new route without a row here fails
`test_every_api_route_has_a_row`. Each request is one that cannot change anything for a role that may make
it: creating POSTs send an invalid body (422), state changes send `If-Match: "0"`, a version no row ever
has (412), so the table reads: 401 without a token, 403 where the role lacks the permission on a collection
or an action, 404 for an object the actor may not see (brokers on RMAs and declarations, a broker on another
broker's filing), and the allowed outcome otherwise.

The objects are built once per module through the use cases (tests/api/authz_world.py): an approved return
GB -> NL with its leg classified, its export declaration filed to broker A, its import declaration to broker B.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.api.authz_world import ADMIN, BROKER, CO, LC, OTHER_BROKER, ROLES, World, build_world
from tests.support import leg as classify_leg
from tradedesk.config import audit_key
from tradedesk.db.engine import make_engine
from tradedesk.services.context import Context

ANONYMOUS = "no token"
STALE = {"If-Match": '"0"'}
#: views under /api that need no permission: the OpenAPI document and its rendered page (public by design)
PUBLIC_API_ENDPOINTS = frozenset({"api-docs.openapi_json", "api_docs.api_docs", "api_docs.static"})
#: views authenticated by a signature over the request instead of a token (carriers' tracking events)
SIGNED_API_ENDPOINTS = frozenset({"tracking.TrackingEvents"})
#: the customer's intake: no token; the one-time link emailed to the order's address is the credential
CUSTOMER_API_ENDPOINTS = frozenset(
    {"intake.Links", "intake.IntakeOrder", "intake.IntakeRequests", "intake.IntakeStatus"}
)


@dataclass(frozen=True)
class Call:
    """What the matrix sends on one route (`json` None: no body) and the status each role gets."""

    expected: dict[str, int]
    json: Any = None
    headers: dict[str, str] | None = None


def row(co: int, lc: int, broker: int, other_broker: int, admin: int) -> dict[str, int]:
    return {CO: co, LC: lc, BROKER: broker, OTHER_BROKER: other_broker, ADMIN: admin, ANONYMOUS: 401}


DESK_READ = row(200, 200, 403, 403, 200)  # a collection only the desk roles read
DESK_OBJECT = row(200, 200, 404, 404, 200)  # an object brokers may not see
ADMIN_ONLY = row(403, 403, 403, 403, 200)


def everyone(status: int) -> dict[str, int]:
    """A customer route: a token changes nothing (an unknown link is 404, a bad body 422, for anyone)."""
    return {**row(status, status, status, status, status), ANONYMOUS: status}


INSPECTION = {"serials_seen": ["SN-1"], "condition": "used", "packaging": "intact", "warranty_status": "in_warranty"}

MATRIX: dict[tuple[str, str], Call] = {
    ("/api/v1/classify", "POST"): Call(
        row(200, 200, 200, 200, 200), json=classify_leg("export_for_repair", "GB", "CH")
    ),
    ("/api/v1/parties", "GET"): Call(DESK_READ),
    ("/api/v1/parties", "POST"): Call(row(403, 422, 403, 403, 422), json={}),
    ("/api/v1/parties/<party_id>", "GET"): Call(DESK_OBJECT),
    ("/api/v1/rmas", "GET"): Call(DESK_READ),
    ("/api/v1/rmas", "POST"): Call(row(403, 422, 403, 403, 422), json={}),
    ("/api/v1/rmas/<rma_id>", "GET"): Call(DESK_OBJECT),
    ("/api/v1/rmas/by-number/<number>", "GET"): Call(DESK_OBJECT),
    # moving goods on needs rma:update, which the compliance officer lacks (decisions: see the test below)
    ("/api/v1/rmas/<rma_id>/transitions", "POST"): Call(
        row(403, 412, 404, 404, 412), json={"to": "in_transit"}, headers=STALE
    ),
    ("/api/v1/rmas/<rma_id>/inspection", "POST"): Call(row(403, 412, 404, 404, 412), json=INSPECTION, headers=STALE),
    ("/api/v1/rmas/<rma_id>/inspection/resolve", "POST"): Call(
        row(412, 403, 404, 404, 412), json={"reason": "checked"}, headers=STALE
    ),
    ("/api/v1/rmas/<rma_id>/quote", "POST"): Call(
        row(403, 412, 404, 404, 412), json={"amount": "1", "currency": "GBP"}, headers=STALE
    ),
    ("/api/v1/rmas/<rma_id>/quote/accept", "POST"): Call(row(403, 412, 404, 404, 412), json={}, headers=STALE),
    ("/api/v1/rmas/<rma_id>/quote/decline", "POST"): Call(row(403, 412, 404, 404, 412), json={}, headers=STALE),
    ("/api/v1/rmas/<rma_id>/disposition", "POST"): Call(
        row(403, 412, 404, 404, 412), json={"disposition": "refund"}, headers=STALE
    ),
    ("/api/v1/rmas/<rma_id>/legs/plan", "POST"): Call(row(422, 422, 404, 404, 422), json={}),
    ("/api/v1/rmas/<rma_id>/legs", "GET"): Call(DESK_OBJECT),
    ("/api/v1/rmas/<rma_id>/legs", "POST"): Call(row(422, 422, 404, 404, 422), json={}),
    ("/api/v1/legs/<leg_id>", "GET"): Call(DESK_OBJECT),
    ("/api/v1/legs/<leg_id>", "PATCH"): Call(row(412, 412, 404, 404, 412), json={"transport": "air"}, headers=STALE),
    ("/api/v1/legs/<leg_id>/reclassify", "POST"): Call(row(412, 412, 404, 404, 412), headers=STALE),
    # both sides already have a current version: nothing new is drafted (200)
    ("/api/v1/legs/<leg_id>/paperwork", "POST"): Call(row(200, 200, 404, 404, 200)),
    ("/api/v1/legs/<leg_id>/export-reference", "POST"): Call(row(422, 422, 404, 404, 422), json={}),
    ("/api/v1/declarations", "GET"): Call(DESK_READ),
    ("/api/v1/declarations/<declaration_id>", "GET"): Call(DESK_OBJECT),
    ("/api/v1/declarations/<declaration_id>/approve", "POST"): Call(
        row(412, 403, 404, 404, 412), json={"acknowledgements": {}}, headers=STALE
    ),
    ("/api/v1/declarations/<declaration_id>/request-changes", "POST"): Call(
        row(412, 403, 404, 404, 412), json={"comment": "why"}, headers=STALE
    ),
    ("/api/v1/declarations/<declaration_id>/amend", "POST"): Call(
        row(412, 412, 404, 404, 412), json={"comment": "why"}, headers=STALE
    ),
    ("/api/v1/declarations/<declaration_id>/file", "POST"): Call(
        row(412, 403, 404, 404, 412), json={"broker_id": None}, headers=STALE
    ),
    ("/api/v1/declarations/<declaration_id>/documents", "GET"): Call(DESK_OBJECT),
    ("/api/v1/declarations/<declaration_id>/documents/<kind>", "GET"): Call(DESK_OBJECT),
    # the broker's inbox: an admin holds filing:read but is bound to no broker party, so its inbox is empty
    ("/api/v1/filings", "GET"): Call(row(403, 403, 200, 200, 200)),
    ("/api/v1/filings/<declaration_id>", "GET"): Call(row(404, 404, 200, 404, 404)),
    ("/api/v1/filings/<declaration_id>/acknowledge", "POST"): Call(
        row(404, 404, 412, 404, 404), json={"customs_reference": "26GB12345678901234"}, headers=STALE
    ),
    ("/api/v1/filings/<declaration_id>/reject", "POST"): Call(
        row(404, 404, 412, 404, 404), json={"message": "why"}, headers=STALE
    ),
    # the files of a filing: an admin, who may read every declaration, gets them here too
    ("/api/v1/filings/<declaration_id>/documents", "GET"): Call(row(404, 404, 200, 404, 200)),
    ("/api/v1/filings/<declaration_id>/documents/<kind>", "GET"): Call(row(404, 404, 200, 404, 200)),
    ("/api/v1/deadlines", "GET"): Call(DESK_READ),
    ("/api/v1/analytics", "GET"): Call(DESK_READ),
    ("/api/v1/audit", "GET"): Call(DESK_READ),
    ("/api/v1/screening/matches", "GET"): Call(DESK_READ),
    ("/api/v1/screening/matches/<match_id>", "GET"): Call(DESK_OBJECT),
    ("/api/v1/screening/matches/<match_id>/decision", "POST"): Call(row(422, 403, 404, 404, 422), json={}),
    ("/api/v1/screening/lists", "GET"): Call(DESK_READ),
    ("/api/v1/parties/<party_id>/screening", "GET"): Call(DESK_OBJECT),
    ("/api/v1/legs/<leg_id>/export-authorisations", "POST"): Call(row(422, 403, 404, 404, 422), json={}),
    ("/api/v1/legs/<leg_id>/tracking", "POST"): Call(row(422, 422, 404, 404, 422), json={}),
    # carriers sign their events (Standard Webhooks); a bearer token is no signature
    ("/api/v1/tracking/events", "POST"): Call(row(401, 401, 401, 401, 401), json={}),
    ("/api/v1/intake/links", "POST"): Call(everyone(422), json={}),
    ("/api/v1/intake/<token>", "GET"): Call(everyone(404)),
    ("/api/v1/intake/<token>/requests", "POST"): Call(everyone(422), json={}),
    ("/api/v1/intake/<token>/status", "GET"): Call(everyone(404)),
    # creating POST with an invalid parcel (422); the officer reads RMAs but may not move goods on (403)
    ("/api/v1/rmas/<rma_id>/return-label", "POST"): Call(row(403, 422, 404, 404, 422), json={"parcel": {}}),
    # the world's RMA has no label yet: 404 for every role
    ("/api/v1/rmas/<rma_id>/return-label", "GET"): Call(row(404, 404, 404, 404, 404)),
    ("/api/v1/orders", "POST"): Call(row(403, 422, 403, 403, 422), json={}),
    ("/api/v1/imports/rmas", "POST"): Call(row(403, 422, 403, 403, 422), json={}),
    ("/api/v1/imports/<import_id>", "GET"): Call(row(403, 404, 403, 403, 404)),  # an import is its owner's
    ("/api/v1/exports/<dataset>", "GET"): Call(row(422, 422, 403, 403, 422)),  # from and to are required
    ("/api/v1/webhooks", "GET"): Call(ADMIN_ONLY),
    ("/api/v1/webhooks", "POST"): Call(row(403, 403, 403, 403, 422), json={}),
    ("/api/v1/webhooks/<subscription_id>", "GET"): Call(ADMIN_ONLY),
    # disabling is idempotent: the admin's 200 leaves the subscription as the other rows find it
    ("/api/v1/webhooks/<subscription_id>", "DELETE"): Call(ADMIN_ONLY),
    ("/api/v1/webhooks/<subscription_id>/deliveries", "GET"): Call(ADMIN_ONLY),
    # the world's delivery is still pending (no queue runs it): a replay is refused
    ("/api/v1/webhooks/<subscription_id>/deliveries/<delivery_id>/replay", "POST"): Call(row(403, 403, 403, 403, 409)),
}


# ------------------------------------------------------------------------------------------------ the world


@pytest.fixture(scope="module", params=("sqlite", "postgresql"))
def database_url(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One database for the whole module (overrides conftest's per-test one): the objects are built once."""
    if request.param == "sqlite":
        target = tmp_path_factory.mktemp("matrix") / "tradedesk.sqlite"
        shutil.copy(sqlite_template, target)
        yield f"sqlite:///{target}"
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    try:
        yield url
    finally:
        cluster.drop_database(url)


@pytest.fixture(scope="module")
def world(database_url: str, shared_app: Flask) -> World:
    engine = make_engine(database_url)
    try:
        return build_world(
            Context(
                engine=engine,
                profiles=shared_app.extensions["tradedesk.profiles"],
                audit_key=audit_key(shared_app.config),
            )
        )
    finally:
        engine.dispose()


def api_routes(app: Flask) -> set[tuple[str, str]]:
    return {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def url(rule: str, ids: dict[str, str]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ids[m.group(1)], rule)


def outcomes(client: Any, world: World, rule: str, method: str, call: Call) -> dict[str, int]:
    got = {}
    for role in (*ROLES, ANONYMOUS):
        headers = dict(call.headers or {})
        if role != ANONYMOUS:
            headers["Authorization"] = f"Bearer {world.tokens[role]}"
        kwargs: dict[str, Any] = {"headers": headers} if call.json is None else {"headers": headers, "json": call.json}
        got[role] = client.open(url(rule, world.ids), method=method, **kwargs).status_code
    return got


# ------------------------------------------------------------------------------------------------ the tests


def test_every_api_route_has_a_row(app):
    assert api_routes(app) == set(MATRIX)


def test_every_api_view_requires_a_permission(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if (
            not rule.rule.startswith("/api/")
            or rule.endpoint in PUBLIC_API_ENDPOINTS | SIGNED_API_ENDPOINTS | CUSTOMER_API_ENDPOINTS
        ):
            continue
        view = app.view_functions[rule.endpoint]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            handler = getattr(view.view_class, method.lower()) if hasattr(view, "view_class") else view
            if getattr(handler, "required_permission", None) is None:
                missing.append(f"{method} {rule.rule}")
    assert missing == []


@pytest.mark.parametrize(("rule", "method"), sorted(MATRIX), ids=[f"{m} {r}" for r, m in sorted(MATRIX)])
def test_who_may_call_the_route(client, world, rule, method):
    call = MATRIX[(rule, method)]
    assert outcomes(client, world, rule, method, call) == call.expected


def test_decisions_on_an_rma_need_rma_decide_which_the_officer_holds(client, world):
    call = Call(row(412, 412, 404, 404, 412), json={"to": "approved"}, headers=STALE)
    assert outcomes(client, world, "/api/v1/rmas/<rma_id>/transitions", "POST", call) == call.expected


def test_a_broker_sees_only_its_own_filings_in_its_inbox(client, world):
    mine = client.get("/api/v1/filings", headers={"Authorization": f"Bearer {world.tokens[BROKER]}"}).get_json()
    theirs = client.get("/api/v1/filings", headers={"Authorization": f"Bearer {world.tokens[OTHER_BROKER]}"}).get_json()
    assert [f["side"] for f in mine["items"]] == ["export"]
    assert [f["side"] for f in theirs["items"]] == ["import"]
