"""A leg's decision is computed once per version of the engine's input and stored (issue #11, point 2): drafting
declarations, their payloads and their documents read the stored decision; only a changed input (an edit, a
profile update, the earlier leg's MRN, a change to the engine) decides again."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories as f
from tradedesk.services import declarations, leg_records, legs

REPAIR = {"repair": {"cost": {"amount": "400.00", "currency": "GBP"}, "charged": True}}
NO_KEY = legs.IdempotentRequest(None, "/plan", {})


@pytest.fixture
def engine_runs(monkeypatch):
    """The legs (from, to) the regime engine was run on, in order."""
    runs: list[tuple[str, str]] = []
    real = leg_records.classify

    def counting(leg, profiles):
        runs.append((leg.from_country, leg.to_country))
        return real(leg, profiles)

    monkeypatch.setattr(leg_records, "classify", counting)
    return runs


@pytest.fixture
def repair(context, broker_party):
    f.freeze(context)
    desk = f.cast(context, broker_party)
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    out = legs.plan_legs(
        context,
        f.COORDINATOR,
        rma_id,
        legs.PlanRequest(f.SHIP, "courier", broker_id=desk.uk_broker, details=REPAIR),
        NO_KEY,
    )
    return out.body["items"]


def test_planning_decides_each_leg_once(context, broker_party, engine_runs):
    f.freeze(context)
    desk = f.cast(context, broker_party)
    rma_id = f.rma(context, "repair", desk.uk_customer, desk.swiss_repairer)
    legs.plan_legs(
        context,
        f.COORDINATOR,
        rma_id,
        legs.PlanRequest(f.SHIP, "courier", broker_id=desk.uk_broker, details=REPAIR),
        NO_KEY,
    )
    assert engine_runs == [("GB", "CH"), ("CH", "GB")]


def test_drafting_the_paperwork_reads_the_stored_decisions(context, repair, engine_runs):
    drafted = [declarations.request_paperwork(context, f.COORDINATOR, leg["id"])[1] for leg in repair]
    assert engine_runs == []
    assert [d["content"]["decision"] for d in drafted[0]] == [repair[0]["decision"][d["side"]] for d in drafted[0]]


def test_an_edit_decides_the_leg_and_its_dependent_once_each(context, repair, engine_runs):
    for leg in repair:
        declarations.request_paperwork(context, f.COORDINATOR, leg["id"])
    legs.update_leg(context, f.COORDINATOR, repair[0]["id"], None, {"ship_date": date(2026, 11, 30)})
    assert engine_runs == [("GB", "CH"), ("CH", "GB")]


def test_an_input_that_changed_decides_again_when_drafting(context, repair, engine_runs):
    def older_engine(session):
        from tradedesk.db.models import Leg

        session.get(Leg, repair[0]["id"]).decision_key = "0" * 64

    context.run(older_engine)
    declarations.request_paperwork(context, f.COORDINATOR, repair[0]["id"])
    assert engine_runs == [("GB", "CH")]


def test_a_new_key_for_the_same_decision_is_no_new_version_of_the_leg(context, repair, engine_runs):
    def older_engine(session):
        from tradedesk.db.models import Leg

        session.get(Leg, repair[0]["id"]).decision_key = "0" * 64

    context.run(older_engine)
    version = legs.get_leg(context, repair[0]["id"])["version"]
    declarations.request_paperwork(context, f.COORDINATOR, repair[0]["id"])
    declarations.request_paperwork(context, f.COORDINATOR, repair[0]["id"])
    assert engine_runs == [("GB", "CH")]
    assert legs.get_leg(context, repair[0]["id"])["version"] == version
