"""Declarations (services.declarations): drafted per side from the stored decision, reviewed with four eyes,
flags enforced, approved versions immutable, amendments as new versions, filed to a broker."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from sqlalchemy import select

from tests import factories as f
from tradedesk.auth.actor import Actor
from tradedesk.db.models import AuditEvent, Declaration
from tradedesk.domain.filing import PAYLOAD_VERSION
from tradedesk.domain.workflow import WorkflowError
from tradedesk.services import declarations, legs
from tradedesk.services.declarations import (
    ApprovalBlocked,
    DeclarationFilter,
    FourEyesViolation,
    sides_needing,
)
from tradedesk.services.errors import Conflict, InvalidInput, NotFound, Stale
from tradedesk.services.paging import PageRequest

REPAIR = {"repair": {"cost": {"amount": "400.00", "currency": "GBP"}, "charged": True}}
NO_KEY = legs.IdempotentRequest(None, "/plan", {})


@pytest.fixture
def desk(context, broker_party):
    f.freeze(context)
    return f.cast(context, broker_party)


@pytest.fixture
def repair(context, desk):
    """The two legs of a UK customer's watch repaired in Switzerland (broker: the UK broker)."""
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    out = legs.plan_legs(
        context,
        f.COORDINATOR,
        rma_id,
        legs.PlanRequest(f.SHIP, "courier", broker_id=desk.uk_broker, details=REPAIR),
        NO_KEY,
    )
    return out.body["items"]


def request(context, leg_id, actor=f.COORDINATOR):
    return declarations.request_paperwork(context, actor, leg_id)[1]


def side(decls, name):
    return next(d for d in decls if d["side"] == name)


def acknowledge_all(decl):
    return {
        x["code"]: "checked against the profile by the officer" for x in decl["flags"] if x["severity"] == "warning"
    }


@pytest.fixture
def blocked(context, desk):
    """The import declaration of a Japanese company's repaired watch returning to the UK without an IOR:
    NO_LOCAL_IMPORTER (error)."""
    customer = f.party(context, "customer", "Nihon Trading KK", "JP")
    rma_id = f.rma(context, "repair", customer, desk.swiss_repairer)
    _, back = legs.plan_legs(
        context,
        f.COORDINATOR,
        rma_id,
        legs.PlanRequest(f.SHIP, "courier", customer_country="GB", details=REPAIR),
        NO_KEY,
    ).body["items"]
    return side(request(context, back["id"]), "import")


# ------------------------------------------------------------------------------------------ which sides


def test_a_side_without_formalities_or_decision_needs_no_declaration():
    decision = {"export": None, "import": {"regime": "no_formalities"}}
    assert sides_needing(decision) == []
    assert sides_needing({"export": {"regime": "outward_processing"}, "import": {"regime": "standard_import"}}) == [
        "export",
        "import",
    ]


# --------------------------------------------------------------------------------------------- request


def test_paperwork_drafts_one_declaration_per_side_in_review(context, repair):
    decls = request(context, repair[0]["id"])
    assert [(d["side"], d["jurisdiction"], d["version_no"], d["status"]) for d in decls] == [
        ("export", "GB", 1, "in_review"),
        ("import", "CH", 1, "in_review"),
    ]
    assert {d["requested_by"] for d in decls} == {f.COORDINATOR.id}


def test_the_content_is_the_filing_payload_of_the_side(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    content = export["content"]
    assert content["payload_version"] == PAYLOAD_VERSION
    assert content["decision"] == repair[0]["decision"]["export"]
    assert content["other_side"] == repair[0]["decision"]["import"]
    assert content["parties"]["exporter"]["name"] == "Example Ltd"
    assert content["items"][0]["hs_code"] == "910211"
    assert content["items"][0]["value"] == {"amount": "2500.00", "currency": "GBP"}


def test_the_payload_names_its_version_and_broker(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    document = export["content"]["document"]
    assert (document["declaration_id"], document["version"], document["issued_on"]) == (
        export["id"],
        1,
        f.NOW.date().isoformat(),
    )
    assert document["rma_number"] == export["rma_number"]
    assert document["leg"]["id"] == repair[0]["id"]
    assert export["content"]["parties"]["broker"]["name"] == "Customs Brokers Ltd"


def test_the_payload_says_where_in_our_records_it_comes_from(context, repair):
    reimport = side(request(context, repair[1]["id"]), "import")
    desk = reimport["content"]["desk"]
    assert (desk["leg_id"], desk["prior_export_leg_id"], desk["rma_id"]) == (
        repair[1]["id"],
        repair[0]["id"],
        repair[1]["rma_id"],
    )
    assert desk["goods_total"] == [{"amount": "2500.00", "currency": "GBP"}]


def test_the_content_hash_is_sha256_of_canonical_json(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    canonical = json.dumps(export["content"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert export["content_hash"] == hashlib.sha256(canonical).hexdigest()


def test_a_declaration_carries_only_the_flags_of_its_side(context, repair):
    decls = request(context, repair[0]["id"])
    assert side(decls, "export")["flags"] == []
    assert {x["side"] for x in side(decls, "import")["flags"]} <= {"import", None}


def test_the_deadline_comes_from_the_decision(context, repair):
    back = side(request(context, repair[1]["id"]), "import")
    assert back["deadline"] == repair[1]["decision"]["import"]["deadline"]["date"]


def test_requesting_again_returns_the_open_declarations(context, repair):
    first = request(context, repair[0]["id"])
    created, again = declarations.request_paperwork(context, f.COORDINATOR, repair[0]["id"])
    assert not created
    assert [d["id"] for d in again] == [d["id"] for d in first]


def test_a_request_is_audited(context, repair):
    decls = request(context, repair[0]["id"])
    found = context.run(
        lambda s: list(s.scalars(select(AuditEvent).where(AuditEvent.action == "declaration:request"))), write=False
    )
    assert sorted(e.entity_id for e in found) == sorted(d["id"] for d in decls)
    assert found[0].rma_id == repair[0]["rma_id"]


def test_the_later_leg_proves_its_prior_export_with_the_earlier_mrn(context, desk, repair):
    export = side(request(context, repair[0]["id"]), "export")
    declarations.approve(context, f.OFFICER, export["id"], None, {}, None)
    declarations.file_declaration(context, f.OFFICER, export["id"], None, None)
    from tradedesk.services import filings

    broker = Actor(id="broker-token", name="Bram", role="broker", party_id=desk.uk_broker)
    filings.acknowledge(context, broker, export["id"], None, "26GB12345678901234")
    reimport = side(request(context, repair[1]["id"]), "import")
    assert reimport["content"]["prior_export"]["reference"] == "26GB12345678901234"
    assert reimport["content"]["desk"]["prior_export_leg_id"] == repair[0]["id"]


def test_a_decision_that_moved_on_is_stored_again_when_drafting(context, repair):
    def forget(session):
        from tradedesk.db.models import Leg

        leg = session.get(Leg, repair[0]["id"])
        # taken by an older engine or on older profiles: another input key
        leg.decision, leg.decision_key = {**leg.decision, "trace": ["an older decision"]}, "0" * 64

    context.run(forget)
    export = side(request(context, repair[0]["id"]), "export")
    assert (
        legs.get_leg(context, repair[0]["id"])["decision"]["trace"]
        == export["content"]["trace"]
        != ["an older decision"]
    )


def test_an_unknown_leg_is_not_found(context, desk):
    with pytest.raises(NotFound):
        request(context, "no-such-leg")


# --------------------------------------------------------------------------------------------- approve


def test_another_officer_approves_with_acknowledged_warnings(context, repair):
    imp = side(request(context, repair[0]["id"]), "import")
    acks = acknowledge_all(imp)
    assert acks, "the CH import side of an export for repair carries a warning to acknowledge"
    approved = declarations.approve(context, f.OFFICER, imp["id"], imp["version"], acks, "fine")
    assert (approved["status"], approved["reviewed_by"], approved["review_comment"]) == (
        "approved",
        f.OFFICER.id,
        "fine",
    )
    assert [(a["code"], a["by"], a["at"]) for a in approved["acknowledgements"]] == [
        (code, f.OFFICER.id, f.NOW.isoformat()) for code in sorted(acks)
    ]


def test_the_requester_cannot_approve(context, repair):
    export = side(request(context, repair[0]["id"], actor=f.OFFICER), "export")
    with pytest.raises(FourEyesViolation):
        declarations.approve(context, f.OFFICER, export["id"], None, {}, None)
    assert declarations.approve(context, f.OTHER_OFFICER, export["id"], None, {}, None)["status"] == "approved"


def test_an_error_flag_blocks_approval(context, blocked):
    assert "NO_LOCAL_IMPORTER" in {x["code"] for x in blocked["flags"]}
    with pytest.raises(ApprovalBlocked) as exc:
        declarations.approve(context, f.OFFICER, blocked["id"], None, {"NO_LOCAL_IMPORTER": "we accept it"}, None)
    assert exc.value.codes == ["NO_LOCAL_IMPORTER", "PRIOR_EXPORT_REFERENCE_MISSING"]  # the export has no MRN yet
    assert f.row(context, Declaration, blocked["id"]).status == "in_review"


def test_a_warning_without_reason_is_named(context, repair):
    imp = side(request(context, repair[0]["id"]), "import")
    with pytest.raises(InvalidInput) as exc:
        declarations.approve(context, f.OFFICER, imp["id"], None, {}, None)
    assert set(exc.value.errors) == {f"acknowledgements.{code}" for code in acknowledge_all(imp)}


def test_acknowledging_a_flag_the_declaration_does_not_have_is_refused(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    with pytest.raises(InvalidInput) as exc:
        declarations.approve(context, f.OFFICER, export["id"], None, {"SERIAL_MISMATCH": "n/a"}, None)
    assert list(exc.value.errors) == ["acknowledgements.SERIAL_MISMATCH"]


def test_approval_needs_the_current_version(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    with pytest.raises(Stale):
        declarations.approve(context, f.OFFICER, export["id"], export["version"] + 1, {}, None)


def test_an_approved_declaration_cannot_be_approved_again(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    declarations.approve(context, f.OFFICER, export["id"], None, {}, None)
    with pytest.raises(WorkflowError):
        declarations.approve(context, f.OTHER_OFFICER, export["id"], None, {}, None)


def test_approval_is_audited_with_version_and_hash(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    declarations.approve(context, f.OFFICER, export["id"], None, {}, "ok")
    event = context.run(
        lambda s: s.scalar(select(AuditEvent).where(AuditEvent.action == "declaration:approve")), write=False
    )
    assert event.after["content_hash"] == export["content_hash"]
    assert (event.before["status"], event.after["status"], event.after["version_no"]) == ("in_review", "approved", 1)


# ------------------------------------------------------------------------------------- request changes


def test_changes_are_requested_with_a_comment(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    changed = declarations.request_changes(context, f.OFFICER, export["id"], None, "wrong procedure code")
    assert (changed["status"], changed["review_comment"]) == ("changes_requested", "wrong procedure code")


def test_changes_cannot_be_requested_on_an_approved_version(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    declarations.approve(context, f.OFFICER, export["id"], None, {}, None)
    with pytest.raises(WorkflowError):
        declarations.request_changes(context, f.OFFICER, export["id"], None, "too late")


# ----------------------------------------------------------------------------------------------- amend


def test_amending_an_approved_version_makes_version_two_and_leaves_one_unchanged(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    approved = declarations.approve(context, f.OFFICER, export["id"], None, {}, None)
    v2 = declarations.amend(context, f.COORDINATOR, export["id"], approved["version"], "new commercial invoice")
    v1 = f.row(context, Declaration, export["id"])
    assert (v2["version_no"], v2["status"], v2["requested_by"]) == (2, "in_review", f.COORDINATOR.id)
    assert (v1.status, v1.superseded_by_id) == ("superseded", v2["id"])
    assert (v1.content, v1.content_hash, v1.reviewed_by) == (
        approved["content"],
        approved["content_hash"],
        f.OFFICER.id,
    )
    assert v1.acknowledgements == approved["acknowledgements"]


def test_the_amendment_follows_the_legs_current_decision(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    declarations.amend(context, f.COORDINATOR, export["id"], None, None)
    legs.update_leg(context, f.COORDINATOR, repair[0]["id"], None, {"ship_date": date(2026, 11, 30)})
    current = context.run(
        lambda s: declarations.declaration_view(declarations.current_version(s, repair[0]["id"], "export")), write=False
    )
    assert current["content"]["document"]["leg"]["ship_date"] == "2026-11-30"
    assert (current["content"]["document"]["version"], current["content"]["document"]["declaration_id"]) == (
        current["version_no"],
        current["id"],
    )


def test_only_the_current_version_is_amended(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    declarations.amend(context, f.COORDINATOR, export["id"], None, None)
    with pytest.raises(Conflict):
        declarations.amend(context, f.COORDINATOR, export["id"], None, None)


def test_a_filed_declaration_cannot_be_amended(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    declarations.approve(context, f.OFFICER, export["id"], None, {}, None)
    declarations.file_declaration(context, f.OFFICER, export["id"], None, None)
    with pytest.raises(Conflict, match="filed"):
        declarations.amend(context, f.COORDINATOR, export["id"], None, None)


def test_the_amender_cannot_approve_the_amendment(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    v2 = declarations.amend(context, f.OFFICER, export["id"], None, None)
    with pytest.raises(FourEyesViolation):
        declarations.approve(context, f.OFFICER, v2["id"], None, {}, None)


# ------------------------------------------------------------------------------------------------ file


def test_filing_goes_to_the_legs_broker_by_default(context, desk, repair):
    export = side(request(context, repair[0]["id"]), "export")
    declarations.approve(context, f.OFFICER, export["id"], None, {}, None)
    filed = declarations.file_declaration(context, f.OFFICER, export["id"], None, None)
    assert (filed["status"], filed["broker_id"], filed["filed_at"]) == ("filed", desk.uk_broker, f.NOW.isoformat())


def test_filing_may_name_another_broker(context, desk, repair):
    imp = side(request(context, repair[0]["id"]), "import")
    declarations.approve(context, f.OFFICER, imp["id"], None, acknowledge_all(imp), None)
    filed = declarations.file_declaration(context, f.OFFICER, imp["id"], None, desk.swiss_broker)
    assert filed["broker_id"] == desk.swiss_broker


def test_only_a_broker_party_receives_filings(context, desk, repair):
    export = side(request(context, repair[0]["id"]), "export")
    declarations.approve(context, f.OFFICER, export["id"], None, {}, None)
    with pytest.raises(InvalidInput) as exc:
        declarations.file_declaration(context, f.OFFICER, export["id"], None, desk.uk_seller)
    assert list(exc.value.errors) == ["broker_id"]


def test_an_unapproved_declaration_cannot_be_filed(context, repair):
    export = side(request(context, repair[0]["id"]), "export")
    with pytest.raises(WorkflowError):
        declarations.file_declaration(context, f.OFFICER, export["id"], None, None)


# ------------------------------------------------------------------------------------------------ list


def queue(context, f: DeclarationFilter) -> list[dict]:
    return declarations.list_declarations(context, f, PageRequest(200)).items


def test_the_queue_filters_by_status_and_jurisdiction(context, repair):
    decls = request(context, repair[0]["id"])
    declarations.approve(context, f.OFFICER, side(decls, "export")["id"], None, {}, None)
    in_review = queue(context, DeclarationFilter(status="in_review"))
    assert [d["jurisdiction"] for d in in_review] == ["CH"]
    assert [d["side"] for d in queue(context, DeclarationFilter(jurisdiction="GB"))] == ["export"]


def test_the_queue_filters_by_flag_severity(context, repair, blocked):
    request(context, repair[0]["id"])
    assert [d["id"] for d in queue(context, DeclarationFilter(severity="error"))] == [blocked["id"]]


def test_the_queue_filters_by_deadline(context, repair):
    request(context, repair[1]["id"])
    deadline = date.fromisoformat(repair[1]["decision"]["import"]["deadline"]["date"])
    assert queue(context, DeclarationFilter(deadline_before=deadline)) == []
    assert len(queue(context, DeclarationFilter(deadline_before=date(2099, 1, 1)))) >= 1


def test_the_queue_is_paged(context, repair):
    request(context, repair[0]["id"])
    first = declarations.list_declarations(context, DeclarationFilter(), PageRequest(1))
    second = declarations.list_declarations(context, DeclarationFilter(), PageRequest(1, first.next_cursor))
    assert (len(first.items), len(second.items), second.next_cursor) == (1, 1, None)
    assert first.items[0]["id"] != second.items[0]["id"]


def test_queue_items_are_summaries_without_content(context, repair):
    decl = side(request(context, repair[0]["id"]), "export")
    (item,) = [d for d in queue(context, DeclarationFilter()) if d["id"] == decl["id"]]
    assert "content" not in item and "flags" not in item
    assert (item["url"], item["rma_number"], item["regime"]) == (
        f"/api/v1/declarations/{decl['id']}",
        decl["rma_number"],
        decl["content"]["decision"]["regime"],
    )
