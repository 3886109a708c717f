"""Legs (services.legs, services.leg_records): planned from the scenario, linked, classified, IOR/EOR assigned,
edited and reclassified, with relief proven from our own records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests import factories as f
from tradedesk.auth.actor import Actor
from tradedesk.db.models import AuditEvent, Declaration, Leg
from tradedesk.domain.leg_details import REPAIR_REQUIRED
from tradedesk.services import declarations, filings, legs
from tradedesk.services.errors import Conflict, InvalidInput, NotFound, Stale
from tradedesk.services.idempotency import IdempotencyMismatch
from tradedesk.services.leg_records import common_hs_code, domain_leg

REPAIR = {"repair": {"cost": {"amount": "400.00", "currency": "GBP"}, "charged": True}}
NO_KEY = legs.IdempotentRequest(None, "/api/v1/rmas/x/legs/plan", {})


@pytest.fixture
def desk(context, broker_party):
    f.freeze(context)
    return f.cast(context, broker_party)


def plan(context, rma_id, **kwargs):
    details = kwargs.pop("details", {})
    idem = kwargs.pop("idem", NO_KEY)
    outcome = legs.plan_legs(
        context, f.COORDINATOR, rma_id, legs.PlanRequest(f.SHIP, "courier", details=details, **kwargs), idem
    )
    return outcome.body["items"]


def repair_legs(context, desk, **kwargs):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    return rma_id, plan(context, rma_id, details=REPAIR, **kwargs)


def events(context, action, entity_id=None):
    def work(session):
        stmt = select(AuditEvent).where(AuditEvent.action == action)
        if entity_id is not None:
            stmt = stmt.where(AuditEvent.entity_id == entity_id)
        return list(session.scalars(stmt.order_by(AuditEvent.seq)))

    return context.run(work, write=False)


# ----------------------------------------------------------------------------------------------- planning


def test_a_repair_is_planned_as_export_and_return(context, desk):
    _, (out, back) = repair_legs(context, desk)
    assert (out["movement"], out["from_country"], out["to_country"]) == ("export_for_repair", "GB", "CH")
    assert (back["movement"], back["from_country"], back["to_country"]) == ("return_after_repair", "CH", "GB")


def test_the_customer_exports_and_the_hub_imports_on_the_way_out(context, desk):
    _, (out, back) = repair_legs(context, desk)
    assert (out["exporter_id"], out["importer_id"]) == (desk.uk_customer, desk.swiss_repairer)
    assert (back["exporter_id"], back["importer_id"]) == (desk.swiss_repairer, desk.uk_customer)


def test_the_return_relies_on_the_export(context, desk):
    _, (out, back) = repair_legs(context, desk)
    assert back["relies_on_leg_id"] == out["id"]
    assert out["relies_on_leg_id"] is None


def test_each_leg_is_classified_on_creation(context, desk):
    _, (out, back) = repair_legs(context, desk)
    assert out["decision"]["export"]["regime"] == "outward_processing"
    assert back["decision"]["import"]["regime"] == "reimport_after_repair"
    assert back["decision"]["import"]["procedure_code"] == "6121"


def test_the_decision_records_profile_versions_and_when(context, desk):
    _, (out, _) = repair_legs(context, desk)
    assert {p["jurisdiction"] for p in out["profile_versions"]} == {"GB", "CH"}
    assert out["profile_versions"] == out["decision"]["profiles"]
    assert out["decided_at"] == f.NOW.isoformat()


def test_the_repair_block_goes_only_to_the_return(context, desk):
    _, (out, back) = repair_legs(context, desk)
    assert "repair" not in out["details"]
    assert back["details"]["repair"] == {**REPAIR["repair"], "upgrade_value": None, "essential_parts_replaced": False}


def test_an_advance_replacement_is_paired_both_ways(context, desk):
    rma_id = f.rma(context, "advance_replacement", desk.swiss_customer, desk.uk_seller, [f.LAPTOP])
    replacement, defective = plan(context, rma_id)
    assert replacement["movement"] == "advance_replacement"
    assert replacement["paired_leg_id"] == defective["id"]
    assert defective["paired_leg_id"] == replacement["id"]


def test_planning_writes_create_and_classify_events(context, desk):
    rma_id, (out, back) = repair_legs(context, desk)
    created = events(context, "leg:create")
    assert [e.entity_id for e in created] == [out["id"], back["id"]]
    assert {e.rma_id for e in created} == {rma_id}
    assert events(context, "leg:classify", back["id"])[0].after["import"] == "reimport_after_repair"


def test_the_customer_country_may_differ_from_the_customers_seat(context, desk):
    rma_id = f.rma(context, "return_for_refund", desk.swiss_customer, desk.uk_seller, [f.LAPTOP])
    (leg,) = plan(context, rma_id, customer_country="JP")
    assert (leg["from_country"], leg["to_country"]) == ("JP", "GB")


def test_planning_twice_is_a_conflict(context, desk):
    rma_id, _ = repair_legs(context, desk)
    with pytest.raises(Conflict, match="already has legs"):
        plan(context, rma_id)


@pytest.mark.parametrize("status", ["rejected", "cancelled", "closed"])
def test_a_finished_rma_gets_no_legs(context, desk, status):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer, status=status)
    with pytest.raises(Conflict, match=status):
        plan(context, rma_id)


def test_a_country_that_is_not_iso_3166_is_named(context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    with pytest.raises(InvalidInput) as exc:
        plan(context, rma_id, customer_country="XX")
    assert list(exc.value.errors) == ["customer_country"]


def test_customer_and_hub_in_one_country_is_no_border(context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    with pytest.raises(InvalidInput) as exc:
        plan(context, rma_id, hub_country="GB")
    assert list(exc.value.errors) == ["hub_country"]


def test_the_broker_must_be_a_broker(context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    with pytest.raises(InvalidInput) as exc:
        plan(context, rma_id, broker_id=desk.uk_seller)
    assert "broker_id" in exc.value.errors


def test_an_unknown_rma_is_not_found(context, desk):
    with pytest.raises(NotFound):
        plan(context, "no-such-rma")


def test_a_failed_plan_leaves_nothing_behind(context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    with pytest.raises(InvalidInput):
        plan(context, rma_id, broker_id=desk.uk_seller)
    assert context.run(lambda s: s.scalars(select(Leg)).all(), write=False) == []


def test_the_same_idempotency_key_replays_the_plan(context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    idem = legs.IdempotentRequest("plan-1", f"/api/v1/rmas/{rma_id}/legs/plan", {"ship_date": "2026-11-23"})
    first = legs.plan_legs(context, f.COORDINATOR, rma_id, legs.PlanRequest(f.SHIP, "courier", details=REPAIR), idem)
    again = legs.plan_legs(context, f.COORDINATOR, rma_id, legs.PlanRequest(f.SHIP, "courier", details=REPAIR), idem)
    assert again.replayed
    assert again.body == first.body


def test_an_idempotency_key_reused_with_another_body_is_refused(context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    path = f"/api/v1/rmas/{rma_id}/legs/plan"
    legs.plan_legs(
        context,
        f.COORDINATOR,
        rma_id,
        legs.PlanRequest(f.SHIP, "courier", details=REPAIR),
        legs.IdempotentRequest("plan-1", path, {"ship_date": "2026-11-23"}),
    )
    with pytest.raises(IdempotencyMismatch):
        legs.plan_legs(
            context,
            f.COORDINATOR,
            rma_id,
            legs.PlanRequest(f.SHIP, "courier", details=REPAIR),
            legs.IdempotentRequest("plan-1", path, {"ship_date": "2026-11-24"}),
        )


# ------------------------------------------------------------------------------------------ IOR / EOR


@pytest.fixture
def japanese_customer(context):
    return f.party(context, "customer", "Nihon Trading KK", "JP")


def test_without_a_provider_the_no_local_flags_stay(context, desk, japanese_customer):
    rma_id = f.rma(context, "repair", japanese_customer, desk.swiss_repairer)
    out, back = plan(context, rma_id, customer_country="GB", details=REPAIR)
    assert "NO_LOCAL_EXPORTER" in {x["code"] for x in out["decision"]["flags"]}
    assert "NO_LOCAL_IMPORTER" in {x["code"] for x in back["decision"]["flags"]}
    assert out["eor_id"] is None and back["ior_id"] is None


def test_an_ior_serving_the_country_is_assigned_with_its_representation(context, desk, japanese_customer):
    ior = f.party(
        context, "ior_provider", "UK Importer of Record Ltd", "GB", serves_countries=["GB"], representation="indirect"
    )
    rma_id = f.rma(context, "repair", japanese_customer, desk.swiss_repairer)
    _, back = plan(context, rma_id, customer_country="GB", details=REPAIR)
    assert back["ior_id"] == ior
    assert back["details"]["representation"]["import"] == {
        "party_id": ior,
        "role": "importer_of_record",
        "form": "indirect",
    }
    assert back["decision"]["import"]["ior_required"] is True
    assert "NO_LOCAL_IMPORTER" not in {x["code"] for x in back["decision"]["flags"]}


def test_an_eor_is_assigned_to_the_export_side(context, desk, japanese_customer):
    eor = f.party(context, "eor_provider", "UK Exporter of Record Ltd", "GB", serves_countries=["GB"])
    rma_id = f.rma(context, "repair", japanese_customer, desk.swiss_repairer)
    out, _ = plan(context, rma_id, customer_country="GB", details=REPAIR)
    assert out["eor_id"] == eor
    assert "NO_LOCAL_EXPORTER" not in {x["code"] for x in out["decision"]["flags"]}


def test_a_provider_for_another_country_is_not_assigned(context, desk, japanese_customer):
    f.party(context, "ior_provider", "Swiss IOR AG", "CH", serves_countries=["CH"])
    rma_id = f.rma(context, "repair", japanese_customer, desk.swiss_repairer)
    _, back = plan(context, rma_id, customer_country="GB", details=REPAIR)
    assert back["ior_id"] is None


def test_an_ior_named_by_hand_is_recorded_with_its_form(context, desk, japanese_customer):
    rma_id = f.rma(context, "repair", japanese_customer, desk.swiss_repairer)
    _, back = plan(context, rma_id, customer_country="GB", details=REPAIR)
    agent = f.party(
        context, "ior_provider", "Dover Customs Agents Ltd", "GB", serves_countries=["GB"], representation="direct"
    )
    changed = legs.update_leg(context, f.COORDINATOR, back["id"], None, {"ior_id": agent})
    assert changed["details"]["representation"]["import"]["party_id"] == agent
    assert "NO_LOCAL_IMPORTER" not in {x["code"] for x in changed["decision"]["flags"]}


def test_no_provider_is_assigned_where_none_is_needed(context, desk):
    f.party(context, "ior_provider", "UK Importer of Record Ltd", "GB", serves_countries=["GB"])
    _, (out, back) = repair_legs(context, desk)
    assert back["ior_id"] is None and out["eor_id"] is None


# ------------------------------------------------------------------------------- engine input (records)


def _domain(context, leg_id):
    return context.run(lambda s: domain_leg(s, s.get(Leg, leg_id)), write=False)


def test_the_engine_sees_the_rma_items_and_parties(context, desk):
    _, (out, _) = repair_legs(context, desk)
    leg = _domain(context, out["id"])
    assert [(i.hs_code, i.unit_value.amount, i.serial_numbers) for i in leg.items] == [
        ("910211", f.WATCH["unit_value"], ("A1234",))
    ]
    assert leg.exporter.name == "Example Ltd"
    assert leg.exporter.identifier("EORI") == "GB123456789000"
    assert leg.importer.name == "Swiss Watch Repair AG"


def test_the_earlier_leg_proves_the_prior_export(context, desk):
    _, (_, back) = repair_legs(context, desk)
    prior = _domain(context, back["id"]).prior_export
    assert (prior.date, prior.regime, prior.procedure_code) == (f.SHIP, "outward_processing", "2100")
    assert (prior.exporter, prior.hs_code, prior.serial_numbers) == ("Example Ltd", "910211", ("A1234",))
    assert prior.reference is None


def test_the_prior_export_date_is_when_it_actually_shipped(context, desk):
    _, (out, back) = repair_legs(context, desk)
    legs.update_leg(context, f.COORDINATOR, out["id"], None, {"shipped_on": date(2026, 11, 25)})
    assert _domain(context, back["id"]).prior_export.date == date(2026, 11, 25)


def test_the_prior_export_reference_is_the_acknowledged_mrn(context, desk):
    _, (out, back) = repair_legs(context, desk)
    broker = Actor(id="broker-token", name="Bram", role="broker", party_id=desk.uk_broker)
    _, decls = declarations.request_paperwork(context, f.COORDINATOR, out["id"])
    export = next(d for d in decls if d["side"] == "export")
    approved = declarations.approve(context, f.OFFICER, export["id"], None, {}, None)
    declarations.file_declaration(context, f.OFFICER, approved["id"], None, desk.uk_broker)
    filings.acknowledge(context, broker, export["id"], None, "26GB12345678901234")
    assert _domain(context, back["id"]).prior_export.reference == "26GB12345678901234"


def test_an_external_prior_export_is_used_where_no_leg_of_ours_is_relied_on(context, desk):
    rma_id = f.rma(context, "return_for_refund", desk.swiss_customer, desk.uk_seller, [f.LAPTOP])
    (leg,) = plan(context, rma_id)
    sale = {
        "date": "2026-10-01",
        "regime": "standard_export",
        "procedure_code": "1000",
        "reference": "26GB99999999999999",
        "exporter": "Gadget Retail Ltd",
        "hs_code": "847130",
        "serial_numbers": ["SN-0001"],
        "reimport_deadline": None,
    }
    legs.update_leg(context, f.COORDINATOR, leg["id"], None, {"details": {"prior_export": sale}})
    prior = _domain(context, leg["id"]).prior_export
    assert (prior.date, prior.reference) == (date(2026, 10, 1), "26GB99999999999999")


def test_one_hs_code_stands_for_the_goods_only_when_all_items_share_it(context, desk):
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer, [f.WATCH, f.LAPTOP])
    items = context.run(
        lambda s: list(s.get(Leg, plan(context, rma_id, details=REPAIR)[0]["id"]).rma.items), write=False
    )
    assert common_hs_code(items) is None
    assert common_hs_code(items[:1]) == "910211"


# ------------------------------------------------------------------------------------------- add a leg


def new_leg(desk, **overrides):
    base = {
        "movement": "return_for_refund",
        "from_country": "CH",
        "to_country": "GB",
        "ship_date": f.SHIP,
        "transport": "courier",
        "exporter_id": desk.swiss_customer,
        "importer_id": desk.uk_seller,
    }
    base.update(overrides)
    return legs.NewLeg(**base)


def test_a_leg_is_added_after_the_others_and_classified(context, desk):
    rma_id, planned = repair_legs(context, desk)
    outcome = legs.add_leg(context, f.COORDINATOR, rma_id, new_leg(desk), NO_KEY)
    assert outcome.status == 201
    assert outcome.body["position"] == len(planned) + 1
    assert outcome.body["decision"]["import"]["jurisdiction"] == "GB"


def test_an_added_leg_may_rely_only_on_a_leg_of_the_same_rma(context, desk):
    _, (other, _) = repair_legs(context, desk)
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    with pytest.raises(InvalidInput) as exc:
        legs.add_leg(context, f.COORDINATOR, rma_id, new_leg(desk, relies_on_leg_id=other["id"]), NO_KEY)
    assert list(exc.value.errors) == ["relies_on_leg_id"]


def test_an_added_leg_names_existing_parties(context, desk):
    rma_id, _ = repair_legs(context, desk)
    with pytest.raises(InvalidInput) as exc:
        legs.add_leg(context, f.COORDINATOR, rma_id, new_leg(desk, importer_id="nobody"), NO_KEY)
    assert list(exc.value.errors) == ["importer_id"]


def test_pairing_an_added_leg_pairs_its_partner_back(context, desk):
    rma_id = f.rma(context, "return_for_refund", desk.swiss_customer, desk.uk_seller, [f.LAPTOP])
    (first,) = plan(context, rma_id)
    added = legs.add_leg(
        context,
        f.COORDINATOR,
        rma_id,
        new_leg(
            desk,
            movement="advance_replacement",
            from_country="GB",
            to_country="CH",
            exporter_id=desk.uk_seller,
            importer_id=desk.swiss_customer,
            paired_leg_id=first["id"],
        ),
        NO_KEY,
    ).body
    assert legs.get_leg(context, first["id"])["paired_leg_id"] == added["id"]


# ------------------------------------------------------------------------------------------------- edit


def test_an_edit_needs_the_current_version(context, desk):
    _, (out, _) = repair_legs(context, desk)
    with pytest.raises(Stale):
        legs.update_leg(context, f.COORDINATOR, out["id"], out["version"] - 1, {"transport": "air"})


def test_an_edit_is_applied_audited_and_reclassified(context, desk):
    _, (out, _) = repair_legs(context, desk)
    changed = legs.update_leg(context, f.COORDINATOR, out["id"], out["version"], {"transport": "air"})
    assert changed["transport"] == "air"
    assert changed["version"] > out["version"]
    (event,) = events(context, "leg:update", out["id"])
    assert (event.before, event.after) == ({"transport": "courier"}, {"transport": "air"})
    assert len(events(context, "leg:classify", out["id"])) == 2


def test_details_merge_block_by_block_and_null_removes(context, desk):
    _, (out, _) = repair_legs(context, desk)
    costs = {"freight": {"amount": "45.00", "currency": "GBP"}, "insurance": None, "outbound_freight": None}
    warranty = {"covered": True, "paid_service_contract": False, "expires": None}
    legs.update_leg(context, f.COORDINATOR, out["id"], None, {"details": {"costs": costs, "warranty": warranty}})
    changed = legs.update_leg(context, f.COORDINATOR, out["id"], None, {"details": {"warranty": None}})
    assert changed["details"] == {"costs": costs}


def test_the_return_after_repair_keeps_its_repair_cost(context, desk):
    """The rule of planning holds for an edit as well: removing the block would declare the repair at 0.00."""
    _, (_, back) = repair_legs(context, desk)
    with pytest.raises(InvalidInput) as refused:
        legs.update_leg(context, f.COORDINATOR, back["id"], None, {"details": {"repair": None}})
    assert refused.value.errors == {"details.repair": [REPAIR_REQUIRED]}


def test_changing_the_earlier_leg_reclassifies_the_one_relying_on_it(context, desk):
    _, (out, back) = repair_legs(context, desk)
    legs.update_leg(context, f.COORDINATOR, out["id"], None, {"shipped_on": date(2026, 11, 24)})
    assert len(events(context, "leg:classify", back["id"])) == 2
    assert "2026-11-24" in " ".join(legs.get_leg(context, back["id"])["decision"]["trace"])


def test_a_leg_relying_on_ours_takes_no_external_prior_export(context, desk):
    _, (_, back) = repair_legs(context, desk)
    with pytest.raises(InvalidInput) as exc:
        legs.update_leg(context, f.COORDINATOR, back["id"], None, {"details": {"prior_export": {"date": "2026-01-01"}}})
    assert list(exc.value.errors) == ["details.prior_export"]


def test_exporter_and_importer_cannot_be_removed(context, desk):
    _, (out, _) = repair_legs(context, desk)
    with pytest.raises(InvalidInput):
        legs.update_leg(context, f.COORDINATOR, out["id"], None, {"importer_id": None})


def test_an_open_declaration_is_redrafted_when_the_decision_changes(context, desk):
    _, (out, _) = repair_legs(context, desk)
    declarations.request_paperwork(context, f.COORDINATOR, out["id"])
    legs.update_leg(context, f.OFFICER, out["id"], None, {"details": {"warranty": {"covered": True}}})
    export = [d for d in f.declarations_of(context, out["id"]) if d.side == "export"]
    assert [(d.version_no, d.status) for d in export] == [(1, "superseded"), (2, "in_review")]
    assert export[0].superseded_by_id == export[1].id
    assert export[1].requested_by == f.OFFICER.id


def test_an_unchanged_decision_keeps_the_open_declaration(context, desk):
    _, (out, _) = repair_legs(context, desk)
    declarations.request_paperwork(context, f.COORDINATOR, out["id"])
    legs.reclassify_leg(context, f.COORDINATOR, out["id"], None)
    assert {(d.version_no, d.status) for d in f.declarations_of(context, out["id"])} == {(1, "in_review")}


def test_an_approved_declaration_is_never_changed_by_a_leg_change_an_amendment_replaces_it(context, desk):
    _, (out, _) = repair_legs(context, desk)
    _, decls = declarations.request_paperwork(context, f.COORDINATOR, out["id"])
    export = next(d for d in decls if d["side"] == "export")
    approved = declarations.approve(context, f.OFFICER, export["id"], None, {}, None)
    legs.update_leg(context, f.COORDINATOR, out["id"], None, {"ship_date": f.SHIP + timedelta(days=5)})
    row = f.row(context, Declaration, export["id"])
    assert (row.status, row.content_hash) == ("superseded", approved["content_hash"])
    amendment = f.row(context, Declaration, row.superseded_by_id)
    assert (amendment.status, amendment.version_no) == ("in_review", 2)
    assert amendment.content["document"]["leg"]["ship_date"] == (f.SHIP + timedelta(days=5)).isoformat()


def test_legs_of_a_closed_rma_cannot_change(context, desk):
    rma_id, (out, _) = repair_legs(context, desk)

    def close(session):
        from tradedesk.db.models import Rma

        session.get(Rma, rma_id).status = "closed"

    context.run(close)
    with pytest.raises(Conflict):
        legs.update_leg(context, f.COORDINATOR, out["id"], None, {"transport": "air"})


def test_legs_are_listed_in_order(context, desk):
    rma_id, planned = repair_legs(context, desk)
    page = legs.list_legs(context, rma_id)
    assert ([i["id"] for i in page.items], page.next_cursor) == ([p["id"] for p in planned], None)
