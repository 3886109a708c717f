"""RMA lifecycle and the eligibility policy (policies/eligibility.yaml) as the desk applies them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tradedesk.data.loader import eligibility_policy
from tradedesk.domain.rma import (
    TRANSITIONS,
    EligibilityFacts,
    RmaStatus,
    TransitionError,
    check_transition,
    decide_eligibility,
)

TODAY = date(2026, 11, 20)
SHIPPED_POLICY = eligibility_policy()


def decide(f: EligibilityFacts):
    """The shipped policy's decision for the facts."""
    return decide_eligibility(f, SHIPPED_POLICY)


def facts(**overrides) -> EligibilityFacts:
    base = {
        "reason": "defective",
        "condition": "used",
        "scenario": "repair",
        "purchase_date": TODAY - timedelta(days=10),
        "requested_on": TODAY,
        "warranty_expires": TODAY + timedelta(days=365),
        "photo_provided": False,
    }
    base.update(overrides)
    return EligibilityFacts(**base)


def test_defective_within_30_days_is_approved_automatically_with_label_and_replacement():
    decision = decide(facts())
    assert (decision.decision, decision.rule_id, decision.actions) == (
        "auto_approve",
        "defective-within-30-days",
        ("prepaid_label", "replacement"),
    )
    assert decision.initial_status is RmaStatus.APPROVED


def test_day_30_is_still_within_30_days():
    assert decide(facts(purchase_date=TODAY - timedelta(days=30))).rule_id == "defective-within-30-days"


def test_open_box_without_photo_goes_to_review_asking_for_a_photo():
    decision = decide(facts(reason="no_longer_needed", condition="open_box"))
    assert (decision.rule_id, decision.actions) == ("open-box-needs-photo", ("request_photo",))
    assert decision.initial_status is RmaStatus.UNDER_REVIEW


def test_open_box_with_photo_goes_to_review_without_asking_again():
    decision = decide(facts(reason="no_longer_needed", condition="open_box", photo_provided=True))
    assert (decision.rule_id, decision.actions) == ("open-box-review", ())


def test_a_defect_after_the_warranty_expired_is_offered_a_paid_repair_not_rejected():
    decision = decide(facts(purchase_date=TODAY - timedelta(days=800), warranty_expires=TODAY - timedelta(days=70)))
    assert (decision.decision, decision.rule_id) == ("offer_paid_repair", "warranty-expired")
    assert {"notify_customer", "send_repair_quote"} <= set(decision.actions)
    assert decision.initial_status is RmaStatus.QUOTE_PENDING


def test_a_quoted_repair_goes_on_when_accepted_or_ends_when_declined():
    check_transition("quote_pending", "approved")
    check_transition("quote_pending", "cancelled")
    with pytest.raises(TransitionError):
        check_transition("quote_pending", "rejected")


def test_a_demo_unit_is_approved():
    assert decide(facts(reason="demo_end", scenario="demo")).rule_id == "demo-unit"


def test_anything_else_is_reviewed_by_a_coordinator():
    decision = decide(facts(reason="wrong_item", condition="new"))
    assert (decision.decision, decision.rule_id) == ("manual_review", "default-review")


def test_the_decision_names_the_policy_version():
    assert decide(facts()).policy_version


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        ("requested", "approved"),
        ("requested", "under_review"),
        ("under_review", "rejected"),
        ("approved", "in_transit"),
        ("in_transit", "received"),
        ("received", "inspected"),
        ("inspected", "dispositioned"),
        ("dispositioned", "closed"),
    ],
)
def test_the_lifecycle_moves_forward(src, dst):
    check_transition(src, dst)


@pytest.mark.parametrize("src", ["requested", "under_review", "approved", "in_transit"])
def test_an_rma_can_be_cancelled_before_the_goods_are_received(src):
    check_transition(src, "cancelled")


@pytest.mark.parametrize("src", ["received", "inspected", "dispositioned", "closed", "rejected"])
def test_an_rma_cannot_be_cancelled_once_received_or_finished(src):
    with pytest.raises(TransitionError):
        check_transition(src, "cancelled")


def test_a_refused_transition_names_the_allowed_ones():
    with pytest.raises(TransitionError, match="allowed from approved: cancelled, in_transit"):
        check_transition("approved", "received")


def test_final_states_allow_nothing():
    assert all(not TRANSITIONS[s] for s in (RmaStatus.CLOSED, RmaStatus.REJECTED, RmaStatus.CANCELLED))
    with pytest.raises(TransitionError, match="final state"):
        check_transition("closed", "approved")


def test_an_unknown_status_is_refused_by_name():
    with pytest.raises(TransitionError, match="'shipped'"):
        check_transition("approved", "shipped")


def test_a_defective_item_past_30_days_with_no_warranty_date_goes_to_manual_review():
    """Unknown warranty is not 'in warranty': the policy's warranty_expired conditions match neither way."""
    from datetime import date

    facts = EligibilityFacts(
        reason="defective",
        condition="used",
        scenario="repair",
        purchase_date=date(2026, 1, 1),
        requested_on=date(2026, 11, 20),
        warranty_expires=None,
        photo_provided=True,
    )
    assert decide(facts).decision == "manual_review"
