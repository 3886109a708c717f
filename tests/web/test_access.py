"""Who may open which page: the same permissions as the API (403 for a page the role may not use, 404 for
an object the role may not see), so that the pages show and allow exactly what the API does."""

from __future__ import annotations

import pytest

from tests.web.helpers import filed, requested

ROLES = ("compliance_officer", "logistics_coordinator", "broker", "admin")
PAGES = {
    "/queue": {"compliance_officer", "logistics_coordinator", "admin"},
    "/deadlines": {"compliance_officer", "logistics_coordinator", "admin"},
    "/analytics": {"compliance_officer", "logistics_coordinator", "admin"},
    "/rmas": {"compliance_officer", "logistics_coordinator", "admin"},
    "/rmas/new": {"logistics_coordinator", "admin"},
    "/inbox": {"broker", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", sorted(PAGES))
def test_a_page_opens_for_the_roles_holding_its_permission(web, role, url):
    assert web(role).get(url).status_code == (200 if role in PAGES[url] else 403)


@pytest.fixture
def world(context, desk):
    rma_id, legs, declarations = requested(context, desk)
    filing = filed(context, declarations["export"], desk.uk_broker)
    return {"rma": rma_id, "leg": legs[0]["id"], "open": declarations["import"]["id"], "filed": filing["id"]}


@pytest.mark.parametrize("role", ROLES)
def test_object_pages_of_the_desk_are_404_to_a_broker(web, world, role):
    client = web(role)
    expected = 404 if role == "broker" else 200
    assert client.get(f"/rmas/{world['rma']}").status_code == expected
    assert client.get(f"/review/{world['open']}").status_code == expected


@pytest.mark.parametrize("role", ["compliance_officer", "logistics_coordinator"])
def test_a_filing_page_is_404_to_the_desk(web, world, role):
    assert web(role).get(f"/inbox/{world['filed']}").status_code == 404


def test_a_broker_opens_a_filing_addressed_to_it(web, world):
    assert web("broker").get(f"/inbox/{world['filed']}").status_code == 200


def test_a_broker_gets_404_for_another_brokers_filing(web, world, context, app):
    from tests import factories as f
    from tests.web.helpers import Web

    other_party = f.party(context, "broker", "Other Customs Services Ltd", "GB")
    plain, _ = f.token(context, "broker", "other broker", other_party)
    other = Web(app.test_client())
    other.sign_in(plain)
    assert other.get(f"/inbox/{world['filed']}").status_code == 404
    assert other.get(f"/inbox/{world['filed']}/documents/tradedesk-xml").status_code == 404
    response = other.submit(
        f"/inbox/{world['filed']}/acknowledge", {"version": "9", "customs_reference": "X1"}, page="/inbox"
    )
    assert response.status_code == 404


def test_a_declaration_not_yet_filed_is_404_to_its_broker(web, world):
    assert web("broker").get(f"/inbox/{world['open']}").status_code == 404


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("logistics_coordinator", "/review/{open}/approve", 403),
        ("broker", "/review/{open}/approve", 404),
        ("logistics_coordinator", "/review/{filed}/file", 403),
        ("compliance_officer", "/inbox/{filed}/acknowledge", 404),
        ("broker", "/route/{leg}/request-paperwork", 404),
        ("broker", "/rmas/new", 403),
    ],
)
def test_actions_are_refused_to_roles_without_the_permission(web, world, role, url, status):
    response = web(role).submit(url.format(**world), {"version": "1"}, page="/login")
    assert response.status_code == status


def test_the_navigation_shows_only_what_the_role_may_open(web):
    broker_nav = web("broker").get("/inbox").get_data(as_text=True)
    assert "Filings inbox" in broker_nav and "Review queue" not in broker_nav and "New RMA" not in broker_nav
    officer_nav = web("compliance_officer").get("/queue").get_data(as_text=True)
    assert "Review queue" in officer_nav and "New RMA" not in officer_nav and "Filings inbox" not in officer_nav
