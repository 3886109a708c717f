"""The eligibility policy's actions, acted on for a return a customer requested (issue #12, point 2).

- approved (`prepaid_label`): the legs are planned (the whole scenario; for a repair only the way to the hub, since
  the way back needs the repair's cost), and the return label is issued;
- under review: nothing to do here, the RMA is in the coordinators' review list (status under_review) with its photos;
- rejected: the customer is told why by the rma.rejected email.

Each step is a use case of its own (audited there) and is skipped when its outcome exists already, so acting twice
changes nothing. A step that fails is logged and left to the desk: the customer's request stays accepted.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from tradedesk.auth.actor import Actor
from tradedesk.db.label_models import ReturnLabel
from tradedesk.db.models import Leg, Party, Rma
from tradedesk.domain.model import Movement
from tradedesk.domain.rma import RmaStatus, Scenario
from tradedesk.services import labels, legs
from tradedesk.services.context import Context
from tradedesk.services.errors import Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)

#: who acts: the policy itself (an admin's permissions, named as the policy in the audit trail)
POLICY = Actor(id="eligibility-policy", name="eligibility policy", role="admin")
SHIP_AFTER_DAYS = 1


def _state(ctx: Context, rma_id: str) -> dict[str, Any]:
    def work(session: Any) -> dict[str, Any]:
        rma = session.get(Rma, rma_id)
        if rma is None:
            raise NotFound(f"RMA {rma_id} not found")
        customer, hub = session.get(Party, rma.customer_id), session.get(Party, rma.repairer_id or rma.seller_id)
        return {
            "status": rma.status,
            "scenario": rma.scenario,
            "actions": list(rma.eligibility_actions or ()),
            "legs": int(session.scalar(select(func.count()).select_from(Leg).where(Leg.rma_id == rma_id)) or 0),
            "labels": int(
                session.scalar(select(func.count()).select_from(ReturnLabel).where(ReturnLabel.rma_id == rma_id)) or 0
            ),
            "customer": (customer.id, customer.country) if customer else None,
            "hub": (hub.id, hub.country) if hub else None,
        }

    return ctx.run(work, write=False)


def _plan(ctx: Context, rma_id: str, state: dict[str, Any]) -> None:
    ship = ctx.now().date() + timedelta(days=SHIP_AFTER_DAYS)
    idem = legs.IdempotentRequest(None, f"policy:{rma_id}", None)
    if state["scenario"] == Scenario.REPAIR:
        (customer, customer_country), (hub, hub_country) = state["customer"], state["hub"]
        new = legs.NewLeg(
            str(Movement.EXPORT_FOR_REPAIR), customer_country, hub_country, ship, "courier", customer, hub
        )
        legs.add_leg(ctx, POLICY, rma_id, new, idem)
    else:
        legs.plan_legs(ctx, POLICY, rma_id, legs.PlanRequest(ship, "courier"), idem)


def act_on_decision(ctx: Context, rma_id: str) -> list[str]:
    """Carry out what the policy decided for the RMA; the steps taken now (none when all were done before)."""
    done: list[str] = []
    state = _state(ctx, rma_id)
    if state["status"] != RmaStatus.APPROVED or "prepaid_label" not in state["actions"]:
        return done
    has_legs = state["legs"] > 0
    try:
        if not has_legs and state["customer"] and state["hub"] and state["customer"][1] != state["hub"][1]:
            _plan(ctx, rma_id, state)
            done.append("legs planned")
            has_legs = True
        if state["labels"] == 0 and has_legs:
            labels.issue_return_label(ctx, POLICY, rma_id)
            done.append("return label issued")
    except (InvalidInput, Conflict, NotFound) as exc:
        log.warning("the policy's actions for RMA %s stopped: %s", rma_id, exc)
    return done
