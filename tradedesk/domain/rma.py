"""RMA lifecycle and eligibility policy (DESIGN.md §2). The policy is data (policies/eligibility.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from tradedesk.domain.model import Movement


class RmaStatus(StrEnum):
    REQUESTED = "requested"
    UNDER_REVIEW = "under_review"
    QUOTE_PENDING = "quote_pending"  # out of warranty: a paid repair is offered, the customer decides
    APPROVED = "approved"
    REJECTED = "rejected"
    IN_TRANSIT = "in_transit"
    RECEIVED = "received"
    INSPECTED = "inspected"
    DISPOSITIONED = "dispositioned"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Disposition(StrEnum):
    REFUND = "refund"
    EXCHANGE = "exchange"
    REPAIR = "repair"
    REFURBISH = "refurbish"
    SCRAP = "scrap"
    RECYCLE = "recycle"
    RESTOCK = "restock"


class Scenario(StrEnum):
    REPAIR = "repair"
    ADVANCE_REPLACEMENT = "advance_replacement"
    WARRANTY_REPLACEMENT = "warranty_replacement"
    DEMO = "demo"
    RETURN_FOR_REFUND = "return_for_refund"


REASONS = (
    "defective",
    "dead_on_arrival",
    "damaged_in_transit",
    "wrong_item",
    "not_as_described",
    "no_longer_needed",
    "demo_end",
    "upgrade",
)
CONDITIONS = ("new", "open_box", "used", "damaged")

S = RmaStatus
TRANSITIONS: dict[RmaStatus, frozenset[RmaStatus]] = {
    S.REQUESTED: frozenset({S.APPROVED, S.REJECTED, S.UNDER_REVIEW, S.QUOTE_PENDING, S.CANCELLED}),
    S.UNDER_REVIEW: frozenset({S.APPROVED, S.REJECTED, S.QUOTE_PENDING, S.CANCELLED}),
    S.QUOTE_PENDING: frozenset({S.APPROVED, S.CANCELLED}),  # the customer accepts or declines the quote
    S.APPROVED: frozenset({S.IN_TRANSIT, S.CANCELLED}),
    S.IN_TRANSIT: frozenset({S.RECEIVED, S.CANCELLED}),
    S.RECEIVED: frozenset({S.INSPECTED}),
    S.INSPECTED: frozenset({S.DISPOSITIONED}),
    S.DISPOSITIONED: frozenset({S.CLOSED}),
    S.REJECTED: frozenset(),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}


class TransitionError(ValueError):
    pass


def check_transition(current: str, target: str) -> None:
    try:
        src, dst = RmaStatus(current), RmaStatus(target)
    except ValueError as exc:
        raise TransitionError(f"unknown RMA status {target!r}") from exc
    if dst not in TRANSITIONS[src]:
        allowed = ", ".join(sorted(TRANSITIONS[src])) or "none (final state)"
        raise TransitionError(f"an RMA cannot go from {src} to {dst}; allowed from {src}: {allowed}")


# ---------------------------------------------------------------------------------------------- eligibility


@dataclass(frozen=True, slots=True)
class EligibilityFacts:
    reason: str
    condition: str
    scenario: str
    purchase_date: date
    requested_on: date
    warranty_expires: date | None
    photo_provided: bool

    @property
    def days_since_purchase(self) -> int:
        return (self.requested_on - self.purchase_date).days

    @property
    def warranty_expired(self) -> bool | None:
        """None when no warranty date is known: neither `warranty_expired: true` nor `false` then matches."""
        if self.warranty_expires is None:
            return None
        return self.warranty_expires < self.requested_on


@dataclass(frozen=True, slots=True)
class EligibilityDecision:
    decision: str  # auto_approve | manual_review | offer_paid_repair | reject
    rule_id: str
    reason: str
    actions: tuple[str, ...]
    policy_version: str

    @property
    def initial_status(self) -> RmaStatus:
        return {"auto_approve": S.APPROVED, "reject": S.REJECTED, "offer_paid_repair": S.QUOTE_PENDING}.get(
            self.decision, S.UNDER_REVIEW
        )


def checked_policy(data: dict[str, Any]) -> dict[str, Any]:
    """An eligibility policy as read from its file, refused unless every RMA meets one of its rules."""
    if not data.get("rules") or data["rules"][-1].get("when"):
        raise ValueError("eligibility policy: the last rule must be unconditional")
    return data


def _holds(name: str, expected: Any, f: EligibilityFacts) -> bool:
    if name == "reason":
        return f.reason in expected
    if name == "condition":
        return f.condition in expected
    if name == "scenario":
        return f.scenario in expected
    if name == "days_since_purchase_max":
        return bool(f.days_since_purchase <= int(expected))
    if name == "warranty_expired":
        return f.warranty_expired is expected
    if name == "photo_provided":
        return f.photo_provided is expected
    raise ValueError(f"eligibility policy: unknown condition {name!r}")


def decide_eligibility(facts: EligibilityFacts, policy: dict[str, Any]) -> EligibilityDecision:
    for rule in policy["rules"]:
        if all(_holds(k, v, facts) for k, v in (rule.get("when") or {}).items()):
            return EligibilityDecision(
                rule["decision"],
                rule["id"],
                rule["reason"],
                tuple(rule.get("actions", ())),
                str(policy.get("version", "")),
            )
    raise AssertionError("the policy ends with an unconditional rule")  # pragma: no cover


# ----------------------------------------------------------------------------------------------- leg planning


@dataclass(frozen=True, slots=True)
class PlannedLeg:
    movement: Movement
    from_country: str
    to_country: str
    exporter: str  # "customer" | "hub"
    importer: str
    relies_on: int | None = None  # index of the earlier leg whose export this one relies on
    paired_with: int | None = None  # dual shipment partner
    #: the proposed ship date, in days after the plan's first shipment (each leg's date stays editable)
    days_after: int = 0


#: proposed intervals between the legs of a scenario: a hub's usual repair turnaround, the time a customer
#: takes to send back the defective unit of an advance replacement (well within the relief periods of the
#: replacement: EU/UK 2 months and more), a demonstration's usual length
REPAIR_TURNAROUND_DAYS = 21
DEFECTIVE_BACK_DAYS = 14
REPLACEMENT_AFTER_RECEIPT_DAYS = 7
DEMO_DAYS = 30


M = Movement
_PLANS: dict[Scenario, tuple[PlannedLeg, ...]] = {
    # customer's goods go to the repair hub and come back (the customer is the owner: OP / re-import)
    Scenario.REPAIR: (
        PlannedLeg(M.EXPORT_FOR_REPAIR, "customer", "hub", "customer", "hub"),
        PlannedLeg(
            M.RETURN_AFTER_REPAIR, "hub", "customer", "hub", "customer", relies_on=0, days_after=REPAIR_TURNAROUND_DAYS
        ),
    ),
    Scenario.ADVANCE_REPLACEMENT: (
        PlannedLeg(M.ADVANCE_REPLACEMENT, "hub", "customer", "hub", "customer", paired_with=1),
        PlannedLeg(
            M.DEFECTIVE_RETURN, "customer", "hub", "customer", "hub", paired_with=0, days_after=DEFECTIVE_BACK_DAYS
        ),
    ),
    Scenario.WARRANTY_REPLACEMENT: (
        PlannedLeg(M.DEFECTIVE_RETURN, "customer", "hub", "customer", "hub"),
        PlannedLeg(
            M.WARRANTY_REPLACEMENT,
            "hub",
            "customer",
            "hub",
            "customer",
            relies_on=0,
            days_after=REPLACEMENT_AFTER_RECEIPT_DAYS,
        ),
    ),
    Scenario.DEMO: (
        PlannedLeg(M.DEMO_DISPATCH, "hub", "customer", "hub", "customer"),
        PlannedLeg(M.DEMO_RETURN, "customer", "hub", "customer", "hub", relies_on=0, days_after=DEMO_DAYS),
    ),
    Scenario.RETURN_FOR_REFUND: (PlannedLeg(M.RETURN_FOR_REFUND, "customer", "hub", "customer", "hub"),),
}


def plan_legs(scenario: str) -> tuple[PlannedLeg, ...]:
    """The legs an RMA scenario causes, with which earlier leg each relies on and dual-shipment pairs."""
    return _PLANS[Scenario(scenario)]
