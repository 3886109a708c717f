"""A leg's details and their rules (domain/leg_details): one value the API, the CLI, the pages and the records
share, so that the same gap gets the same message everywhere."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradedesk.domain.leg_details import (
    CARNET_DATE_WITHOUT_CARNET,
    PRIOR_EXPORT_FROM_RECORDS,
    REPAIR_COST_REQUIRED,
    REPAIR_REQUIRED,
    LegDetails,
)
from tradedesk.domain.model import Costs, Money, PriorExport, Repair, Warranty

GBP = Money(Decimal("400.00"), "GBP")
PRIOR = PriorExport(date(2026, 10, 1), "outward_processing", "2100", "26GB00000000000001")


@pytest.mark.parametrize(
    ("details", "movement", "relies", "problems"),
    [
        (LegDetails(), "return_after_repair", True, {"repair": [REPAIR_REQUIRED]}),
        (LegDetails(repair=Repair(None, False)), "return_after_repair", True, {"repair.cost": [REPAIR_COST_REQUIRED]}),
        (LegDetails(repair=Repair(GBP, True)), "return_after_repair", True, {}),
        (LegDetails(), "export_for_repair", False, {}),
        (
            LegDetails(ata_carnet_expires=date(2027, 6, 30)),
            "demo_dispatch",
            False,
            {"ata_carnet_expires": [CARNET_DATE_WITHOUT_CARNET]},
        ),
        (LegDetails(ata_carnet=True, ata_carnet_expires=date(2027, 6, 30)), "demo_dispatch", False, {}),
        (LegDetails(prior_export=PRIOR), "return_for_refund", True, {"prior_export": [PRIOR_EXPORT_FROM_RECORDS]}),
        (LegDetails(prior_export=PRIOR), "return_for_refund", False, {}),
    ],
)
def test_what_a_leg_lacks_or_may_not_hold(details, movement, relies, problems):
    assert details.problems(movement, relies_on_leg=relies) == problems


def test_the_paths_are_placed_under_a_prefix():
    assert LegDetails().problems("return_after_repair", prefix="details.") == {"details.repair": [REPAIR_REQUIRED]}


def test_only_the_return_after_repair_keeps_the_repair_block():
    details = LegDetails(repair=Repair(GBP, True), warranty=Warranty(True))
    assert details.for_movement("export_for_repair") == LegDetails(warranty=Warranty(True))
    assert details.for_movement("return_after_repair") == details


def test_the_stored_form_holds_only_the_blocks_given():
    assert LegDetails().to_json() == {}
    assert LegDetails(repair=Repair(GBP, True)).to_json() == {
        "repair": {
            "cost": {"amount": "400.00", "currency": "GBP"},
            "charged": True,
            "upgrade_value": None,
            "essential_parts_replaced": False,
        }
    }


def test_what_the_records_add_is_kept():
    stored = {
        "export_reference": {
            "reference": "26GB00000000000001",
            "reason": "declared by the customer's broker",
            "by": "u1",
            "at": "2026-11-20T10:00:00+00:00",
        },
        "representation": {"import": {"party_id": "p1", "role": "importer_of_record", "form": "indirect"}},
    }
    assert LegDetails.from_json(stored).to_json() == stored


def _money() -> st.SearchStrategy[Money]:
    return st.builds(Money, st.decimals(min_value=0, max_value=10**9, places=2), st.sampled_from(["GBP", "EUR", "CHF"]))


def _dates() -> st.SearchStrategy[date]:
    return st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


DETAILS = st.builds(
    LegDetails,
    repair=st.none() | st.builds(Repair, st.none() | _money(), st.booleans(), st.none() | _money(), st.booleans()),
    costs=st.builds(Costs, st.none() | _money(), st.none() | _money(), st.none() | _money()),
    warranty=st.none() | st.builds(Warranty, st.booleans(), st.booleans(), st.none() | _dates()),
    prior_export=st.none()
    | st.builds(
        PriorExport,
        _dates(),
        st.none() | st.just("outward_processing"),
        st.none() | st.just("2100"),
        st.none() | st.text(min_size=1, max_size=20),
        serial_numbers=st.lists(st.text(min_size=1, max_size=8), max_size=3).map(tuple),
    ),
    ata_carnet=st.booleans(),
    ata_carnet_expires=st.none() | _dates(),
    as_of=st.none() | _dates(),
)


@given(DETAILS)
def test_the_stored_form_reads_back_as_the_same_details(details):
    assert LegDetails.from_json(details.to_json()) == details
