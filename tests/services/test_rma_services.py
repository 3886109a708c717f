"""Parties and RMA use cases without HTTP: numbering, eligibility, scoping, lifecycle, record providers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.api.factories_rma import BROKER, COORDINATOR, NOW, TODAY, add_party, count, freeze
from tradedesk.auth.permissions import Permission
from tradedesk.db.models import Party, Rma
from tradedesk.domain.rma import TransitionError
from tradedesk.services.errors import Conflict, InvalidInput, NotFound
from tradedesk.services.parties import PartyData, find_record_provider
from tradedesk.services.rmas import (
    InspectionData,
    RmaData,
    RmaFilters,
    RmaItemData,
    StaleVersion,
    create_rma,
    get_rma,
    get_rma_by_number,
    inspect_rma,
    list_rmas,
    set_disposition,
    transition_permission,
    transition_rma,
)


@pytest.fixture
def parties(context):
    freeze(context)
    return {
        "hub": add_party(context, "seller", "Hub GmbH", "DE"),
        "repairer": add_party(context, "repairer", "Fix AG", "CH"),
        "customer": add_party(context, "customer", "Example Ltd", "GB"),
    }


def rma_data(parties, **overrides) -> RmaData:
    base = {
        "hub_id": parties["hub"],
        "customer_id": parties["customer"],
        "order_reference": "ORD-7",
        "purchase_date": date(2026, 11, 10),
        "reason_code": "defective",
        "scenario": "repair",
        "condition": "used",
        "warranty_expires": date(2028, 11, 10),
        "items": (
            RmaItemData(
                "Laptop", "847130", "CN", Decimal(1), Decimal("999.00"), "EUR", serial_numbers=("SN-1", "SN-2")
            ),
        ),
    }
    base.update(overrides)
    return RmaData(**base)


def new_rma(context, parties, **overrides) -> dict:
    return create_rma(context, COORDINATOR, rma_data(parties, **overrides)).body


def advance(context, rma: dict, *statuses: str) -> dict:
    for status in statuses:
        rma = transition_rma(context, COORDINATOR, rma["id"], status, rma["version"])
    return rma


def test_numbers_count_up_within_the_year(context, parties):
    numbers = [new_rma(context, parties)["number"] for _ in range(3)]
    assert numbers == ["RMA-2026-000001", "RMA-2026-000002", "RMA-2026-000003"]


def test_each_year_has_its_own_sequence(context, parties):
    new_rma(context, parties)
    freeze(context, datetime(2027, 1, 2, tzinfo=UTC))
    assert new_rma(context, parties)["number"] == "RMA-2027-000001"


def test_concurrent_creates_never_share_a_number(context, parties):
    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = list(pool.map(lambda _: new_rma(context, parties)["number"], range(12)))
    assert sorted(numbers) == [f"RMA-2026-{n:06d}" for n in range(1, 13)]


def test_a_failed_create_leaves_no_rma_and_takes_no_number(context, parties):
    with pytest.raises(InvalidInput) as caught:
        new_rma(context, parties, hub_id=parties["customer"])
    assert list(caught.value.errors) == ["hub_id"]
    assert count(context, Rma) == 0
    assert new_rma(context, parties)["number"] == "RMA-2026-000001"


def test_the_eligibility_decision_and_its_rule_are_stored(context, parties):
    rma = get_rma(context, COORDINATOR, new_rma(context, parties)["id"])
    assert rma["status"] == "approved"
    assert rma["eligibility"] == {
        "decision": "auto_approve",
        "rule": "defective-within-30-days",
        "reason": "defective within 30 days of purchase: approved automatically",
        "actions": ["prepaid_label", "replacement"],
    }


def test_eligibility_is_judged_on_the_day_of_the_request(context, parties):
    freeze(context, datetime(2026, 12, 31, tzinfo=UTC))  # 51 days after purchase
    assert new_rma(context, parties)["eligibility"]["rule"] == "defective-in-warranty"


def test_a_purchase_date_in_the_future_is_refused(context, parties):
    with pytest.raises(InvalidInput) as caught:
        new_rma(context, parties, purchase_date=TODAY.replace(day=21))
    assert list(caught.value.errors) == ["purchase_date"]


def test_a_repairer_hub_is_stored_as_the_repairer(context, parties):
    rma = new_rma(context, parties, hub_id=parties["repairer"])
    assert (rma["repairer_id"], rma["seller_id"], rma["hub"]["name"]) == (parties["repairer"], None, "Fix AG")


def test_a_seller_hub_is_stored_as_the_seller(context, parties):
    rma = new_rma(context, parties)
    assert (rma["seller_id"], rma["repairer_id"]) == (parties["hub"], None)


def test_an_inline_customer_is_registered_with_the_rma(context, parties):
    rma = new_rma(
        context,
        parties,
        customer_id=None,
        customer=PartyData("customer", "New Co", "FR", identifiers={"vat": "FR40303265045"}),
    )
    assert rma["customer"]["name"] == "New Co"
    assert count(context, Party) == 4


def test_an_inline_customer_may_not_duplicate_a_registered_one(context, parties):
    with pytest.raises(InvalidInput) as caught:
        new_rma(context, parties, customer_id=None, customer=PartyData("customer", "Example Ltd", "GB"))
    assert list(caught.value.errors) == ["customer.name"]


def test_the_customer_must_be_a_registered_customer(context, parties):
    with pytest.raises(InvalidInput) as caught:
        new_rma(context, parties, customer_id=parties["hub"])
    assert list(caught.value.errors) == ["customer_id"]


def test_items_are_checked_by_field_path(context, parties):
    bad = RmaItemData("Thing", "999999", "CN", Decimal(0), Decimal(1), "EUR", udi="(01)123")
    with pytest.raises(InvalidInput) as caught:
        new_rma(context, parties, items=(rma_data(parties).items[0], bad))
    assert set(caught.value.errors) == {"items.1.hs_code", "items.1.quantity", "items.1.udi"}


def test_a_broker_sees_no_rma(context, parties):
    rma = new_rma(context, parties)
    with pytest.raises(NotFound):
        get_rma(context, BROKER, rma["id"])
    with pytest.raises(NotFound):
        get_rma_by_number(context, BROKER, rma["number"])
    assert list_rmas(context, BROKER, RmaFilters()).items == []


def test_rmas_are_found_by_number_in_any_case(context, parties):
    rma = new_rma(context, parties)
    assert get_rma_by_number(context, COORDINATOR, rma["number"].lower())["id"] == rma["id"]


def test_the_list_filters_by_part_of_the_order_reference(context, parties):
    new_rma(context, parties, order_reference="WEB-100")
    new_rma(context, parties, order_reference="SHOP-200")
    assert [i["order_reference"] for i in list_rmas(context, COORDINATOR, RmaFilters(q="web")).items] == ["WEB-100"]


def test_the_list_treats_wildcards_in_q_literally(context, parties):
    new_rma(context, parties, order_reference="WEB-100")
    assert list_rmas(context, COORDINATOR, RmaFilters(q="%")).items == []


def test_a_change_against_an_old_version_is_stale(context, parties):
    rma = new_rma(context, parties)
    advance(context, rma, "in_transit")
    with pytest.raises(StaleVersion) as caught:
        transition_rma(context, COORDINATOR, rma["id"], "cancelled", rma["version"])
    assert caught.value.current_version == rma["version"] + 1


def test_inspection_flags_serials_that_differ_from_the_rma(context, parties):
    rma = advance(context, new_rma(context, parties), "in_transit", "received")
    rma = inspect_rma(
        context,
        COORDINATOR,
        rma["id"],
        InspectionData(("SN-1", "SN-9"), "used", "intact", "in_warranty"),
        rma["version"],
    )
    inspection = rma["inspections"][0]
    assert inspection["serial_match"] is False
    assert [(f["code"], f["severity"], f["missing"], f["unexpected"]) for f in inspection["flags"]] == [
        ("SERIAL_MISMATCH", "error", ["SN-2"], ["SN-9"])
    ]


def test_serials_match_regardless_of_case_and_blanks(context, parties):
    rma = advance(context, new_rma(context, parties), "in_transit", "received")
    rma = inspect_rma(
        context, COORDINATOR, rma["id"], InspectionData((" sn-2", "SN-1 "), "used", "intact", "expired"), rma["version"]
    )
    assert (rma["status"], rma["inspections"][0]["serial_match"], rma["inspections"][0]["flags"]) == (
        "inspected",
        True,
        [],
    )


def test_a_disposition_needs_an_inspected_rma(context, parties):
    rma = advance(context, new_rma(context, parties), "in_transit", "received")
    with pytest.raises(TransitionError):
        set_disposition(context, COORDINATOR, rma["id"], "refund", rma["version"])


def test_inspected_is_reached_only_by_recording_the_inspection(context, parties):
    rma = advance(context, new_rma(context, parties), "in_transit", "received")
    with pytest.raises(Conflict, match="inspection"):
        transition_rma(context, COORDINATOR, rma["id"], "inspected", rma["version"])


def test_closing_records_when(context, parties):
    rma = advance(context, new_rma(context, parties), "in_transit", "received")
    rma = inspect_rma(
        context,
        COORDINATOR,
        rma["id"],
        InspectionData(("SN-1", "SN-2"), "used", "intact", "in_warranty"),
        rma["version"],
    )
    rma = set_disposition(context, COORDINATOR, rma["id"], "repair", rma["version"])
    rma = advance(context, rma, "closed")
    assert (rma["status"], rma["disposition"], rma["closed_at"]) == ("closed", "repair", NOW.isoformat())


@pytest.mark.parametrize(
    ("target", "permission"),
    [
        ("approved", Permission.DECIDE_RMA),
        ("rejected", Permission.DECIDE_RMA),
        ("under_review", Permission.DECIDE_RMA),
        ("in_transit", Permission.UPDATE_RMA),
        ("received", Permission.UPDATE_RMA),
        ("cancelled", Permission.UPDATE_RMA),
        ("closed", Permission.UPDATE_RMA),
    ],
)
def test_decisions_need_decide_and_movements_need_update(target, permission):
    assert transition_permission(target) is permission


def test_the_record_provider_serving_a_country_is_found(context):
    add_party(context, "ior_provider", "Zeta IOR", "US", serves_countries=("US", "CA"))
    wanted = add_party(context, "ior_provider", "Alpha IOR", "US", serves_countries=("US",))
    add_party(context, "eor_provider", "Aardvark EOR", "US", serves_countries=("US",))
    found = context.run(lambda s: find_record_provider(s, "ior_provider", "US"), write=False)
    assert found.id == wanted  # the first by name among those serving US


def test_no_record_provider_for_a_country_nobody_serves(context):
    add_party(context, "eor_provider", "Alpha EOR", "US", serves_countries=("US",))
    assert context.run(lambda s: find_record_provider(s, "eor_provider", "JP"), write=False) is None


def test_only_ior_and_eor_providers_are_record_providers(context):
    with pytest.raises(ValueError, match="eor_provider or ior_provider"):
        context.run(lambda s: find_record_provider(s, "broker", "GB"), write=False)
