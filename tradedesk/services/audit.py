"""Append-only audit trail, HMAC-chained so that an edited, removed or reordered event is detectable.

hash_n = HMAC-SHA256(key, hash_{n-1} || canonical_json(event_n)); the key lives outside the database
(TRADEDESK_AUDIT_KEY or instance/audit.key), so an attacker with only database access cannot recompute
the chain. Appends are serialised: SQLite write transactions are BEGIN IMMEDIATE, PostgreSQL takes a
transaction-scoped advisory lock.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tradedesk.db.models import AuditEvent, AuditHead
from tradedesk.services.context import Actor

GENESIS = "0" * 64
_ADVISORY_LOCK_ID = 7_427_001


def jsonable(value: Any) -> Any:
    """Decimals, dates and enums as strings, recursively: what goes into the chain is plain JSON."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _payload(e: AuditEvent) -> dict[str, Any]:
    return {
        "seq": e.seq, "occurred_at": e.occurred_at.isoformat(), "actor_id": e.actor_id, "actor_name": e.actor_name,
        "actor_role": e.actor_role, "action": e.action, "entity_type": e.entity_type, "entity_id": e.entity_id,
        "rma_id": e.rma_id, "before": e.before, "after": e.after,
    }


def _digest(key: bytes, prev_hash: str, event: AuditEvent) -> str:
    return hmac.new(key, prev_hash.encode() + canonical(_payload(event)), hashlib.sha256).hexdigest()


def _head(session: Session) -> list[Any]:
    """[AuditHead or None] for this transaction: locked and read once, then kept (one read, one update per commit)."""
    session.connection()  # begin the transaction now, so that it identifies the cache below
    transaction = session.get_transaction()
    cached = session.info.get("audit_head")
    if cached is not None and cached[0] is transaction:
        return cached[1]  # type: ignore[no-any-return]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_LOCK_ID})
    slot: list[Any] = [session.get(AuditHead, 1, populate_existing=True)]
    session.info["audit_head"] = (transaction, slot)
    return slot


def record(session: Session, key: bytes, actor: Actor, action: str, entity_type: str, entity_id: str,
           before: dict[str, Any] | None, after: dict[str, Any] | None, occurred_at: datetime,
           rma_id: str | None = None) -> AuditEvent:
    """Append one event in the caller's transaction (it commits or rolls back with the change it records).

    The events of one transaction are inserted together when it flushes; the chain head is read once
    (under the append lock) and written once.
    """
    slot = _head(session)
    head = slot[0]
    prev = head.hash if head is not None else GENESIS
    event = AuditEvent(
        seq=(head.seq if head is not None else 0) + 1, occurred_at=occurred_at, actor_id=actor.id,
        actor_name=actor.name, actor_role=actor.role, action=action, entity_type=entity_type, entity_id=entity_id,
        rma_id=rma_id, before=jsonable(before), after=jsonable(after), prev_hash=prev, hash="",
    )
    event.hash = _digest(key, prev, event)
    session.add(event)
    if head is None:
        head = AuditHead(id=1, seq=event.seq, hash=event.hash)
        session.add(head)
        slot[0] = head
    else:
        head.seq, head.hash = event.seq, event.hash
    return event


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    checked: int
    first_bad_seq: int | None
    problem: str


def verify(session: Session, key: bytes) -> Verification:
    """Recompute the chain; report the first event that was changed, removed or reordered."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(1000):
        if event.seq != expected_seq:
            return Verification(False, checked, expected_seq, f"event {expected_seq} is missing (next found: {event.seq})")
        if event.prev_hash != prev:
            return Verification(False, checked, event.seq, f"event {event.seq} does not follow event {event.seq - 1}")
        if not hmac.compare_digest(event.hash, _digest(key, prev, event)):
            return Verification(False, checked, event.seq, f"event {event.seq} ({event.action}) was changed")
        prev = event.hash
        expected_seq += 1
        checked += 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != checked or head.hash != prev):
        return Verification(False, checked, checked + 1, f"events after {checked} are missing (head is at {head.seq})")
    return Verification(True, checked, None, f"{checked} events, chain intact")
