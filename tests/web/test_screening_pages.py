"""The officer's screening pages (issue #14): the queue of matches with the evidence side by side, the decision
form (CSRF, a reason, compliance officers only), the list versions and a party's history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests import factories as f
from tradedesk.auth.actor import Actor
from tradedesk.services import screening

SDN = Path(__file__).parent.parent / "data" / "screening" / "ofac-sdn-legacy-csv"
ADMIN = Actor("test-admin", "Ada", "admin")


@pytest.fixture
def match(context, desk):
    screening.import_list(context, ADMIN, {p.name: p.read_bytes() for p in SDN.glob("*.csv")}, date(2019, 1, 15))
    party = f.party(context, "customer", "Khan and Schirindel GmbH", "DE")
    screening.screen_parties(context, [party], "request")
    return screening.match_queue(context).items[0]


def test_the_queue_shows_each_match_with_its_list_and_score(web, match):
    text = web("compliance_officer").text("/screening")
    for part in ("Khan and Schirindel GmbH", "KHAN & SCHIRINDEL GMBH", "entry 10601", "published 2019-01-15"):
        assert part in text
    assert "Specially Designated Nationals" in text  # the list versions table


def test_the_match_page_puts_the_listed_entry_beside_the_party(web, match):
    text = web("compliance_officer").text(f"/screening/matches/{match['id']}")
    assert "Schwalbacher Strasse 19" in text and "SDNTK" in text and "Decide the match" in text


def test_a_coordinator_sees_the_match_but_no_decision_form(web, match):
    text = web("logistics_coordinator").text(f"/screening/matches/{match['id']}")
    assert "KHAN & SCHIRINDEL GMBH" in text and "Decide the match" not in text


def test_brokers_do_not_see_screening(web, match):
    assert web("broker").get(f"/screening/matches/{match['id']}").status_code == 404
    assert web("broker").get("/screening").status_code == 403


def test_clearing_from_the_page_records_the_reason(web, context, match):
    officer = web("compliance_officer")
    url = f"/screening/matches/{match['id']}"
    r = officer.submit(f"{url}/decision", {"decision": "clear", "reason": "HRB 98765 Hamburg: another firm"}, url)
    assert r.status_code == 302
    assert screening.get_match(context, match["id"])["status"] == "cleared"
    assert "HRB 98765 Hamburg" in officer.text(f"/parties/{match['party']['id']}/screening")


def test_a_decision_without_a_reason_is_refused_naming_the_field(web, context, match):
    url = f"/screening/matches/{match['id']}"
    r = web("compliance_officer").submit(f"{url}/decision", {"decision": "clear", "reason": ""}, url)
    assert r.status_code == 422 and "Reason" in r.get_data(as_text=True)
    assert screening.get_match(context, match["id"])["status"] == "open"


def test_a_decision_without_the_forms_csrf_token_changes_nothing(web, context, match):
    r = web("compliance_officer").client.post(
        f"/screening/matches/{match['id']}/decision", data={"decision": "clear", "reason": "x"}
    )
    assert r.status_code == 403 and screening.get_match(context, match["id"])["status"] == "open"


def test_no_list_imported_says_how_to_import_one(web, desk):
    assert "tradedesk screening import" in web("compliance_officer").text("/screening")
