"""Reports from stored decisions: relief deadlines coming due, and analytics (services/reports.py)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests import rows
from tests.support import decide
from tradedesk.auth.actor import Actor
from tradedesk.services import reports
from tradedesk.services.errors import NotFound
from tradedesk.services.paging import PageRequest

pytestmark = pytest.mark.both_databases  # dialect-specific: see tests/conftest.py

TODAY = date(2026, 6, 1)
DESK = Actor(id="u-1", name="Casey", role="logistics_coordinator")
EXAMPLE = Path(__file__).parents[2] / "examples" / "return_after_repair_ch_gb.json"


@pytest.fixture
def context(context):
    """The desk's clock stands at noon UTC on TODAY."""
    context.now = lambda: datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)
    return context


def in_days(n: int) -> date:
    return TODAY + timedelta(days=n)


def repair_rma(session, due: date, *, returned_on: date | None = None, status: str = "in_transit"):
    """An RMA whose export for repair must be followed by the re-import by `due`."""
    rma = rows.rma(session, rows.party(session), status=status)
    out = rows.leg(
        session,
        rma,
        "export_for_repair",
        shipped_on=date(2026, 3, 2),
        decision={"export": rows.export_side(deadline_=rows.deadline(due)), "import": None},
    )
    rows.leg(
        session, rma, "return_after_repair", relies_on=out, shipped_on=returned_on, from_country="CH", to_country="GB"
    )
    return rma


def listed(context, within_days: int = 30) -> list[dict]:
    return reports.deadlines(context, DESK, within_days)["items"]


# -------------------------------------------------------------------------------------------------- deadlines


def test_an_outward_processing_deadline_within_the_window_is_due_soon(context):
    rma = context.run(lambda s: repair_rma(s, in_days(10)))
    (row,) = listed(context)
    assert (row["rma_id"], row["rma_number"], row["movement"], row["kind"]) == (
        rma.id,
        rma.number,
        "export_for_repair",
        "outward_processing_reimport",
    )
    assert (row["date"], row["days_left"], row["status"]) == (in_days(10).isoformat(), 10, "due_soon")
    assert (row["event"], row["source"], row["side"], row["jurisdiction"]) == (
        "re-import of the repaired goods",
        "OP authorisation",
        "export",
        "GB",
    )


def test_a_passed_deadline_is_overdue_with_negative_days_left(context):
    context.run(lambda s: repair_rma(s, in_days(-7)))
    (row,) = listed(context)
    assert (row["days_left"], row["status"]) == (-7, "overdue")


def test_the_window_includes_its_last_day_and_nothing_after(context):
    context.run(lambda s: (repair_rma(s, in_days(30)), repair_rma(s, in_days(31))))
    assert [r["days_left"] for r in listed(context, within_days=30)] == [30]
    assert [r["days_left"] for r in listed(context, within_days=31)] == [30, 31]


def test_the_deadline_ends_when_the_repaired_goods_have_shipped_back(context):
    context.run(lambda s: repair_rma(s, in_days(5), returned_on=in_days(-1)))
    assert listed(context) == []


def test_a_demo_must_be_re_exported_before_its_temporary_admission_ends(context):
    def work(session):
        rma = rows.rma(session, rows.party(session), scenario="demo", reason_code="demo_end")
        out = rows.leg(
            session,
            rma,
            "demo_dispatch",
            decision={
                "export": None,
                "import": rows.import_side(
                    "US",
                    currency="USD",
                    regime="temporary_admission",
                    deadline_=rows.deadline(in_days(3), "re-export of the demonstration unit", "19 CFR 10.31"),
                ),
            },
        )
        rows.leg(session, rma, "demo_return", relies_on=out)

    context.run(work)
    (row,) = listed(context)
    assert (row["kind"], row["side"], row["jurisdiction"], row["event"]) == (
        "temporary_admission_reexport",
        "import",
        "US",
        "re-export of the demonstration unit",
    )


def test_an_advance_replacement_waits_for_its_paired_defective_unit(context):
    def work(session, shipped: date | None):
        rma = rows.rma(session, rows.party(session), scenario="advance_replacement")
        replacement = rows.leg(
            session,
            rma,
            "advance_replacement",
            decision={
                "import": rows.import_side(
                    deadline_=rows.deadline(in_days(20), "export of the defective unit", "SI 2018/1249")
                )
            },
        )
        rows.leg(session, rma, "defective_return", paired_with=replacement, shipped_on=shipped)

    context.run(lambda s: work(s, None))
    context.run(lambda s: work(s, in_days(-2)))
    assert [r["kind"] for r in listed(context)] == ["advance_replacement_defective_return"]


def test_deadlines_of_legs_that_end_no_relief_are_not_listed(context):
    def work(session):
        rma = rows.rma(session, rows.party(session))
        rows.leg(
            session,
            rma,
            "return_after_repair",
            decision={"import": rows.import_side(deadline_=rows.deadline(in_days(1)))},
        )

    context.run(work)
    assert listed(context) == []


@pytest.mark.parametrize("status", ["cancelled", "rejected"])
def test_rmas_that_moved_no_goods_have_no_deadlines(context, status):
    context.run(lambda s: repair_rma(s, in_days(1), status=status))
    assert listed(context) == []


def test_deadlines_come_soonest_first_and_are_paged(context):
    context.run(lambda s: [repair_rma(s, in_days(n)) for n in (9, -3, 4)])
    page = reports.deadlines(context, DESK, 30, PageRequest(2))
    assert [r["days_left"] for r in page["items"]] == [-3, 4]
    assert (page["limit"], page["as_of"], page["within_days"]) == (2, TODAY.isoformat(), 30)
    last = reports.deadlines(context, DESK, 30, PageRequest(2, page["next_cursor"]))
    assert ([r["days_left"] for r in last["items"]], last["next_cursor"]) == ([9], None)


def test_a_broker_gets_no_reports(context):
    with pytest.raises(NotFound):
        reports.deadlines(context, Actor(id="b", name="Broker", role="broker", party_id="p"))


# -------------------------------------------------------------------------------------------------- analytics


def stats(context) -> dict:
    return reports.analytics(context, DESK)


def relief(context) -> dict[str, dict]:
    return {r["currency"]: r for r in stats(context)["duty_relief"]["by_currency"]}


def with_import(session, side: dict, status: str = "closed") -> None:
    rows.leg(
        session,
        rows.rma(session, rows.party(session), status=status),
        "return_after_repair",
        decision={"export": None, "import": side},
    )


def test_rmas_are_counted_by_reason_and_by_disposition(context):
    def work(session):
        customer = rows.party(session)
        for reason, disposition in (("defective", "repair"), ("defective", "repair"), ("wrong_item", None)):
            rows.rma(session, customer, reason_code=reason, disposition=disposition)

    context.run(work)
    body = stats(context)
    assert body["rmas"] == 3
    assert body["by_reason_code"] == [
        {"reason_code": "defective", "count": 2},
        {"reason_code": "wrong_item", "count": 1},
    ]
    assert {d["disposition"]: d["count"] for d in body["by_disposition"]} == {"repair": 2, None: 1}


def test_relief_is_the_duty_full_value_entry_would_have_cost_minus_the_duty_estimated(context):
    """Repair-cost base 200 of a 1000 GBP unit: items at 2 % and 4 % on 150 + 50 -> duty 5; at full value
    750 x 2 % + 250 x 4 % = 25; relief 20."""
    context.run(
        lambda s: with_import(
            s, rows.import_side(duty_base="repair_cost", duty="5.00", items=(("150.00", "2"), ("50.00", "4")))
        )
    )
    assert relief(context)["GBP"] == {
        "currency": "GBP",
        "legs": 1,
        "not_estimated": 0,
        "duty": "5.00",
        "duty_at_full_value": "25.00",
        "relief": "20.00",
    }


def test_relief_is_summed_per_import_currency(context):
    def work(session):
        with_import(session, rows.import_side(duty_base="none", items=(("1000.00", "2"),)))
        with_import(session, rows.import_side(duty_base="none", items=(("500.00", "2"),), full="500.00"))
        with_import(
            session, rows.import_side("CH", currency="CHF", duty_base="none", full="800.00", items=(("800.00", "3"),))
        )

    context.run(work)
    by_currency = relief(context)
    assert (by_currency["GBP"]["legs"], by_currency["GBP"]["relief"]) == (2, "30.00")
    assert (by_currency["CHF"]["legs"], by_currency["CHF"]["relief"]) == (1, "24.00")


def test_below_the_duty_de_minimis_full_value_entry_would_cost_no_duty_either(context):
    context.run(
        lambda s: with_import(
            s,
            rows.import_side(full="100.00", items=(("100.00", "2"),), de_minimis=("duty: goods_value within 135 GBP",)),
        )
    )
    assert relief(context)["GBP"]["duty_at_full_value"] == "0.00"


def test_a_leg_with_an_unknown_rate_is_counted_as_not_estimated(context):
    context.run(lambda s: with_import(s, rows.import_side(duty=None, items=(("1000.00", None),))))
    gbp = relief(context)["GBP"]
    assert (gbp["legs"], gbp["not_estimated"], gbp["duty"], gbp["relief"]) == (0, 1, "0.00", "0.00")


def test_cancelled_rmas_and_sides_without_formalities_claim_no_relief(context):
    def work(session):
        with_import(session, rows.import_side(duty_base="none"), status="cancelled")
        with_import(session, {"jurisdiction": "EU", "regime": "no_formalities", "duty_base": None})

    context.run(work)
    assert stats(context)["duty_relief"]["by_currency"] == []


def test_relief_works_on_a_decision_as_the_engine_stores_it(context):
    """CH -> GB return after repair (examples/): duty on the repair value 455 GBP at 4 % = 18.20; at the full
    value 2555 GBP it would be 102.20."""
    decision = decide(json.loads(EXAMPLE.read_text()))
    context.run(lambda s: with_import(s, decision["import"]))
    assert relief(context)["GBP"]["relief"] == "84.00"


def test_the_method_is_stated_with_the_figures(context):
    assert "full_value" in stats(context)["duty_relief"]["method"]


def test_cycle_times_run_from_creation_to_closing_per_scenario(context):
    opened = datetime(2026, 3, 1, tzinfo=UTC)

    def work(session):
        customer = rows.party(session)
        for days, scenario in ((2, "repair"), (4, "repair"), (9, "repair"), (1, "demo")):
            rows.rma(
                session,
                customer,
                scenario=scenario,
                status="closed",
                created_at=opened,
                closed_at=opened + timedelta(days=days),
            )
        rows.rma(session, customer, scenario="repair", status="in_transit", created_at=opened)

    context.run(work)
    cycle = stats(context)["cycle_time"]
    assert cycle["by_scenario"] == [
        {"scenario": "demo", "closed": 1, "median_days": 1.0, "mean_days": 1.0},
        {"scenario": "repair", "closed": 3, "median_days": 4.0, "mean_days": 5.0},
    ]
    assert cycle["all"] == {"closed": 4, "median_days": 3.0, "mean_days": 4.0}


def test_analytics_of_an_empty_desk_are_empty_not_an_error(context):
    body = stats(context)
    assert (body["rmas"], body["by_reason_code"], body["cycle_time"]["all"]) == (
        0,
        [],
        {"closed": 0, "median_days": None, "mean_days": None},
    )
