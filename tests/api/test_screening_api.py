"""Restricted-party screening through the API (issue #14): a listed party blocks its legs until an officer decides.

A party is screened when it is registered and whenever a new list version is imported; a potential match is an
open match in the officer's queue, with the listed entry beside the party, and RESTRICTED_PARTY_MATCH (error) on
every declaration of the legs the party is on. Cleared as a false positive it is remembered until the entry
changes; confirmed, the RMAs the party is on are held.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests import factories as f
from tests.api.legs_http import REPAIR, ok, paperwork, plan, problem, side
from tradedesk.auth.actor import Actor
from tradedesk.screening import formats
from tradedesk.screening.entries import ListedName
from tradedesk.services import screening

DATA = Path(__file__).parent.parent / "data" / "screening"
SDN = DATA / "ofac-sdn-legacy-csv"
PUBLISHED = date(2019, 1, 15)
ADMIN = Actor("test-admin", "Ada", "admin")
LISTED = "Khan and Schirindel GmbH"  # SDN 10601 KHAN & SCHIRINDEL GMBH (aka KHAN AND SCHIRINDEL GMBH)


def sdn_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in SDN.glob("*.csv")}


@pytest.fixture
def desk(context, broker_party):
    f.freeze(context)
    cast = f.cast(context, broker_party)
    screening.import_list(context, ADMIN, sdn_files(), PUBLISHED)
    return cast


def register(client, auth, name: str, country: str = "DE") -> str:
    body = {"kind": "customer", "name": name, "country": country}
    return ok(client.post("/api/v1/parties", json=body, headers=auth("logistics_coordinator")), 201)["id"]


def open_matches(client, auth) -> list[dict]:
    return ok(client.get("/api/v1/screening/matches", headers=auth("compliance_officer")))["items"]


def decide(client, auth, match_id: str, decision: str, reason: str = "checked the register entry"):
    return client.post(
        f"/api/v1/screening/matches/{match_id}/decision",
        json={"decision": decision, "reason": reason},
        headers=auth("compliance_officer"),
    )


def export_of(client, auth, context, customer: str, desk) -> dict:
    rma_id = f.rma(context, "repair", customer, desk.swiss_repairer)
    legs = plan(client, auth("logistics_coordinator"), rma_id, broker_id=desk.uk_broker, details=REPAIR)
    return side(paperwork(client, auth("logistics_coordinator"), legs[0]["id"]), "export")


def codes(declaration: dict) -> set[str]:
    return {x["code"] for x in declaration["flags"]}


def test_a_registered_party_named_like_a_listed_entry_is_an_open_match_with_the_evidence(client, auth, desk):
    party = register(client, auth, LISTED)
    [match] = open_matches(client, auth)
    assert (match["party"]["id"], match["entry_id"], match["list"]["source"]) == (party, "10601", "ofac_sdn")
    assert match["list"]["published"] == "2019-01-15" and float(match["score"]) >= 70
    assert "KHAN & SCHIRINDEL GMBH" in [n["name"] for n in match["entry"]["names"]]
    assert match["entry"]["countries"] == ["DE"] and match["reasons"]


def test_an_ordinary_party_raises_no_match(client, auth, desk):
    register(client, auth, "Harbour Optics Ltd", "GB")
    assert open_matches(client, auth) == []


def test_the_match_blocks_every_declaration_of_the_partys_legs(client, auth, context, desk):
    export = export_of(client, auth, context, register(client, auth, LISTED), desk)
    assert "RESTRICTED_PARTY_MATCH" in codes(export)
    flag = next(x for x in export["flags"] if x["code"] == "RESTRICTED_PARTY_MATCH")
    assert flag["severity"] == "error" and "10601" in flag["message"]
    r = client.post(
        f"/api/v1/declarations/{export['id']}/approve",
        json={"acknowledgements": {}},
        headers=auth("compliance_officer", **{"If-Match": f'"{export["version"]}"'}),
    )
    assert problem(r)["status"] == 409 and "RESTRICTED_PARTY_MATCH" in problem(r)["flags"]


def test_a_cleared_false_positive_lifts_the_flag_and_is_audited_with_the_list_version(client, auth, context, desk):
    customer = register(client, auth, LISTED)
    export_of(client, auth, context, customer, desk)
    [match] = open_matches(client, auth)
    decided = ok(decide(client, auth, match["id"], "clear", "other company: HRB 98765 at Amtsgericht Hamburg"))
    assert decided["status"] == "cleared" and decided["decision_reason"].startswith("other company")
    decisions = context.run(lambda s: [leg.decision for leg in screening.legs_of_party(s, customer)])
    assert decisions and all("RESTRICTED_PARTY_MATCH" not in {x["code"] for x in d["flags"]} for d in decisions)
    events = ok(client.get("/api/v1/audit?action=screening:clear", headers=auth("compliance_officer")))["items"]
    assert events and events[0]["after"]["list"]["published"] == "2019-01-15"


def test_a_cleared_match_is_remembered_when_the_same_list_is_screened_again(client, auth, context, desk):
    register(client, auth, LISTED)
    [match] = open_matches(client, auth)
    ok(decide(client, auth, match["id"], "clear"))
    screening.rescreen_all(context, "request")
    assert open_matches(client, auth) == []


def test_a_cleared_match_is_raised_again_when_the_listed_entry_changes(client, auth, context, desk):
    register(client, auth, LISTED)
    [match] = open_matches(client, auth)
    ok(decide(client, auth, match["id"], "clear"))
    parsed = formats.parse(sdn_files())
    changed = [
        replace(e, names=(*e.names, ListedName("K & S HANDELS GMBH", "aka"))) if e.entry_id == "10601" else e
        for e in parsed.entries
    ]
    republished = replace(parsed, entries=tuple(changed))
    context.run(lambda s: screening.store_list(s, context, ADMIN, republished, date(2019, 2, 1), "a" * 64))
    screening.rescreen_all(context, "list-import")
    [again] = open_matches(client, auth)
    assert again["entry_id"] == "10601" and again["id"] != match["id"] and again["list"]["published"] == "2019-02-01"


def test_a_confirmed_match_holds_the_partys_rmas(client, auth, context, desk):
    customer = register(client, auth, LISTED)
    rma_id = f.rma(context, "repair", customer, desk.swiss_repairer)
    [match] = open_matches(client, auth)
    ok(decide(client, auth, match["id"], "confirm", "same company: address and register number match"))
    rma = ok(client.get(f"/api/v1/rmas/{rma_id}", headers=auth("compliance_officer")))
    assert rma["hold"] is not None and "KHAN" in rma["hold"]["reason"].upper()


def test_a_decision_needs_a_reason_and_is_taken_once(client, auth, desk):
    register(client, auth, LISTED)
    [match] = open_matches(client, auth)
    assert "reason" in problem(decide(client, auth, match["id"], "clear", ""))["errors"]
    ok(decide(client, auth, match["id"], "clear"))
    assert decide(client, auth, match["id"], "confirm").status_code == 409


def test_approval_screens_a_party_the_current_lists_have_not_screened(client, auth, context, desk):
    customer = f.party(context, "customer", LISTED, "DE")  # written directly: never screened
    rma_id = f.rma(context, "repair", customer, desk.swiss_repairer)
    legs = plan(client, auth("logistics_coordinator"), rma_id, broker_id=desk.uk_broker, details=REPAIR)
    export = side(paperwork(client, auth("logistics_coordinator"), legs[0]["id"]), "export")
    assert "RESTRICTED_PARTY_MATCH" not in codes(export)
    r = client.post(
        f"/api/v1/declarations/{export['id']}/approve",
        json={"acknowledgements": {}},
        headers=auth("compliance_officer", **{"If-Match": f'"{export["version"]}"'}),
    )
    assert r.status_code == 412  # the version reviewed was superseded: screening found the match first
    assert [m["party"]["id"] for m in open_matches(client, auth)] == [customer]
    current = side(paperwork(client, auth("logistics_coordinator"), legs[0]["id"]), "export")
    assert current["version_no"] == export["version_no"] + 1 and "RESTRICTED_PARTY_MATCH" in codes(current)


def test_the_list_versions_and_a_partys_history_name_the_version_used(client, auth, desk):
    party = register(client, auth, LISTED)
    [version] = ok(client.get("/api/v1/screening/lists", headers=auth("logistics_coordinator")))["items"]
    assert (version["source"], version["published"], version["entry_count"]) == ("ofac_sdn", "2019-01-15", 36)
    history = ok(client.get(f"/api/v1/parties/{party}/screening", headers=auth("compliance_officer")))
    assert history["runs"][0]["lists"][0]["sha256"] == version["sha256"]
    assert [m["entry_id"] for m in history["matches"]] == ["10601"]


# ------------------------------------------------------------------------------------ embargo, export controls


def test_a_controlled_us_origin_replacement_is_reviewed_and_recording_rpl_lifts_it(client, auth, context, desk):
    seller = f.party(context, "seller", "Acme Devices Inc", "US")
    customer = f.party(context, "customer", "Maple Networks Inc", "CA")
    router = {**f.WATCH, "description": "Router", "hs_code": "851762", "origin_country": "US", "eccn": "5A002"}
    rma_id = f.rma(context, "warranty_replacement", customer, seller, items=[router])
    legs = plan(client, auth("logistics_coordinator"), rma_id, broker_id=desk.uk_broker)
    outbound = next(leg for leg in legs if leg["from_country"] == "US")
    flags = {x["code"] for x in outbound["decision"]["flags"]}
    assert "EXPORT_CONTROL_REVIEW" in flags
    assert outbound["decision"]["export_controls"][0]["proposed"]["code"] == "RPL"
    r = client.post(
        f"/api/v1/legs/{outbound['id']}/export-authorisations",
        json={"regime": "US", "code": "RPL", "kind": "exception", "reason": "one-for-one under warranty; 740.10(b)"},
        headers=auth("compliance_officer"),
    )
    assert "EXPORT_CONTROL_REVIEW" not in ok(r, 201)["flags"]


def test_a_leg_to_an_embargoed_destination_is_flagged(client, auth, context, desk):
    seller = f.party(context, "seller", "Acme Devices Inc", "US")
    customer = f.party(context, "customer", "Tehran Optics", "IR")
    rma_id = f.rma(context, "warranty_replacement", customer, seller)
    legs = plan(client, auth("logistics_coordinator"), rma_id, broker_id=desk.uk_broker)
    outbound = next(leg for leg in legs if leg["to_country"] == "IR")
    assert "EMBARGOED_DESTINATION" in {x["code"] for x in outbound["decision"]["flags"]}
