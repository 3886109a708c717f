"""/api/v1/rmas: opening RMAs (numbered, idempotent, eligibility stored) and their lifecycle over HTTP."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.api.factories_rma import TODAY, add_party, audit_actions, count, days_ago, freeze, item, rma_body
from tradedesk.db.models import ApiToken, AuditEvent, IdempotencyKey, Party, Rma, RmaItem
from tradedesk.services.audit_chain import verify
from tradedesk.services.idempotency import body_hash

URL = "/api/v1/rmas"
UDI = "(01)09506000134352(17)281231(10)LOT-7(21)SN-0001"


@pytest.fixture
def hub(context):
    freeze(context)
    return add_party(context, "seller", "Hub GmbH", "DE")


@pytest.fixture
def customer(context):
    return add_party(context, "customer", "Example Ltd", "GB", identifiers={"EORI": "GB123456789000"})


@pytest.fixture
def open_rma(client, auth, hub, customer):
    """POST an RMA as a coordinator; returns the response."""

    def post(role="logistics_coordinator", key=None, **overrides):
        headers = {"Idempotency-Key": key} if key else {}
        return client.post(URL, json=rma_body(hub, customer, **overrides), headers=auth(role, **headers))

    return post


def change(client, auth, rma, action, body, role="logistics_coordinator"):
    """POST a state change with the ETag last read."""
    return client.post(
        f"{URL}/{rma['id']}/{action}", json=body, headers=auth(role, **{"If-Match": f'"{rma["version"]}"'})
    )


def move(client, auth, rma, *statuses):
    for status in statuses:
        r = change(client, auth, rma, "transitions", {"to": status})
        assert r.status_code == 200, r.get_json()
        rma = r.get_json()
    return rma


def received(client, auth, open_rma):
    return move(client, auth, open_rma().get_json(), "in_transit", "received")


def inspect(client, auth, rma, serials=("SN-0001",)):
    return change(
        client,
        auth,
        rma,
        "inspection",
        {"serials_seen": list(serials), "condition": "used", "packaging": "intact", "warranty_status": "in_warranty"},
    )


def rows(context):
    return {m.__name__: count(context, m) for m in (Rma, RmaItem, Party, AuditEvent, IdempotencyKey)}


# ------------------------------------------------------------------------------------------------------ create


def test_an_rma_is_created_with_a_yearly_number(open_rma):
    r = open_rma()
    assert r.status_code == 201
    rma = r.get_json()
    assert re.fullmatch(r"RMA-2026-\d{6}", rma["number"])
    assert rma["number"] == "RMA-2026-000001"
    assert open_rma().get_json()["number"] == "RMA-2026-000002"
    assert r.headers["Location"] == f"{URL}/{rma['id']}"
    assert r.headers["ETag"] == '"1"'


def test_defective_within_30_days_is_approved_with_the_rule_stored(open_rma):
    rma = open_rma().get_json()
    assert rma["status"] == "approved"
    assert (rma["eligibility"]["decision"], rma["eligibility"]["rule"]) == ("auto_approve", "defective-within-30-days")


def test_open_box_without_a_photo_goes_to_review_asking_for_one(open_rma):
    rma = open_rma(reason_code="no_longer_needed", condition="open_box").get_json()
    assert rma["status"] == "under_review"
    assert (rma["eligibility"]["rule"], rma["eligibility"]["actions"]) == ("open-box-needs-photo", ["request_photo"])


def test_a_defect_after_the_warranty_expired_waits_for_a_paid_repair_quote(open_rma):
    rma = open_rma(purchase_date=days_ago(800), warranty_expires=days_ago(70)).get_json()
    assert (rma["status"], rma["eligibility"]["rule"], rma["repair_quote"]) == (
        "quote_pending",
        "warranty-expired",
        None,
    )


def _out_of_warranty(open_rma):
    return open_rma(purchase_date=days_ago(800), warranty_expires=days_ago(70)).get_json()


def test_an_accepted_repair_quote_approves_the_rma_as_a_paid_repair(client, auth, open_rma, context):
    rma = _out_of_warranty(open_rma)
    quoted = change(client, auth, rma, "quote", {"amount": "145.00", "currency": "GBP"})
    assert quoted.status_code == 200, quoted.get_json()
    assert quoted.get_json()["repair_quote"]["amount"] == {"amount": "145.00", "currency": "GBP"}
    accepted = change(client, auth, quoted.get_json(), "quote/accept", {"comment": "customer agreed by e-mail"})
    body = accepted.get_json()
    assert (accepted.status_code, body["status"], body["repair_quote"]["state"]) == (200, "approved", "accepted")
    assert audit_actions(context)[-2:] == ["rma:quote", "rma:quote-accept"]


def test_a_declined_repair_quote_cancels_the_rma(client, auth, open_rma):
    rma = _out_of_warranty(open_rma)
    quoted = change(client, auth, rma, "quote", {"amount": "145.00", "currency": "GBP"}).get_json()
    declined = change(client, auth, quoted, "quote/decline", {}).get_json()
    assert (declined["status"], declined["repair_quote"]["state"]) == ("cancelled", "declined")


def test_a_quoted_rma_is_not_approved_by_a_bare_transition(client, auth, open_rma):
    rma = _out_of_warranty(open_rma)
    r = change(client, auth, rma, "transitions", {"to": "approved"}, "compliance_officer")
    assert r.status_code == 409 and "quote/accept" in r.get_json()["detail"]


def test_a_quote_needs_a_price_and_a_waiting_rma(client, auth, open_rma):
    rma = _out_of_warranty(open_rma)
    assert list(change(client, auth, rma, "quote", {"amount": "0", "currency": "GBP"}).get_json()["errors"]) == [
        "amount"
    ]
    in_warranty = open_rma().get_json()
    assert change(client, auth, in_warranty, "quote", {"amount": "10.00", "currency": "GBP"}).status_code == 409
    assert change(client, auth, rma, "quote/accept", {}).status_code == 409  # nothing offered yet


def test_items_keep_their_normalised_hs_code_and_parsed_udi(open_rma):
    rma = open_rma(items=[item(udi=UDI)]).get_json()
    assert rma["items"][0]["hs_code"] == "847130"
    assert rma["items"][0]["udi_parsed"] == {
        "gtin": "09506000134352",
        "serial": "SN-0001",
        "lot": "LOT-7",
        "expiry": "2028-12-31",
        "hri": UDI,
    }


def test_a_new_customer_can_be_given_inline(client, auth, hub, context):
    r = client.post(URL, json=rma_body(hub), headers=auth("logistics_coordinator"))
    assert r.get_json()["customer"]["name"] == "Example Ltd"
    assert audit_actions(context)[-2:] == ["party:create", "rma:create"]


def test_a_repairer_hub_is_recorded_as_the_repairer(client, auth, context, customer):
    freeze(context)
    repairer = add_party(context, "repairer", "Fix AG", "CH")
    rma = client.post(URL, json=rma_body(repairer, customer), headers=auth("logistics_coordinator")).get_json()
    assert (rma["repairer_id"], rma["seller_id"], rma["hub"]["kind"]) == (repairer, None, "repairer")


def test_creating_an_rma_is_audited(open_rma, context):
    rma = open_rma().get_json()
    event = context.run(lambda s: s.scalar(select(AuditEvent).where(AuditEvent.action == "rma:create")), write=False)
    assert (event.entity_id, event.rma_id, event.after["number"]) == (rma["id"], rma["id"], rma["number"])
    assert event.after["eligibility"]["rule"] == "defective-within-30-days"


# ------------------------------------------------------------------------------------------------- idempotency


def test_the_same_key_and_body_return_the_same_rma_once(open_rma, context):
    first = open_rma(key="rma-key-1")
    again = open_rma(key="rma-key-1")
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert (again.get_json()["id"], again.get_json()["number"]) == (first.get_json()["id"], first.get_json()["number"])
    assert count(context, Rma) == 1


def test_the_same_key_with_another_body_is_a_422(open_rma, context):
    open_rma(key="rma-key-1")
    r = open_rma(key="rma-key-1", order_reference="ORD-OTHER")
    assert r.status_code == 422
    assert "Idempotency-Key" in r.get_json()["detail"]
    assert count(context, Rma) == 1


def test_a_key_still_in_progress_is_a_409(open_rma, context, hub, customer):
    def claim(session):
        """What a concurrent request with the same key and body holds while it runs."""
        actor_id = session.scalar(select(ApiToken.id).where(ApiToken.name == "test logistics_coordinator"))
        session.add(
            IdempotencyKey(
                actor_id=actor_id,
                key="busy",
                method="POST",
                path=URL,
                request_sha256=body_hash("POST", URL, rma_body(hub, customer)),
                state="in_progress",
            )
        )

    context.run(claim)
    r = open_rma(key="busy")
    assert (r.status_code, count(context, Rma)) == (409, 0)


# -------------------------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"items": [item(hs_code="999999")]}, "items.0.hs_code"),
        ({"items": [item(), item(udi="(01)09506000134353(21)X")]}, "items.1.udi"),
        ({"items": [item(unit_value=12.5)]}, "items.0.unit_value"),
        ({"items": [item(duty_rate="5")]}, "items.0.duty_rate"),
        ({"items": []}, "items"),
        ({"reason_code": "bored"}, "reason_code"),
        ({"scenario": "teleport"}, "scenario"),
        ({"purchase_date": "yesterday"}, "purchase_date"),
        ({"status": "approved"}, "status"),  # no mass assignment of the status
    ],
)
def test_invalid_input_is_a_422_by_field_path(open_rma, overrides, path):
    r = open_rma(**overrides)
    assert r.status_code == 422
    assert r.content_type == "application/problem+json"
    assert path in r.get_json()["errors"]


def test_an_invalid_inline_customer_identifier_is_named_by_path(client, auth, hub):
    body = rma_body(hub, customer={"name": "X", "country": "GB", "identifiers": {"EORI": "GB12"}})
    r = client.post(URL, json=body, headers=auth("logistics_coordinator"))
    assert list(r.get_json()["errors"]) == ["customer.identifiers.EORI"]


def test_customer_id_and_customer_together_are_refused(client, auth, hub, customer):
    body = rma_body(hub, customer, customer={"name": "X", "country": "GB"})
    assert list(client.post(URL, json=body, headers=auth("logistics_coordinator")).get_json()["errors"]) == [
        "customer_id"
    ]


def test_the_hub_must_be_a_seller_or_repairer(open_rma, customer):
    r = open_rma(hub_id=customer)
    assert (r.status_code, list(r.get_json()["errors"])) == (422, ["hub_id"])


def test_a_refused_request_leaves_no_rows(client, auth, hub, context):
    before = rows(context)
    for body in (
        rma_body(hub, items=[item(hs_code="999999")]),  # refused by the schema
        rma_body(hub, customer_id=hub, customer=None),  # refused inside the transaction
        rma_body(hub, purchase_date=TODAY.replace(year=2027).isoformat()),
    ):
        r = client.post(URL, json=body, headers=auth("logistics_coordinator", **{"Idempotency-Key": "k"}))
        assert r.status_code == 422
    assert rows(context) == before


# -------------------------------------------------------------------------------------------------------- read


def test_one_rma_with_its_etag(client, auth, open_rma):
    rma = open_rma().get_json()
    r = client.get(f"{URL}/{rma['id']}", headers=auth("compliance_officer"))
    assert (r.status_code, r.headers["ETag"]) == (200, '"1"')
    body = r.get_json()
    assert (body["items"][0]["serial_numbers"], body["inspections"], body["legs"], body["customs_references"]) == (
        ["SN-0001"],
        [],
        [],
        [],
    )


def test_one_rma_by_its_number(client, auth, open_rma):
    rma = open_rma().get_json()
    r = client.get(f"{URL}/by-number/{rma['number']}", headers=auth("compliance_officer"))
    assert r.get_json()["id"] == rma["id"]


def test_an_unknown_rma_is_a_404(client, auth):
    assert client.get(f"{URL}/nope", headers=auth("admin")).status_code == 404
    assert client.get(f"{URL}/by-number/RMA-2026-999999", headers=auth("admin")).status_code == 404


def test_the_list_is_paged_and_filtered(client, auth, open_rma):
    open_rma(order_reference="WEB-1")
    open_rma(order_reference="WEB-2", reason_code="no_longer_needed", condition="open_box")
    open_rma(order_reference="SHOP-3")
    first = client.get(f"{URL}?q=web&limit=1", headers=auth("compliance_officer")).get_json()
    rest = client.get(
        f"{URL}?q=web&limit=1&cursor={first['next_cursor']}", headers=auth("compliance_officer")
    ).get_json()
    assert ([i["order_reference"] for i in first["items"] + rest["items"]], rest["next_cursor"]) == (
        ["WEB-2", "WEB-1"],
        None,
    )
    r = client.get(f"{URL}?status=under_review", headers=auth("compliance_officer"))
    assert [i["order_reference"] for i in r.get_json()["items"]] == ["WEB-2"]
    r = client.get(f"{URL}?scenario=repair&reason_code=defective", headers=auth("compliance_officer"))
    assert [i["order_reference"] for i in r.get_json()["items"]] == ["SHOP-3", "WEB-1"]  # newest first


def test_an_unknown_status_filter_is_a_422(client, auth):
    r = client.get(f"{URL}?status=lost", headers=auth("compliance_officer"))
    assert list(r.get_json()["errors"]) == ["status"]


# --------------------------------------------------------------------------------------------------- lifecycle


def test_an_rma_goes_through_its_whole_life(client, auth, open_rma, context):
    rma = received(client, auth, open_rma)
    rma = inspect(client, auth, rma).get_json()
    assert rma["status"] == "inspected"
    r = change(client, auth, rma, "disposition", {"disposition": "repair"})
    assert (r.status_code, r.get_json()["status"], r.get_json()["disposition"]) == (200, "dispositioned", "repair")
    r = change(client, auth, r.get_json(), "transitions", {"to": "closed", "comment": "repaired and returned"})
    assert (r.get_json()["status"], r.headers["ETag"]) == ("closed", '"6"')
    assert r.get_json()["closed_at"] is not None
    assert audit_actions(context)[-6:] == [
        "rma:create",
        "rma:transition",
        "rma:transition",
        "rma:inspect",
        "rma:disposition",
        "rma:transition",
    ]
    assert context.run(lambda s: verify(s, context.audit_key), write=False).ok


def test_a_transition_records_before_after_and_comment(client, auth, open_rma, context):
    move(client, auth, open_rma().get_json(), "cancelled")
    event = context.run(lambda s: s.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first(), write=False)
    assert (event.action, event.before, event.after) == (
        "rma:transition",
        {"status": "approved"},
        {"status": "cancelled", "comment": None},
    )


def test_a_state_change_without_if_match_is_a_428(client, auth, open_rma):
    rma = open_rma().get_json()
    r = client.post(f"{URL}/{rma['id']}/transitions", json={"to": "in_transit"}, headers=auth("logistics_coordinator"))
    assert r.status_code == 428


def test_a_state_change_on_a_stale_etag_is_a_412_with_the_current_one(client, auth, open_rma, context):
    rma = open_rma().get_json()
    move(client, auth, rma, "in_transit")
    before = audit_actions(context)
    r = change(client, auth, rma, "transitions", {"to": "cancelled"})
    assert (r.status_code, r.headers["ETag"]) == (412, '"2"')
    assert audit_actions(context) == before


def test_if_match_star_accepts_the_current_version(client, auth, open_rma):
    rma = open_rma().get_json()
    r = client.post(
        f"{URL}/{rma['id']}/transitions",
        json={"to": "in_transit"},
        headers=auth("logistics_coordinator", **{"If-Match": "*"}),
    )
    assert (r.status_code, r.headers["ETag"]) == (200, '"2"')


def test_a_transition_the_lifecycle_does_not_allow_is_a_409_naming_the_allowed_ones(client, auth, open_rma):
    r = change(client, auth, open_rma().get_json(), "transitions", {"to": "received"})
    assert r.status_code == 409
    assert "cancelled, in_transit" in r.get_json()["detail"]


def test_an_unknown_target_status_is_a_422(client, auth, open_rma):
    r = change(client, auth, open_rma().get_json(), "transitions", {"to": "shipped"})
    assert list(r.get_json()["errors"]) == ["to"]


def test_inspected_is_reached_through_the_inspection(client, auth, open_rma):
    r = change(client, auth, received(client, auth, open_rma), "transitions", {"to": "inspected"})
    assert r.status_code == 409
    assert "/inspection" in r.get_json()["detail"]


def test_an_rma_can_be_cancelled_before_it_is_received(client, auth, open_rma):
    rma = move(client, auth, open_rma().get_json(), "in_transit")
    assert move(client, auth, rma, "cancelled")["status"] == "cancelled"


def test_an_rma_cannot_be_cancelled_once_received(client, auth, open_rma):
    r = change(client, auth, received(client, auth, open_rma), "transitions", {"to": "cancelled"})
    assert r.status_code == 409


def test_an_rma_is_closed_only_after_its_disposition(client, auth, open_rma):
    rma = inspect(client, auth, received(client, auth, open_rma)).get_json()
    assert change(client, auth, rma, "transitions", {"to": "closed"}).status_code == 409


def test_a_review_decision_approves_an_rma_under_review(client, auth, open_rma):
    rma = open_rma(reason_code="no_longer_needed", condition="open_box", photo_provided=True).get_json()
    r = change(
        client, auth, rma, "transitions", {"to": "approved", "comment": "photos fine"}, role="compliance_officer"
    )
    assert (r.status_code, r.get_json()["status"]) == (200, "approved")


def test_an_rma_with_a_trillion_units_is_refused_naming_the_field_and_writes_nothing(open_rma, context):
    """Issue #10: quantity 10^12 with one serial number was accepted and gave CHF 223 trillion of import VAT."""
    before = rows(context)
    r = open_rma(items=[item(quantity="1000000000000", serial_numbers=["SN-1"])])
    assert (r.status_code, list(r.get_json()["errors"])) == (422, ["items.0.quantity"])
    assert rows(context) == before


# -------------------------------------------------------------------------------------------------- inspection


def test_an_inspection_with_other_serials_is_flagged_and_kept(client, auth, open_rma):
    rma = received(client, auth, open_rma)
    r = inspect(client, auth, rma, serials=["SN-9999"])
    flags = r.get_json()["inspections"][0]["flags"]
    assert [(f["code"], f["severity"]) for f in flags] == [("SERIAL_MISMATCH", "error")]
    stored = client.get(f"{URL}/{rma['id']}", headers=auth("compliance_officer")).get_json()["inspections"][0]
    assert (stored["serial_match"], stored["flags"]) == (False, flags)


def test_an_inspection_with_the_rma_serials_is_not_flagged(client, auth, open_rma):
    inspection = inspect(client, auth, received(client, auth, open_rma)).get_json()["inspections"][0]
    assert (inspection["serial_match"], inspection["flags"]) == (True, [])


def test_an_inspection_needs_a_received_rma(client, auth, open_rma):
    assert inspect(client, auth, open_rma().get_json()).status_code == 409


def test_an_inspection_names_invalid_fields(client, auth, open_rma):
    rma = received(client, auth, open_rma)
    r = change(client, auth, rma, "inspection", {"condition": "used", "packaging": "shredded", "warranty_status": "x"})
    assert set(r.get_json()["errors"]) == {"packaging", "warranty_status"}


def test_serials_differing_only_in_case_and_blanks_are_the_same_unit(client, auth, open_rma):
    inspection = inspect(client, auth, received(client, auth, open_rma), serials=[" sn - 0001 "]).get_json()
    assert inspection["inspections"][0]["serial_match"] is True


def test_a_serial_mismatch_blocks_the_disposition_until_an_officer_resolves_it(client, auth, open_rma):
    rma = inspect(client, auth, received(client, auth, open_rma), serials=["SN-9999"]).get_json()
    blocked = change(client, auth, rma, "disposition", {"disposition": "repair"})
    assert blocked.status_code == 409 and "resolve" in blocked.get_json()["detail"]
    resolved = change(
        client,
        auth,
        rma,
        "inspection/resolve",
        {"reason": "the repairer re-labelled the unit; photo of the old plate on file"},
        "compliance_officer",
    )
    assert resolved.status_code == 200, resolved.get_json()
    resolution = resolved.get_json()["inspections"][0]["resolution"]
    assert resolution["reason"].startswith("the repairer re-labelled") and resolution["by"]
    r = change(client, auth, resolved.get_json(), "disposition", {"disposition": "repair"})
    assert (r.status_code, r.get_json()["status"]) == (200, "dispositioned")


def test_only_a_compliance_officer_resolves_a_serial_mismatch(client, auth, open_rma):
    rma = inspect(client, auth, received(client, auth, open_rma), serials=["SN-9999"]).get_json()
    assert change(client, auth, rma, "inspection/resolve", {"reason": "fine"}).status_code == 403


def test_a_resolution_needs_a_reason_and_a_mismatch(client, auth, open_rma):
    clean = inspect(client, auth, received(client, auth, open_rma)).get_json()
    assert change(client, auth, clean, "inspection/resolve", {"reason": "ok"}, "compliance_officer").status_code == 409
    rma = inspect(client, auth, received(client, auth, open_rma), serials=["SN-9999"]).get_json()
    r = change(client, auth, rma, "inspection/resolve", {"reason": "   "}, "compliance_officer")
    assert (r.status_code, list(r.get_json()["errors"])) == (422, ["reason"])


def test_a_disposition_must_be_a_known_one(client, auth, open_rma):
    rma = inspect(client, auth, received(client, auth, open_rma)).get_json()
    assert list(change(client, auth, rma, "disposition", {"disposition": "sell"}).get_json()["errors"]) == [
        "disposition"
    ]


# -------------------------------------------------------------------------------------------------------- roles


def test_a_compliance_officer_reads_and_decides_but_does_not_open_or_move_rmas(client, auth, open_rma):
    assert open_rma(role="compliance_officer").status_code == 403
    rma = open_rma().get_json()
    assert client.get(URL, headers=auth("compliance_officer")).status_code == 200
    assert change(client, auth, rma, "transitions", {"to": "in_transit"}, role="compliance_officer").status_code == 403


def test_a_compliance_officer_may_not_inspect_or_dispose(client, auth, open_rma):
    rma = received(client, auth, open_rma)
    r = change(
        client,
        auth,
        rma,
        "inspection",
        {"condition": "used", "packaging": "intact", "warranty_status": "void"},
        role="compliance_officer",
    )
    assert r.status_code == 403
    assert (
        change(client, auth, rma, "disposition", {"disposition": "scrap"}, role="compliance_officer").status_code == 403
    )


def test_an_admin_may_do_everything(client, auth, open_rma):
    rma = open_rma(role="admin").get_json()
    assert move(client, auth, rma, "in_transit")["status"] == "in_transit"


def test_a_broker_may_not_list_or_open_rmas(client, auth, open_rma):
    assert client.get(URL, headers=auth("broker")).status_code == 403
    assert open_rma(role="broker").status_code == 403


def test_a_broker_sees_no_rma_at_all(client, auth, open_rma):
    rma = open_rma().get_json()
    assert client.get(f"{URL}/{rma['id']}", headers=auth("broker")).status_code == 404
    assert client.get(f"{URL}/by-number/{rma['number']}", headers=auth("broker")).status_code == 404
    for action, body in (("transitions", {"to": "cancelled"}), ("inspection", {}), ("disposition", {})):
        assert change(client, auth, rma, action, body, role="broker").status_code == 404


def test_without_a_token_it_is_401(client, open_rma):
    rma = open_rma().get_json()
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/{rma['id']}").status_code == 401
    assert client.post(f"{URL}/{rma['id']}/transitions", json={"to": "cancelled"}).status_code == 401


def test_a_request_that_fails_half_way_leaves_no_rows_and_can_be_retried(client, auth, hub, context, monkeypatch):
    """Fault injection after the RMA, its items, its number and the idempotency key were written, at the audit
    event: the whole unit of work rolls back, so the same key then creates the RMA with the first number."""
    before = rows(context)

    def broken_audit(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("tradedesk.services.rmas.audit_chain.record", broken_audit)
    r = client.post(URL, json=rma_body(hub), headers=auth("logistics_coordinator", **{"Idempotency-Key": "retry-me"}))
    assert r.status_code == 500 and r.content_type == "application/problem+json"
    assert rows(context) == before
    monkeypatch.undo()
    again = client.post(
        URL, json=rma_body(hub), headers=auth("logistics_coordinator", **{"Idempotency-Key": "retry-me"})
    )
    assert again.status_code == 201 and again.get_json()["number"] == "RMA-2026-000001"
