"""Reading the audit trail: the events about one entity or one RMA, oldest first (the RMA page's history).

Keyset-paged on `seq` (the chain order); composite indexes (entity, seq) and (rma_id, seq) serve the filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tradedesk.auth.actor import Actor
from tradedesk.auth.permissions import Permission, allowed
from tradedesk.db.models import AuditEvent
from tradedesk.services.context import Context
from tradedesk.services.paging import FIRST_PAGE, Key, Page, PageRequest, after, decode_cursor, ordering, page_of


@dataclass(frozen=True, slots=True)
class AuditFilters:
    entity_type: str | None = None
    entity_id: str | None = None
    rma_id: str | None = None
    action: str | None = None


def event_view(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(),
        "action": event.action,
        "actor": {"id": event.actor_id, "name": event.actor_name, "role": event.actor_role},
        "entity_type": event.entity_type,
        "entity_id": event.entity_id,
        "rma_id": event.rma_id,
        "before": event.before,
        "after": event.after,
        "hash": event.hash,
    }


LIST = "audit"
KEYS = (Key(AuditEvent.seq, "int"),)


def list_events(
    ctx: Context, actor: Actor, filters: AuditFilters, request: PageRequest = FIRST_PAGE
) -> Page[dict[str, Any]]:
    """One page of matching events in chain order; roles without READ_AUDIT see none."""
    if not allowed(actor.role, Permission.READ_AUDIT):
        return Page([], None, request.limit)
    start = decode_cursor(LIST, request.cursor, KEYS).values if request.cursor else None
    query = select(AuditEvent)
    for column, value in (
        (AuditEvent.entity_type, filters.entity_type),
        (AuditEvent.entity_id, filters.entity_id),
        (AuditEvent.rma_id, filters.rma_id),
        (AuditEvent.action, filters.action),
    ):
        if value is not None:
            query = query.where(column == value)
    if start is not None:
        query = query.where(after(KEYS, start))

    def work(session: Session) -> Page[dict[str, Any]]:
        rows = session.scalars(query.order_by(*ordering(KEYS)).limit(request.limit + 1)).all()
        return page_of(LIST, rows, request.limit, key_of=lambda e: (e.seq,), view=event_view)

    return ctx.run(work, write=False)
