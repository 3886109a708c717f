"""Reading the audit trail: the events about one entity or one RMA, oldest first (the RMA page's history)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tradedesk.auth.permissions import Permission, allowed
from tradedesk.db.models import AuditEvent
from tradedesk.services.context import Actor, Context


@dataclass(frozen=True, slots=True)
class AuditFilters:
    entity_type: str | None = None
    entity_id: str | None = None
    rma_id: str | None = None
    action: str | None = None


def event_view(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq, "occurred_at": event.occurred_at.isoformat(), "action": event.action,
        "actor": {"id": event.actor_id, "name": event.actor_name, "role": event.actor_role},
        "entity_type": event.entity_type, "entity_id": event.entity_id, "rma_id": event.rma_id,
        "before": event.before, "after": event.after, "hash": event.hash,
    }


def list_events(ctx: Context, actor: Actor, filters: AuditFilters, page: int = 1,
                per_page: int = 50) -> tuple[list[dict[str, Any]], int]:
    """One page of matching events in chain order, with the total; roles without READ_AUDIT see none."""
    if not allowed(actor.role, Permission.READ_AUDIT):
        return [], 0
    query = select(AuditEvent)
    for column, value in ((AuditEvent.entity_type, filters.entity_type), (AuditEvent.entity_id, filters.entity_id),
                          (AuditEvent.rma_id, filters.rma_id), (AuditEvent.action, filters.action)):
        if value is not None:
            query = query.where(column == value)

    def work(session: Session) -> tuple[list[dict[str, Any]], int]:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(query.order_by(AuditEvent.seq).offset((page - 1) * per_page).limit(per_page))
        return [event_view(e) for e in rows], total

    return ctx.run(work, write=False)
