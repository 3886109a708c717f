"""What the world hears about (issue #12): the events other systems subscribe to, derived from the audit trail.

Every state change writes an audit event (services.audit_chain); the ones other systems care about are announced
here, with their data, once the unit of work that made them commits (Context.after_commit: a task fans them out to
the webhook subscriptions). Deriving them from the audit record keeps one place that says what happened.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from tradedesk.services.context import after_commit

EMIT = "events.emit"
#: the event types a webhook subscription may ask for
EVENT_TYPES = (
    "rma.created",
    "rma.approved",
    "rma.rejected",
    "rma.closed",
    "leg.planned",
    "leg.delivered",
    "declaration.approved",
    "filing.acknowledged",
    "screening.match_confirmed",
    "deadline.approaching",
)
#: session.info key: the events of this unit of work, announced together after it commits
PENDING = "tradedesk.events"

Event = tuple[str, dict[str, Any]]


def _rma_created(entity_id: str, after: Mapping[str, Any]) -> list[Event]:
    data = {"rma_id": entity_id, "number": after.get("number"), "status": after.get("status")}
    out: list[Event] = [("rma.created", data)]
    decision = (after.get("eligibility") or {}).get("decision")
    if decision == "auto_approve":
        out.append(("rma.approved", {**data, "by": "policy", "rule": after["eligibility"].get("rule")}))
    elif decision == "reject":
        out.append(("rma.rejected", {**data, "by": "policy", "rule": after["eligibility"].get("rule")}))
    return out


def _rma_moved(entity_id: str, after: Mapping[str, Any]) -> list[Event]:
    status = after.get("status")
    kinds = {"approved": "rma.approved", "rejected": "rma.rejected", "closed": "rma.closed"}
    if status not in kinds:
        return []
    return [(kinds[str(status)], {"rma_id": entity_id, "status": status, "comment": after.get("comment")})]


def _declaration_approved(entity_id: str, after: Mapping[str, Any]) -> list[Event]:
    return [("declaration.approved", {"declaration_id": entity_id, "status": after.get("status")})]


def _filing_acknowledged(entity_id: str, after: Mapping[str, Any]) -> list[Event]:
    data = {"declaration_id": entity_id, "customs_reference": after.get("customs_reference")}
    return [("filing.acknowledged", data)]


def _leg_planned(entity_id: str, after: Mapping[str, Any]) -> list[Event]:
    keys = ("movement", "from_country", "to_country", "ship_date")
    return [("leg.planned", {"leg_id": entity_id, **{k: after.get(k) for k in keys}})]


def _leg_delivered(entity_id: str, after: Mapping[str, Any]) -> list[Event]:
    keys = ("at", "location", "tracking_number")
    return [("leg.delivered", {"leg_id": entity_id, **{k: after.get(k) for k in keys}})]


def _match_confirmed(entity_id: str, after: Mapping[str, Any]) -> list[Event]:
    if after.get("status") != "confirmed":
        return []
    return [("screening.match_confirmed", {"match_id": entity_id, "party_id": after.get("party_id")})]


def _deadline(entity_id: str, after: Mapping[str, Any]) -> list[Event]:
    keys = ("rma_number", "deadline", "days_left", "what", "side")
    return [("deadline.approaching", {"leg_id": entity_id, **{k: after.get(k) for k in keys}})]


_FROM_AUDIT: dict[str, Callable[[str, Mapping[str, Any]], list[Event]]] = {
    "rma:create": _rma_created,
    "rma:transition": _rma_moved,
    "rma:quote-accept": lambda entity_id, after: _rma_moved(entity_id, {**after, "status": "approved"}),
    "declaration:approve": _declaration_approved,
    "filing:acknowledge": _filing_acknowledged,
    "leg:create": _leg_planned,
    "leg:delivered": _leg_delivered,
    "screening:confirm": _match_confirmed,
    "leg:deadline-approaching": _deadline,
}


def note_audited(
    session: Session, action: str, entity_id: str, rma_id: str | None, after: Any, occurred_at: datetime
) -> None:
    """The events an audited change announces, kept for after the commit (one task for the whole unit of work)."""
    derive = _FROM_AUDIT.get(action)
    if derive is None:
        return
    found = derive(entity_id, after if isinstance(after, Mapping) else {})
    if not found:
        return
    pending: list[dict[str, Any]] | None = session.info.get(PENDING)
    if pending is None:
        pending = session.info[PENDING] = []
        after_commit(session, EMIT, {"events": pending})
    for event_type, data in found:
        pending.append({"type": event_type, "timestamp": occurred_at.isoformat(), "data": {"rma_id": rma_id, **data}})
